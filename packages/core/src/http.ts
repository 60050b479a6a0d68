import { ofetch, type FetchOptions } from 'ofetch';
import { abortError, failure } from './errors.js';
import { retryAfterSeconds } from './retry.js';
import type { ConnectionsErrorCode, ErrorMessage, Operation } from './types.js';

const statusCodes: Record<number, ConnectionsErrorCode> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'rate_limited',
};

/** One request to the token endpoint or to Codat: `path` is below `options.baseURL`, if any. */
export type Send = <T>(operation: Operation, path: string, options: FetchOptions<'text'>) => Promise<T>;

/**
 * ofetch applies the timeout, adds the query and sends a JSON body; the JSON of a success comes
 * back, and every failure becomes a ConnectionsError naming the request. Retries are the
 * client's (see `request` in client.ts), so ofetch never retries, not even `create`.
 */
export function createSend(fetch: typeof globalThis.fetch | undefined, timeout: number): Send {
  const $fetch = ofetch.create({ retry: 0, timeout, responseType: 'text', ignoreResponseError: true }, fetch && { fetch });
  return async <T>(operation: Operation, path: string, options: FetchOptions<'text'>): Promise<T> => {
    const request = `${options.method} ${path}`;
    const response = await $fetch.raw<string, 'text'>(path, options).catch((cause: { cause?: Error }) => {
      if (options.signal?.aborted) throw abortError(operation, options.signal);
      // ofetch keeps the timeout's TimeoutError as the cause; WebKit rejects with an AbortError
      // instead, and with the caller's signal not aborted, only the timeout can have aborted it.
      const timedOut = cause.cause?.name === 'TimeoutError' || cause.cause?.name === 'AbortError';
      throw failure(timedOut ? 'timeout' : 'network_error', operation, timedOut ? `timed out after ${timeout} ms` : 'network error', request, { cause });
    });
    const { status, ok, _data: text } = response;
    const described = `${request} → ${status}`;
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch (cause) {
      // An error's body need not be JSON: its status says what happened.
      if (ok) throw failure('invalid_response', operation, 'the body is not JSON', described, { status, cause });
    }
    if (ok) return body as T;
    // A failed response: Codat's `ErrorMessage` says more when the body is one.
    const { error, correlationId, canBeRetried } = (body ?? {}) as ErrorMessage;
    // Codat sends "True", "False" or "Unknown"; only the first two say anything.
    const retry = String(canBeRetried).toLowerCase();
    const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
    throw failure(
      statusCodes[status] ?? (status < 500 ? 'http_error' : 'server_error'),
      operation,
      (typeof error === 'string' && error) || `HTTP ${status}`,
      described,
      {
        status,
        ...(typeof correlationId === 'string' && { correlationId }),
        ...((retry === 'true' || retry === 'false') && { canBeRetried: retry === 'true' }),
        ...(retryAfter !== undefined && { retryAfter }),
      },
    );
  };
}
