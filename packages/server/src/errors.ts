import type { ErrorMessage } from './types.js';

export const SERVICE = 'codat-connections-server';

type ValidationItem = { itemId: string; message: string };

/** Headers every response of the handler carries: nothing here may be cached or sniffed. */
export const baseHeaders: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** Statuses a client may retry as they are (the caller still decides for non-idempotent calls). */
const retryable = new Set([429, 502, 503, 504]);

/**
 * An error in Codat's `ErrorMessage` shape, so the core parses the handler's errors and Codat's
 * errors alike.
 */
export function errorResponse(
  statusCode: number,
  error: string,
  options: { validation?: ValidationItem[]; headers?: Record<string, string>; correlationId?: string; canBeRetried?: boolean } = {},
): Response {
  const body: ErrorMessage = {
    statusCode,
    service: SERVICE,
    error,
    correlationId: options.correlationId ?? crypto.randomUUID(),
    validation: options.validation ? { errors: options.validation.map((item) => ({ ...item, validatorName: SERVICE })), warnings: [] } : null,
    canBeRetried: (options.canBeRetried ?? retryable.has(statusCode)) ? 'True' : 'False',
  };
  return new Response(JSON.stringify(body), {
    status: statusCode,
    headers: { ...baseHeaders, 'Content-Type': 'application/json; charset=utf-8', ...options.headers },
  });
}

/** 400 naming the one input that was wrong. */
export function invalid(itemId: string, message: string): Response {
  return errorResponse(400, `Invalid ${itemId}: ${message}`, { validation: [{ itemId, message }] });
}

/** Thrown by an operation to answer `response` (an error built here) at once; the router's `onError` answers it. */
export class ErrorAnswer extends Error {
  constructor(readonly response: Response) {
    super(`answered ${response.status}`);
  }
}
