import type { $Fetch } from 'ofetch';
import { ConnectionsError, abortable, errorFromResponse, invalidArgument, invalidResponse } from './errors.js';
import type { Operation, TokenGrant, TokenProvider } from './types.js';

export interface HeldGrant extends TokenGrant {
  /** When the client stops using it: shortly before it really expires. */
  refreshAt: number;
}

export interface TokenSource {
  /** A valid grant: the cached one, the one being fetched, or a new one. */
  get(operation: Operation, signal?: AbortSignal): Promise<HeldGrant>;
  /** Forgets `grant` (after a 401), so the next `get` fetches a new one. */
  invalidate(grant: HeldGrant): void;
}

/** A provider that POSTs to the page's own token endpoint, with its cookies. */
export function urlTokenProvider(url: string, $fetch: $Fetch, timeout: number): TokenProvider {
  return async ({ companyId, signal }) => {
    const response = await $fetch.raw(url, {
      method: 'POST',
      credentials: 'include',
      headers: { 'X-Requested-With': 'codat-connections' },
      body: { companyId },
      responseType: 'text',
      ignoreResponseError: true,
      timeout,
      ...(signal && { signal }),
    });
    const body = (response._data as string | undefined) ?? '';
    if (!response.ok) throw errorFromResponse('token', `POST ${url}`, response.status, body);
    try {
      return JSON.parse(body) as TokenGrant;
    } catch (cause) {
      throw invalidResponse('token', `the token endpoint answered ${response.status} without JSON`, response.status, cause);
    }
  };
}

function checkGrant(grant: Partial<TokenGrant> | null | undefined): asserts grant is TokenGrant {
  const name = !grant || typeof grant.accessToken !== 'string' || !grant.accessToken
    ? 'accessToken'
    : typeof grant.expiresIn !== 'number' || !(grant.expiresIn > 0)
      ? 'expiresIn'
      : typeof grant.companyId !== 'string' || !grant.companyId
        ? 'companyId'
        : grant.baseUrl !== undefined && typeof grant.baseUrl !== 'string'
          ? 'baseUrl'
          : '';
  if (name) throw invalidArgument('token', `grant.${name}`, 'is missing or invalid in the token grant');
}

/**
 * Keeps one grant in memory (never in storage), shares one in-flight request between concurrent
 * callers, and refreshes ahead of expiry: a tenth of the lifetime early, at most 30 seconds.
 */
export function createTokenSource(provider: TokenProvider, companyId: string | undefined): TokenSource {
  let held: HeldGrant | undefined;
  let pending: Promise<HeldGrant> | undefined;

  const fetchGrant = async () => {
    const grant = await provider({ ...(companyId && { companyId }) });
    checkGrant(grant);
    const lifetime = grant.expiresIn * 1000;
    return { ...grant, refreshAt: Date.now() + lifetime - Math.min(lifetime / 10, 30_000) };
  };

  return {
    get(operation, signal) {
      if (held && Date.now() < held.refreshAt) return Promise.resolve(held);
      pending ??= fetchGrant().then(
        (grant) => {
          pending = undefined;
          return (held = grant);
        },
        (error: unknown) => {
          pending = undefined;
          if (error instanceof ConnectionsError) throw error;
          // ofetch wraps its own timeout's TimeoutError as the cause.
          const timedOut = (error as { cause?: Error } | undefined)?.cause?.name === 'TimeoutError';
          throw new ConnectionsError(`token: could not get a token (${String((error as Error)?.message ?? error)})`, {
            code: timedOut ? 'timeout' : 'network_error',
            operation: 'token',
            cause: error,
          });
        },
      );
      // One caller giving up does not cancel the request the others share.
      return abortable(operation, pending, signal);
    },
    invalidate(grant) {
      if (held === grant) held = undefined;
    },
  };
}
