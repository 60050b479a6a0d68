/**
 * Origin policy. Browsers attach `Origin` to every cross-origin request (and to same-origin POSTs);
 * the handler answers same-origin callers and the partner's `allowedOrigins`, and refuses the rest
 * outright, so no other site can even ask for a token with the user's cookies.
 */
export type OriginVerdict = { kind: 'none' | 'same' } | { kind: 'allowed'; origin: string } | { kind: 'refused'; origin: string };

export function checkOrigin(request: Request, allowedOrigins: ReadonlySet<string>): OriginVerdict {
  const origin = request.headers.get('Origin');
  if (origin === null) return { kind: 'none' };
  if (origin === publicOrigin(request)) return { kind: 'same' };
  if (allowedOrigins.has(origin)) return { kind: 'allowed', origin };
  return { kind: 'refused', origin };
}

/**
 * The origin the browser used to reach the handler. A browser says so itself: its
 * `Sec-Fetch-Site: same-origin` (a header no page can set) vouches that its `Origin` is the
 * handler's own origin as the page sees it, whatever a proxy did to the request on the way (Vite's
 * dev proxy rewrites `Host`, Next.js gives route handlers a `localhost` URL, a TLS-terminating
 * proxy forwards plain http to a private host). Without it (a GET, a browser without Fetch
 * Metadata, a server-side caller), the request's own URL, with the scheme a proxy names in
 * `X-Forwarded-Proto`.
 */
export function publicOrigin(request: Request): string {
  const origin = request.headers.get('Origin');
  if (request.headers.get('Sec-Fetch-Site') === 'same-origin' && origin !== null && URL.canParse(origin) && new URL(origin).origin === origin) {
    return origin;
  }
  const url = new URL(request.url);
  const forwarded = request.headers.get('X-Forwarded-Proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwarded === 'https' || forwarded === 'http') url.protocol = `${forwarded}:`;
  return url.origin;
}

/** Headers that let an allowed origin read a response (and send cookies, for the token route). */
export function corsHeaders(origin: string, credentials: boolean): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    ...(credentials ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
    'Access-Control-Expose-Headers': 'Retry-After, X-Rate-Limit-Limit, X-Rate-Limit-Remaining, X-Rate-Limit-Reset',
    Vary: 'Origin',
  };
}

/** The answer to a CORS preflight for a route that accepts `methods`. */
export function preflightHeaders(methods: readonly string[], tokenRoute: boolean): Record<string, string> {
  return {
    'Access-Control-Allow-Methods': methods.join(', '),
    'Access-Control-Allow-Headers': tokenRoute ? 'Content-Type, X-Requested-With' : 'Authorization, Content-Type',
    'Access-Control-Max-Age': '600',
  };
}
