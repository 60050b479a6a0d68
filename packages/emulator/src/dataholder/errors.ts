import type { PlatformErrorBody } from '@codat-connections/core/dataholder/contract';

/** An error of the platform's API: `{ error, message }` with its status. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function platformError(error: PlatformError): Response {
  const body: PlatformErrorBody = { error: error.code, message: error.message };
  return Response.json(body, { status: error.status, headers: { 'Cache-Control': 'no-store', ...error.headers } });
}
