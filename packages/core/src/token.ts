import { ConnectionsError, abortable, failure } from './errors.js';
import type { Send } from './http.js';
import type { Operation, TokenGrant, TokenProvider } from './types.js';
import { isText } from './validate.js';

export interface HeldGrant extends TokenGrant {
  /** When the client stops using it: shortly before it really expires; 0 once it was refused. */
  refreshAt: number;
}

/** A valid grant: the held one, the one being fetched, or a new one. */
export type TokenSource = (operation: Operation, signal?: AbortSignal) => Promise<HeldGrant>;

function checkGrant(grant: Partial<TokenGrant> | null | undefined): asserts grant is TokenGrant {
  const { accessToken, expiresIn, companyId, baseUrl, permissions } = grant ?? {};
  const name = !isText(accessToken)
    ? 'accessToken'
    : !(typeof expiresIn === 'number' && expiresIn > 0)
      ? 'expiresIn'
      : !isText(companyId)
        ? 'companyId'
        : baseUrl !== undefined && typeof baseUrl !== 'string'
          ? 'baseUrl'
          : permissions !== undefined && !(Array.isArray(permissions) && permissions.every((permission) => typeof permission === 'string'))
            ? 'permissions'
            : '';
  if (name) throw failure('invalid_argument', 'token', `\`grant.${name}\` is missing or invalid`);
}

/**
 * Keeps one grant in memory (never in storage), shares one in-flight request between concurrent
 * callers, and refreshes ahead of expiry: a tenth of the lifetime early, at most 30 seconds.
 */
export function createTokenSource(token: string | TokenProvider, hint: string | undefined, send: Send): TokenSource {
  // A URL is the page's own token endpoint: POSTed to with its cookies.
  const provider: TokenProvider =
    typeof token === 'function'
      ? token
      : ({ companyId, signal }) =>
          send('token', token, { method: 'POST', credentials: 'include', headers: { 'X-Requested-With': 'codat-connections' }, body: { companyId }, signal });
  let held: HeldGrant | undefined;
  let pending: Promise<HeldGrant> | undefined;

  const fetchGrant = async () => {
    let grant;
    try {
      grant = await provider({ ...(hint && { companyId: hint }) });
    } catch (error) {
      if (error instanceof ConnectionsError) throw error;
      // The page's own function failed: its message, and a timeout when that is what it was.
      const code = (error as { cause?: Error } | undefined)?.cause?.name === 'TimeoutError' ? 'timeout' : 'network_error';
      throw failure(code, 'token', String((error as Error)?.message ?? error), undefined, { cause: error });
    }
    checkGrant(grant);
    const lifetime = grant.expiresIn * 1000;
    return (held = { ...grant, refreshAt: Date.now() + lifetime - Math.min(lifetime / 10, 30_000) });
  };

  // One caller giving up does not cancel the request the others share; an aborted one starts none.
  return (operation, signal) =>
    abortable(operation, async () => (held && Date.now() < held.refreshAt ? held : (pending ??= fetchGrant().finally(() => (pending = undefined)))), signal);
}
