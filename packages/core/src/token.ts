import { ConnectionsError, abortable, failure } from './errors.js';
import type { Send } from './http.js';
import type { Operation, TokenGrant, TokenProvider } from './types.js';
import { isText } from './validate.js';

/** What every grant holds, whatever it is scoped to (a company for Codat, a user for a dataholder). */
export interface Grant {
  accessToken: string;
  expiresIn: number;
  baseUrl?: string;
  permissions?: string[];
}

export type HeldGrant<G extends Grant = TokenGrant> = G & {
  /** When the client stops using it: shortly before it really expires; 0 once it was refused. */
  refreshAt: number;
};

/** A valid grant: the held one, the one being fetched, or a new one. */
export type TokenSource<G extends Grant = TokenGrant> = (operation: Operation, signal?: AbortSignal) => Promise<HeldGrant<G>>;

/** The field naming what a grant is bound to, and the hint for it sent to the token endpoint. */
export type GrantScope = 'companyId' | 'userId';

/** A function answering a grant, given the hint (`{ companyId }` or `{ userId }`). */
type GrantProvider<G> = (context: Partial<Record<GrantScope, string>>) => Promise<G>;

function invalidField(grant: Record<string, unknown>, scope: GrantScope): string {
  const { accessToken, expiresIn, baseUrl, permissions } = grant;
  if (!isText(accessToken)) return 'accessToken';
  if (!(typeof expiresIn === 'number' && expiresIn > 0)) return 'expiresIn';
  if (!isText(grant[scope])) return scope;
  if (baseUrl !== undefined && typeof baseUrl !== 'string') return 'baseUrl';
  if (permissions !== undefined && !(Array.isArray(permissions) && permissions.every((permission) => typeof permission === 'string'))) return 'permissions';
  return '';
}

function checkGrant<G extends Grant>(grant: unknown, scope: GrantScope): asserts grant is G {
  const name = invalidField((grant ?? {}) as Record<string, unknown>, scope);
  if (name) throw failure('invalid_argument', 'token', `\`grant.${name}\` is missing or invalid`);
}

/**
 * The page's function, given `timeout` milliseconds to answer: a function that never settles (its
 * own fetch without a time limit) fails the wait as a `timeout`, and the next operation asks again,
 * instead of holding every operation for ever.
 */
function timed<G>(provider: GrantProvider<G>, timeout: number): GrantProvider<G> {
  return (context) =>
    new Promise<G>((resolve, reject) => {
      const timer = setTimeout(() => reject(failure('timeout', 'token', `the token provider did not answer within ${timeout} ms`)), timeout);
      // Called from a promise, so a function that throws at once rejects too, and the timer goes.
      Promise.resolve(context)
        .then(provider)
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
}

/**
 * Keeps one grant in memory (never in storage), shares one in-flight request between concurrent
 * callers, and refreshes ahead of expiry: a tenth of the lifetime early, at most 30 seconds. The
 * grant must name what it is bound to (`scope`): the company, or the user. `send` bounds a token
 * endpoint's request by its own timeout; a function gets `timeout` milliseconds.
 */
export function createTokenSource<G extends Grant = TokenGrant>(
  token: string | TokenProvider | GrantProvider<G>,
  hint: string | undefined,
  send: Send,
  timeout: number,
  scope: GrantScope = 'companyId',
): TokenSource<G> {
  // A URL is the page's own token endpoint: POSTed to with its cookies.
  const provider: GrantProvider<G> =
    typeof token === 'function'
      ? timed(token as GrantProvider<G>, timeout)
      : (context) => send('token', token, { method: 'POST', credentials: 'include', headers: { 'X-Requested-With': 'codat-connections' }, body: context });
  let held: HeldGrant<G> | undefined;
  let pending: Promise<HeldGrant<G>> | undefined;

  const fetchGrant = async () => {
    let grant;
    try {
      grant = await provider(hint ? { [scope]: hint } : {});
    } catch (error) {
      if (error instanceof ConnectionsError) throw error;
      // The page's own function failed: its message, and a timeout when that is what it was.
      const code = (error as { cause?: Error } | undefined)?.cause?.name === 'TimeoutError' ? 'timeout' : 'network_error';
      throw failure(code, 'token', String((error as Error)?.message ?? error), undefined, { cause: error });
    }
    checkGrant<G>(grant, scope);
    const lifetime = grant.expiresIn * 1000;
    return (held = { ...grant, refreshAt: Date.now() + lifetime - Math.min(lifetime / 10, 30_000) });
  };

  // One caller giving up does not cancel the request the others share; an aborted one starts none.
  return (operation, signal) =>
    abortable(operation, async () => (held && Date.now() < held.refreshAt ? held : (pending ??= fetchGrant().finally(() => (pending = undefined)))), signal);
}
