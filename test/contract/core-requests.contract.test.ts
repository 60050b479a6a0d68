import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createConnectionsHandler } from '@codat-connections/server';
import { createConnectionsClient } from '@codat-connections/core';
import { pullOperation } from '../helpers/fixtures.js';
import { listen, type Listening } from '../helpers/listen.js';
import { operation, specMissing, validateRequest, validateResponse } from '../helpers/openapi.js';

// Every request the core sends for an operation, recorded at its `fetch` and checked against the
// operation Codat's OpenAPI description declares: method, path, query parameters and JSON body.
// The core talks to the token handler, which serves Codat's paths below its `/api/codat` prefix;
// the prefix is taken off before matching.
//
// The emulator does not serve the data-freshness operations yet: until it does, the handler's
// upstream `fetch` answers them from `freshnessStub` (whose answers are themselves checked against
// the description below) and sends everything else to the emulator.
const emulatorBuilt = existsSync(new URL('../../packages/emulator/dist/index.js', import.meta.url));
const skip = specMissing || (emulatorBuilt ? false : 'packages/emulator is not built; run `npm run build` first');
const API_KEY = 'core-contract-api-key';
const PREFIX = '/api/codat';

interface Sent {
  method: string;
  url: URL;
  body: unknown;
}

/** The operation a request is for, with its path parameters, by the description's path templates. */
function match(sent: Sent): { operationId: string; params: Record<string, unknown> } {
  const path = sent.url.pathname.slice(PREFIX.length);
  const candidates = [
    'list-connections',
    'create-connection',
    'get-connection',
    'unlink-connection',
    'delete-connection',
    'list-integrations',
    'get-company-data-status',
    'list-pull-operations',
    'get-pull-operation',
    'refresh-company-data',
  ];
  for (const operationId of candidates) {
    const info = operation(operationId);
    const names: string[] = [];
    const pattern = new RegExp(`^${info.path.replace(/\{([^}]+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
    const found = pattern.exec(path);
    if (!found || info.method !== sent.method) continue;
    const params: Record<string, unknown> = Object.fromEntries(sent.url.searchParams);
    names.forEach((name, index) => (params[name] = decodeURIComponent(found[index + 1]!)));
    return { operationId, params };
  }
  throw new Error(`no operation in Codat's description for ${sent.method} ${path}`);
}

const DATASET = '97d60846-f07a-4d42-b5a0-0bdcc6ebf56b';
const CONNECTION = '51baa045-4836-4317-a42e-3542e991e581';

/** Codat's answers to the data-freshness operations, by operation: what the emulator will serve. */
function freshnessStub(method: string, path: string): { operationId: string; status: number; body?: unknown } | undefined {
  const companyId = /^\/companies\/([^/]+)\//.exec(path)?.[1] ?? '';
  const read = pullOperation({ id: DATASET, companyId, connectionId: CONNECTION, completed: '2024-01-01T00:01:00Z' });
  if (method === 'GET' && path.endsWith('/dataStatus')) {
    const invoices = {
      dataType: 'invoices',
      currentStatus: 'Complete',
      lastSuccessfulSync: '2024-01-01T00:01:00Z',
      latestSyncId: DATASET,
      latestSuccessfulSyncId: DATASET,
    };
    return { operationId: 'get-company-data-status', status: 200, body: { invoices, bills: null } };
  }
  if (method === 'GET' && path.endsWith('/data/history')) {
    const links = { self: { href: path }, current: { href: path } };
    return {
      operationId: 'list-pull-operations',
      status: 200,
      body: { results: [read], pageNumber: 1, pageSize: 100, totalResults: 1, _links: links },
    };
  }
  if (method === 'GET' && path.endsWith(`/data/history/${DATASET}`)) return { operationId: 'get-pull-operation', status: 200, body: read };
  if (method === 'POST' && path.endsWith('/data/all')) return { operationId: 'refresh-company-data', status: 204 };
  return undefined;
}

describe("requests the core sends match Codat's OpenAPI description", { skip }, () => {
  let emulator: Listening;
  let server: Listening;
  const sent: Sent[] = [];
  const checked = new Set<string>();
  const stubbedAnswers: Array<NonNullable<ReturnType<typeof freshnessStub>>> = [];

  before(async () => {
    const { createEmulator, DEMO_COMPANY_ID } = await import('@codat-connections/emulator');
    const app = createEmulator({ apiKey: API_KEY, rateLimit: false });
    emulator = await listen(app.fetch);
    server = await listen(
      createConnectionsHandler({
        apiKey: API_KEY,
        secret: crypto.getRandomValues(new Uint8Array(32)),
        upstream: emulator.url,
        basePath: PREFIX,
        fetch: async (input, init) => {
          const request = new Request(input, init);
          const stubbed = freshnessStub(request.method, new URL(request.url).pathname);
          if (!stubbed) return fetch(request);
          stubbedAnswers.push(stubbed);
          return stubbed.body === undefined ? new Response(null, { status: stubbed.status }) : Response.json(stubbed.body, { status: stubbed.status });
        },
        authorize: async () => ({
          companyId: DEMO_COMPANY_ID,
          permissions: ['connections:read', 'connections:link', 'connections:unlink', 'connections:delete', 'connections:refresh'],
        }),
      }),
    );
    const client = createConnectionsClient({
      token: `${server.url}${PREFIX}/token`,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const text = await request.clone().text();
        sent.push({ method: request.method, url: new URL(request.url), body: text ? JSON.parse(text) : undefined });
        return fetch(request);
      },
    });
    await client.list();
    await client.list({ page: 1, pageSize: 5, query: 'status=Linked', orderBy: '-created' });
    for await (const each of client.listAll({ pageSize: 2 })) void each;
    const created = await client.create('gbol');
    await client.get(created.id);
    await client.delete(created.id);
    const linked = (await client.list({ query: 'status=Linked' })).results[0]!;
    await client.unlink(linked.id);
    await client.integrations({ sourceType: 'Accounting' });
    await client.dataStatus();
    await client.pullOperations();
    await client.pullOperations({ connectionId: CONNECTION, dataType: 'banking-accounts', page: 1, pageSize: 10, orderBy: '-requested' });
    await client.pullOperation(DATASET);
    await client.refresh();
  });
  after(async () => {
    await server?.close();
    await emulator?.close();
  });

  it('sends every operation it has, besides the token request', () => {
    const operations = sent.filter((request) => !request.url.pathname.endsWith('/token')).map((request) => match(request).operationId);
    assert.deepEqual([...new Set(operations)].sort(), [
      'create-connection',
      'delete-connection',
      'get-company-data-status',
      'get-connection',
      'get-pull-operation',
      'list-connections',
      'list-integrations',
      'list-pull-operations',
      'refresh-company-data',
      'unlink-connection',
    ]);
  });

  it('each request is valid for its operation: parameters, values and body', () => {
    for (const request of sent) {
      if (request.url.pathname === `${PREFIX}/token`) continue;
      const { operationId, params } = match(request);
      const result = validateRequest(operationId, { params, body: request.body });
      assert.ok(result.valid, `${request.method} ${request.url.pathname}${request.url.search}: ${result.errors.join('; ')}`);
      checked.add(operationId);
    }
    assert.equal(checked.size, 10);
  });

  it('bodies are sent as JSON where the description takes one, and not elsewhere', () => {
    for (const request of sent) {
      if (request.url.pathname === `${PREFIX}/token`) continue;
      const expectsBody = operation(match(request).operationId).operation.requestBody !== undefined;
      assert.equal(request.body !== undefined, expectsBody, `${request.method} ${request.url.pathname}`);
    }
  });

  it('the stand-in answers the data-freshness operations as the description says Codat does', () => {
    assert.deepEqual([...new Set(stubbedAnswers.map((answer) => answer.operationId))].sort(), [
      'get-company-data-status',
      'get-pull-operation',
      'list-pull-operations',
      'refresh-company-data',
    ]);
    for (const { operationId, status, body } of stubbedAnswers) {
      const result = validateResponse(operationId, status, body);
      assert.ok(result.valid && result.declared, `${operationId} ${status}: ${result.errors.join('; ')}`);
    }
  });
});
