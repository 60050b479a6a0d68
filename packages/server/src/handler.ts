import type { Context } from 'hono';
import { HandlerError, invalid } from './errors.js';
import { handlerFactory } from './frame.js';
import type { Binding } from './grant.js';
import { pendingLookupParams, reusablePendingConnection } from './pending.js';
import { deletedConnection, unlinkedConnection } from './settled.js';
import { forward, type ForwardRequest, type Upstream } from './proxy.js';
import type { OptionsOrLater } from './settings.js';
import { PERMISSIONS, type TokenClaims } from './token.js';
import type { ConnectionsHandler, ConnectionsHandlerOptions } from './types.js';
import { checkObject, historyParams, isPlatformKey, isUuid, listParams, readEmptyBody, readJsonBody } from './validation.js';
import { checkWebhookSecret, webhookReceiver } from './webhooks.js';

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
export const createConnectionsHandler: (options: OptionsOrLater<ConnectionsHandlerOptions>) => ConnectionsHandler = handlerFactory<
  ConnectionsHandlerOptions,
  Upstream
>({
  caller: 'createConnectionsHandler',
  defaultBasePath: '/api/codat',
  binding: COMPANY,
  permissions: PERMISSIONS,
  check(options) {
    if (typeof options.apiKey !== 'string' || options.apiKey === '') throw new TypeError('createConnectionsHandler: `apiKey` is required');
    if (options.webhookSecret !== undefined) checkWebhookSecret(options.webhookSecret, 'createConnectionsHandler');
    if (options.webhookBodyLimit !== undefined && !(Number.isInteger(options.webhookBodyLimit) && options.webhookBodyLimit > 0)) {
      throw new TypeError('createConnectionsHandler: `webhookBodyLimit` must be a positive integer');
    }
  },
  eventsPath: '/companies/:companyId/connections/events',
  ownSecrets: (options) => (options.webhookSecret ? [options.webhookSecret, options.webhookSecret.slice('whsec_'.length)] : []),
  wantsOwnBus: (options) => options.webhookSecret !== undefined,
  upstream: (options) => ({
    base: (options.upstream ?? 'https://api.codat.io').replace(/\/+$/, ''),
    name: 'Codat',
    headers: { Authorization: `Basic ${btoa(options.apiKey)}` },
  }),
  connect: (upstream, options) => ({ client: upstream, secrets: () => [options.apiKey] }),
  scope: (c, claims) => {
    const companyId = c.req.param('companyId');
    if (companyId !== undefined && companyId !== claims.boundTo) throw new HandlerError(403, 'Token is not valid for this company');
  },
  routes({ log, route, operation, param, noQuery, bus }, upstream, options) {
    if (options.webhookSecret && bus) {
      const receive = webhookReceiver({ secret: options.webhookSecret, bus, bodyLimit: options.webhookBodyLimit ?? 256 * 1024, log });
      route('/webhooks', { POST: (c) => receive(c.req.raw) });
    }

    const send = (c: Context, request: Omit<ForwardRequest, 'signal'>) => forward(upstream, { ...request, signal: c.req.raw.signal });
    /** Codat's path of the token's company: the only company an operation can reach. */
    const companyPath = (claims: TokenClaims) => `/companies/${claims.boundTo}`;
    const connectionsPath = (claims: TokenClaims) => `${companyPath(claims)}/connections`;
    const connectionId = (c: Context) => param(c, 'connectionId', isUuid, 'a UUID');
    const platformKey = (c: Context) => param(c, 'platformKey', isPlatformKey, 'four lower-case letters');

    route('/companies/:companyId/connections', {
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

    route('/companies/:companyId/connections/:connectionId', {
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

    route('/integrations', {
      GET: operation('connections:read', async (c, _claims, correlationId) => {
        const query = listParams(new URL(c.req.url));
        return send(c, { method: 'GET', path: '/integrations', query, correlationId });
      }),
    });

    route('/integrations/:platformKey', {
      GET: operation('connections:read', async (c, _claims, correlationId) => {
        const key = platformKey(c);
        noQuery(c);
        return send(c, { method: 'GET', path: `/integrations/${key}`, correlationId });
      }),
    });

    route('/integrations/:platformKey/branding', {
      GET: operation('connections:read', async (c, _claims, correlationId) => {
        const key = platformKey(c);
        noQuery(c);
        return send(c, { method: 'GET', path: `/integrations/${key}/branding`, correlationId });
      }),
    });

    route('/companies/:companyId/dataStatus', {
      GET: operation('connections:read', async (c, claims, correlationId) => {
        noQuery(c);
        return send(c, { method: 'GET', path: `${companyPath(claims)}/dataStatus`, correlationId });
      }),
    });

    route('/companies/:companyId/data/history', {
      GET: operation('connections:read', async (c, claims, correlationId) => {
        const query = historyParams(new URL(c.req.url));
        return send(c, { method: 'GET', path: `${companyPath(claims)}/data/history`, query, correlationId });
      }),
    });

    route('/companies/:companyId/data/history/:datasetId', {
      GET: operation('connections:read', async (c, claims, correlationId) => {
        const id = param(c, 'datasetId', isUuid, 'a UUID');
        noQuery(c);
        return send(c, { method: 'GET', path: `${companyPath(claims)}/data/history/${id}`, correlationId });
      }),
    });

    route('/companies/:companyId/data/all', {
      // Codat's refresh-company-data takes no body: anything sent is refused, not dropped.
      POST: operation('connections:refresh', async (c, claims, correlationId) => {
        noQuery(c);
        await readEmptyBody(c.req.raw);
        return send(c, { method: 'POST', path: `${companyPath(claims)}/data/all`, correlationId });
      }),
    });
  },
});
