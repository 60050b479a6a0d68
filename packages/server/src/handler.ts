import { Hono, type Context } from 'hono';
import { checkOrigin, corsHeaders, preflightHeaders, publicOrigin } from './cors.js';
import { baseHeaders, errorResponse, invalid } from './errors.js';
import { pendingLookupParams, reusablePendingConnection } from './pending.js';
import { forward, type ForwardRequest, type Upstream } from './proxy.js';
import { issueToken, signingKey, tokenVerifier, type TokenClaims } from './token.js';
import type { ConnectionsHandler, ConnectionsHandlerOptions, Permission, TokenGrant } from './types.js';
import { checkObject, historyParams, isPlatformKey, isUuid, listParams, noOtherParams, readJsonBody } from './validation.js';

const TOKEN_PATH = '/token';
const CONNECTIONS_PATH = '/companies/:companyId/connections';
const CONNECTION_PATH = '/companies/:companyId/connections/:connectionId';
const INTEGRATIONS_PATH = '/integrations';
const INTEGRATION_PATH = '/integrations/:platformKey';
const BRANDING_PATH = '/integrations/:platformKey/branding';
const DATA_STATUS_PATH = '/companies/:companyId/dataStatus';
const HISTORY_PATH = '/companies/:companyId/data/history';
const PULL_OPERATION_PATH = '/companies/:companyId/data/history/:datasetId';
const REFRESH_PATH = '/companies/:companyId/data/all';

type Method = ForwardRequest['method'];
type RouteHandler = (c: Context) => Promise<Response>;
type Operation = (c: Context, claims: TokenClaims, correlationId: string) => Promise<Response>;

/**
 * Creates the fetch-standard handler that issues short-lived tokens (`POST {basePath}/token`) and
 * forwards the connection operations to Codat with the API key, for exactly the company and the
 * permissions a token carries.
 */
export function createConnectionsHandler(options: ConnectionsHandlerOptions): ConnectionsHandler {
  if (typeof options.apiKey !== 'string' || options.apiKey === '') {
    throw new TypeError('createConnectionsHandler: `apiKey` is required');
  }
  if (typeof options.authorize !== 'function') throw new TypeError('createConnectionsHandler: `authorize` is required');
  const key = signingKey(options.secret);
  const verify = tokenVerifier(key);
  const basePath = normaliseBasePath(options.basePath ?? '/api/codat');
  const tokenTtl = options.tokenTtl ?? 600;
  if (!Number.isInteger(tokenTtl) || tokenTtl < 1) throw new TypeError('createConnectionsHandler: `tokenTtl` must be a positive integer');
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const log = redacting(options.log ?? ((line) => console.warn(line)), options.apiKey);
  const upstream: Upstream = {
    base: (options.upstream ?? 'https://api.codat.io').replace(/\/+$/, ''),
    authorization: `Basic ${btoa(options.apiKey)}`,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    timeout: options.upstreamTimeout ?? 30_000,
    log,
  };

  const app = new Hono({ strict: true });
  const api = basePath ? app.basePath(basePath) : app;

  api.use('*', async (c, next) => {
    const verdict = checkOrigin(c.req.raw, allowedOrigins);
    if (verdict.kind === 'refused') return errorResponse(403, 'Origin not allowed');
    await next();
    if (verdict.kind === 'allowed') {
      for (const [name, value] of Object.entries(corsHeaders(verdict.origin, c.req.path.endsWith(TOKEN_PATH)))) c.res.headers.set(name, value);
    }
  });

  /** Registers a route's methods, its CORS preflight and a 405 (with `Allow`) for any other method. */
  const route = (path: string, handlers: Partial<Record<Method, RouteHandler>>): void => {
    const methods = Object.keys(handlers) as Method[];
    for (const method of methods) api.on(method, path, handlers[method]!);
    api.options(path, () => new Response(null, { status: 204, headers: { ...baseHeaders, ...preflightHeaders(methods, path === TOKEN_PATH) } }));
    api.all(path, () => errorResponse(405, 'Method not allowed', { headers: { Allow: [...methods, 'OPTIONS'].join(', ') } }));
  };

  /** Verifies the bearer token, the company it is bound to and the permission, then runs `run`. */
  const operation =
    (permission: Permission, run: Operation): RouteHandler =>
    async (c) => {
      const header = c.req.header('Authorization') ?? '';
      const [scheme, token] = header.split(' ', 2);
      if (scheme?.toLowerCase() !== 'bearer' || !token) {
        return errorResponse(401, 'Missing bearer token', { headers: { 'WWW-Authenticate': 'Bearer realm="codat-connections"' } });
      }
      const claims = await verify(token);
      if (!claims) {
        return errorResponse(401, 'Invalid or expired token', {
          headers: { 'WWW-Authenticate': 'Bearer realm="codat-connections", error="invalid_token"' },
        });
      }
      const companyId = c.req.param('companyId');
      if (companyId !== undefined && companyId !== claims.companyId) return errorResponse(403, 'Token is not valid for this company');
      if (!claims.permissions.has(permission)) return errorResponse(403, `Token lacks the ${permission} permission`);
      return run(c, claims, crypto.randomUUID());
    };

  const send = (c: Context, request: Omit<ForwardRequest, 'signal'>) => forward(upstream, { ...request, signal: c.req.raw.signal });
  /** Codat's path of the token's company: the only company an operation can reach. */
  const companyPath = (claims: TokenClaims) => `/companies/${claims.companyId}`;
  const connectionsPath = (claims: TokenClaims) => `${companyPath(claims)}/connections`;
  /** The connection id from the path, or a 400. */
  const connectionId = (c: Context): string | Response => {
    const id = c.req.param('connectionId') ?? '';
    return isUuid(id) ? id : invalid('connectionId', 'must be a UUID');
  };
  const platformKey = (c: Context): string | Response => {
    const value = c.req.param('platformKey') ?? '';
    return isPlatformKey(value) ? value : invalid('platformKey', 'must be four lower-case letters');
  };

  route(TOKEN_PATH, {
    POST: async (c) => {
      const request = c.req.raw;
      if (request.headers.get('X-Requested-With') !== 'codat-connections') {
        return errorResponse(403, 'Missing header X-Requested-With: codat-connections');
      }
      const read = await readJsonBody(request);
      if (read instanceof Response) return read;
      const body = read.value ?? {};
      const problem = checkObject(body, ['companyId'], []);
      if (problem) return problem;
      const hint = (body as { companyId?: unknown }).companyId;
      if (hint !== undefined && (typeof hint !== 'string' || !isUuid(hint))) return invalid('companyId', 'must be a UUID');
      let grant;
      try {
        grant = await options.authorize(request, hint === undefined ? {} : { companyId: hint });
      } catch (error) {
        log(`codat-connections-server: authorize threw ${error instanceof Error ? error.name : typeof error}`);
        return errorResponse(500, 'Could not authorize the request');
      }
      if (!grant) return errorResponse(401, 'Not signed in, or not allowed to manage this company');
      if (typeof grant.companyId !== 'string' || !isUuid(grant.companyId)) {
        log('codat-connections-server: authorize returned a companyId that is not a UUID');
        return errorResponse(500, 'Could not authorize the request');
      }
      const { token, permissions } = await issueToken(key, grant, tokenTtl);
      const tokenGrant: TokenGrant = {
        accessToken: token,
        expiresIn: tokenTtl,
        tokenType: 'Bearer',
        companyId: grant.companyId,
        baseUrl: `${publicOrigin(request)}${basePath}`,
        permissions,
      };
      return Response.json(tokenGrant, { headers: { ...baseHeaders, Pragma: 'no-cache' } });
    },
  });

  route(CONNECTIONS_PATH, {
    GET: operation('connections:read', async (c, claims, correlationId) => {
      const query = listParams(new URL(c.req.url));
      if (query instanceof Response) return query;
      return send(c, { method: 'GET', path: connectionsPath(claims), query, correlationId });
    }),
    POST: operation('connections:link', async (c, claims, correlationId) => {
      const unknown = noOtherParams(new URL(c.req.url));
      if (unknown) return unknown;
      const read = await readJsonBody(c.req.raw);
      if (read instanceof Response) return read;
      const problem = checkObject(read.value, ['platformKey'], ['platformKey']);
      if (problem) return problem;
      const { platformKey: key } = read.value as { platformKey: unknown };
      if (typeof key !== 'string' || !isPlatformKey(key)) return invalid('platformKey', 'must be four lower-case letters');
      // A create whose answer was lost (or that the browser re-sent) has already made a
      // PendingAuth connection at Codat: answer that one instead of making a second.
      const path = connectionsPath(claims);
      const lookup = await send(c, { method: 'GET', path, query: pendingLookupParams(key), correlationId });
      const answered = await reusablePendingConnection(lookup, key, { path, correlationId, log });
      return answered ?? send(c, { method: 'POST', path, body: { platformKey: key }, correlationId });
    }),
  });

  route(CONNECTION_PATH, {
    GET: operation('connections:read', async (c, claims, correlationId) => {
      const id = connectionId(c);
      if (id instanceof Response) return id;
      return noOtherParams(new URL(c.req.url)) ?? send(c, { method: 'GET', path: `${connectionsPath(claims)}/${id}`, correlationId });
    }),
    PATCH: operation('connections:unlink', async (c, claims, correlationId) => {
      const id = connectionId(c);
      if (id instanceof Response) return id;
      const unknown = noOtherParams(new URL(c.req.url));
      if (unknown) return unknown;
      const read = await readJsonBody(c.req.raw);
      if (read instanceof Response) return read;
      const problem = checkObject(read.value, ['status'], ['status']);
      if (problem) return problem;
      if ((read.value as { status: unknown }).status !== 'Unlinked') return invalid('status', 'must be "Unlinked"');
      return send(c, { method: 'PATCH', path: `${connectionsPath(claims)}/${id}`, body: { status: 'Unlinked' }, correlationId });
    }),
    DELETE: operation('connections:delete', async (c, claims, correlationId) => {
      const id = connectionId(c);
      if (id instanceof Response) return id;
      return noOtherParams(new URL(c.req.url)) ?? send(c, { method: 'DELETE', path: `${connectionsPath(claims)}/${id}`, correlationId });
    }),
  });

  route(INTEGRATIONS_PATH, {
    GET: operation('connections:read', async (c, _claims, correlationId) => {
      const query = listParams(new URL(c.req.url));
      if (query instanceof Response) return query;
      return send(c, { method: 'GET', path: '/integrations', query, correlationId });
    }),
  });

  route(INTEGRATION_PATH, {
    GET: operation('connections:read', async (c, _claims, correlationId) => {
      const key = platformKey(c);
      if (key instanceof Response) return key;
      return noOtherParams(new URL(c.req.url)) ?? send(c, { method: 'GET', path: `/integrations/${key}`, correlationId });
    }),
  });

  route(BRANDING_PATH, {
    GET: operation('connections:read', async (c, _claims, correlationId) => {
      const key = platformKey(c);
      if (key instanceof Response) return key;
      return noOtherParams(new URL(c.req.url)) ?? send(c, { method: 'GET', path: `/integrations/${key}/branding`, correlationId });
    }),
  });

  route(DATA_STATUS_PATH, {
    GET: operation('connections:read', async (c, claims, correlationId) => {
      return noOtherParams(new URL(c.req.url)) ?? send(c, { method: 'GET', path: `${companyPath(claims)}/dataStatus`, correlationId });
    }),
  });

  route(HISTORY_PATH, {
    GET: operation('connections:read', async (c, claims, correlationId) => {
      const query = historyParams(new URL(c.req.url));
      if (query instanceof Response) return query;
      return send(c, { method: 'GET', path: `${companyPath(claims)}/data/history`, query, correlationId });
    }),
  });

  route(PULL_OPERATION_PATH, {
    GET: operation('connections:read', async (c, claims, correlationId) => {
      const id = c.req.param('datasetId') ?? '';
      if (!isUuid(id)) return invalid('datasetId', 'must be a UUID');
      return noOtherParams(new URL(c.req.url)) ?? send(c, { method: 'GET', path: `${companyPath(claims)}/data/history/${id}`, correlationId });
    }),
  });

  route(REFRESH_PATH, {
    // Codat's refresh-company-data takes no body: anything sent is refused, not dropped.
    POST: operation('connections:refresh', async (c, claims, correlationId) => {
      const unknown = noOtherParams(new URL(c.req.url));
      if (unknown) return unknown;
      const read = await readJsonBody(c.req.raw);
      if (read instanceof Response) return read;
      if (read.value !== undefined) return invalid('body', 'must be empty');
      return send(c, { method: 'POST', path: `${companyPath(claims)}/data/all`, correlationId });
    }),
  });

  app.notFound(() => errorResponse(404, 'No such route'));
  app.onError((error) => {
    log(`codat-connections-server: unexpected ${error.name} (${error.message})`);
    return errorResponse(500, 'Internal error');
  });

  return async (request) => app.fetch(request);
}

/** `/api/codat/` and `api/codat` both mean `/api/codat`; `/` means the root. */
function normaliseBasePath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}

/** Wraps a log sink so that no line can carry the API key, raw or base64-encoded. */
function redacting(sink: (line: string) => void, apiKey: string): (line: string) => void {
  const secrets = [apiKey, btoa(apiKey), encodeURIComponent(apiKey)];
  return (line) => {
    let safe = line;
    for (const secret of secrets) safe = safe.split(secret).join('[redacted]');
    sink(safe);
  };
}
