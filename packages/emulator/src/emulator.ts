import { isOpenableUrl } from '@codat-connections/core';
import { Hono, type Context } from 'hono';
import { catalogue, findIntegration } from './catalogue.js';
import { CodatError, errorResponse, messages } from './errors.js';
import { checkFaults, createFaults } from './faults.js';
import { donePage, linkPage, linkStyles, logoSvg, notFoundPage, pageHeaders, pageIconResponse } from './html.js';
import { paginate, readPageRequest } from './paging.js';
import { advancePull, dataTypesBySourceType, DEFAULT_PULL_DURATION, planPull } from './pull-operations.js';
import { select } from './query.js';
import { createRateLimiter, DEFAULT_RATE_LIMIT } from './rate-limit.js';
import {
  brandingJson,
  companyFields,
  companyJson,
  connectionFields,
  connectionJson,
  dataStatusesJson,
  integrationFields,
  integrationJson,
  pullOperationFields,
  pullOperationJson,
} from './resources.js';
import { seededCompanyList } from './seed.js';
import { createStore } from './store.js';
import type { Emulator, EmulatorOptions, FaultOptions, StoredConnection, StoredPullOperation } from './types.js';
import { createWebhooks, type WebhookEvent, type WebhookEventType } from './webhooks.js';

export const DEFAULT_API_KEY = 'emulator-api-key';
/** The secret the emulator signs webhooks with unless given one: for local use only. */
export const DEFAULT_WEBHOOK_SECRET = `whsec_${btoa('codat-emulator-webhook-signing-key')}`;

/** `Basic` credentials for a key: base64 of its UTF-8 bytes. */
function basicCredentials(apiKey: string): string {
  return `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(apiKey)))}`;
}

/** `''` or `/a/b`, without a trailing slash; `caller` names the factory in the error. */
export function normaliseBasePath(basePath: string, caller = 'createEmulator'): string {
  const trimmed = basePath.replace(/\/+$/, '');
  if (trimmed !== '' && !/^\/[\w\-./]*$/.test(trimmed)) throw new TypeError(`${caller}: basePath must start with "/"`);
  return trimmed;
}

const isoNow = (date: Date) => date.toISOString();

/**
 * Where the link page sends the user: an absolute URL as given, or a path (`/codat-return.html`)
 * on the origin of the partner page that sent the user to the link page, when that origin is one
 * of `returnOrigins`, so that one emulator serves partner apps on several origins and each gets
 * its user back; on the emulator's own origin otherwise.
 */
function redirectTarget(redirectUrl: string | undefined): { href: string; relative: boolean } | undefined {
  if (redirectUrl === undefined) return undefined;
  if (redirectUrl.startsWith('/') && !redirectUrl.startsWith('//')) return { href: redirectUrl, relative: true };
  return { href: new URL(redirectUrl).href, relative: false };
}

/**
 * `returnOrigins` as a set: each an origin (scheme, host and port, nothing more), https or http on
 * loopback, so that the link page never sends a user (and a connection's id) to a page of an
 * origin the partner did not name, nor over plain http off this machine.
 */
function checkReturnOrigins(origins: unknown): ReadonlySet<string> {
  if (origins === undefined) return new Set();
  if (!Array.isArray(origins)) throw new TypeError("createEmulator: returnOrigins must be an array of origins, e.g. ['https://app.example.com']");
  for (const origin of origins) {
    const url = typeof origin === 'string' && URL.canParse(origin) ? new URL(origin) : undefined;
    if (!url || url.origin !== origin) {
      throw new TypeError(`createEmulator: returnOrigins holds ${JSON.stringify(origin)}, which is not an origin: write each as scheme, host and port`);
    }
    if (!isOpenableUrl(origin)) {
      throw new TypeError(`createEmulator: returnOrigins holds ${origin}: each must be https, or http on loopback`);
    }
  }
  return new Set(origins);
}

/** The origin of a page's URL (a `Referer`), else undefined. */
function pageOrigin(url: string | undefined): string | undefined {
  return url && URL.canParse(url) ? new URL(url).origin : undefined;
}

/**
 * Creates an in-memory Codat Platform API (companies, connections, integrations and the link
 * flow) as a fetch-standard handler.
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  if (typeof apiKey !== 'string' || apiKey === '') throw new TypeError('createEmulator: apiKey must be a non-empty string');
  const credentials = basicCredentials(apiKey);
  const basePath = normaliseBasePath(options.basePath ?? '');
  const now = options.now ?? (() => new Date());
  const pullDuration = options.pullDuration ?? DEFAULT_PULL_DURATION;
  if (!(typeof pullDuration === 'number' && pullDuration >= 0 && pullDuration <= 3_600_000)) {
    throw new TypeError('createEmulator: pullDuration must be milliseconds from 0 to 3600000');
  }
  const configuredPublicUrl = options.publicUrl?.replace(/\/+$/, '');
  const redirect = redirectTarget(options.redirectUrl);
  const returnOrigins = checkReturnOrigins(options.returnOrigins);
  /** The origin of the partner page (one of `returnOrigins`) that sent the user to each connection's link page, by connection id. */
  const openedFrom = new Map<string, string>();
  const store = createStore(now);
  const limiter = options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, now);
  const faultsEnabled = Boolean(options.faults);
  const faults = createFaults();
  if (typeof options.faults === 'object') faults.set(checkFaults(options.faults));

  // Webhooks are sent outside any request: their links use the URL the API was last reached at.
  let lastPublicUrl = configuredPublicUrl ?? `http://localhost${basePath}`;
  const publicUrl = (c: Context): string => (lastPublicUrl = configuredPublicUrl ?? `${new URL(c.req.url).origin}${basePath}`);
  const webhooks = createWebhooks({ secret: options.webhooks?.secret ?? DEFAULT_WEBHOOK_SECRET, ...options.webhooks });

  const referenceCompany = (companyId: string) => {
    const company = store.company(companyId)!;
    return { id: company.id, name: company.name, description: company.description, links: { portal: `https://app.codat.io/companies/${company.id}/summary` } };
  };
  const eventOf = (eventType: WebhookEventType, payload: Record<string, unknown>): WebhookEvent => ({
    id: crypto.randomUUID(),
    eventType,
    generatedDate: isoNow(now()),
    payload,
  });
  /** Tells the consumers of a connection's change, as Codat does. */
  const connectionChanged = (eventType: WebhookEventType, connection: StoredConnection) =>
    webhooks.emit(eventOf(eventType, { referenceCompany: referenceCompany(connection.companyId), connection: connectionJson(connection, lastPublicUrl) }));

  /**
   * A read (pull operations queued together) tells its consumers when its last operation settles:
   * `read.completed`, or `read.completed.initial` for the first read after linking. Only while
   * someone listens: otherwise pulls move on by the clock alone, with no timer.
   */
  function readQueued(companyId: string, operations: StoredPullOperation[], initial: boolean): void {
    if (operations.length === 0 || !webhooks.listening()) return;
    const settlesAt = Math.max(...operations.map((operation) => operation.plan?.settlesAt ?? 0));
    webhooks.after(Math.max(settlesAt - now().getTime(), 0), () => {
      settlePulls();
      webhooks.emit(
        eventOf(initial ? 'read.completed.initial' : 'read.completed', {
          referenceCompany: referenceCompany(companyId),
          modifiedFromDate: isoNow(now()),
          dataTypes: operations.map((operation) => ({
            connectionId: operation.connectionId,
            dataType: operation.dataType,
            recordsModified: operation.status === 'Complete',
            status: operation.status,
            issues: [],
          })),
        }),
      );
    });
  }
  const queueReadOf = (connection: StoredConnection, requested: Date) =>
    dataTypesOf(connection).map((dataType) =>
      store.queuePull(connection, dataType, requested, planPull(requested.getTime(), pullDuration, store.pullFailure(connection.id, dataType))),
    );

  // Pages: the link flow, logos and, when faults are on, the admin routes. No API key needed.
  const pages = new Hono();
  const pagesRoot = basePath ? pages.basePath(basePath) : pages;
  const notPage = new Response(null, { status: 404 });
  pages.notFound(() => notPage);

  pagesRoot.get('/integrations/:platformKey/logo.svg', (c) => {
    const entry = findIntegration(c.req.param('platformKey'));
    if (!entry)
      return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
    return new Response(logoSvg(entry), {
      headers: {
        'Content-Type': 'image/svg+xml',
        'Content-Security-Policy': "default-src 'none'",
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'public, max-age=3600',
      },
    });
  });
  pagesRoot.get(
    '/link/styles.css',
    () => new Response(linkStyles, { headers: { 'Content-Type': 'text/css; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } }),
  );
  pagesRoot.get('/link/icon.svg', () => pageIconResponse());

  const linkTarget = (c: Context) => {
    const company = store.company(c.req.param('companyId') ?? '');
    const connection = company && store.connection(company.id, c.req.param('connectionId') ?? '');
    return company && connection ? { company, connection, entry: findIntegration(connection.integrationKey)! } : undefined;
  };
  const html = (body: string, status = 200) => new Response(body, { status, headers: pageHeaders });

  pagesRoot.get('/link/:companyId/:connectionId', (c) => {
    const target = linkTarget(c);
    if (!target) return html(notFoundPage(basePath), 404);
    const from = pageOrigin(c.req.header('Referer'));
    if (from && returnOrigins.has(from)) openedFrom.set(target.connection.id, from);
    else openedFrom.delete(target.connection.id);
    return html(linkPage(target.entry, basePath, target.company.name));
  });
  pagesRoot.post('/link/:companyId/:connectionId', async (c) => {
    const target = linkTarget(c);
    if (!target) return html(notFoundPage(basePath), 404);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const decision = form['decision'];
    if (decision !== 'authorize' && decision !== 'deny') return html(linkPage(target.entry, basePath, target.company.name), 400);
    const linked = decision === 'authorize';
    const before = target.connection.status;
    if (linked) {
      authorize(target.connection);
      connectionChanged(before === 'PendingAuth' ? 'connection.connected' : 'connection.reconnected', target.connection);
      if (before === 'PendingAuth') readQueued(target.company.id, queueReadOf(target.connection, now()), true);
    } else {
      connectionChanged('connection.failed', target.connection);
    }
    if (!redirect) return html(donePage(linked, basePath));
    const location = new URL(redirect.href, redirect.relative ? (openedFrom.get(target.connection.id) ?? publicUrl(c)) : undefined);
    openedFrom.delete(target.connection.id);
    location.searchParams.set('statusCode', linked ? '200' : '403');
    location.searchParams.set('connectionId', target.connection.id);
    location.searchParams.set('companyId', target.company.id);
    if (!linked) location.searchParams.set('errorMessage', 'User cancelled');
    return new Response(null, { status: 302, headers: { Location: location.href, 'Cache-Control': 'no-store' } });
  });

  /** Brings queued pull operations to their state now; a completed one records the sync on its connection. */
  function settlePulls(): void {
    const at = now().getTime();
    for (const operation of store.pullOperations()) {
      if (!advancePull(operation, at)) continue;
      const connection = store.connection(operation.companyId, operation.connectionId);
      if (connection && (!connection.lastSync || Date.parse(connection.lastSync) < Date.parse(operation.completed!))) connection.lastSync = operation.completed;
    }
  }

  /** Authorizing (again) links the connection, records a sync and resolves its active errors. */
  function authorize(connection: StoredConnection): void {
    const time = isoNow(now());
    connection.status = 'Linked';
    connection.lastSync = time;
    for (const error of connection.dataConnectionErrors) {
      if (error.status === 'Active') Object.assign(error, { status: 'Resolved', resolvedOnUtc: time });
    }
  }

  /** What the platform does on its own: access revoked there ("Deauthorized"), or given again ("Linked"). */
  function setPlatformStatus(connection: StoredConnection, status: 'Deauthorized' | 'Linked'): void {
    if (connection.status === status) return;
    if (status === 'Linked') {
      authorize(connection);
      connectionChanged('connection.reconnected', connection);
      return;
    }
    connection.status = 'Deauthorized';
    const name = findIntegration(connection.integrationKey)!.name;
    connection.dataConnectionErrors.push({
      statusCode: '401',
      statusText: `${name} de-authorized access to the connection.`,
      errorMessage: `Access was revoked at ${name}.`,
      erroredOnUtc: isoNow(now()),
      status: 'Active',
    });
    connectionChanged('connection.disconnected', connection);
  }

  if (faultsEnabled) {
    pagesRoot.post('/_emulator/faults', async (c) => {
      try {
        faults.set(checkFaults(await c.req.json()));
      } catch (error) {
        return errorResponse(400, `Invalid faults: ${error instanceof Error ? error.message : 'not JSON'}`, 'Emulator');
      }
      return new Response(null, { status: 204 });
    });
    pagesRoot.post('/_emulator/reset', () => {
      reset();
      return new Response(null, { status: 204 });
    });
  }

  // The API, behind the rate limit, the faults and the API key check.
  const api = new Hono();
  const apiRoot = basePath ? api.basePath(basePath) : api;
  api.notFound(() => errorResponse(404, messages.notFound));
  // Queued pulls move on by the clock, not by timers: every API request first brings them to now.
  api.use(async (c, next) => {
    publicUrl(c);
    settlePulls();
    await next();
  });
  api.onError((error) => {
    if (error instanceof CodatError) return errorResponse(error.status, error.message, error.service);
    return errorResponse(500, messages.internal);
  });

  const requireCompany = (companyId: string) => {
    const company = store.company(companyId);
    if (!company) throw new CodatError(404, messages.companyNotFound(companyId), 'ClientsApi');
    return company;
  };
  const requireConnection = (companyId: string, connectionId: string) => {
    requireCompany(companyId);
    const connection = store.connection(companyId, connectionId);
    if (!connection) throw new CodatError(404, messages.connectionNotFound(connectionId));
    return connection;
  };
  const readJsonObject = async (c: Context): Promise<Record<string, unknown>> => {
    const text = await c.req.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new CodatError(400, 'Error processing request - the body is not valid JSON.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new CodatError(400, 'Error processing request - the body must be a JSON object.');
    return body as Record<string, unknown>;
  };

  apiRoot.get('/companies', (c) => {
    const request = readPageRequest(new URL(c.req.url).searchParams);
    const companies = select(store.companies(), companyFields, 'Company', request);
    const page = paginate(companies, request, '/companies');
    return c.json({ ...page, results: page.results.map((company) => companyJson(company, store.connectionsOf(company.id), publicUrl(c))) });
  });
  apiRoot.get('/companies/:companyId', (c) => {
    const company = requireCompany(c.req.param('companyId'));
    return c.json(companyJson(company, store.connectionsOf(company.id), publicUrl(c)));
  });

  apiRoot.get('/companies/:companyId/connections', (c) => {
    const company = requireCompany(c.req.param('companyId'));
    const request = readPageRequest(new URL(c.req.url).searchParams);
    const connections = select(store.connectionsOf(company.id), connectionFields, 'DataConnection', request);
    const page = paginate(connections, request, `/companies/${company.id}/connections`);
    return c.json({ ...page, results: page.results.map((connection) => connectionJson(connection, publicUrl(c))) });
  });
  apiRoot.post('/companies/:companyId/connections', async (c) => {
    const company = requireCompany(c.req.param('companyId'));
    const { platformKey } = await readJsonObject(c);
    if (typeof platformKey !== 'string' || platformKey === '') throw new CodatError(400, 'Error processing request - platformKey is required.');
    const entry = findIntegration(platformKey);
    if (!entry) throw new CodatError(404, messages.integrationNotFound(platformKey));
    if (!entry.enabled) throw new CodatError(400, `Integration ${platformKey} is not enabled for this client.`);
    const connection = store.add({ companyId: company.id, integrationKey: entry.key, status: 'PendingAuth', created: isoNow(now()), dataConnectionErrors: [] });
    const answer = connectionJson(connection, publicUrl(c));
    connectionChanged('connection.created', connection);
    return c.json(answer);
  });
  apiRoot.get('/companies/:companyId/connections/:connectionId', (c) => {
    const connection = requireConnection(c.req.param('companyId'), c.req.param('connectionId'));
    return c.json(connectionJson(connection, publicUrl(c)));
  });
  apiRoot.patch('/companies/:companyId/connections/:connectionId', async (c) => {
    const connection = requireConnection(c.req.param('companyId'), c.req.param('connectionId'));
    const body = await readJsonObject(c);
    if (Object.keys(body).length !== 1 || body['status'] !== 'Unlinked') {
      throw new CodatError(400, 'Error processing request - the only supported update is {"status":"Unlinked"}.');
    }
    if (connection.status !== 'Linked')
      throw new CodatError(400, `Data connection ${connection.id} is ${connection.status}; only a Linked connection can be unlinked.`);
    connection.status = 'Unlinked';
    const answer = connectionJson(connection, publicUrl(c));
    connectionChanged('connection.disconnected', connection);
    return c.json(answer);
  });
  apiRoot.delete('/companies/:companyId/connections/:connectionId', (c) => {
    const connection = requireConnection(c.req.param('companyId'), c.req.param('connectionId'));
    store.remove(connection.id);
    connectionChanged('connection.deleted', connection);
    return new Response(null, { status: 200 });
  });

  const linkedConnectionsOf = (companyId: string) => store.connectionsOf(companyId).filter((connection) => connection.status === 'Linked');
  const dataTypesOf = (connection: StoredConnection) => dataTypesBySourceType[findIntegration(connection.integrationKey)!.sourceType];

  apiRoot.get('/companies/:companyId/dataStatus', (c) => {
    const company = requireCompany(c.req.param('companyId'));
    return c.json(dataStatusesJson(store.pullOperationsOf(company.id)));
  });
  apiRoot.get('/companies/:companyId/data/history', (c) => {
    const company = requireCompany(c.req.param('companyId'));
    const request = readPageRequest(new URL(c.req.url).searchParams);
    const operations = select(store.pullOperationsOf(company.id), pullOperationFields, 'Dataset', request, 'PullApi');
    const page = paginate(operations, request, `/companies/${company.id}/data/history`);
    return c.json({ ...page, results: page.results.map(pullOperationJson) });
  });
  apiRoot.get('/companies/:companyId/data/history/:datasetId', (c) => {
    const company = requireCompany(c.req.param('companyId'));
    const datasetId = c.req.param('datasetId');
    const operation = store.pullOperation(company.id, datasetId);
    if (!operation) throw new CodatError(404, messages.datasetNotFound(datasetId), 'PullApi');
    return c.json(pullOperationJson(operation));
  });
  /** Queues a pull of every data type of every Linked connection; each runs for `pullDuration`. */
  apiRoot.post('/companies/:companyId/data/all', (c) => {
    const company = requireCompany(c.req.param('companyId'));
    const requested = now();
    const queued = linkedConnectionsOf(company.id).flatMap((connection) => queueReadOf(connection, requested));
    readQueued(company.id, queued, false);
    return new Response(null, { status: 204 });
  });

  // Codat's webhook consumers (list-, create- and delete-webhook-consumer).
  apiRoot.get('/webhooks', (c) => c.json(webhooks.list()));
  apiRoot.post('/webhooks', async (c) => c.json(webhooks.create(await readJsonObject(c), crypto.randomUUID()), 201));
  apiRoot.delete('/webhooks/:webhookId', (c) => {
    if (!webhooks.remove(c.req.param('webhookId'))) throw new CodatError(404, `Webhook consumer ${c.req.param('webhookId')} was not found.`);
    return new Response(null, { status: 204 });
  });

  // The emulator's own routes, behind the API key: what happens at a platform, and webhook faults.
  apiRoot.post('/_emulator/companies/:companyId/connections/:connectionId/status', async (c) => {
    const connection = requireConnection(c.req.param('companyId'), c.req.param('connectionId'));
    const { status } = await readJsonObject(c);
    if (status !== 'Deauthorized' && status !== 'Linked') throw new CodatError(400, 'Error processing request - status must be "Deauthorized" or "Linked".');
    setPlatformStatus(connection, status);
    return c.json(connectionJson(connection, publicUrl(c)));
  });
  apiRoot.post('/_emulator/webhooks/faults', async (c) => {
    try {
      webhooks.setFaults(await readJsonObject(c));
    } catch (error) {
      if (error instanceof CodatError) throw error;
      throw new CodatError(400, `Invalid webhook faults: ${error instanceof Error ? error.message : String(error)}`);
    }
    return new Response(null, { status: 204 });
  });
  apiRoot.get('/_emulator/webhooks/attempts', (c) => c.json({ results: webhooks.attempts() }));

  apiRoot.get('/integrations', (c) => {
    const request = readPageRequest(new URL(c.req.url).searchParams);
    const integrations = select([...catalogue], integrationFields, 'Integration', request);
    const page = paginate(integrations, request, '/integrations');
    return c.json({ ...page, results: page.results.map((entry) => integrationJson(entry, publicUrl(c))) });
  });
  const requireIntegration = (platformKey: string) => {
    const entry = findIntegration(platformKey);
    if (!entry) throw new CodatError(404, messages.integrationNotFound(platformKey));
    return entry;
  };
  apiRoot.get('/integrations/:platformKey', (c) => c.json(integrationJson(requireIntegration(c.req.param('platformKey')), publicUrl(c))));
  apiRoot.get('/integrations/:platformKey/branding', (c) => c.json(brandingJson(requireIntegration(c.req.param('platformKey')), publicUrl(c))));

  const callApi = async (request: Request): Promise<Response> => {
    if (request.headers.get('Authorization') !== credentials) return errorResponse(401, messages.unauthorized);
    return api.fetch(request);
  };

  async function handle(request: Request, env?: unknown): Promise<Response> {
    const page = await pages.fetch(request);
    if (page !== notPage) return page;
    const verdict = limiter?.take(request.headers.get('Authorization') ?? '');
    let response: Response;
    if (verdict && !verdict.allowed) response = errorResponse(429, messages.tooManyRequests);
    else response = await faults.apply(() => callApi(request), env);
    if (!verdict) return response;
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(verdict.headers)) headers.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }

  function reset(): void {
    store.reset();
    openedFrom.clear();
    webhooks.reset();
    faults.clear();
    limiter?.clear();
  }

  return {
    fetch: handle,
    reset,
    setFaults(next: FaultOptions): void {
      faults.set(checkFaults(next));
    },
    companies: seededCompanyList,
    setConnectionStatus(companyId: string, connectionId: string, status: 'Deauthorized' | 'Linked'): void {
      const connection = store.connection(companyId, connectionId);
      if (!connection) throw new TypeError(`setConnectionStatus: no connection ${connectionId} in company ${companyId}`);
      setPlatformStatus(connection, status);
    },
    webhooks: { attempts: webhooks.attempts, setFaults: webhooks.setFaults },
  };
}
