import { Hono, type Context } from 'hono';
import { checkOrigin, corsHeaders, preflightHeaders } from './cors.js';
import { baseHeaders, errorResponse, HandlerError } from './errors.js';
import type { ForwardRequest } from './proxy.js';
import type { TokenClaims } from './token.js';
import type { Permission } from './types.js';

export const TOKEN_PATH = '/token';

type Method = ForwardRequest['method'];
export type RouteHandler = (c: Context) => Promise<Response>;
export type Operation = (c: Context, claims: TokenClaims, correlationId: string) => Promise<Response>;

export interface RouterOptions {
  /** Normalised: `''` or `/a/b`. */
  basePath: string;
  allowedOrigins: ReadonlySet<string>;
  verify: (token: string) => Promise<TokenClaims | null>;
  log: (line: string) => void;
  /** Refuses (throws the {@link HandlerError}) an operation whose path alone names what its token may not reach. */
  scope?: (c: Context, claims: TokenClaims) => void;
}

export interface Router {
  /** Registers a route's methods, its CORS preflight and a 405 (with `Allow`) for any other method. */
  route(path: string, handlers: Partial<Record<Method, RouteHandler>>): void;
  /** Verifies the bearer token, its scope and the permission, then runs `run`. */
  operation(permission: Permission, run: Operation): RouteHandler;
  fetch(request: Request): Promise<Response>;
}

/**
 * What both handlers are built on: the origin policy and CORS headers, routes with their preflight
 * and 405, operations behind a bearer token, and the one place errors are answered: a
 * {@link HandlerError} thrown anywhere below is answered as it says, anything else is logged and
 * answered 500.
 */
export function createRouter(options: RouterOptions): Router {
  const { allowedOrigins, verify, log } = options;
  const app = new Hono({ strict: true });
  const api = options.basePath ? app.basePath(options.basePath) : app;
  const refusedOrigins = new Set<string>();

  api.use('*', async (c, next) => {
    const verdict = checkOrigin(c.req.raw, allowedOrigins);
    if (verdict.kind === 'refused') {
      // The browser hides this answer from the page (it has no CORS headers), so the log says it too:
      // once per origin, and for a bounded number of origins, as any site may send them.
      if (!refusedOrigins.has(verdict.origin) && refusedOrigins.size < 100) {
        refusedOrigins.add(verdict.origin);
        log(
          `codat-connections-server: refused a request from origin ${JSON.stringify(verdict.origin)}; if that is your site, add it to the handler's allowedOrigins option`,
        );
      }
      throw new HandlerError(403, `Origin ${verdict.origin} is not allowed: add it to the handler's allowedOrigins option if it is your site`);
    }
    await next();
    if (verdict.kind === 'allowed') {
      for (const [name, value] of Object.entries(corsHeaders(verdict.origin, c.req.path.endsWith(TOKEN_PATH)))) c.res.headers.set(name, value);
    }
  });

  app.notFound(() => errorResponse(new HandlerError(404, 'No such route')));
  app.onError((error) => {
    if (error instanceof HandlerError) return errorResponse(error);
    log(`codat-connections-server: unexpected ${error.name} (${error.message})`);
    return errorResponse(new HandlerError(500, 'Internal error'));
  });

  return {
    route(path, handlers) {
      const methods = Object.keys(handlers) as Method[];
      const notAllowed = () => new HandlerError(405, 'Method not allowed', { headers: { Allow: [...methods, 'OPTIONS'].join(', ') } });
      for (const method of methods) {
        const handler = handlers[method]!;
        // Hono runs a GET route for HEAD, and an operation's GET is a call upstream: HEAD is refused instead.
        api.on(method, path, (c) => {
          if (c.req.method === 'HEAD') throw notAllowed();
          return handler(c);
        });
      }
      api.options(path, () => new Response(null, { status: 204, headers: { ...baseHeaders, ...preflightHeaders(methods, path === TOKEN_PATH) } }));
      api.all(path, () => {
        throw notAllowed();
      });
    },
    operation: (permission, run) => async (c) => {
      const header = c.req.header('Authorization') ?? '';
      const [scheme, token] = header.split(' ', 2);
      if (scheme?.toLowerCase() !== 'bearer' || !token) {
        throw new HandlerError(401, 'Missing bearer token', { headers: { 'WWW-Authenticate': 'Bearer realm="codat-connections"' } });
      }
      const claims = await verify(token);
      if (!claims) {
        throw new HandlerError(401, 'Invalid or expired token', {
          headers: { 'WWW-Authenticate': 'Bearer realm="codat-connections", error="invalid_token"' },
        });
      }
      options.scope?.(c, claims);
      if (!claims.permissions.has(permission)) throw new HandlerError(403, `Token lacks the ${permission} permission`);
      return run(c, claims, crypto.randomUUID());
    },
    fetch: async (request) => app.fetch(request),
  };
}

/** `/api/codat/` and `api/codat` both mean `/api/codat`; `/` means the root. */
export function normaliseBasePath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}
