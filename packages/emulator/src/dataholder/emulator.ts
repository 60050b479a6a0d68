import { Hono, type Context } from 'hono';
import { normaliseBasePath } from '../emulator.js';
import { checkFaults, createFaults } from '../faults.js';
import { linkStyles, logoSvg, pageHeaders, pageIconResponse } from '../html.js';
import { fixedUuid, ID_FAMILY } from '../ids.js';
import { createAccess } from './access.js';
import { PlatformError, platformError } from './errors.js';
import { consentNotFoundPage, consentPage } from './html.js';
import { scopesFor } from './scopes.js';
import { DEFAULT_APP_ID, dataholderSeed } from './seed.js';
import { DATAHOLDER_METRICS, type DataholderConnection, type DataholderMetric, type PlatformConsentRequest } from '@codat-connections/core/dataholder/contract';
import type { DataholderEmulator, DataholderEmulatorOptions, SeedDataholder } from './types.js';

export const DEFAULT_DATAHOLDER_API_KEY = 'dataholder-api-key';
export const DEFAULT_DATAHOLDER_CLIENT_ID = 'dataholder-client';
export const DEFAULT_DATAHOLDER_CLIENT_SECRET = 'dataholder-client-secret';
export const DEFAULT_DATASET_DELAY = 2000;

/** A connection as the emulator keeps it: `readsAt` (epoch ms) while its datasets wait to be read after a consent. */
type StoredConnection = DataholderConnection & { readsAt?: number };

interface Consent {
  connectionId: string;
  redirectUri: string;
  scopes: string[];
}

const CONSENT_KEYS = ['user', 'dataholder', 'connectionId', 'redirectUri', 'metrics', 'app'];
const FAR_DATASET_DELAY = 3_600_000;

/**
 * Creates an in-memory consent-based open-banking platform (docs/dataholder.md, "The platform's
 * API"): the OAuth client-credentials token endpoint, the `/v1` API behind an API key and a bearer
 * token, and the consent pages, as a fetch-standard handler.
 */
export function createDataholderEmulator(options: DataholderEmulatorOptions = {}): DataholderEmulator {
  const caller = 'createDataholderEmulator';
  const basePath = normaliseBasePath(options.basePath ?? '', caller);
  const now = options.now ?? (() => new Date());
  const datasetDelay = options.datasetDelay ?? DEFAULT_DATASET_DELAY;
  if (!(typeof datasetDelay === 'number' && datasetDelay >= 0 && datasetDelay <= FAR_DATASET_DELAY)) {
    throw new TypeError(`${caller}: datasetDelay must be milliseconds from 0 to ${FAR_DATASET_DELAY}`);
  }
  const access = createAccess(
    {
      apiKey: options.apiKey ?? DEFAULT_DATAHOLDER_API_KEY,
      clientId: options.clientId ?? DEFAULT_DATAHOLDER_CLIENT_ID,
      clientSecret: options.clientSecret ?? DEFAULT_DATAHOLDER_CLIENT_SECRET,
      accessTokenTtl: options.accessTokenTtl ?? 3600,
    },
    now,
  );
  const seed = options.seed ?? dataholderSeed;
  const defaultApp = options.app ?? DEFAULT_APP_ID;
  const configuredPublicUrl = options.publicUrl?.replace(/\/+$/, '');
  const faults = createFaults();
  if (typeof options.faults === 'object') faults.set(checkFaults(options.faults));

  let dataholders = new Map<string, SeedDataholder>();
  let connections = new Map<string, StoredConnection>();
  let consents = new Map<string, Consent>();
  let created = 0;
  let consentCount = 0;
  let reads = 0;
  /** Loads the seed afresh. */
  const restore = (): void => {
    const fresh = seed(now());
    dataholders = new Map(fresh.dataholders.map((dataholder) => [dataholder.id, structuredClone(dataholder)]));
    connections = new Map(fresh.connections.map((connection) => [connection.id, structuredClone(connection)]));
    consents = new Map();
    created = 0;
    consentCount = 0;
    // Reads after a consent take reference ids after the seed's.
    reads = 1000;
  };
  restore();

  const iso = (ms = now().getTime()) => new Date(ms).toISOString();
  const publicUrl = (c: Context) => configuredPublicUrl ?? `${new URL(c.req.url).origin}${basePath}`;
  const html = (body: string, status = 200) => new Response(body, { status, headers: pageHeaders });

  /** Once its reads are due, an approved connection's datasets are read: every metric it was created for succeeds. */
  const settle = (connection: StoredConnection): StoredConnection => {
    if (connection.readsAt !== undefined && now().getTime() >= connection.readsAt) {
      const at = iso(connection.readsAt);
      for (const metric of connection.metrics ?? DATAHOLDER_METRICS) {
        connection.connectionState[metric] = { status: 'SUCCESS', referenceId: fixedUuid(ID_FAMILY.datasetRead, ++reads), lastSuccess: at, lastUpdated: at };
      }
      delete connection.readsAt;
    }
    return connection;
  };
  const connectionJson = (connection: StoredConnection): DataholderConnection => {
    const { readsAt, ...json } = structuredClone(settle(connection));
    return { ...json, connectionState: { ...json.connectionState, status: json.status } };
  };
  const dataholderJson = (c: Context, { id, name, logo }: SeedDataholder) =>
    logo ? { id, name, logoUrl: `${publicUrl(c)}/dataholders/${id}/logo.svg` } : { id, name };
  const requireConnection = (id: string, user?: string): StoredConnection => {
    const connection = connections.get(id);
    if (!connection || (user !== undefined && connection.user !== user)) throw new PlatformError(404, 'not_found', 'No such connection');
    return connection;
  };

  const app = new Hono();
  const root = basePath ? app.basePath(basePath) : app;
  app.onError((error) => platformError(error instanceof PlatformError ? error : new PlatformError(500, 'server_error', 'Internal error')));
  app.notFound(() => platformError(new PlatformError(404, 'not_found', 'No such route')));

  root.post('/oauth/token', (c) => access.issue(c.req.raw));
  root.use('/v1/*', async (c, next) => {
    access.check(c.req.raw);
    await next();
  });

  root.get('/v1/dataholders', (c) => c.json({ dataholders: [...dataholders.values()].map((dataholder) => dataholderJson(c, dataholder)) }));
  root.get('/v1/connections', (c) => {
    const user = c.req.query('user');
    if (!user) throw new PlatformError(400, 'invalid_request', 'user is required');
    return c.json({ connections: [...connections.values()].filter((connection) => connection.user === user).map(connectionJson) });
  });
  root.get('/v1/connections/:id', (c) => c.json(connectionJson(requireConnection(c.req.param('id')))));
  root.post('/v1/connections/:id/disconnect', (c) => {
    const connection = requireConnection(c.req.param('id'));
    if (connection.status !== 'DISCONNECTED') {
      connection.status = 'DISCONNECTED';
      connection.connectionState.disconnectedAt = iso();
      delete connection.readsAt;
    }
    return c.json(connectionJson(connection));
  });

  root.post('/v1/consents', async (c) => {
    const body = await readConsentRequest(c);
    let connection: StoredConnection;
    if ('connectionId' in body) {
      connection = requireConnection(body.connectionId, body.user);
    } else {
      const { user, dataholder, metrics, app: appId } = body;
      if (!dataholders.has(dataholder)) throw new PlatformError(404, 'not_found', 'No such dataholder');
      // A consent asked for again before the first was answered: the same connection, not a second one.
      connection =
        [...connections.values()].find((each) => each.user === user && each.dataholder === dataholder && each.status === 'INITIATED') ??
        addConnection(user, dataholder, metrics ?? null, appId ?? defaultApp);
    }
    const consentId = fixedUuid(ID_FAMILY.consent, ++consentCount);
    consents.set(consentId, { connectionId: connection.id, redirectUri: body.redirectUri, scopes: scopesFor(connection.metrics) });
    return c.json({ connection: connectionJson(connection), consentUrl: `${publicUrl(c)}/consent/${consentId}` });
  });

  const addConnection = (user: string, dataholder: string, metrics: DataholderMetric[] | null, appId: string): StoredConnection => {
    const connection: StoredConnection = {
      id: fixedUuid(ID_FAMILY.createdDataholderConnection, ++created),
      app: appId,
      dataholder,
      user,
      scopes: null,
      metrics,
      status: 'INITIATED',
      connectionState: { status: 'INITIATED', connectedAt: null, disconnectedAt: null },
    };
    connections.set(connection.id, connection);
    return connection;
  };

  // Pages: no API key or token; the user answers the consent in their browser.
  root.get(
    '/consent/styles.css',
    () => new Response(linkStyles, { headers: { 'Content-Type': 'text/css; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } }),
  );
  root.get('/consent/icon.svg', () => pageIconResponse());
  root.get('/dataholders/:id/logo.svg', (c) => {
    const dataholder = dataholders.get(c.req.param('id'));
    if (!dataholder?.logo) throw new PlatformError(404, 'not_found', 'No such logo');
    return new Response(logoSvg({ name: dataholder.name, ...dataholder.logo }), {
      headers: { 'Content-Type': 'image/svg+xml', 'Content-Security-Policy': "default-src 'none'", 'X-Content-Type-Options': 'nosniff' },
    });
  });
  const consentTarget = (c: Context) => {
    const consent = consents.get(c.req.param('consentId') ?? '');
    const connection = consent && connections.get(consent.connectionId);
    return consent && connection ? { consent, connection } : undefined;
  };
  const showConsent = (c: Context, { consent, connection }: { consent: Consent; connection: StoredConnection }, status = 200) => {
    const dataholder = dataholders.get(connection.dataholder);
    return html(
      consentPage(basePath, {
        app: connection.app,
        dataholder: dataholder?.name ?? connection.dataholder,
        logoUrl: dataholder && dataholderJson(c, dataholder).logoUrl,
        scopes: consent.scopes,
      }),
      status,
    );
  };
  root.get('/consent/:consentId', (c) => {
    const target = consentTarget(c);
    return target ? showConsent(c, target) : html(consentNotFoundPage(basePath), 404);
  });
  root.post('/consent/:consentId', async (c) => {
    const target = consentTarget(c);
    if (!target) return html(consentNotFoundPage(basePath), 404);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const decision = form['decision'];
    if (decision !== 'approve' && decision !== 'reject') return showConsent(c, target, 400);
    const { consent, connection } = target;
    consents.delete(c.req.param('consentId'));
    if (decision === 'approve') {
      const at = now().getTime();
      connection.status = 'ACTIVE';
      connection.scopes = [...consent.scopes];
      connection.connectionState.connectedAt = iso(at);
      connection.connectionState.disconnectedAt = null;
      connection.readsAt = at + datasetDelay;
    }
    const location = new URL(consent.redirectUri);
    location.searchParams.set('connectionId', connection.id);
    location.searchParams.set('outcome', decision === 'approve' ? 'approved' : 'rejected');
    return new Response(null, { status: 303, headers: { Location: location.href, 'Cache-Control': 'no-store' } });
  });

  const reset = () => {
    restore();
    faults.clear();
  };
  if (options.faults) {
    root.post('/_emulator/faults', async (c) => {
      try {
        faults.set(checkFaults(await c.req.json()));
      } catch (error) {
        throw new PlatformError(400, 'invalid_request', `Invalid faults: ${error instanceof Error ? error.message : 'not JSON'}`);
      }
      return new Response(null, { status: 204 });
    });
    root.post('/_emulator/reset', () => {
      reset();
      return new Response(null, { status: 204 });
    });
  }

  const isApi = (request: Request): boolean => {
    const { pathname } = new URL(request.url);
    return pathname.startsWith(`${basePath}/v1/`) || pathname === `${basePath}/oauth/token`;
  };

  return {
    fetch: async (request, env) => (isApi(request) ? faults.apply(async () => app.fetch(request), env) : app.fetch(request)),
    reset,
    setFaults: (next) => faults.set(checkFaults(next)),
  };
}

/** The consent request's body, checked: exactly one of `dataholder` and `connectionId`, and an http(s) `redirectUri`. */
async function readConsentRequest(c: Context): Promise<PlatformConsentRequest> {
  const body = await c.req.json().catch(() => undefined);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PlatformError(400, 'invalid_request', 'The body must be a JSON object');
  const extra = Object.keys(body).find((key) => !CONSENT_KEYS.includes(key));
  if (extra !== undefined) throw new PlatformError(400, 'invalid_request', `Unknown property ${extra}`);
  const { user, dataholder, connectionId, redirectUri, metrics, app } = body as Record<string, unknown>;
  const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
  if (!isText(user)) throw new PlatformError(400, 'invalid_request', 'user is required');
  if ((dataholder === undefined) === (connectionId === undefined)) throw new PlatformError(400, 'invalid_request', 'Give either dataholder or connectionId');
  if (!isText(dataholder ?? connectionId)) throw new PlatformError(400, 'invalid_request', 'dataholder and connectionId are ids');
  if (!isText(redirectUri) || !isHttpUrl(redirectUri)) throw new PlatformError(400, 'invalid_request', 'redirectUri must be an http or https URL');
  if (app !== undefined && !isText(app)) throw new PlatformError(400, 'invalid_request', 'app must be an id');
  if (metrics !== undefined && (connectionId !== undefined || !isMetricList(metrics))) {
    throw new PlatformError(400, 'invalid_request', `metrics must be a list of ${DATAHOLDER_METRICS.join(', ')}, each once, for a new connection`);
  }
  if (typeof connectionId === 'string') return { user, connectionId, redirectUri };
  return {
    user,
    dataholder: dataholder as string,
    redirectUri,
    ...(metrics !== undefined && { metrics: metrics as DataholderMetric[] }),
    ...(isText(app) && { app }),
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function isMetricList(value: unknown): value is DataholderMetric[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    new Set(value).size === value.length &&
    value.every((metric) => (DATAHOLDER_METRICS as readonly unknown[]).includes(metric))
  );
}
