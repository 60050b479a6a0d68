import type { ErrorMessage } from '@codat-connections/core';

/** Thrown by request handling; turned into a Codat-shaped error response. */
export class CodatError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly service = 'PublicApi',
  ) {
    super(message);
  }
}

const retryable = new Set([429, 500, 502, 503, 504]);

function correlationId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

export function errorBody(status: number, message: string, service = 'PublicApi'): ErrorMessage {
  return {
    statusCode: status,
    service,
    error: message,
    correlationId: correlationId(),
    canBeRetried: retryable.has(status) ? 'True' : status >= 400 && status < 500 ? 'False' : 'Unknown',
    detailedErrorCode: 0,
  };
}

export function errorResponse(status: number, message: string, service?: string, headers?: Record<string, string>): Response {
  return Response.json(errorBody(status, message, service), { status, headers });
}

/** Request values are echoed in errors only when they look like an id or a key, never as arbitrary text. */
const echo = (value: string): string => (/^[\w-]{1,64}$/.test(value) ? `${value} ` : '');

/** Codat's wording for the common errors. */
export const messages = {
  unauthorized: 'Unauthorized',
  tooManyRequests: 'You have made too many requests in a given amount of time; please retry later.',
  internal: 'There is a problem with our server. Please try again later.',
  serviceUnavailable: 'The Codat API is temporarily offline for maintenance. Please try again later.',
  notFound: 'The requested resource was not found.',
  companyNotFound: (id: string) => `No company was found with ID ${echo(id)}`.trimEnd(),
  connectionNotFound: (id: string) => `Data connection ${echo(id)}not found`,
  integrationNotFound: (key: string) => `Integration with platform key ${echo(key)}not found`,
  datasetNotFound: (id: string) => `Dataset ${echo(id)}not found`,
} as const;

/** A default message for a status forced by fault injection. */
export function messageFor(status: number): string {
  if (status === 401) return messages.unauthorized;
  if (status === 404) return messages.notFound;
  if (status === 429) return messages.tooManyRequests;
  if (status === 503) return messages.serviceUnavailable;
  if (status >= 500) return messages.internal;
  return 'Error processing request - not valid.';
}
