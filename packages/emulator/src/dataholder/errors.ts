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

export const platformError = (error: PlatformError): Response =>
  Response.json({ error: error.code, message: error.message }, { status: error.status, headers: { 'Cache-Control': 'no-store', ...error.headers } });
