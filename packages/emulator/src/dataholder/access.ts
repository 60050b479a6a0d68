import { PlatformError, platformError } from './errors.js';

export interface AccessOptions {
  apiKey: string;
  clientId: string;
  clientSecret: string;
  /** Seconds. */
  accessTokenTtl: number;
}

const unauthorized = () =>
  new PlatformError(401, 'unauthorized', 'A valid X-Api-Key and bearer access token are required', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });

/**
 * The platform's credentials: the OAuth 2.0 client-credentials token endpoint, and the check every
 * `/v1` request passes (the API key and an access token it issued that has not expired by `now`).
 */
export function createAccess(options: AccessOptions, now: () => Date) {
  const caller = 'createDataholderEmulator';
  for (const name of ['apiKey', 'clientId', 'clientSecret'] as const) {
    if (typeof options[name] !== 'string' || options[name] === '') throw new TypeError(`${caller}: ${name} must be a non-empty string`);
  }
  if (!Number.isInteger(options.accessTokenTtl) || options.accessTokenTtl < 1) throw new TypeError(`${caller}: accessTokenTtl must be a positive integer`);
  /** Every access token issued, with when it expires (epoch ms by `now`). */
  const issued = new Map<string, number>();

  return {
    /** `POST /oauth/token`: client credentials in a form body or as HTTP Basic (RFC 6749 2.3.1). */
    async issue(request: Request): Promise<Response> {
      if (!(request.headers.get('Content-Type') ?? '').startsWith('application/x-www-form-urlencoded')) {
        return platformError(new PlatformError(400, 'invalid_request', 'Expected application/x-www-form-urlencoded'));
      }
      const form = new URLSearchParams(await request.text());
      if (form.get('grant_type') !== 'client_credentials') {
        return platformError(new PlatformError(400, 'unsupported_grant_type', 'Only client_credentials is supported'));
      }
      const client = basicCredentials(request.headers.get('Authorization')) ?? { id: form.get('client_id'), secret: form.get('client_secret') };
      if (client.id !== options.clientId || client.secret !== options.clientSecret) {
        return platformError(new PlatformError(401, 'invalid_client', 'Unknown client or wrong secret', { 'WWW-Authenticate': 'Basic realm="oauth"' }));
      }
      const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
      issued.set(token, now().getTime() + options.accessTokenTtl * 1000);
      return Response.json({ access_token: token, token_type: 'Bearer', expires_in: options.accessTokenTtl }, { headers: { 'Cache-Control': 'no-store' } });
    },
    /** Throws a 401 unless the request carries the API key and an unexpired access token. */
    check(request: Request): void {
      if (request.headers.get('X-Api-Key') !== options.apiKey) throw unauthorized();
      const [scheme, token] = (request.headers.get('Authorization') ?? '').split(' ', 2);
      const expiresAt = scheme === 'Bearer' && token ? issued.get(token) : undefined;
      if (expiresAt === undefined || now().getTime() >= expiresAt) throw unauthorized();
    },
  };
}

/** The client id and secret of an HTTP Basic header, each form-encoded; `undefined` without one, `null` ids when it is malformed. */
function basicCredentials(header: string | null): { id: string | null; secret: string | null } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  try {
    const decoded = atob(header.slice('Basic '.length));
    const colon = decoded.indexOf(':');
    if (colon < 0) return { id: null, secret: null };
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    return { id: null, secret: null };
  }
}
