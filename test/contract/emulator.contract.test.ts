import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { listen, type Listening } from '../helpers/listen.js';
import { specMissing, validateRequest, validateResponse } from '../helpers/openapi.js';
import { readWithCodatSdk } from '../helpers/codat-sdk.js';

// Every response the emulator gives, for each operation and each status it answers, is checked
// against the schema Codat's OpenAPI description declares for that operation and status, and read
// through Codat's own SDK (@codat/platform), whose zod schemas are stricter than the description
// in places (a property the description marks `nullable` the SDK refuses as null).
const emulatorBuilt = existsSync(new URL('../../packages/emulator/dist/index.js', import.meta.url));
const skip = specMissing || (emulatorBuilt ? false : 'packages/emulator is not built; run `npm run build` first');

const API_KEY = 'contract-api-key';
const auth = { Authorization: `Basic ${Buffer.from(API_KEY).toString('base64')}` };
const UNKNOWN_ID = '0b8f3c1e-6a4d-4b7e-9c2a-5d1e8f7a6b3c';

/**
 * Statuses Codat answers but its description does not declare for the operation: a body it
 * cannot accept. Their bodies must still be Codat `ErrorMessage`s.
 */
const undeclaredButExpected = new Set(['create-connection 400', 'unlink-connection 400']);

/** Error statuses the SDK does not declare for the operation either: it gives its generic HTTP error without reading the body. */
const unreadBySdk = new Set(['create-connection 400', 'unlink-connection 400']);

describe("emulator responses match Codat's OpenAPI description", { skip }, () => {
  let server: Listening;
  let limited: Listening;
  let emulator: import('@codat-connections/emulator').Emulator;
  let strict: import('@codat-connections/emulator').Emulator;
  let company: string;
  const seen = new Set<string>();

  before(async () => {
    const { createEmulator, DEMO_COMPANY_ID } = await import('@codat-connections/emulator');
    company = DEMO_COMPANY_ID;
    emulator = createEmulator({ apiKey: API_KEY, rateLimit: false });
    server = await listen(emulator.fetch);
    strict = createEmulator({ apiKey: API_KEY, rateLimit: { limit: 1, windowSeconds: 60 } });
    limited = await listen(strict.fetch);
  });
  after(async () => {
    await server?.close();
    await limited?.close();
  });

  /** Sends a request, validates the response for `operationId` and returns its status and body. */
  async function call(operationId: string, path: string, init: RequestInit & { base?: string } = {}) {
    const { base = server.url, ...rest } = init;
    const response = await fetch(`${base}${path}`, { ...rest, headers: { ...auth, ...(rest.headers as Record<string, string>) } });
    const text = await response.text();
    const body = text === '' ? undefined : JSON.parse(text);
    const result = validateResponse(operationId, response.status, body);
    const key = `${operationId} ${response.status}`;
    assert.ok(result.declared || undeclaredButExpected.has(key), `${key} is not declared in the description`);
    assert.deepEqual(result.errors, [], `${key} ${path}: ${result.errors.join('; ')}`);
    const reading = await readWithCodatSdk(operationId, new Response(text === '' ? null : text, { status: response.status, headers: response.headers }));
    assert.notEqual(reading.kind, 'refused', `${key} ${path}: Codat's SDK refuses the answer: ${reading.kind === 'refused' ? reading.message : ''}`);
    const expected = response.ok ? 'value' : unreadBySdk.has(key) ? 'http-error' : 'error-message';
    assert.equal(reading.kind, expected, `${key} ${path}: Codat's SDK read it as ${reading.kind}`);
    seen.add(key);
    return { status: response.status, body, headers: response.headers };
  }

  const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  /** One request for each operation, valid but for ids that may not exist. */
  const everyOperation = (): Array<[string, string, RequestInit?]> => [
    ['list-connections', `/companies/${company}/connections`],
    ['create-connection', `/companies/${company}/connections`, json('POST', { platformKey: 'gbol' })],
    ['get-connection', `/companies/${company}/connections/${UNKNOWN_ID}`],
    ['unlink-connection', `/companies/${company}/connections/${UNKNOWN_ID}`, json('PATCH', { status: 'Unlinked' })],
    ['delete-connection', `/companies/${company}/connections/${UNKNOWN_ID}`, { method: 'DELETE' }],
    ['list-integrations', '/integrations'],
    ['get-integration', '/integrations/gbol'],
    ['get-integrations-branding', '/integrations/gbol/branding'],
    ['list-companies', '/companies'],
    ['get-company', `/companies/${company}`],
    ['get-company-data-status', `/companies/${company}/dataStatus`],
    ['list-pull-operations', `/companies/${company}/data/history`],
    ['get-pull-operation', `/companies/${company}/data/history/${UNKNOWN_ID}`],
    ['refresh-company-data', `/companies/${company}/data/all`, { method: 'POST' }],
  ];

  it('list-connections: 200 for pages, queries and orderings; 400; 401; 404; 429', async () => {
    const paths = [
      `/companies/${company}/connections`,
      `/companies/${company}/connections?page=2&pageSize=3&orderBy=-created`,
      `/companies/${company}/connections?query=${encodeURIComponent('{status=Linked || status=Deauthorized} && sourceType!=Commerce')}`,
      `/companies/${emulator.companies[1]!.id}/connections`,
      `/companies/${emulator.companies[2]!.id}/connections?page=3&pageSize=50`,
      `/companies/${emulator.companies[2]!.id}/connections?pageSize=2000`,
      `/companies/${emulator.companies[2]!.id}/connections?pageSize=5000`,
    ];
    for (const path of paths) assert.equal((await call('list-connections', path)).status, 200, path);
    assert.equal((await call('list-connections', `/companies/${company}/connections?query=status%3D%3DLinked`)).status, 400);
    assert.equal((await call('list-connections', `/companies/${company}/connections?pageSize=0`)).status, 400);
    assert.equal((await call('list-connections', `/companies/${company}/connections`, { headers: { Authorization: 'Basic bm9wZQ==' } })).status, 401);
    assert.equal((await call('list-connections', `/companies/${UNKNOWN_ID}/connections`)).status, 404);
    await call('list-connections', `/companies/${company}/connections`, { base: limited.url });
    const refused = await call('list-connections', `/companies/${company}/connections`, { base: limited.url });
    assert.equal(refused.status, 429);
  });

  it('the requests above are valid requests too', () => {
    const valid = validateRequest('list-connections', { params: { companyId: company, page: '2', pageSize: '3', orderBy: '-created' } });
    assert.deepEqual(valid.errors, []);
    assert.deepEqual(validateRequest('create-connection', { params: { companyId: company }, body: { platformKey: 'gbol' } }).errors, []);
    assert.deepEqual(
      validateRequest('unlink-connection', { params: { companyId: company, connectionId: UNKNOWN_ID }, body: { status: 'Unlinked' } }).errors,
      [],
    );
  });

  it('create-connection: 200; 400 for a disabled platform or a bad body; 401; 404 for an unknown company or platform', async () => {
    const created = await call('create-connection', `/companies/${company}/connections`, json('POST', { platformKey: 'gbol' }));
    assert.equal(created.status, 200);
    assert.equal(created.body.status, 'PendingAuth');
    assert.equal((await call('create-connection', `/companies/${company}/connections`, json('POST', { platformKey: 'pdvj' }))).status, 400);
    assert.equal((await call('create-connection', `/companies/${company}/connections`, json('POST', {}))).status, 400);
    assert.equal((await call('create-connection', `/companies/${company}/connections`, { ...json('POST', {}), body: 'not json' })).status, 400);
    assert.equal(
      (await call('create-connection', `/companies/${company}/connections`, { ...json('POST', { platformKey: 'gbol' }), headers: { Authorization: '' } }))
        .status,
      401,
    );
    assert.equal((await call('create-connection', `/companies/${UNKNOWN_ID}/connections`, json('POST', { platformKey: 'gbol' }))).status, 404);
    assert.equal((await call('create-connection', `/companies/${company}/connections`, json('POST', { platformKey: 'zzzz' }))).status, 404);
  });

  it('get-connection, unlink-connection, delete-connection: 200, 400, 401, 404', async () => {
    const created = await call('create-connection', `/companies/${company}/connections`, json('POST', { platformKey: 'ugxp' }));
    const path = `/companies/${company}/connections/${created.body.id}`;
    assert.equal((await call('get-connection', path)).status, 200);
    assert.equal((await call('get-connection', path, { headers: { Authorization: 'Bearer x' } })).status, 401);
    assert.equal((await call('get-connection', `/companies/${company}/connections/${UNKNOWN_ID}`)).status, 404);
    assert.equal((await call('unlink-connection', path, json('PATCH', { status: 'Unlinked' }))).status, 400, 'PendingAuth cannot be unlinked');
    const linked = (await call('list-connections', `/companies/${company}/connections?query=status%3DLinked`)).body.results[0];
    assert.equal((await call('unlink-connection', `/companies/${company}/connections/${linked.id}`, json('PATCH', { status: 'Unlinked' }))).status, 200);
    assert.equal((await call('unlink-connection', `/companies/${company}/connections/${UNKNOWN_ID}`, json('PATCH', { status: 'Unlinked' }))).status, 404);
    assert.equal((await call('delete-connection', path, { method: 'DELETE' })).status, 200);
    assert.equal((await call('delete-connection', path, { method: 'DELETE' })).status, 404);
    assert.equal((await call('delete-connection', path, { method: 'DELETE', headers: { Authorization: '' } })).status, 401);
  });

  it('list-integrations, get-integration, get-integrations-branding: 200, 400, 401, 404', async () => {
    assert.equal((await call('list-integrations', '/integrations')).status, 200);
    assert.equal((await call('list-integrations', '/integrations?page=1&pageSize=5000')).status, 200, 'as the core asks for them');
    assert.equal(
      (await call('list-integrations', `/integrations?pageSize=5&page=2&query=${encodeURIComponent('sourceType=Banking || enabled=false')}&orderBy=-name`))
        .status,
      200,
    );
    assert.equal((await call('list-integrations', '/integrations?query=nope%3D1')).status, 400);
    assert.equal((await call('list-integrations', '/integrations', { headers: { Authorization: '' } })).status, 401);
    for (const key of ['gbol', 'hcuq', 'cnpl', 'pdvj']) {
      assert.equal((await call('get-integration', `/integrations/${key}`)).status, 200);
      assert.equal((await call('get-integrations-branding', `/integrations/${key}/branding`)).status, 200);
    }
    assert.equal((await call('get-integration', '/integrations/zzzz')).status, 404);
    assert.equal((await call('get-integrations-branding', '/integrations/zzzz/branding')).status, 404);
    assert.equal((await call('get-integration', '/integrations/gbol', { headers: { Authorization: '' } })).status, 401);
  });

  it('list-companies, get-company: 200, 400, 401, 404', async () => {
    assert.equal((await call('list-companies', '/companies')).status, 200);
    assert.equal((await call('list-companies', '/companies?page=2&pageSize=1&orderBy=name')).status, 200);
    assert.equal((await call('list-companies', '/companies?query=%7Bname%3D')).status, 400);
    assert.equal((await call('list-companies', '/companies', { headers: { Authorization: '' } })).status, 401);
    for (const { id } of emulator.companies) assert.equal((await call('get-company', `/companies/${id}`)).status, 200);
    assert.equal((await call('get-company', `/companies/${UNKNOWN_ID}`)).status, 404);
  });

  it('get-company-data-status, list-pull-operations, get-pull-operation, refresh-company-data: 200 or 204 in every pull state; 400; 401; 404', async () => {
    // A clock the test moves, so that answers are checked while pulls are Queued, Fetching and settled.
    const { createEmulator, EMPTY_COMPANY_ID } = await import('@codat-connections/emulator');
    const start = Date.parse('2025-01-02T03:04:05Z');
    let time = start;
    const clocked = createEmulator({ apiKey: API_KEY, rateLimit: false, now: () => new Date(time), pullDuration: 1000 });
    const clockedServer = await listen(clocked.fetch);
    const base = clockedServer.url;
    const history = `/companies/${company}/data/history`;
    const everyAnswer = async () => {
      assert.equal((await call('get-company-data-status', `/companies/${company}/dataStatus`, { base })).status, 200);
      const page = await call('list-pull-operations', `${history}?orderBy=-requested&pageSize=40`, { base });
      assert.equal(page.status, 200);
      for (const { id } of page.body.results.slice(0, 20)) assert.equal((await call('get-pull-operation', `${history}/${id}`, { base })).status, 200);
      return page.body.results as Array<{ status: string }>;
    };
    try {
      const seeded = await everyAnswer();
      assert.ok(seeded.some((operation) => operation.status === 'FetchError'));
      assert.equal((await call('refresh-company-data', `/companies/${company}/data/all`, { base, method: 'POST' })).status, 204);
      assert.ok((await everyAnswer()).some((operation) => operation.status === 'Queued'));
      time = start + 500;
      assert.ok((await everyAnswer()).some((operation) => operation.status === 'Fetching'));
      time = start + 1000;
      assert.ok((await everyAnswer()).some((operation) => operation.status === 'Complete'));

      const queries = ['dataType=invoices', 'status!=Complete && status!=NotSupported', `{connectionId=${UNKNOWN_ID} || progress<100} && requested>2024-01-01`];
      for (const query of queries) assert.equal((await call('list-pull-operations', `${history}?query=${encodeURIComponent(query)}`, { base })).status, 200);
      assert.equal((await call('list-pull-operations', `${history}?page=3&pageSize=5`, { base })).status, 200);
      assert.equal((await call('list-pull-operations', `${history}?query=isCompleted%3Dtrue`, { base })).status, 400);
      assert.equal((await call('list-pull-operations', `${history}?pageSize=0`, { base })).status, 400);
      assert.equal((await call('get-company-data-status', `/companies/${EMPTY_COMPANY_ID}/dataStatus`, { base })).status, 200);
      assert.equal((await call('refresh-company-data', `/companies/${EMPTY_COMPANY_ID}/data/all`, { base, method: 'POST' })).status, 204);
      assert.equal((await call('list-pull-operations', `/companies/${EMPTY_COMPANY_ID}/data/history`, { base })).status, 200);
      for (const [operationId, path, init] of [
        ['get-company-data-status', `/companies/${UNKNOWN_ID}/dataStatus`],
        ['list-pull-operations', `/companies/${UNKNOWN_ID}/data/history`],
        ['get-pull-operation', `${history}/${UNKNOWN_ID}`],
        ['get-pull-operation', `/companies/${UNKNOWN_ID}/data/history/${UNKNOWN_ID}`],
        ['refresh-company-data', `/companies/${UNKNOWN_ID}/data/all`, { method: 'POST' }],
      ] as Array<[string, string, RequestInit?]>) {
        assert.equal((await call(operationId, path, { ...init, base })).status, 404, path);
      }
    } finally {
      await clockedServer.close();
    }
    assert.deepEqual(validateRequest('list-pull-operations', { params: { companyId: company, page: '3', pageSize: '5', orderBy: '-requested' } }).errors, []);
    assert.deepEqual(validateRequest('get-pull-operation', { params: { companyId: company, datasetId: UNKNOWN_ID } }).errors, []);
    assert.deepEqual(validateRequest('refresh-company-data', { params: { companyId: company } }).errors, []);
  });

  it('every operation answers 401 without the API key and 429 past the rate limit, as Codat error bodies', async () => {
    strict.reset();
    await call('list-integrations', '/integrations', { base: limited.url });
    for (const [operationId, path, init] of everyOperation()) {
      assert.equal(
        (await call(operationId, path, { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: '' } })).status,
        401,
        operationId,
      );
      const refused = await call(operationId, path, { ...init, base: limited.url });
      assert.equal(refused.status, 429, operationId);
      assert.match(refused.headers.get('Retry-After') ?? '', /^\d+$/, operationId);
    }
  });

  it('injected 500 and 503 errors are Codat error bodies for every operation', async () => {
    const operations = everyOperation();
    for (const status of [500, 503]) {
      emulator.setFaults({ forceStatus: { status, count: operations.length } });
      for (const [operationId, path, init] of operations) assert.equal((await call(operationId, path, init)).status, status);
    }
    emulator.setFaults({});
  });

  it('covered every status of every operation it set out to', () => {
    const expected = [
      'list-connections 200',
      'list-connections 400',
      'list-connections 401',
      'list-connections 404',
      'list-connections 429',
      'create-connection 200',
      'create-connection 400',
      'create-connection 401',
      'create-connection 404',
      'get-connection 200',
      'get-connection 401',
      'get-connection 404',
      'unlink-connection 200',
      'unlink-connection 400',
      'unlink-connection 404',
      'delete-connection 200',
      'delete-connection 401',
      'delete-connection 404',
      'list-integrations 200',
      'list-integrations 400',
      'list-integrations 401',
      'get-integration 200',
      'get-integration 401',
      'get-integration 404',
      'get-integrations-branding 200',
      'get-integrations-branding 404',
      'list-companies 200',
      'list-companies 400',
      'list-companies 401',
      'get-company 200',
      'get-company 404',
      'get-company-data-status 200',
      'get-company-data-status 404',
      'list-pull-operations 200',
      'list-pull-operations 400',
      'list-pull-operations 404',
      'get-pull-operation 200',
      'get-pull-operation 404',
      'refresh-company-data 204',
      'refresh-company-data 404',
    ];
    for (const operationId of [
      'list-connections',
      'create-connection',
      'get-connection',
      'unlink-connection',
      'delete-connection',
      'list-integrations',
      'get-integration',
      'get-integrations-branding',
      'list-companies',
      'get-company',
      'get-company-data-status',
      'list-pull-operations',
      'get-pull-operation',
      'refresh-company-data',
    ]) {
      expected.push(`${operationId} 401`, `${operationId} 429`, `${operationId} 500`, `${operationId} 503`);
    }
    assert.deepEqual(
      expected.filter((key) => !seen.has(key)),
      [],
    );
  });
});
