import { isOpenableUrl } from '@codat-connections/core';
import type { Context } from 'hono';
import { publicOrigin } from '../cors.js';
import { baseHeaders, HandlerError, invalid } from '../errors.js';
import { handlerFactory } from '../frame.js';
import type { Binding } from '../grant.js';
import type { OptionsOrLater } from '../settings.js';
import type { TokenClaims } from '../token.js';
import { checkObject, readEmptyBody, readJsonBody } from '../validation.js';
import { parseConnection, parseConsent, parseDataholder, parseList } from './model.js';
import { createPlatform, type CallContext, type Platform } from './platform.js';
import { returnPage, returnScriptResponse } from './return-page.js';
import type { DataholderConnection, DataholderConsent, DataholderHandler, DataholderHandlerOptions, DataholderPermission } from './types.js';

const caller = 'createDataholderHandler';
const NO_CONNECTION = 'No such connection';
const PERMISSIONS: readonly DataholderPermission[] = ['connections:read', 'connections:link', 'connections:unlink'];

/** Ids that go into the platform's paths: one segment, never `.` or `..`. */
const isPathId = (value: string): boolean => /^[\w-]{1,128}$/.test(value);
const PATH_ID = 'an id of letters, digits, _ and -';

/** Dataholder tokens are bound to one user of the platform. */
const USER: Binding = {
  claim: 'uid',
  field: 'userId',
  isValid: (id) => /^[\w.@+:-]{1,128}$/.test(id),
  requirement: 'an id of 1 to 128 letters, digits and _ . @ + : -',
  subjectPrefix: 'user',
  refusal: 'Not signed in, or not allowed to manage these connections',
};

const answer = (body: unknown) => Response.json(body, { headers: baseHeaders });

/**
 * Creates the fetch-standard handler for consent-based connections (docs/dataholder.md, "The
 * partner's REST shape"): it issues short-lived tokens bound to one user of the platform and
 * answers the connection operations through the platform's API, with the platform's API key and
 * OAuth client kept on the server, for that user's connections only.
 *
 * `options` may be a function answering them (or a promise of them): the handler is then created on
 * its first request, so a build that imports the module (`next build`) needs no secrets.
 */
export const createDataholderHandler: (options: OptionsOrLater<DataholderHandlerOptions>) => DataholderHandler = handlerFactory<
  DataholderHandlerOptions,
  Platform
>({
  caller,
  defaultBasePath: '/api/dataholder',
  binding: USER,
  permissions: PERMISSIONS,
  eventsPath: '/connections/events',
  check(options) {
    for (const name of ['apiKey', 'clientId', 'clientSecret', 'upstream'] as const) {
      if (typeof options[name] !== 'string' || options[name] === '') throw new TypeError(`${caller}: \`${name}\` is required`);
    }
    if (!/^https?:\/\//.test(options.upstream) || !URL.canParse(options.upstream)) throw new TypeError(`${caller}: \`upstream\` must be an http(s) URL`);
    if (options.app !== undefined && (typeof options.app !== 'string' || options.app === '')) {
      throw new TypeError(`${caller}: \`app\` must be a non-empty string`);
    }
  },
  upstream: (options) => ({ base: options.upstream.replace(/\/+$/, ''), name: 'The platform', headers: {} }),
  connect(upstream, { apiKey, clientId, clientSecret }) {
    const platform = createPlatform({ upstream, apiKey, clientId, clientSecret });
    // The log redacts every credential, the access token held at the time included.
    return { client: platform, secrets: () => platform.secrets() };
  },
  routes({ basePath, allowedOrigins, log, route, operation, param, noQuery }, platform, options) {
    const context = (c: Context, correlationId: string): CallContext => ({ signal: c.req.raw.signal, correlationId });
    const connectionIdOf = (c: Context): string => param(c, 'connectionId', isPathId, PATH_ID);
    /** Refuses a connection of another user exactly as a missing one: the same 404, so nothing tells them apart. */
    const owned = (connection: DataholderConnection, claims: TokenClaims, correlationId: string): DataholderConnection => {
      if (connection.user !== claims.boundTo) throw new HandlerError(404, NO_CONNECTION, { correlationId });
      return connection;
    };
    const readOwned = async (id: string, claims: TokenClaims, call: CallContext): Promise<DataholderConnection> =>
      owned(await platform.call({ method: 'GET', path: `/v1/connections/${id}` }, call, parseConnection, NO_CONNECTION), claims, call.correlationId);

    route('/connections', {
      GET: operation('connections:read', async (c, claims, correlationId) => {
        noQuery(c);
        const query = new URLSearchParams({ user: claims.boundTo });
        const connections = await platform.call({ method: 'GET', path: '/v1/connections', query }, context(c, correlationId), (json) =>
          parseList(json, 'connections', parseConnection),
        );
        return answer({ results: connections.filter((connection) => connection.user === claims.boundTo) });
      }),
    });

    route('/connections/:connectionId', {
      GET: operation('connections:read', async (c, claims, correlationId) => {
        const id = connectionIdOf(c);
        noQuery(c);
        return answer(await readOwned(id, claims, context(c, correlationId)));
      }),
    });

    route('/connections/:connectionId/disconnect', {
      POST: operation('connections:unlink', async (c, claims, correlationId) => {
        const id = connectionIdOf(c);
        noQuery(c);
        await readEmptyBody(c.req.raw);
        const call = context(c, correlationId);
        await readOwned(id, claims, call);
        const connection = await platform.call({ method: 'POST', path: `/v1/connections/${id}/disconnect` }, call, parseConnection, NO_CONNECTION);
        return answer(owned(connection, claims, correlationId));
      }),
    });

    route('/consents', {
      POST: operation('connections:link', async (c, claims, correlationId) => {
        noQuery(c);
        const { dataholder, connectionId, returnTo } = checkObject(await readJsonBody(c.req.raw), ['dataholder', 'connectionId', 'returnTo'], []);
        if ((dataholder === undefined) === (connectionId === undefined)) throw invalid('body', 'must name either dataholder or connectionId');
        const name = dataholder === undefined ? 'connectionId' : 'dataholder';
        const id = dataholder ?? connectionId;
        if (typeof id !== 'string' || !isPathId(id)) throw invalid(name, `must be ${PATH_ID}`);
        const call = context(c, correlationId);
        if (name === 'connectionId') await readOwned(id, claims, call);
        const origin = publicOrigin(c.req.raw);
        const back = returnTo === undefined ? '' : `?${new URLSearchParams({ returnTo: checkReturnTo(returnTo, origin, allowedOrigins) })}`;
        const redirectUri = `${origin}${basePath}/consents/return${back}`;
        const body =
          name === 'connectionId'
            ? { user: claims.boundTo, connectionId: id, redirectUri }
            : { user: claims.boundTo, dataholder: id, redirectUri, ...(options.app === undefined ? {} : { app: options.app }) };
        const consent = await platform.call(
          { method: 'POST', path: '/v1/consents', body },
          call,
          parseConsent,
          name === 'dataholder' ? 'No such dataholder' : NO_CONNECTION,
        );
        if (consent.connection.user !== claims.boundTo) {
          log(`codat-connections-server: upstream answered a consent for another user's connection, POST /v1/consents correlationId=${correlationId}`);
          throw new HandlerError(502, 'The platform gave an unexpected answer', { correlationId });
        }
        const result: DataholderConsent = { connection: consent.connection, url: consent.consentUrl };
        return answer(result);
      }),
    });

    route('/consents/return', { GET: async (c) => returnPage(`${basePath}/consents/return.js`, c.req.query('outcome'), allowedOrigins) });
    route('/consents/return.js', { GET: async () => returnScriptResponse() });

    route('/dataholders', {
      GET: operation('connections:read', async (c, _claims, correlationId) => {
        noQuery(c);
        const dataholders = await platform.call({ method: 'GET', path: '/v1/dataholders' }, context(c, correlationId), (json) =>
          parseList(json, 'dataholders', parseDataholder),
        );
        return answer({ results: dataholders });
      }),
    });
  },
});

/**
 * A consent's return address (`link-mode="redirect"`): a page on the handler's own origin or one of
 * its `allowedOrigins` (the portal pages it answers), https or http on loopback, so that the return
 * page never sends a user to another site.
 */
function checkReturnTo(value: unknown, origin: string, allowedOrigins: ReadonlySet<string>): string {
  if (typeof value !== 'string' || value.length > 2048) throw invalid('returnTo', 'must be a URL of at most 2048 characters');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('returnTo', 'must be an absolute URL');
  }
  if (url.origin !== origin && !allowedOrigins.has(url.origin)) throw invalid('returnTo', `must be on this origin (${origin}) or an allowed origin`);
  if (!isOpenableUrl(url.href)) throw invalid('returnTo', 'must be https (or http on loopback)');
  return url.href;
}
