import type { Send } from './http.js';
import type { ConnectionsError } from './errors.js';
import { maxRetryAfter, retryDelay, retryStatuses, sleep } from './retry.js';
import type { Grant, HeldGrant, TokenSource } from './token.js';
import type { Operation } from './types.js';
import { check } from './validate.js';

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
  signal?: AbortSignal | undefined;
}

/** One operation of a client, with its grant's token; see `createRequest`. */
export type Request = <T>(operation: Operation, path: string, options?: RequestOptions) => Promise<T>;

export interface RequestSetup<G extends Grant> {
  tokens: TokenSource<G>;
  send: Send;
  /** Where operations go when the grant names no `baseUrl`. */
  baseUrl: string | undefined;
  /** Retries of an idempotent operation. */
  retry: number;
  /** First backoff step in milliseconds. */
  backoff: number;
  /** The method of each operation that is not a `GET`. A `POST` is never retried automatically. */
  methods: Partial<Record<Operation, string>>;
  /** The path below `baseUrl` of a path the client names, with the grant it is sent with. */
  resolve: (path: string, grant: HeldGrant<G>) => string;
  /** Told of the grant of every attempt (the client exposes the latest). */
  granted: (grant: HeldGrant<G>) => void;
}

/**
 * One operation, with the current token: a 401 fetches a new token and replays once; idempotent
 * operations retry on network errors, timeouts and `retryStatuses`, waiting as `Retry-After` asks
 * (up to a cap) or with backoff, unless the answer says it cannot be retried (`canBeRetried: "False"`,
 * as for the server's own API key refused). A `DELETE` whose answer was lost and that then finds nothing did
 * its work.
 */
export function createRequest<G extends Grant>({ tokens, send, baseUrl, retry, backoff, methods, resolve, granted }: RequestSetup<G>): Request {
  return async function request<T>(operation: Operation, path: string, { signal, ...rest }: RequestOptions = {}): Promise<T> {
    let refreshed = false;
    let lostResponse = false;
    const method = methods[operation] ?? 'GET';
    for (let attempt = 0; ; attempt++) {
      // This request's grant: the client's latest may be a newer one by the time its response comes.
      const held = await tokens(operation, signal);
      granted(held);
      const base = held.baseUrl ?? baseUrl;
      check(operation, 'baseUrl', base, !!base, 'given when the grant names none');
      try {
        return await send<T>(operation, resolve(path, held), {
          ...rest,
          baseURL: base,
          method,
          headers: { Authorization: `Bearer ${held.accessToken}`, Accept: 'application/json' },
          signal,
        });
      } catch (error) {
        const { status, retryAfter, canBeRetried } = error as ConnectionsError;
        if (status === 401 && !refreshed) {
          // The token was revoked or expired early: fetch a new one and replay, once.
          refreshed = true;
          held.refreshAt = 0;
          attempt--;
          continue;
        }
        if (status === 404 && method === 'DELETE' && lostResponse) return undefined as T;
        lostResponse ||= !status;
        if (method === 'POST' || attempt >= retry || canBeRetried === false || (status && !retryStatuses.has(status))) throw error;
        const wait = retryDelay(attempt, retryAfter, backoff);
        // A Retry-After beyond the cap means the wait is longer than anyone should sit through.
        if (retryAfter !== undefined && wait >= maxRetryAfter) throw error;
        // An aborted operation is thrown from here, at once.
        await sleep(wait, operation, signal);
      }
    }
  };
}
