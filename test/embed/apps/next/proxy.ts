import { NextResponse, type NextRequest } from 'next/server';

// Next.js's own scripts are inline (the RSC payload): they run under a per-request nonce, which
// Next.js reads from the request's Content-Security-Policy and adds to every script it writes.
// Pages must then be rendered per request (the page awaits `searchParams`, so it is).
// Codat serves platform logos from https://static.codat.io; an emulator from its own origin.
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const logos = process.env.CODAT_LOGO_ORIGIN ?? 'https://static.codat.io';
  const policy = `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'; style-src 'self'; img-src 'self' data: ${logos}; connect-src 'self'; object-src 'none'; base-uri 'self'`;
  const headers = new Headers(request.headers);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

// The return page of the link flow is a static file with its own script (public/codat-return.*), under the default CSP.
export const config = {
  matcher: [{ source: '/((?!api|_next/static|_next/image|favicon.ico|codat-return).*)', missing: [{ type: 'header', key: 'next-router-prefetch' }] }],
};
