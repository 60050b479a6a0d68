import type { Context } from 'hono';
import { HandlerError, invalid } from './errors.js';
import { tokenRoute, type Binding } from './grant.js';
import { pendingLookupParams, reusablePendingConnection } from './pending.js';
import { forward, type ForwardRequest, type Upstream } from './proxy.js';
import { redacting } from './redact.js';
import { createRouter, TOKEN_PATH } from './router.js';
import { createLater, sharedSettings, type OptionsOrLater } from './settings.js';
import { deletedConnection, unlinkedConnection } from './settled.js';
import { PERMISSIONS, tokenVerifier, type TokenClaims } from './token.js';
import type { ConnectionsHandler, ConnectionsHandlerOptions } from './types.js';
import { checkObject, historyParams, isPlatformKey, isUuid, listParams, noOtherParams, readEmptyBody, readJsonBody } from './validation.js';

const CONNECTIONS_PATH = '/companies/:companyId/connections';
const CONNECTION_PATH = '/companies/:companyId/connections/:connectionId';
const INTEGRATIONS_PATH = '/integrations';
const INTEGRATION_PATH = '/integrations/:platformKey';
const BRANDING_PATH = '/integrations/:platformKey/branding';
const DATA_STATUS_PATH = '/companies/:companyId/dataStatus';
const HISTORY_PATH = '/companies/:companyId/data/history';
const PULL_OPERATION_PATH = '/companies/:companyId/data/history/:datasetId';
const REFRESH_PATH = '/companies/:companyId/data/all';

/** Codat tokens are bound to one company, by its UUID. */
const COMPANY: Binding = {
  claim: 'cid',
  field: 'companyId',
  isValid: isUuid,
  requirement: 'a UUID',
  subjectPrefix: 'company',
  refusal: 'Not signed in, or not allowed to manage this company',
};

/**
 * Creates the fetch-standard handler that issues short-lived tokens (`POST {basePath}/token`) and
 * forwards the connection operations to Codat with the API key, for exactly the company and the
 * permissions a token carries.
 *
 * `options` may be a function answering them (or a promise of them): the handler is then created on
 * its first request, so a build that imports the module (`next build`) needs no secrets.
 */
export function createConnectionsHandler(options: OptionsOrLater<ConnectionsHandlerOptions>): ConnectionsHandler {
  return createLater(options, createNow);
}

function createNow(options: ConnectionsHandlerOptions): ConnectionsHandler {
  if (typeof options.apiKey !== 'string' || options.apiKey === '') {
    throw new TypeError('createConnectionsHandler: `apiKey` is required');
  }
  const { key, basePath, tokenTtl, allowedOrigins, fetch, upstreamTimeout, upstreamBodyLimit, authorizeTimeout, sink } = sharedSettings(
    options,
    'createConnectionsHandler',
    '/api/codat',
  );
  const apiKey = options.apiKey;
  const log = redacting(sink, () => [apiKey]);
  const upstream: Upstream = {
    base: (options.upstream ?? 'https://api.codat.io').replace(/\/+$/, ''),
    name: 'Codat',
    headers: { Authorization: `Basic ${btoa(apiKey)}` },
    fetch,
    timeout: upstreamTimeout,
    bodyLimit: upstreamBodyLimit,
    log,
  };

  const {
    route,
    operation,
    fetch: handle,
  } = createRouter({
    basePath,
    allowedOrigins,
    verify: tokenVerifier(key, COMPANY.claim, COMPANY.isValid),
    log,
    scope: (c, claims) => {
      const companyId = c.req.param('companyId');
      if (companyId !== undefined && companyId !== claims.boundTo) throw new HandlerError(403, 'Token is not valid for this company');
    },
  });

  const send = (c: Context, request: Omit<ForwardRequest, 'signal'>) => forward(upstream, { ...request, signal: c.req.raw.signal });
  /** Codat's path of the token's company: the only company an operation can reach. */
  const companyPath = (claims: TokenClaims) => `/companies/${claims.boundTo}`;
  const connectionsPath = (claims: TokenClaims) => `${companyPath(claims)}/connections`;
  /** The connection id from the path, or a 400. */
  const connectionId = (c: Context): string => {
    const id = c.req.param('connectionId') ?? '';
    if (!isUuid(id)) throw invalid('connectionId', 'must be a UUID');
    return id;
  };
  const platformKey = (c: Context): string => {
    const value = c.req.param('platformKey') ?? '';
    if (!isPlatformKey(value)) throw invalid('platformKey', 'must be four lower-case letters');
    return value;
  };
  /** Refuses (400) any query parameter: the operation takes none. */
  const noQuery = (c: Context): void => noOtherParams(new URL(c.req.url));

  route(TOKEN_PATH, {
    POST: tokenRoute({
      binding: COMPANY,
      key,
      ttl: tokenTtl,
      authorizeTimeout,
      basePath,
      known: PERMISSIONS,
      log,
      authorize: (request, hint) => options.authorize(request, hint),
    }),
  });

  route(CONNECTIONS_PATH, {
    GET: operation('connections:read', async (c, claims, correlationId) => {
      const query = listParams(new URL(c.req.url));
      return send(c, { method: 'GET', path: connectionsPath(claims), query, correlationId });
    }),
    POST: operation('connections:link', async (c, claims, correlationId) => {
      noQuery(c);
      const { platformKey: key } = checkObject(await readJsonBody(c.req.raw), ['platformKey'], ['platformKey']);
      if (typeof key !== 'string' || !isPlatformKey(key)) throw invalid('platformKey', 'must be four lower-case letters');
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
      noQuery(c);
      return send(c, { method: 'GET', path: `${connectionsPath(claims)}/${id}`, correlationId });
    }),
    PATCH: operation('connections:unlink', async (c, claims, correlationId) => {
      const id = connectionId(c);
      noQuery(c);
      const { status } = checkObject(await readJsonBody(c.req.raw), ['status'], ['status']);
      if (status !== 'Unlinked') throw invalid('status', 'must be "Unlinked"');
      const path = `${connectionsPath(claims)}/${id}`;
      const answer = await send(c, { method: 'PATCH', path, body: { status: 'Unlinked' }, correlationId });
      if (answer.status !== 400) return answer;
      // Already Unlinked (a re-sent unlink) is success; any other refusal stands.
      return (await unlinkedConnection(await send(c, { method: 'GET', path, correlationId }))) ?? answer;
    }),
    DELETE: operation('connections:delete', async (c, claims, correlationId) => {
      const id = connectionId(c);
      noQuery(c);
      const path = `${connectionsPath(claims)}/${id}`;
      const answer = await send(c, { method: 'DELETE', path, correlationId });
      if (answer.status !== 404) return answer;
      // Already gone (a re-sent delete) is success, once a read finds no such connection either.
      return deletedConnection(await send(c, { method: 'GET', path, correlationId })) ?? answer;
    }),
  });

  route(INTEGRATIONS_PATH, {
    GET: operation('connections:read', async (c, _claims, correlationId) => {
      const query = listParams(new URL(c.req.url));
      return send(c, { method: 'GET', path: '/integrations', query, correlationId });
    }),
  });

  route(INTEGRATION_PATH, {
    GET: operation('connections:read', async (c, _claims, correlationId) => {
      const key = platformKey(c);
      noQuery(c);
      return send(c, { method: 'GET', path: `/integrations/${key}`, correlationId });
    }),
  });

  route(BRANDING_PATH, {
    GET: operation('connections:read', async (c, _claims, correlationId) => {
      const key = platformKey(c);
      noQuery(c);
      return send(c, { method: 'GET', path: `/integrations/${key}/branding`, correlationId });
    }),
  });

  route(DATA_STATUS_PATH, {
    GET: operation('connections:read', async (c, claims, correlationId) => {
      noQuery(c);
      return send(c, { method: 'GET', path: `${companyPath(claims)}/dataStatus`, correlationId });
    }),
  });

  route(HISTORY_PATH, {
    GET: operation('connections:read', async (c, claims, correlationId) => {
      const query = historyParams(new URL(c.req.url));
      return send(c, { method: 'GET', path: `${companyPath(claims)}/data/history`, query, correlationId });
    }),
  });

  route(PULL_OPERATION_PATH, {
    GET: operation('connections:read', async (c, claims, correlationId) => {
      const id = c.req.param('datasetId') ?? '';
      if (!isUuid(id)) throw invalid('datasetId', 'must be a UUID');
      noQuery(c);
      return send(c, { method: 'GET', path: `${companyPath(claims)}/data/history/${id}`, correlationId });
    }),
  });

  route(REFRESH_PATH, {
    // Codat's refresh-company-data takes no body: anything sent is refused, not dropped.
    POST: operation('connections:refresh', async (c, claims, correlationId) => {
      noQuery(c);
      await readEmptyBody(c.req.raw);
      return send(c, { method: 'POST', path: `${companyPath(claims)}/data/all`, correlationId });
    }),
  });

  return handle;
}
