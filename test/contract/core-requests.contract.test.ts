import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createConnectionsHandler } from '@codat-connections/server';
import { createConnectionsClient } from '@codat-connections/core';
import { listen, type Listening } from '../helpers/listen.js';
import { operation, specMissing, validateRequest, validateResponse } from '../helpers/openapi.js';
import { readWithCodatSdk } from '../helpers/codat-sdk.js';

// Every request the core sends for an operation, recorded at its `fetch` and checked against the
// operation Codat's OpenAPI description declares: method, path, query parameters and JSON body.
// The core talks to the token handler, which serves Codat's paths below its `/api/codat` prefix;
// the prefix is taken off before matching.
//
// The answers the handler had from the emulator for them are checked too: against the
// description, and read through Codat's own SDK.
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
function match(sent: Sent, prefix = PREFIX): { operationId: string; params: Record<string, unknown> } {
  const path = sent.url.pathname.slice(prefix.length);
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

const CONNECTION = '51baa045-4836-4317-a42e-3542e991e581';

/** An answer the handler had from the emulator. */
interface Answer {
  request: Sent;
  status: number;
  text: string;
  headers: Headers;
}

describe("requests the core sends match Codat's OpenAPI description", { skip }, () => {
  let emulator: Listening;
  let server: Listening;
  const sent: Sent[] = [];
  const checked = new Set<string>();
  const answers: Answer[] = [];

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
          const response = await fetch(request);
          const text = await response.clone().text();
          answers.push({
            request: { method: request.method, url: new URL(request.url), body: undefined },
            status: response.status,
            text,
            headers: response.headers,
          });
          return response;
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
    await client.pullOperation((await client.pullOperations()).results[0]!.id);
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

  it("the emulator's answers are Codat's: valid for the description and read by Codat's SDK", async () => {
    const answered = new Set<string>();
    for (const { request, status, text, headers } of answers) {
      const { operationId } = match(request, '');
      const body = text === '' ? undefined : JSON.parse(text);
      const result = validateResponse(operationId, status, body);
      assert.ok(result.valid && result.declared, `${operationId} ${status}: ${result.errors.join('; ')}`);
      const reading = await readWithCodatSdk(operationId, new Response(text === '' ? null : text, { status, headers }));
      assert.equal(reading.kind, 'value', `${operationId} ${status}: ${reading.kind === 'refused' ? reading.message : reading.kind}`);
      answered.add(operationId);
    }
    assert.equal(answered.size, 10);
  });
});
