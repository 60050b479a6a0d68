// The demo application: one fetch handler that mounts the Codat emulator, the token-issuing
// handler, a demo sign-in and the demo page, all on one origin.
import { readFile } from 'node:fs/promises';
import { createConnectionsHandler, createDataholderHandler, WEBHOOK_EVENT_TYPES } from '@codat-connections/server';
import {
  createDataholderEmulator,
  createEmulator,
  DEFAULT_WEBHOOK_SECRET,
  DEFAULT_DATAHOLDER_API_KEY,
  DEFAULT_DATAHOLDER_CLIENT_ID,
  DEFAULT_DATAHOLDER_CLIENT_SECRET,
  DEMO_COMPANY_ID,
  DEMO_USER_ID,
} from '@codat-connections/emulator';
import { demoUsers, signedInUser, signInCookie, signOutCookie } from './session.js';

/**
 * Folders the demo serves, by URL prefix: its own pages and the packages' build output (the
 * standalone element, its on-demand locale chunks, the core).
 */
const folders = [
  ['/modules/chunks/', new URL('../packages/widget/dist/chunks/', import.meta.url)],
  ['/modules/', new URL('../packages/widget/dist/', import.meta.url)],
  ['/examples/dist/', new URL('./public/examples/dist/', import.meta.url)],
  ['/examples/', new URL('./public/examples/', import.meta.url)],
  ['/', new URL('./public/', import.meta.url)],
];
/** Single files served under another name. */
const aliases = {
  '/': 'index.html',
  '/modules/core.js': new URL('../packages/core/dist/codat-connections-core.min.js', import.meta.url),
};
const types = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  map: 'application/json',
};

const EMULATOR_API_KEY = 'emulator-api-key';

/**
 * @typedef {object} DemoAppOptions
 * @property {string} origin Where the demo is served, e.g. `http://localhost:8000`.
 * @property {string} [codatApiKey] Forward to the real Codat API with this key instead of the emulator.
 * @property {string} [codatCompanyId] With `codatApiKey`: the Codat company the demo users manage.
 * @property {number} [tokenTtl] Lifetime of access tokens in seconds.
 * @property {Record<string, unknown>} [emulator] Options for the emulator (faults, rate limit...).
 * @property {Record<string, unknown>} [dataholderEmulator] Options for the dataholder emulator (faults, datasetDelay...).
 * @property {string | Uint8Array} [secret] Signs access tokens; a random one per start by default.
 * @property {string} [upstream] The emulator of another demo instance (`http://localhost:8000/emulator`), instead of one of its own.
 * @property {import('@codat-connections/server').Bus} [bus] Carries live notices (one instance's own by default; Redis for several).
 * @property {string} [webhookSecret] With `codatApiKey`: the signing secret of the webhook consumer registered with Codat.
 * @property {string} [apiPath] Where the token-issuing handler is mounted (`/api/codat`); grants name it in their `baseUrl`.
 *   Another path lets a second instance share the origin (the browser tests' instance B).
 */

/**
 * @param {DemoAppOptions} options
 * @returns {{ fetch: (request: Request) => Promise<Response>, emulator: ReturnType<typeof createEmulator> | undefined, dataholder: ReturnType<typeof createDataholderEmulator> }}
 */
export function createDemoApp({
  origin,
  codatApiKey,
  codatCompanyId,
  tokenTtl,
  emulator: emulatorOptions = {},
  dataholderEmulator: dataholderOptions = {},
  secret,
  upstream,
  bus,
  webhookSecret,
  apiPath = '/api/codat',
}) {
  const real = Boolean(codatApiKey);
  if (real && !codatCompanyId) throw new TypeError('createDemoApp: with codatApiKey, codatCompanyId names the company to manage');
  // The emulator delivers its webhooks to this app's receiver, in process.
  /** @type {(request: Request) => Promise<Response>} */
  let self = async () => new Response(null, { status: 503 });
  const emulator =
    real || upstream
      ? undefined
      : createEmulator({
          apiKey: EMULATOR_API_KEY,
          basePath: '/emulator',
          publicUrl: `${origin}/emulator`,
          // A path: the link page sends the user back to the origin of the page that opened it when that
          // origin is one of `returnOrigins` (given in `emulator`: a partner app on another origin using
          // this emulator gets its own return page), else to this demo's own.
          redirectUrl: '/codat-return.html',
          webhooks: { fetch: (input, init) => self(new Request(input, init)) },
          ...emulatorOptions,
        });
  if (emulator) {
    // Registered as a partner registers its receiver with Codat (create-webhook-consumer).
    void emulator.fetch(
      new Request(`${origin}/emulator/webhooks`, {
        method: 'POST',
        headers: { Authorization: `Basic ${btoa(EMULATOR_API_KEY)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: `${origin}${apiPath}/webhooks`, eventTypes: WEBHOOK_EVENT_TYPES }),
      }),
    );
  }
  const signingSecret = secret ?? crypto.getRandomValues(new Uint8Array(32));
  const users = demoUsers(real ? /** @type {string} */ (codatCompanyId) : DEMO_COMPANY_ID);
  const api = createConnectionsHandler({
    apiKey: real ? /** @type {string} */ (codatApiKey) : EMULATOR_API_KEY,
    secret: signingSecret,
    upstream: real ? 'https://api.codat.io' : (upstream ?? `${origin}/emulator`),
    basePath: apiPath,
    tokenTtl,
    // Only the instance whose emulator it is receives the webhooks; every instance streams what the bus carries.
    webhookSecret: real ? webhookSecret : emulator ? DEFAULT_WEBHOOK_SECRET : undefined,
    bus,
    // The emulator is mounted in this same app, so reach it without a network round trip.
    fetch: emulator ? (input, init) => emulator.fetch(new Request(input, init)) : undefined,
    authorize: async (request) => {
      const user = signedInUser(request, users);
      return user ? { companyId: user.companyId, subject: user.name, permissions: user.permissions } : null;
    },
  });
  // The consent-based open-banking model: a platform emulated offline (its credentials stay here)
  // and the handler the browser talks to, scoped to the signed-in demo user's connections.
  const dataholder = createDataholderEmulator({ basePath: '/dataholder-emulator', publicUrl: `${origin}/dataholder-emulator`, ...dataholderOptions });
  const dataholderApi = createDataholderHandler({
    apiKey: DEFAULT_DATAHOLDER_API_KEY,
    clientId: DEFAULT_DATAHOLDER_CLIENT_ID,
    clientSecret: DEFAULT_DATAHOLDER_CLIENT_SECRET,
    secret: signingSecret,
    upstream: `${origin}/dataholder-emulator`,
    basePath: '/api/dataholder',
    tokenTtl,
    fetch: (input, init) => dataholder.fetch(new Request(input, init)),
    authorize: async (request) => {
      const user = signedInUser(request, users);
      // Every demo user is the same open-banking user; the handler keeps only its three permissions.
      return user ? { userId: DEMO_USER_ID, permissions: user.permissions } : null;
    },
  });
  // Real Codat serves integration logos from its own CDN.
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${real ? ' https://static.codat.io' : ''}`,
    "connect-src 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const pageHeaders = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
  };

  /** @param {Request} request */
  async function session(request) {
    if (request.method === 'GET') {
      const user = signedInUser(request, users);
      return json(user ? { user: user.name, companyId: user.companyId, permissions: user.permissions } : { user: null });
    }
    if (request.method === 'DELETE') return new Response(null, { status: 204, headers: { ...pageHeaders, 'Set-Cookie': signOutCookie() } });
    if (request.method !== 'POST') return json({ error: 'Method not allowed' }, 405, { Allow: 'GET, POST, DELETE' });
    // A JSON content type cannot be sent cross-site without a preflight, which this app never grants.
    if (!request.headers.get('Content-Type')?.startsWith('application/json')) return json({ error: 'Expected JSON' }, 415);
    /** @type {unknown} */
    const body = await request.json().catch(() => undefined);
    const name = body && typeof body === 'object' && 'user' in body ? body.user : undefined;
    const user = typeof name === 'string' ? users.get(name) : undefined;
    if (!user) return json({ error: `Unknown demo user; try one of: ${[...users.keys()].join(', ')}` }, 400);
    return json({ user: user.name, companyId: user.companyId, permissions: user.permissions }, 200, { 'Set-Cookie': signInCookie(user.name) });
  }

  /**
   * The demo's "revoked at the platform" control: the signed-in user's connection becomes
   * Deauthorized as if access were withdrawn at Xero, and the emulator tells the webhook consumers.
   * @param {Request} request
   */
  async function revoke(request) {
    const user = signedInUser(request, users);
    if (!user) return json({ error: 'Sign in first' }, 401);
    if (!emulator) return json({ error: 'Only the instance that runs the emulator can revoke' }, 404);
    if (request.method !== 'POST') return json({ error: 'Method not allowed' }, 405, { Allow: 'POST' });
    if (!request.headers.get('Content-Type')?.startsWith('application/json')) return json({ error: 'Expected JSON' }, 415);
    /** @type {unknown} */
    const body = await request.json().catch(() => undefined);
    const connectionId = body && typeof body === 'object' && 'connectionId' in body ? body.connectionId : undefined;
    const status = body && typeof body === 'object' && 'status' in body && body.status === 'Linked' ? 'Linked' : 'Deauthorized';
    try {
      emulator.setConnectionStatus(user.companyId, String(connectionId), status);
    } catch {
      return json({ error: 'No such connection' }, 404);
    }
    return new Response(null, { status: 204, headers: pageHeaders });
  }

  /**
   * @param {unknown} body
   * @param {number} [status]
   * @param {Record<string, string>} [headers]
   */
  function json(body, status = 200, headers = {}) {
    return Response.json(body, { status, headers: { ...pageHeaders, 'Cache-Control': 'no-store', ...headers } });
  }

  /** @param {string} pathname */
  async function staticFile(pathname) {
    const alias = aliases[pathname];
    const file = alias instanceof URL ? alias : fileFor(alias ? `/${alias}` : pathname);
    if (!file) return undefined;
    try {
      const body = await readFile(file);
      const extension = /** @type {keyof typeof types} */ (file.pathname.split('.').pop());
      return new Response(body, { headers: { ...pageHeaders, 'Content-Type': types[extension] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' } });
    } catch {
      return undefined;
    }
  }

  /**
   * The file a path names in one of the served folders. Plain names only, one folder deep: no
   * `..`, no hidden files, so nothing outside those folders can be named.
   * @param {string} pathname
   */
  function fileFor(pathname) {
    for (const [prefix, folder] of folders) {
      if (!pathname.startsWith(prefix)) continue;
      const name = pathname.slice(prefix.length);
      return /^[\w-]+(\.[\w-]+)*\.(html|js|css|svg|map)$/.test(name) ? new URL(name, folder) : undefined;
    }
    return undefined;
  }

  /** @param {string} pathname @param {string} prefix */
  const under = (pathname, prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`);

  const app = {
    emulator,
    dataholder,
    /** @param {Request} request */
    async fetch(request) {
      const { pathname } = new URL(request.url);
      if (emulator && under(pathname, '/emulator')) return emulator.fetch(request);
      if (under(pathname, apiPath)) return api(request);
      if (under(pathname, '/dataholder-emulator')) return dataholder.fetch(request);
      if (under(pathname, '/api/dataholder')) return dataholderApi(request);
      if (pathname === '/demo/session') return session(request);
      if (pathname === '/demo/revoke') return revoke(request);
      if (request.method === 'GET' || request.method === 'HEAD') {
        const file = await staticFile(pathname);
        if (file) return file;
      }
      return new Response('Not found', { status: 404, headers: { ...pageHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });
    },
  };
  self = app.fetch;
  return app;
}
