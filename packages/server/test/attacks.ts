// The attack table: every row is one request an attacker (or a broken collaborator:
// the partner's `authorize`, Codat or a proxy before it) can make of the Codat handler, with the
// answer the handler gives today. attacks.test.ts sends each over real HTTP and checks the answer;
// SECURITY.md's table is generated from the same rows (`npm run security-table`), and
// attacks.test.ts fails when the two differ.
import { SignJWT } from 'jose';
import { API_KEY, COMPANY_A, COMPANY_B, CONNECTION, SECRET } from '../../../test/helpers/server-stack.js';
import { connectionEvent, signed, WEBHOOK_SECRET } from '../../../test/helpers/webhooks.js';
import type { ConnectionsHandlerOptions, Permission } from '@codat-connections/server';

export const attackClasses = {
  tokens: 'Tokens',
  paths: 'Transport and paths',
  methods: 'Methods',
  origins: 'Origins and CSRF',
  bodies: 'Bodies',
  queries: 'Queries',
  authorize: 'Misbehaving `authorize`',
  upstream: 'Misbehaving upstream',
  live: 'Webhooks and event streams',
} as const;
export type AttackClass = keyof typeof attackClasses;

/** The origin `allowedOrigins` names in every setup; anything else is an attacker's. */
export const PARTNER = 'https://portal.partner.example';
export const EVIL = 'https://evil.example';

const list = `/companies/${COMPANY_A}/connections`;
const connection = `${list}/${CONNECTION}`;
const history = `/companies/${COMPANY_A}/data/history`;
const refresh = `/companies/${COMPANY_A}/data/all`;
/** The same list, as the server sees it after the base path (for raw requests, which name the whole path). */
const base = '/api/codat';

/** What the request builder of a row may use. */
export interface AttackContext {
  /** The handler's origin, e.g. `http://127.0.0.1:5000`. */
  origin: string;
  /** A token the handler issued to one of the fixture's users (alice: read, link, unlink; reader: read; admin: and delete; bob: company B). */
  token(user: 'alice' | 'reader' | 'admin' | 'bob', companyId?: string): Promise<string>;
  /** A token issued by a dataholder handler sharing the Codat handler's `secret`. */
  dataholderToken(): Promise<string>;
}

export interface AttackRequest {
  method?: string;
  /** Below the base path, or, for a `raw` request, the whole request target as it goes on the wire. */
  path: string;
  headers?: Record<string, string>;
  body?: string | (() => ReadableStream<Uint8Array>);
  /** Sent as bytes on a socket, so nothing (fetch's URL parser, its forbidden methods) tidies it first. */
  raw?: boolean;
  /** The dataholder handler (sharing the Codat handler's secret) rather than the Codat handler. */
  target?: 'dataholder';
}

/**
 * What comes back: `error`, the handler's own `ErrorMessage`; `codat`, Codat's `ErrorMessage`
 * passed on (scrubbed); `text`, an upstream answer that is not JSON, passed on as inert text;
 * `empty`, an answer without a body (HEAD); `closed`, no answer at all (status 0): Node closes
 * the connection before the handler is asked.
 */
export type AnswerKind = 'error' | 'codat' | 'text' | 'empty' | 'closed';

export interface Attack {
  id: string;
  class: AttackClass;
  /** What is tried, for the table. */
  attack: string;
  /** A setup of {@link setups}; `default` when not given. */
  setup?: SetupName;
  request: (context: AttackContext) => AttackRequest | Promise<AttackRequest>;
  status: number;
  /** The `error` of the answer, exactly (or, for `text`, the whole body). */
  error: string;
  answer?: AnswerKind;
  /** Whether the handler calls upstream: `false`, or the exact Codat path (and query) it calls. */
  upstream: false | string;
  /** The error's `canBeRetried`, when it is not what the status says (429, 502, 503 and 504 are retryable). */
  retryable?: boolean;
}

/** A token like the handler's own, with any claim, header or key changed. */
export async function craft(
  changes: {
    secret?: string;
    alg?: string;
    claims?: Record<string, unknown>;
    omit?: string[];
    audience?: string;
    issuer?: string;
    expiresAt?: number;
    notBefore?: number;
  } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { cid: COMPANY_A, permissions: ['connections:read'], ...changes.claims };
  for (const name of changes.omit ?? []) delete claims[name];
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: changes.alg ?? 'HS256' })
    .setSubject('mallory')
    .setAudience(changes.audience ?? 'codat-connections')
    .setIssuer(changes.issuer ?? 'codat-connections-server')
    .setIssuedAt(now - 10)
    .setExpirationTime(changes.expiresAt ?? now + 600)
    .setJti(crypto.randomUUID());
  if (changes.notBefore !== undefined) jwt.setNotBefore(changes.notBefore);
  return jwt.sign(new TextEncoder().encode(changes.secret ?? SECRET));
}

/** A signed token with its header or payload rewritten after signing (the signature kept). */
async function rewritten(change: { header?: Record<string, unknown>; payload?: Record<string, unknown>; signature?: string }): Promise<string> {
  const [header, payload, signature] = (await craft()).split('.') as [string, string, string];
  const part = (encoded: string, extra?: Record<string, unknown>) =>
    extra ? Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(encoded, 'base64url').toString()), ...extra })).toString('base64url') : encoded;
  return `${part(header, change.header)}.${part(payload, change.payload)}.${change.signature ?? signature}`;
}

const bearer = (token: string, headers: Record<string, string> = {}) => ({ Authorization: `Bearer ${token}`, ...headers });
const json = { 'Content-Type': 'application/json' };
const tokenRequest = (headers: Record<string, string>, body = '{}'): AttackRequest => ({
  method: 'POST',
  path: '/token',
  headers: { Cookie: 'user=alice', ...headers },
  body,
});
const withToken = async (context: AttackContext, request: AttackRequest, user: 'alice' | 'reader' | 'admin' = 'alice'): Promise<AttackRequest> => ({
  ...request,
  headers: bearer(await context.token(user), request.headers),
});
/** A link request from alice with `body`. */
const link =
  (body: string, headers: Record<string, string> = json) =>
  (context: AttackContext) =>
    withToken(context, { method: 'POST', path: list, headers, body });
/** An unlink request from alice with `body`. */
const unlink = (body: string) => (context: AttackContext) => withToken(context, { method: 'PATCH', path: connection, headers: json, body });
/** A GET from alice. */
const read =
  (path: string, headers: Record<string, string> = {}) =>
  (context: AttackContext) =>
    withToken(context, { path, headers });
/** A raw GET from alice of the whole `target`. */
const rawRead =
  (target: string, method = 'GET') =>
  (context: AttackContext) =>
    withToken(context, { method, path: target, raw: true });
/** A stream of `size` bytes of a JSON string, sent chunked (no Content-Length). */
const streamOf = (size: number) => () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(`{"platformKey":"${'a'.repeat(size)}`));
      controller.enqueue(new TextEncoder().encode('"}'));
      controller.close();
    },
  });

const INVALID_TOKEN = 'Invalid or expired token';
const MISSING_TOKEN = 'Missing bearer token';
const OTHER_COMPANY = 'Token is not valid for this company';
const NO_ROUTE = 'No such route';
const NOT_ALLOWED = 'Method not allowed';
const BAD_ORIGIN = (origin: string) => `Origin ${origin} is not allowed: add it to the handler's allowedOrigins option if it is your site`;
const NO_CSRF_HEADER = 'Missing header X-Requested-With: codat-connections';
const PLATFORM_KEY = 'Invalid platformKey: must be four lower-case letters';
const NOT_JSON = 'Invalid body: not valid JSON';
const NOT_OBJECT = 'Invalid body: expected a JSON object';
const TOO_LARGE = 'Request body larger than 16384 bytes';
const lacks = (permission: Permission) => `Token lacks the ${permission} permission`;

/** A raw upstream that answers every request with `answer` (bytes, on the socket) or drops it. */
export type RawUpstream = { answer: string } | { drop: true };

/** Handler options of a setup, over the default ones (`allowedOrigins: [PARTNER]`, the echo upstream, the fixture's `authorize`). */
export type Setup = Partial<ConnectionsHandlerOptions> & {
  upstreamHandler?: (request: Request) => Response | Promise<Response>;
  rawUpstream?: RawUpstream;
};

export const setups = {
  default: {},
  'with a webhook secret': { webhookSecret: WEBHOOK_SECRET },
  'authorize throws': {
    authorize: async () => {
      throw new Error(`session store refused ${API_KEY}`);
    },
  },
  'authorize answers a company id that is not a UUID': { authorize: async () => ({ companyId: `../companies/${COMPANY_B}` }) },
  'authorize answers garbage': { authorize: async () => 'yes' as never },
  'authorize answers unknown permissions': {
    authorize: async () => ({ companyId: COMPANY_A, permissions: ['connections:admin', '*'] as unknown as Permission[] }),
  },
  'authorize never answers': { authorize: () => new Promise(() => {}), authorizeTimeout: 50 },
  'upstream echoes the Authorization header': {
    upstreamHandler: (request: Request) => {
      const authorization = request.headers.get('Authorization')!;
      const key = Buffer.from(authorization.split(' ')[1]!, 'base64').toString();
      return Response.json(
        {
          statusCode: 400,
          service: 'PublicApi',
          error: `Bad credentials ${authorization} (${key}, ${encodeURIComponent(key)})`,
          correlationId: 'upstream',
          validation: null,
          canBeRetried: 'False',
        },
        { status: 400, headers: { 'Set-Cookie': 'upstream=1', 'Access-Control-Allow-Origin': '*' } },
      );
    },
  },
  'upstream redirects': { upstreamHandler: () => new Response(null, { status: 302, headers: { Location: 'https://evil.example/steal' } }) },
  'upstream answers status 999': { rawUpstream: { answer: 'HTTP/1.1 999 Strange\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}' } },
  'upstream answers more than upstreamBodyLimit': {
    upstreamBodyLimit: 1024,
    upstreamHandler: () => Response.json({ results: [], padding: 'x'.repeat(4096) }),
  },
  'upstream answers HTML': {
    upstreamHandler: () => new Response('<h1>Bad gateway</h1><script>alert(1)</script>', { status: 500, headers: { 'Content-Type': 'text/html' } }),
  },
  'upstream is unreachable': { upstream: 'http://127.0.0.1:1' },
  'upstream drops the connection': { rawUpstream: { drop: true } },
  'upstream is slow': { upstreamTimeout: 50, upstreamHandler: () => new Promise<Response>(() => {}) },
  'upstream refuses the API key': {
    upstreamHandler: () => Response.json({ statusCode: 401, service: 'PublicApi', error: 'Unauthorized' }, { status: 401 }),
  },
} satisfies Record<string, Setup>;
export type SetupName = keyof typeof setups;

export const attacks: Attack[] = [
  // Tokens: every operation needs a token the handler signed, for this company, with the permission.
  { id: 'T01', class: 'tokens', attack: 'No Authorization header', request: () => ({ path: list }), status: 401, error: MISSING_TOKEN, upstream: false },
  {
    id: 'T02',
    class: 'tokens',
    attack: 'Basic scheme carrying the API key itself',
    request: () => ({ path: list, headers: { Authorization: `Basic ${btoa(API_KEY)}` } }),
    status: 401,
    error: MISSING_TOKEN,
    upstream: false,
  },
  {
    id: 'T03',
    class: 'tokens',
    attack: 'Empty bearer token (`Bearer  x`: nothing after the first space)',
    request: () => ({ path: list, headers: { Authorization: 'Bearer  x' } }),
    status: 401,
    error: MISSING_TOKEN,
    upstream: false,
  },
  {
    id: 'T04',
    class: 'tokens',
    attack: 'Garbage bearer',
    request: () => ({ path: list, headers: bearer('garbage.garbage.garbage') }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T05',
    class: 'tokens',
    attack: 'Forged: signed with another secret',
    request: async () => ({ path: list, headers: bearer(await craft({ secret: 'another-secret-that-is-also-32-bytes-long' })) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T06',
    class: 'tokens',
    attack: 'Unsigned: header `alg: none`, no signature',
    request: async () => ({ path: list, headers: bearer(await rewritten({ header: { alg: 'none' }, signature: '' })) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T07',
    class: 'tokens',
    attack: 'Signed with the real secret but as HS512',
    request: async () => ({ path: list, headers: bearer(await craft({ alg: 'HS512' })) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T08',
    class: 'tokens',
    attack: 'Header swapped to `alg: RS256` (key confusion), signature kept',
    request: async () => ({ path: list, headers: bearer(await rewritten({ header: { alg: 'RS256' } })) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T09',
    class: 'tokens',
    attack: 'Payload tampered after signing: `cid` of company B, on B',
    request: async () => ({ path: `/companies/${COMPANY_B}/connections`, headers: bearer(await rewritten({ payload: { cid: COMPANY_B } })) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T10',
    class: 'tokens',
    attack: 'Payload tampered after signing: `connections:delete` added, on DELETE',
    request: async () => ({
      method: 'DELETE',
      path: connection,
      headers: bearer(await rewritten({ payload: { permissions: ['connections:read', 'connections:delete'] } })),
    }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T11',
    class: 'tokens',
    attack: 'Expired a minute ago',
    request: async () => ({ path: list, headers: bearer(await craft({ expiresAt: Math.floor(Date.now() / 1000) - 60 })) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T12',
    class: 'tokens',
    attack: 'Not valid yet (`nbf` an hour ahead)',
    request: async () => ({ path: list, headers: bearer(await craft({ notBefore: Math.floor(Date.now() / 1000) + 3600 })) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T13',
    class: 'tokens',
    attack: 'Another audience',
    request: async () => ({ path: list, headers: bearer(await craft({ audience: 'another-app' })) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T14',
    class: 'tokens',
    attack: 'Another issuer',
    request: async () => ({ path: list, headers: bearer(await craft({ issuer: 'another-server' })) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T15',
    class: 'tokens',
    attack: 'No `cid` claim',
    request: async () => ({ path: list, headers: bearer(await craft({ omit: ['cid'] })) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T16',
    class: 'tokens',
    attack: '`cid` not a UUID (`../integrations`), on a path naming the same',
    request: async () => ({ path: `/companies/..%2Fintegrations/connections`, headers: bearer(await craft({ claims: { cid: '../integrations' } })) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T17',
    class: 'tokens',
    attack: 'On the dataholder handler: `uid` not a user id (`../users/*`)',
    request: async () => ({
      path: '/connections',
      headers: bearer(await craft({ claims: { uid: '../users/*', permissions: ['connections:read'] }, omit: ['cid'] })),
      target: 'dataholder',
    }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T18',
    class: 'tokens',
    attack: '`permissions` claim a string, not an array',
    request: async () => ({ path: list, headers: bearer(await craft({ claims: { permissions: 'connections:read' } })) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T19',
    class: 'tokens',
    attack: 'Only unknown permissions (`connections:admin`, `*`)',
    request: async () => ({ path: list, headers: bearer(await craft({ claims: { permissions: ['connections:admin', '*'] } })) }),
    status: 403,
    error: lacks('connections:read'),
    upstream: false,
  },
  {
    id: 'T20',
    class: 'tokens',
    attack: "Company B's token on company A's path",
    request: async (context) => ({ path: list, headers: bearer(await context.token('bob')) }),
    status: 403,
    error: OTHER_COMPANY,
    upstream: false,
  },
  {
    id: 'T21',
    class: 'tokens',
    attack: "Company A's token on company B's connection",
    request: async (context) => ({
      method: 'DELETE',
      path: `/companies/${COMPANY_B}/connections/${CONNECTION}`,
      headers: bearer(await context.token('admin')),
    }),
    status: 403,
    error: OTHER_COMPANY,
    upstream: false,
  },
  {
    id: 'T22',
    class: 'tokens',
    attack: "Reader's token on PATCH (unlink)",
    request: (context) => withToken(context, { method: 'PATCH', path: connection, headers: json, body: '{"status":"Unlinked"}' }, 'reader'),
    status: 403,
    error: lacks('connections:unlink'),
    upstream: false,
  },
  {
    id: 'T23',
    class: 'tokens',
    attack: "Reader's token on POST (link)",
    request: (context) => withToken(context, { method: 'POST', path: list, headers: json, body: '{"platformKey":"gbol"}' }, 'reader'),
    status: 403,
    error: lacks('connections:link'),
    upstream: false,
  },
  {
    id: 'T24',
    class: 'tokens',
    attack: "Reader's token on DELETE",
    request: (context) => withToken(context, { method: 'DELETE', path: connection }, 'reader'),
    status: 403,
    error: lacks('connections:delete'),
    upstream: false,
  },
  {
    id: 'T25',
    class: 'tokens',
    attack: 'Default token (read, link, unlink) on DELETE',
    request: (context) => withToken(context, { method: 'DELETE', path: connection }),
    status: 403,
    error: lacks('connections:delete'),
    upstream: false,
  },
  {
    id: 'T26',
    class: 'tokens',
    attack: 'Default token on refresh (`POST …/data/all`)',
    request: (context) => withToken(context, { method: 'POST', path: refresh }),
    status: 403,
    error: lacks('connections:refresh'),
    upstream: false,
  },
  {
    id: 'T27',
    class: 'tokens',
    attack: 'Token of the dataholder handler (same `secret`, `uid` claim) on the Codat handler',
    request: async (context) => ({ path: list, headers: bearer(await context.dataholderToken()) }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T28',
    class: 'tokens',
    attack: 'Token of the Codat handler on the dataholder handler (same `secret`)',
    request: async (context) => ({ path: '/connections', headers: bearer(await context.token('alice')), target: 'dataholder' }),
    status: 401,
    error: INVALID_TOKEN,
    upstream: false,
  },
  {
    id: 'T29',
    class: 'tokens',
    attack: 'Token in the query string (`?access_token=`) or a cookie instead of the header',
    request: async (context) => {
      const token = await context.token('alice');
      return { path: `${list}?access_token=${token}`, headers: { Cookie: `access_token=${token}` } };
    },
    status: 401,
    error: MISSING_TOKEN,
    upstream: false,
  },

  // Transport and paths: only the routes in the README, with ids checked; the path's company is the token's.
  {
    id: 'P01',
    class: 'paths',
    attack: "Traversal `..` from company A's path to company B's",
    request: rawRead(`${base}/companies/${COMPANY_A}/../${COMPANY_B}/connections`),
    status: 403,
    error: OTHER_COMPANY,
    upstream: false,
  },
  {
    id: 'P02',
    class: 'paths',
    attack: 'Traversal encoded `%2e%2e` to company B',
    request: rawRead(`${base}/companies/${COMPANY_A}/%2e%2e/${COMPANY_B}/connections`),
    status: 403,
    error: OTHER_COMPANY,
    upstream: false,
  },
  {
    id: 'P03',
    class: 'paths',
    attack: 'Traversal out of the base path to another Codat endpoint (`/companies/{id}/data/../../../companies`)',
    request: rawRead(`${base}/companies/${COMPANY_A}/data/../../../companies`),
    status: 404,
    error: NO_ROUTE,
    upstream: false,
  },
  {
    id: 'P04',
    class: 'paths',
    attack: '`%2F` in the connection id (`{id}%2F..%2F..%2F{B}`)',
    request: read(`${list}/${CONNECTION}%2F..%2F..%2F${COMPANY_B}`),
    status: 400,
    error: 'Invalid connectionId: must be a UUID',
    upstream: false,
  },
  {
    id: 'P05',
    class: 'paths',
    attack: '`%2F` in the company id (`{A}%2Fconnections`)',
    request: read(`/companies/${COMPANY_A}%2Fconnections/connections`),
    status: 403,
    error: OTHER_COMPANY,
    upstream: false,
  },
  {
    id: 'P06',
    class: 'paths',
    attack: 'Double slashes (`//companies//{A}/connections`)',
    request: rawRead(`${base}//companies//${COMPANY_A}/connections`),
    status: 404,
    error: NO_ROUTE,
    upstream: false,
  },
  {
    id: 'P07',
    class: 'paths',
    attack: 'Backslash in the path',
    request: rawRead(`${base}\\companies\\${COMPANY_A}\\connections`),
    status: 400,
    error: 'Bad request: Backslash in request path',
    upstream: false,
  },
  {
    id: 'P08',
    class: 'paths',
    attack: 'Company id not a UUID (`*`)',
    request: read('/companies/*/connections'),
    status: 403,
    error: OTHER_COMPANY,
    upstream: false,
  },
  {
    id: 'P09',
    class: 'paths',
    attack: 'Connection id not a UUID (`../../{B}`, encoded)',
    request: read(`${list}/..%2F..%2F${COMPANY_B}`),
    status: 400,
    error: 'Invalid connectionId: must be a UUID',
    upstream: false,
  },
  {
    id: 'P10',
    class: 'paths',
    attack: 'Pull operation id not a UUID',
    request: read(`${history}/latest`),
    status: 400,
    error: 'Invalid datasetId: must be a UUID',
    upstream: false,
  },
  {
    id: 'P11',
    class: 'paths',
    attack: 'Platform key with traversal (`..%2Fcompanies`)',
    request: read('/integrations/..%2Fcompanies'),
    status: 400,
    error: PLATFORM_KEY,
    upstream: false,
  },
  {
    id: 'P12',
    class: 'paths',
    attack: 'Overlong company id (8 KB)',
    request: read(`/companies/${'a'.repeat(8192)}/connections`),
    status: 403,
    error: OTHER_COMPANY,
    upstream: false,
  },
  {
    id: 'P13',
    class: 'paths',
    attack: "A Codat route the handler does not serve (the company's accounting data)",
    request: read(`/companies/${COMPANY_A}/data/invoices`),
    status: 404,
    error: NO_ROUTE,
    upstream: false,
  },
  {
    id: 'P14',
    class: 'paths',
    attack: 'The company itself (`/companies/{A}`)',
    request: read(`/companies/${COMPANY_A}`),
    status: 404,
    error: NO_ROUTE,
    upstream: false,
  },
  {
    id: 'P15',
    class: 'paths',
    attack: 'Trailing slash (`…/connections/`)',
    request: read(`${list}/`),
    status: 404,
    error: NO_ROUTE,
    upstream: false,
  },
  {
    id: 'P16',
    class: 'paths',
    attack: 'Case changed (`/Companies/{A}/Connections`)',
    request: read(`/Companies/${COMPANY_A}/Connections`),
    status: 404,
    error: NO_ROUTE,
    upstream: false,
  },
  {
    id: 'P17',
    class: 'paths',
    attack: 'Company id in upper case (the same UUID, spelt otherwise)',
    request: read(`/companies/${COMPANY_A.toUpperCase()}/connections`),
    status: 403,
    error: OTHER_COMPANY,
    upstream: false,
  },
  {
    id: 'P18',
    class: 'paths',
    attack: 'Connection id with a NUL byte or `;` parameter',
    request: read(`${connection}%00;jsessionid=1`),
    status: 400,
    error: 'Invalid connectionId: must be a UUID',
    upstream: false,
  },

  // Methods: each route answers its methods; any other is a 405 naming them.
  {
    id: 'M01',
    class: 'methods',
    attack: 'PUT on a connection',
    request: (context) => withToken(context, { method: 'PUT', path: connection, headers: json, body: '{"status":"Unlinked"}' }, 'admin'),
    status: 405,
    error: NOT_ALLOWED,
    upstream: false,
  },
  {
    id: 'M02',
    class: 'methods',
    attack: 'TRACE on a connection (sent raw: fetch refuses it)',
    request: rawRead(`${base}${connection}`, 'TRACE'),
    status: 405,
    error: NOT_ALLOWED,
    upstream: false,
  },
  {
    id: 'M03',
    class: 'methods',
    attack: 'HEAD without a token (no body: the status and headers only)',
    request: () => ({ method: 'HEAD', path: list }),
    status: 405,
    error: '',
    answer: 'empty',
    upstream: false,
  },
  {
    id: 'M04',
    class: 'methods',
    attack: 'POST with `X-HTTP-Method-Override: DELETE` on a connection',
    request: (context) => withToken(context, { method: 'POST', path: connection, headers: { 'X-HTTP-Method-Override': 'DELETE' } }, 'admin'),
    status: 405,
    error: NOT_ALLOWED,
    upstream: false,
  },
  {
    id: 'M05',
    class: 'methods',
    attack: 'GET with `?_method=DELETE` on a connection',
    request: read(`${connection}?_method=DELETE`),
    status: 400,
    error: 'Invalid _method: unknown query parameter',
    upstream: false,
  },
  {
    id: 'M06',
    class: 'methods',
    attack: 'DELETE on the connection list (every connection at once)',
    request: (context) => withToken(context, { method: 'DELETE', path: list }, 'admin'),
    status: 405,
    error: NOT_ALLOWED,
    upstream: false,
  },
  {
    id: 'M07',
    class: 'methods',
    attack: 'GET on the token route (a link or image tag)',
    request: () => ({ path: '/token', headers: { Cookie: 'user=alice' } }),
    status: 405,
    error: NOT_ALLOWED,
    upstream: false,
  },

  {
    id: 'M08',
    class: 'methods',
    attack: 'WebDAV `PROPFIND` on the integrations (sent raw)',
    request: rawRead(`${base}/integrations`, 'PROPFIND'),
    status: 405,
    error: NOT_ALLOWED,
    upstream: false,
  },
  {
    id: 'M09',
    class: 'methods',
    attack: '`CONNECT` to the handler (sent raw): Node closes the connection before the handler is asked',
    request: rawRead(`${base}/integrations`, 'CONNECT'),
    status: 0,
    error: '',
    answer: 'closed',
    upstream: false,
  },
  {
    id: 'M10',
    class: 'methods',
    attack: 'HEAD with a token (Hono runs a GET route for HEAD: it would reach Codat as a GET)',
    request: (context) => withToken(context, { method: 'HEAD', path: connection }),
    status: 405,
    error: '',
    answer: 'empty',
    upstream: false,
  },

  // Origins and CSRF: tokens need the page's session, the CSRF header and the page's own or an allowed origin.
  {
    id: 'O01',
    class: 'origins',
    attack: 'Token request with the cookie but without `X-Requested-With`',
    request: () => tokenRequest(json),
    status: 403,
    error: NO_CSRF_HEADER,
    upstream: false,
  },
  {
    id: 'O02',
    class: 'origins',
    attack: 'Token request with `X-Requested-With: XMLHttpRequest`',
    request: () => tokenRequest({ ...json, 'X-Requested-With': 'XMLHttpRequest' }),
    status: 403,
    error: NO_CSRF_HEADER,
    upstream: false,
  },
  {
    id: 'O03',
    class: 'origins',
    attack: 'Cross-site form post to the token route (form content type, evil `Origin`)',
    request: () =>
      tokenRequest({ 'Content-Type': 'application/x-www-form-urlencoded', Origin: EVIL, 'Sec-Fetch-Site': 'cross-site' }, `companyId=${COMPANY_B}`),
    status: 403,
    error: BAD_ORIGIN(EVIL),
    upstream: false,
  },
  {
    id: 'O04',
    class: 'origins',
    attack: 'Form post to the token route without `Origin` (an old browser)',
    request: () => tokenRequest({ 'Content-Type': 'text/plain' }, '{}'),
    status: 403,
    error: NO_CSRF_HEADER,
    upstream: false,
  },
  {
    id: 'O05',
    class: 'origins',
    attack: 'Token request from an evil `Origin`, with the CSRF header',
    request: () => tokenRequest({ ...json, 'X-Requested-With': 'codat-connections', Origin: EVIL }),
    status: 403,
    error: BAD_ORIGIN(EVIL),
    upstream: false,
  },
  {
    id: 'O06',
    class: 'origins',
    attack: 'Token request from the opaque `null` origin (sandboxed frame, data: URL)',
    request: () => tokenRequest({ ...json, 'X-Requested-With': 'codat-connections', Origin: 'null' }),
    status: 403,
    error: BAD_ORIGIN('null'),
    upstream: false,
  },
  {
    id: 'O07',
    class: 'origins',
    attack: "`Sec-Fetch-Site: cross-site` from evil, claiming the handler's host (`X-Forwarded-Host`, `X-Forwarded-Proto`, `Referer`)",
    request: (context) =>
      tokenRequest({
        ...json,
        'X-Requested-With': 'codat-connections',
        Origin: EVIL,
        'Sec-Fetch-Site': 'cross-site',
        'X-Forwarded-Host': new URL(context.origin).host,
        'X-Forwarded-Proto': 'http',
        Referer: `${context.origin}/`,
      }),
    status: 403,
    error: BAD_ORIGIN(EVIL),
    upstream: false,
  },
  {
    id: 'O08',
    class: 'origins',
    attack: '`Sec-Fetch-Site: same-origin` with an `Origin` that is not an origin (`null`)',
    request: () => tokenRequest({ ...json, 'X-Requested-With': 'codat-connections', Origin: 'null', 'Sec-Fetch-Site': 'same-origin' }),
    status: 403,
    error: BAD_ORIGIN('null'),
    upstream: false,
  },
  {
    id: 'O09',
    class: 'origins',
    attack: '`Sec-Fetch-Site: same-origin` with an `Origin` carrying a path',
    request: () => tokenRequest({ ...json, 'X-Requested-With': 'codat-connections', Origin: `${EVIL}/api/codat`, 'Sec-Fetch-Site': 'same-origin' }),
    status: 403,
    error: BAD_ORIGIN(`${EVIL}/api/codat`),
    upstream: false,
  },
  {
    id: 'O10',
    class: 'origins',
    attack: '`Sec-Fetch-Site: same-site` from a sibling subdomain of the partner',
    request: () => tokenRequest({ ...json, 'X-Requested-With': 'codat-connections', Origin: 'https://evil.partner.example', 'Sec-Fetch-Site': 'same-site' }),
    status: 403,
    error: BAD_ORIGIN('https://evil.partner.example'),
    upstream: false,
  },
  {
    id: 'O11',
    class: 'origins',
    attack: 'Lookalike of the allowed origin (`https://portal.partner.example.evil.example`)',
    request: () => tokenRequest({ ...json, 'X-Requested-With': 'codat-connections', Origin: `${PARTNER}.evil.example` }),
    status: 403,
    error: BAD_ORIGIN(`${PARTNER}.evil.example`),
    upstream: false,
  },
  {
    id: 'O12',
    class: 'origins',
    attack: 'The allowed origin over plain http',
    request: () => tokenRequest({ ...json, 'X-Requested-With': 'codat-connections', Origin: PARTNER.replace('https:', 'http:') }),
    status: 403,
    error: BAD_ORIGIN(PARTNER.replace('https:', 'http:')),
    upstream: false,
  },
  {
    id: 'O13',
    class: 'origins',
    attack: 'Preflight of the token route from evil',
    request: () => ({
      method: 'OPTIONS',
      path: '/token',
      headers: { Origin: EVIL, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-requested-with' },
    }),
    status: 403,
    error: BAD_ORIGIN(EVIL),
    upstream: false,
  },
  {
    id: 'O14',
    class: 'origins',
    attack: 'Preflight of DELETE from evil',
    request: () => ({ method: 'OPTIONS', path: connection, headers: { Origin: EVIL, 'Access-Control-Request-Method': 'DELETE' } }),
    status: 403,
    error: BAD_ORIGIN(EVIL),
    upstream: false,
  },
  {
    id: 'O15',
    class: 'origins',
    attack: 'An operation with a stolen valid token from an evil page',
    request: read(list, { Origin: EVIL }),
    status: 403,
    error: BAD_ORIGIN(EVIL),
    upstream: false,
  },

  {
    id: 'O16',
    class: 'origins',
    attack: "DNS rebinding: the attacker's host name in `Host` and `Origin` (`Sec-Fetch-Site: same-origin`), so without the partner's cookie",
    request: () => ({
      method: 'POST',
      path: `${base}/token`,
      raw: true,
      headers: {
        Host: 'rebound.evil.example',
        Origin: 'http://rebound.evil.example',
        'Sec-Fetch-Site': 'same-origin',
        'X-Requested-With': 'codat-connections',
        'Content-Length': '0',
      },
    }),
    status: 401,
    error: 'Not signed in, or not allowed to manage this company',
    upstream: false,
  },

  // Bodies: read up to 16 KB, parsed as JSON, exactly the documented shape, re-encoded before forwarding.
  { id: 'B01', class: 'bodies', attack: 'Link body not JSON', request: link('platformKey: gbol'), status: 400, error: NOT_JSON, upstream: false },
  { id: 'B02', class: 'bodies', attack: 'Link body a JSON array', request: link('[{"platformKey":"gbol"}]'), status: 400, error: NOT_OBJECT, upstream: false },
  {
    id: 'B03',
    class: 'bodies',
    attack: 'Link body with an extra property (`companyId` of B)',
    request: link(`{"platformKey":"gbol","companyId":"${COMPANY_B}"}`),
    status: 400,
    error: 'Invalid companyId: unknown property',
    upstream: false,
  },
  {
    id: 'B04',
    class: 'bodies',
    attack: 'Platform key not four lower-case letters (`GBOL`)',
    request: link('{"platformKey":"GBOL"}'),
    status: 400,
    error: PLATFORM_KEY,
    upstream: false,
  },
  {
    id: 'B05',
    class: 'bodies',
    attack: 'Platform key with a path (`../../companies`)',
    request: link('{"platformKey":"../../companies"}'),
    status: 400,
    error: PLATFORM_KEY,
    upstream: false,
  },
  {
    id: 'B06',
    class: 'bodies',
    attack: 'Platform key a nested object',
    request: link('{"platformKey":{"toString":"gbol"}}'),
    status: 400,
    error: PLATFORM_KEY,
    upstream: false,
  },
  {
    id: 'B07',
    class: 'bodies',
    attack: 'Platform key with a look-alike letter (Cyrillic `о` in `gbоl`)',
    request: link('{"platformKey":"gb\u043el"}'),
    status: 400,
    error: PLATFORM_KEY,
    upstream: false,
  },
  {
    id: 'B08',
    class: 'bodies',
    attack: 'Platform key with an escaped NUL (`gbol\\u0000`)',
    request: link('{"platformKey":"gbol\\u0000"}'),
    status: 400,
    error: PLATFORM_KEY,
    upstream: false,
  },
  {
    id: 'B09',
    class: 'bodies',
    attack: 'Prototype pollution: `__proto__` key',
    request: link('{"platformKey":"gbol","__proto__":{"admin":true}}'),
    status: 400,
    error: 'Invalid __proto__: unknown property',
    upstream: false,
  },
  {
    id: 'B10',
    class: 'bodies',
    attack: 'Prototype pollution: `constructor.prototype` key',
    request: link('{"platformKey":"gbol","constructor":{"prototype":{"admin":true}}}'),
    status: 400,
    error: 'Invalid constructor: unknown property',
    upstream: false,
  },
  {
    id: 'B11',
    class: 'bodies',
    attack: 'Body over 16 KB, declared in `Content-Length`',
    request: link(`{"platformKey":"${'a'.repeat(20_000)}"}`),
    status: 413,
    error: TOO_LARGE,
    upstream: false,
  },
  {
    id: 'B12',
    class: 'bodies',
    attack: 'Body over 16 KB, chunked (no `Content-Length`)',
    request: async (context) => withToken(context, { method: 'POST', path: list, headers: json, body: streamOf(20_000) }),
    status: 413,
    error: TOO_LARGE,
    upstream: false,
  },
  {
    id: 'B13',
    class: 'bodies',
    attack: 'Form-encoded body (`platformKey=gbol`) with its content type',
    request: link('platformKey=gbol', { 'Content-Type': 'application/x-www-form-urlencoded' }),
    status: 400,
    error: NOT_JSON,
    upstream: false,
  },
  {
    id: 'B14',
    class: 'bodies',
    attack: 'Unlink body with another status (`Linked`)',
    request: unlink('{"status":"Linked"}'),
    status: 400,
    error: 'Invalid status: must be "Unlinked"',
    upstream: false,
  },
  {
    id: 'B15',
    class: 'bodies',
    attack: 'Unlink body with the status twice (`Unlinked`, then `Linked`)',
    request: unlink('{"status":"Unlinked","status":"Linked"}'),
    status: 400,
    error: 'Invalid status: must be "Unlinked"',
    upstream: false,
  },
  {
    id: 'B16',
    class: 'bodies',
    attack: 'Unlink body with an extra property (`platformKey`)',
    request: unlink('{"status":"Unlinked","platformKey":"gbol"}'),
    status: 400,
    error: 'Invalid platformKey: unknown property',
    upstream: false,
  },
  {
    id: 'B17',
    class: 'bodies',
    attack: 'Refresh with a body',
    request: async () => ({
      method: 'POST',
      path: refresh,
      headers: bearer(await craft({ claims: { permissions: ['connections:refresh'] } }), json),
      body: '{"all":true}',
    }),
    status: 400,
    error: 'Invalid body: must be empty',
    upstream: false,
  },
  {
    id: 'B18',
    class: 'bodies',
    attack: 'Token request naming a company id that is not a UUID',
    request: () => tokenRequest({ ...json, 'X-Requested-With': 'codat-connections' }, '{"companyId":"*"}'),
    status: 400,
    error: 'Invalid companyId: must be a UUID',
    upstream: false,
  },
  {
    id: 'B19',
    class: 'bodies',
    attack: 'Token request asking for permissions',
    request: () => tokenRequest({ ...json, 'X-Requested-With': 'codat-connections' }, '{"permissions":["connections:delete"]}'),
    status: 400,
    error: 'Invalid permissions: unknown property',
    upstream: false,
  },
  {
    id: 'B20',
    class: 'bodies',
    attack: 'Token request body over 16 KB',
    request: () => tokenRequest({ ...json, 'X-Requested-With': 'codat-connections' }, `{"companyId":"${'a'.repeat(20_000)}"}`),
    status: 413,
    error: TOO_LARGE,
    upstream: false,
  },

  // Queries: only the documented parameters, once each, checked and re-encoded.
  {
    id: 'Q01',
    class: 'queries',
    attack: '`pageSize=0`',
    request: read(`${list}?pageSize=0`),
    status: 400,
    error: 'Invalid pageSize: must be an integer from 1 to 5000',
    upstream: false,
  },
  {
    id: 'Q02',
    class: 'queries',
    attack: '`pageSize=100000`',
    request: read(`${list}?pageSize=100000`),
    status: 400,
    error: 'Invalid pageSize: must be an integer from 1 to 5000',
    upstream: false,
  },
  {
    id: 'Q03',
    class: 'queries',
    attack: '`pageSize=1e3`',
    request: read(`${list}?pageSize=1e3`),
    status: 400,
    error: 'Invalid pageSize: must be an integer from 1 to 5000',
    upstream: false,
  },
  {
    id: 'Q04',
    class: 'queries',
    attack: '`page=-1`',
    request: read(`${list}?page=-1`),
    status: 400,
    error: 'Invalid page: must be an integer of at least 1',
    upstream: false,
  },
  {
    id: 'Q05',
    class: 'queries',
    attack: '`page=99999999999` (past 2^31 - 1)',
    request: read(`${list}?page=99999999999`),
    status: 400,
    error: 'Invalid page: must be an integer of at least 1',
    upstream: false,
  },
  {
    id: 'Q06',
    class: 'queries',
    attack: 'Unknown parameter `companyId` of B on the list',
    request: read(`${list}?companyId=${COMPANY_B}`),
    status: 400,
    error: 'Invalid companyId: unknown query parameter',
    upstream: false,
  },
  {
    id: 'Q07',
    class: 'queries',
    attack: 'Repeated parameter (`page=1&page=2`)',
    request: read(`${list}?page=1&page=2`),
    status: 400,
    error: 'Invalid page: given more than once',
    upstream: false,
  },
  {
    id: 'Q08',
    class: 'queries',
    attack: 'Overlong `query` (3,000 characters)',
    request: read(`${list}?query=${'a'.repeat(3000)}`),
    status: 400,
    error: 'Invalid query: longer than 2048 characters',
    upstream: false,
  },
  {
    id: 'Q09',
    class: 'queries',
    attack: 'Overlong `orderBy`',
    request: read(`${list}?orderBy=${'a'.repeat(300)}`),
    status: 400,
    error: 'Invalid orderBy: longer than 256 characters',
    upstream: false,
  },
  {
    id: 'Q10',
    class: 'queries',
    attack: 'A query on an operation that takes none (get connection `?expand=company`)',
    request: read(`${connection}?expand=company`),
    status: 400,
    error: 'Invalid expand: unknown query parameter',
    upstream: false,
  },
  {
    id: 'Q11',
    class: 'queries',
    attack: 'History `query` widened with `||` to another company',
    request: read(`${history}?query=${encodeURIComponent(`connectionId=${CONNECTION}||companyId=${COMPANY_B}`)}`),
    status: 400,
    error: 'Invalid query: may only filter by connectionId, dataType and status, joined by &&',
    upstream: false,
  },
  {
    id: 'Q12',
    class: 'queries',
    attack: 'History `query` on another field (`companyId=`)',
    request: read(`${history}?query=${encodeURIComponent(`companyId=${COMPANY_B}`)}`),
    status: 400,
    error: 'Invalid query: may only filter by connectionId, dataType and status, joined by &&',
    upstream: false,
  },
  {
    id: 'Q13',
    class: 'queries',
    attack: 'History `connectionId` not a UUID',
    request: read(`${history}?query=${encodeURIComponent('connectionId=*')}`),
    status: 400,
    error: 'Invalid query: connectionId must be a UUID',
    upstream: false,
  },
  {
    id: 'Q14',
    class: 'queries',
    attack: "List `query` naming company B (`companyId=…||…`): passed on, but below company A's path, so Codat filters A's connections only",
    request: async (context) => ({
      path: `${list}?query=${encodeURIComponent(`companyId=${COMPANY_B}||id!=x`)}`,
      headers: bearer(await context.token('reader')),
    }),
    status: 200,
    error: '',
    answer: 'codat',
    upstream: `/companies/${COMPANY_A}/connections?query=companyId%3D${COMPANY_B}%7C%7Cid%21%3Dx`,
  },

  // Misbehaving authorize: the partner's function fails closed.
  {
    id: 'A01',
    class: 'authorize',
    setup: 'authorize throws',
    attack: '`authorize` throws (with the API key in its message)',
    request: () => tokenRequest({ 'X-Requested-With': 'codat-connections' }),
    status: 500,
    error: 'Could not authorize the request',
    upstream: false,
  },
  {
    id: 'A02',
    class: 'authorize',
    setup: 'authorize answers a company id that is not a UUID',
    attack: '`authorize` answers a company id that is not a UUID (`../companies/{B}`)',
    request: () => tokenRequest({ 'X-Requested-With': 'codat-connections' }),
    status: 500,
    error: 'Could not authorize the request',
    upstream: false,
  },
  {
    id: 'A03',
    class: 'authorize',
    setup: 'authorize answers garbage',
    attack: '`authorize` answers a string instead of an object',
    request: () => tokenRequest({ 'X-Requested-With': 'codat-connections' }),
    status: 500,
    error: 'Could not authorize the request',
    upstream: false,
  },
  {
    id: 'A04',
    class: 'authorize',
    setup: 'authorize answers unknown permissions',
    attack: '`authorize` grants only unknown permissions: the token carries none',
    request: async (context) => ({ path: list, headers: bearer(await context.token('alice')) }),
    status: 403,
    error: lacks('connections:read'),
    upstream: false,
  },
  {
    id: 'A05',
    class: 'authorize',
    setup: 'authorize never answers',
    attack: '`authorize` never answers (`authorizeTimeout` 50 ms)',
    request: () => tokenRequest({ 'X-Requested-With': 'codat-connections' }),
    status: 504,
    error: 'Could not authorize the request in time',
    upstream: false,
  },
  {
    id: 'A06',
    class: 'authorize',
    attack: 'No session: `authorize` answers `null`',
    request: () => ({ method: 'POST', path: '/token', headers: { 'X-Requested-With': 'codat-connections' }, body: '{}' }),
    status: 401,
    error: 'Not signed in, or not allowed to manage this company',
    upstream: false,
  },
  {
    id: 'A07',
    class: 'authorize',
    attack: "The page hints company B; `authorize` keeps the user's own A, and the token does not open B",
    request: async (context) => ({ path: `/companies/${COMPANY_B}/connections`, headers: bearer(await context.token('alice', COMPANY_B)) }),
    status: 403,
    error: OTHER_COMPANY,
    upstream: false,
  },

  // Misbehaving upstream: Codat (or a proxy before it) cannot make the handler leak the key or the browser run its answer.
  {
    id: 'U01',
    class: 'upstream',
    setup: 'upstream echoes the Authorization header',
    attack: 'Upstream echoes the `Authorization` header and the key (raw, URI-encoded) in an error',
    request: read(list),
    status: 400,
    error: 'Bad credentials [redacted] ([redacted], [redacted])',
    answer: 'codat',
    upstream: `/companies/${COMPANY_A}/connections`,
  },
  {
    id: 'U02',
    class: 'upstream',
    setup: 'upstream redirects',
    attack: 'Upstream redirects (302 to another host)',
    request: read(list),
    status: 502,
    error: 'Codat gave an unexpected answer',
    upstream: `/companies/${COMPANY_A}/connections`,
  },
  {
    id: 'U03',
    class: 'upstream',
    setup: 'upstream answers status 999',
    attack: 'Upstream answers status 999',
    request: read(list),
    status: 502,
    error: 'Codat gave an unexpected answer',
    upstream: `/companies/${COMPANY_A}/connections`,
  },
  {
    id: 'U04',
    class: 'upstream',
    setup: 'upstream answers more than upstreamBodyLimit',
    attack: 'Upstream answers more than `upstreamBodyLimit` (1 KB here)',
    request: read(list),
    status: 502,
    error: 'Codat gave an answer too large to pass on',
    upstream: `/companies/${COMPANY_A}/connections`,
  },
  {
    id: 'U05',
    class: 'upstream',
    setup: 'upstream answers HTML',
    attack: 'Upstream answers an HTML page with a script: passed on as inert `text/plain` with `nosniff`',
    request: read(list),
    status: 500,
    error: '<h1>Bad gateway</h1><script>alert(1)</script>',
    answer: 'text',
    upstream: `/companies/${COMPANY_A}/connections`,
  },
  {
    id: 'U06',
    class: 'upstream',
    setup: 'upstream is unreachable',
    attack: 'Upstream unreachable (connection refused)',
    request: read(list),
    status: 502,
    error: 'Codat could not be reached',
    upstream: `/companies/${COMPANY_A}/connections`,
  },
  {
    id: 'U07',
    class: 'upstream',
    setup: 'upstream drops the connection',
    attack: 'Upstream drops the connection without answering',
    request: read(list),
    status: 502,
    error: 'Codat could not be reached',
    upstream: `/companies/${COMPANY_A}/connections`,
  },
  {
    id: 'U08',
    class: 'upstream',
    setup: 'upstream is slow',
    attack: 'Upstream never answers (`upstreamTimeout` 50 ms)',
    request: read(list),
    status: 504,
    error: 'Codat did not answer in time',
    upstream: `/companies/${COMPANY_A}/connections`,
  },
  {
    id: 'U09',
    class: 'upstream',
    setup: 'upstream refuses the API key',
    attack: "Upstream answers 401 (the server's key refused): not the caller's token, not retryable",
    request: read(list),
    status: 502,
    error: "Codat refused the server's API key (401): check the handler's `apiKey` option",
    upstream: `/companies/${COMPANY_A}/connections`,
    retryable: false,
  },
  // Webhooks and event streams: only Codat's signed, fresh deliveries are taken; a stream carries only its token's company.
  ...webhookAttacks(),
];

export const tableStart = '<!-- attacks:start: generated from packages/server/test/attacks.ts by scripts/security-table.mjs; do not edit -->';
export const tableEnd = '<!-- attacks:end -->';

/** Markdown table cell: one line, pipes escaped. */
const cell = (text: string) =>
  text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const quoted = (text: string) => (text.includes('`') ? `"${cell(text)}"` : `\`${cell(text)}\``);

/** Company ids as the table names them: `{A}` the token's company, `{B}` another. */
const named = (text: string) => text.replaceAll(COMPANY_A, '{A}').replaceAll(COMPANY_B, '{B}');

/** What the handler answers, for the table. */
function answerOf(attack: Attack): string {
  switch (attack.answer ?? 'error') {
    case 'error':
      return `${attack.status} ${quoted(attack.error)}`;
    case 'codat':
      return attack.status < 400 ? `${attack.status}, Codat's answer` : `${attack.status}, Codat's error: ${quoted(attack.error)}`;
    case 'text':
      return `${attack.status}, as \`text/plain\``;
    case 'empty':
      return `${attack.status}, no body`;
    case 'closed':
      return 'connection closed, no answer';
  }
  throw new Error(`unknown answer kind ${attack.answer}`);
}

/** The SECURITY.md block (markers included): one table per class of attack. */
export function renderAttackTable(rows: readonly Attack[] = attacks): string {
  const sections = (Object.keys(attackClasses) as AttackClass[]).map((name) => {
    const lines = rows
      .filter((attack) => attack.class === name)
      .map(
        (attack) =>
          `| ${attack.id} | ${cell(attack.attack)} | ${answerOf(attack)} | ${attack.upstream === false ? 'no' : `\`${cell(named(attack.upstream))}\``} |`,
      );
    return [`#### ${attackClasses[name]} (${lines.length})`, '', '| Test | Attack | Answer | Codat called |', '| --- | --- | --- | --- |', ...lines].join('\n');
  });
  return `${tableStart}\n\n${sections.join('\n\n')}\n\n${tableEnd}`;
}

/** `document` with its generated block replaced (throws when the markers are missing). */
export function updateSecurityDocument(document: string, rows: readonly Attack[] = attacks): string {
  const start = document.indexOf(tableStart);
  const end = document.indexOf(tableEnd);
  if (start < 0 || end < start) throw new Error(`SECURITY.md lacks the markers:\n${tableStart}\n${tableEnd}`);
  return document.slice(0, start) + renderAttackTable(rows) + document.slice(end + tableEnd.length);
}

/** The receiver's and the streams' rows: each delivery is signed when the row is sent, so its timestamp is fresh unless the row says otherwise. */
function webhookAttacks(): Attack[] {
  const setup = 'with a webhook secret' as const;
  const event = () => connectionEvent('connection.disconnected', COMPANY_A, CONNECTION, 'Deauthorized');
  const delivery = (init: ReturnType<typeof signed>): AttackRequest => ({ method: 'POST', path: '/webhooks', headers: init.headers, body: init.body });
  const refused = { setup, status: 401, upstream: false } as const;
  const events = `/companies/${COMPANY_A}/connections/events`;
  return [
    {
      id: 'W01',
      class: 'live',
      attack: 'Webhook without signature headers',
      request: () => {
        const { headers, body } = signed(event());
        return { method: 'POST', path: '/webhooks', headers: { 'Content-Type': headers['Content-Type'] }, body };
      },
      error: 'Webhook is not signed',
      ...refused,
    },
    {
      id: 'W02',
      class: 'live',
      attack: 'Webhook signed with another secret',
      request: () => delivery(signed(event(), { secret: `whsec_${Buffer.from('an-attackers-own-signing-secret!').toString('base64')}` })),
      error: 'Webhook refused: No matching signature found',
      ...refused,
    },
    {
      id: 'W03',
      class: 'live',
      attack: 'Webhook body changed after signing (company A → B)',
      request: () => {
        const good = signed(event());
        return delivery({ ...good, body: good.body.replace(COMPANY_A, COMPANY_B) });
      },
      error: 'Webhook refused: No matching signature found',
      ...refused,
    },
    {
      id: 'W04',
      class: 'live',
      attack: 'Webhook replayed after its 5 minutes (signed 6 minutes ago)',
      request: () => delivery(signed(event(), { at: new Date(Date.now() - 6 * 60_000) })),
      error: 'Webhook refused: Message timestamp too old',
      ...refused,
    },
    {
      id: 'W05',
      class: 'live',
      attack: 'Webhook signed 6 minutes ahead',
      request: () => delivery(signed(event(), { at: new Date(Date.now() + 6 * 60_000) })),
      error: 'Webhook refused: Message timestamp too new',
      ...refused,
    },
    {
      id: 'W06',
      class: 'live',
      attack: 'Webhook body over 256 KiB',
      request: () => delivery(signed({ ...event(), padding: 'x'.repeat(300 * 1024) } as ReturnType<typeof event>)),
      setup,
      status: 413,
      error: 'Webhook body over 262144 bytes',
      upstream: false,
    },
    {
      id: 'W07',
      class: 'live',
      attack: "Event stream of another company (B's, with A's token)",
      request: async ({ token }) => ({ path: `/companies/${COMPANY_B}/connections/events`, headers: { Authorization: `Bearer ${await token('alice')}` } }),
      setup,
      status: 403,
      error: OTHER_COMPANY,
      upstream: false,
    },
    {
      id: 'W08',
      class: 'live',
      attack: 'Event stream with the token in the URL (`?access_token=`), as EventSource would need',
      request: async ({ token }) => ({ path: `${events}?access_token=${await token('alice')}` }),
      setup,
      status: 401,
      error: MISSING_TOKEN,
      upstream: false,
    },
  ];
}
