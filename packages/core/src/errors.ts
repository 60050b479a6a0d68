import type { ConnectionsErrorCode, ErrorMessage, Operation } from './types.js';

export interface ConnectionsErrorInit {
  code: ConnectionsErrorCode;
  operation: Operation;
  status?: number;
  correlationId?: string;
  canBeRetried?: boolean;
  cause?: unknown;
}

/** The one error every operation of the client rejects with. */
export class ConnectionsError extends Error {
  override name = 'ConnectionsError';
  /** What went wrong, for code to branch on. */
  readonly code: ConnectionsErrorCode;
  /** The operation that failed. */
  readonly operation: Operation;
  /** HTTP status of the response, 0 when there was none. */
  readonly status: number;
  /** Codat's correlation id, to quote to Codat's support. */
  readonly correlationId?: string;
  /** Codat's word on whether trying again may succeed. */
  readonly canBeRetried?: boolean;

  constructor(message: string, init: ConnectionsErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.operation = init.operation;
    this.status = init.status ?? 0;
    if (init.correlationId !== undefined) this.correlationId = init.correlationId;
    if (init.canBeRetried !== undefined) this.canBeRetried = init.canBeRetried;
  }
}

/** An argument was wrong: thrown before anything is sent. */
export const invalidArgument = (operation: Operation, name: string, problem: string) =>
  new ConnectionsError(`${operation}: \`${name}\` ${problem}`, { code: 'invalid_argument', operation });

/** A response (or a token grant, or a `linkUrl`) was not what Codat's description promises. */
export const invalidResponse = (operation: Operation, problem: string, status?: number, cause?: unknown) =>
  new ConnectionsError(`${operation}: ${problem}`, { code: 'invalid_response', operation, status, cause });

const statusCodes: Record<number, ConnectionsErrorCode> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'rate_limited',
};

const codeForStatus = (status: number): ConnectionsErrorCode =>
  statusCodes[status] ?? (status >= 500 ? 'server_error' : 'http_error');

/** Builds the error for a failed response from its (Codat `ErrorMessage`, other or empty) body. */
export function errorFromResponse(operation: Operation, request: string, status: number, body: string): ConnectionsError {
  let parsed: ErrorMessage | undefined;
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === 'object') parsed = json as ErrorMessage;
  } catch {
    // Not JSON: the status alone tells what happened.
  }
  const detail = typeof parsed?.error === 'string' && parsed.error ? parsed.error : `HTTP ${status}`;
  const retry = typeof parsed?.canBeRetried === 'string' ? parsed.canBeRetried.toLowerCase() : '';
  return new ConnectionsError(`${operation} failed (${request} → ${status}): ${detail}`, {
    code: codeForStatus(status),
    operation,
    status,
    ...(typeof parsed?.correlationId === 'string' && { correlationId: parsed.correlationId }),
    ...((retry === 'true' || retry === 'false') && { canBeRetried: retry === 'true' }),
  });
}

/** The error for an aborted operation: `signal.reason` is kept as the cause. */
export const abortError = (operation: Operation, signal?: AbortSignal) =>
  new ConnectionsError(`${operation} was aborted`, { code: 'aborted', operation, cause: signal?.reason });

/** Rejects at once when the signal is already aborted. */
export function throwIfAborted(operation: Operation, signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError(operation, signal);
}

/** Settles with the promise, or rejects with `aborted` as soon as the signal aborts. */
export function abortable<T>(operation: Operation, promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(operation, signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(operation, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
