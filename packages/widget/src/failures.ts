import type { Message } from './messages.js';

/** How the element treats a failed operation, from the error's `code` (see `ConnectionsError`). */
export type FailureKind =
  /** A reload, a removal or a newer action took over: nothing to say. */
  | 'aborted'
  /** 401: the session behind the token is gone. */
  | 'signed-out'
  /**
   * The operation may have happened (no answer, a cut or invalid answer, a 5xx after retries), or
   * the connection changed elsewhere (404, 400, 409): the truth is read again before saying anything.
   */
  | 'uncertain'
  /** It did not happen (403, 429, a bad argument, a blocked or cancelled link): say so. */
  | 'refused';

const uncertainCodes = new Set(['network_error', 'timeout', 'invalid_response', 'server_error', 'not_found', 'conflict']);

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null | undefined)?.code;
const statusOf = (error: unknown): unknown => (error as { status?: unknown } | null | undefined)?.status;

export function failureKind(error: unknown): FailureKind {
  const code = codeOf(error);
  if (code === 'aborted') return 'aborted';
  if (code === 'unauthorized') return 'signed-out';
  if ((typeof code === 'string' && uncertainCodes.has(code)) || (code === 'http_error' && statusOf(error) === 400)) return 'uncertain';
  return 'refused';
}

/** Whether the request failed for want of the network: no answer came, or none in time. */
export const isNetworkFailure = (error: unknown): boolean => codeOf(error) === 'network_error' || codeOf(error) === 'timeout';

/** The seconds a 429 asked to wait (its `Retry-After`), when it said. */
export function retryAfterOf(error: unknown): number | undefined {
  const retryAfter = (error as { retryAfter?: unknown } | null | undefined)?.retryAfter;
  return typeof retryAfter === 'number' ? retryAfter : undefined;
}

/** What the error state says of a failed load: signed out, wait (a 429's `Retry-After`), or failed. */
export function listFailure(error: unknown): Message {
  if (failureKind(error) === 'signed-out') return { key: 'signedOut' };
  const seconds = retryAfterOf(error);
  if (codeOf(error) === 'rate_limited' && seconds !== undefined) return { key: 'loadLater', seconds };
  return { key: 'failed' };
}

/** Whether the error says the connection does not exist (any more). */
export const isNotFound = (error: unknown): boolean => codeOf(error) === 'not_found';

/**
 * Whether the element's own configuration is wrong (see configuration.ts): trying again cannot
 * help. A grant that is not one (no `accessToken`) is the token endpoint's fault, not the
 * element's: the next grant may be right, so the error state keeps its Retry.
 */
export const isMisconfiguration = (error: unknown): boolean =>
  codeOf(error) === 'invalid_argument' && (error as { operation?: unknown } | null | undefined)?.operation !== 'token';

/** Whether trying the same thing again may work: not when forbidden or when the request itself was wrong. */
export function isWorthRetrying(error: unknown): boolean {
  const code = codeOf(error);
  return code !== 'forbidden' && code !== 'invalid_argument' && code !== 'unauthorized';
}
