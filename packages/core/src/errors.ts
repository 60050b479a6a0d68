import type { ConnectionsErrorCode, Operation } from './types.js';

export interface ConnectionsErrorInit {
  code: ConnectionsErrorCode;
  operation: Operation;
  status?: number;
  correlationId?: string;
  canBeRetried?: boolean;
  retryAfter?: number;
  cause?: unknown;
}

/** The one error every operation of the client rejects with. */
export class ConnectionsError extends Error {
  override name = 'ConnectionsError';
  /** What went wrong, for code to branch on. */
  declare readonly code: ConnectionsErrorCode;
  /** The operation that failed. */
  declare readonly operation: Operation;
  /** HTTP status of the response, 0 when there was none. */
  declare readonly status: number;
  /** Codat's correlation id, to quote to Codat's support. */
  declare readonly correlationId?: string;
  /** Codat's word on whether trying again may succeed. */
  declare readonly canBeRetried?: boolean;
  /** Seconds to wait before trying again, from the failed response's `Retry-After` header. */
  declare readonly retryAfter?: number;

  constructor(message: string, init: ConnectionsErrorInit) {
    // Error keeps `init.cause`, when there is one, as the (non-enumerable) cause.
    super(message, init);
    Object.assign(this, { status: 0 }, init);
  }
}

/**
 * The error of every failure: the message names the operation, then the request (method, path
 * and status) when there was one, then the problem. `init` holds no undefined values.
 */
export const failure = (
  code: ConnectionsErrorCode,
  operation: Operation,
  problem: string,
  request?: string,
  init?: Omit<ConnectionsErrorInit, 'code' | 'operation'>,
) => new ConnectionsError(`${operation} failed${request ? ` (${request})` : ''}: ${problem}`, { code, operation, ...init });

/** The error for an aborted operation: `signal.reason` is kept as the cause. */
export const abortError = (operation: Operation, signal: AbortSignal) => failure('aborted', operation, 'aborted', undefined, { cause: signal.reason });

/**
 * Starts `run` unless the signal has aborted, and settles with it, or rejects with `aborted` as
 * soon as the signal aborts (what `run` started goes on, for whoever else waits on it).
 */
export function abortable<T>(operation: Operation, run: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(operation, signal!));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    run()
      .then(resolve, reject)
      .finally(() => signal?.removeEventListener('abort', onAbort));
  });
}
