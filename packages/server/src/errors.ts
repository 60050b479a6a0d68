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

export interface ErrorDetails {
  /** The inputs that were wrong, for a 400. */
  validation?: ValidationItem[];
  headers?: Record<string, string>;
  /** The operation's correlation id, where the error belongs to one (else a fresh one). */
  correlationId?: string;
  /** Whether the same request may be sent again; by default for 429, 502, 503 and 504. */
  canBeRetried?: boolean;
}

/**
 * The handler's own refusal or failure. Whatever finds it throws it, and the router answers it
 * (see {@link errorResponse}): an operation reads as its successful path, and no error is answered
 * in a shape of its own.
 */
export class HandlerError extends Error {
  override readonly name = 'HandlerError';

  constructor(
    readonly status: number,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }
}

/**
 * The one answer to a {@link HandlerError}: Codat's `ErrorMessage` shape, so the core parses the
 * handler's errors and Codat's errors alike.
 */
export function errorResponse(error: HandlerError): Response {
  const { status, details } = error;
  const body: ErrorMessage = {
    statusCode: status,
    service: SERVICE,
    error: error.message,
    correlationId: details.correlationId ?? crypto.randomUUID(),
    validation: details.validation ? { errors: details.validation.map((item) => ({ ...item, validatorName: SERVICE })), warnings: [] } : null,
    canBeRetried: (details.canBeRetried ?? retryable.has(status)) ? 'True' : 'False',
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...baseHeaders, 'Content-Type': 'application/json; charset=utf-8', ...details.headers },
  });
}

/** The 400 naming the one input that was wrong. */
export function invalid(itemId: string, message: string): HandlerError {
  return new HandlerError(400, `Invalid ${itemId}: ${message}`, { validation: [{ itemId, message }] });
}
