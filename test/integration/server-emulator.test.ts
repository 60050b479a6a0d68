import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createConnectionsHandler } from '@codat-connections/server';
import { listen, type Listening } from '../helpers/listen.js';

const emulatorBuilt = existsSync(new URL('../../packages/emulator/dist/index.js', import.meta.url));
const skip = emulatorBuilt ? false : 'packages/emulator is not built; run `npm run build` first';
const API_KEY = 'integration-api-key';

describe('server in front of the emulator, over HTTP', { skip }, () => {
  let emulator: Listening;
  let server: Listening;
  let companyId: string;
  let auth: Record<string, string>;
  let direct: Record<string, string>;
  const upstreamPosts: string[] = [];
  before(async () => {
    const { createEmulator, DEMO_COMPANY_ID } = await import('@codat-connections/emulator');
    companyId = DEMO_COMPANY_ID;
    const app = createEmulator({ apiKey: API_KEY });
    emulator = await listen((request) => {
      if (request.method === 'POST') upstreamPosts.push(new URL(request.url).pathname);
      return app.fetch(request);
    });
    const handler = createConnectionsHandler({
      apiKey: API_KEY,
      secret: crypto.getRandomValues(new Uint8Array(32)),
      upstream: emulator.url,
      authorize: async () => ({
        companyId,
        permissions: ['connections:read', 'connections:link', 'connections:unlink', 'connections:delete', 'connections:refresh'],
      }),
    });
    server = await listen(handler);
    const grant = await (await fetch(`${server.url}/api/codat/token`, { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' } })).json();
    auth = { Authorization: `Bearer ${grant.accessToken}` };
    direct = { Authorization: `Basic ${Buffer.from(API_KEY).toString('base64')}` };
  });
  after(async () => {
    await server?.close();
    await emulator?.close();
  });

  const via = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/api/codat${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });

  it('answers a list exactly as the emulator does', async () => {
    const path = `/companies/${companyId}/connections?page=1&pageSize=2`;
    const proxied = await via(path);
    const straight = await fetch(`${emulator.url}${path}`, { headers: direct });
    assert.equal(proxied.status, straight.status);
    assert.deepEqual(await proxied.json(), await straight.json());
    for (const name of ['X-Rate-Limit-Limit', 'X-Rate-Limit-Remaining']) {
      if (straight.headers.has(name)) assert.ok(proxied.headers.has(name), name);
    }
  });

  it("creates, gets, deletes a connection; then Codat's own 404 comes through", async () => {
    const created = await via(`/companies/${companyId}/connections`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ platformKey: 'gbol' }),
    });
    assert.equal(created.status, 200);
    const connection = await created.json();
    assert.equal(connection.status, 'PendingAuth');
    assert.match(connection.linkUrl, /^http/);
    const got = await via(`/companies/${companyId}/connections/${connection.id}`);
    assert.deepEqual(await got.json(), connection);
    assert.equal((await via(`/companies/${companyId}/connections/${connection.id}`, { method: 'DELETE' })).status, 200);
    const gone = await via(`/companies/${companyId}/connections/${connection.id}`);
    assert.equal(gone.status, 404);
    const error = await gone.json();
    assert.equal(error.statusCode, 404);
    assert.notEqual(error.service, 'codat-connections-server');
  });

  describe("create-connection looks for the platform's PendingAuth connection first", () => {
    const create = (platformKey: string) =>
      via(`/companies/${companyId}/connections`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ platformKey }) });
    /** The company's connections of a platform, read from the emulator directly. */
    const held = async (platformKey: string) => {
      const query = encodeURIComponent(`integrationKey=${platformKey}`);
      return (await (await fetch(`${emulator.url}/companies/${companyId}/connections?query=${query}`, { headers: direct })).json()).results as Array<{
        id: string;
        status: string;
      }>;
    };

    it('a second create answers the connection the first made: one connection at Codat, one POST upstream', async () => {
      const posts = upstreamPosts.length;
      const first = await create('akxx');
      const second = await create('akxx');
      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      const connection = await first.json();
      assert.deepEqual(await second.json(), connection);
      assert.deepEqual(
        (await held('akxx')).map((each) => each.id),
        [connection.id],
      );
      assert.equal(upstreamPosts.length - posts, 1);
    });

    it('answers the PendingAuth connection Codat already held (the seeded QuickBooks Online one)', async () => {
      const [seeded] = (await held('qhyg')).filter((each) => each.status === 'PendingAuth');
      const response = await create('qhyg');
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), seeded);
      assert.equal((await held('qhyg')).length, 1);
    });

    it("creates a new connection when the platform's only connection is Unlinked", async () => {
      const [unlinked] = await held('rvtn');
      assert.equal(unlinked!.status, 'Unlinked');
      const response = await create('rvtn');
      const connection = await response.json();
      assert.equal(connection.status, 'PendingAuth');
      assert.notEqual(connection.id, unlinked!.id);
      assert.equal((await held('rvtn')).length, 2);
    });
  });

  it('unlinks a Linked connection', async () => {
    const page = await (await via(`/companies/${companyId}/connections?query=${encodeURIComponent('status=Linked')}`)).json();
    const linked = page.results[0];
    assert.ok(linked, 'the emulator seeds a Linked connection');
    const response = await via(`/companies/${companyId}/connections/${linked.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: '{"status":"Unlinked"}',
    });
    assert.equal(response.status, 200);
    assert.equal((await response.json()).status, 'Unlinked');
  });

  it("lists integrations and an integration's branding", async () => {
    const integrations = await via('/integrations?pageSize=100');
    assert.equal(integrations.status, 200);
    const page = await integrations.json();
    assert.ok(page.results.length >= 10);
    const key = page.results[0].key;
    assert.equal((await via(`/integrations/${key}`)).status, 200);
    assert.equal((await via(`/integrations/${key}/branding`)).status, 200);
  });
  describe('data freshness', () => {
    it("answers data status and one connection's pull operations exactly as the emulator does", async () => {
      for (const path of [`/companies/${companyId}/dataStatus`, `/companies/${companyId}/data/history?page=1&pageSize=100`]) {
        const proxied = await via(path);
        const straight = await fetch(`${emulator.url}${path}`, { headers: direct });
        assert.equal(proxied.status, 200, path);
        assert.deepEqual(await proxied.json(), await straight.json(), path);
      }
      const { results } = await (await via(`/companies/${companyId}/connections?pageSize=100`)).json();
      const linked = results.find((connection: { status: string }) => connection.status === 'Linked');
      const query = new URLSearchParams({ page: '1', pageSize: '100', query: `connectionId=${linked.id}` });
      const history = await (await via(`/companies/${companyId}/data/history?${query}`)).json();
      assert.ok(history.results.length > 0);
      assert.ok(history.results.every((operation: { connectionId: string }) => operation.connectionId === linked.id));
    });

    it('queues a refresh through the handler: 204, and new pull operations appear', async () => {
      const before = (await (await via(`/companies/${companyId}/data/history?page=1&pageSize=5000`)).json()).totalResults;
      const refreshed = await via(`/companies/${companyId}/data/all`, { method: 'POST' });
      assert.equal(refreshed.status, 204);
      const after = (await (await via(`/companies/${companyId}/data/history?page=1&pageSize=5000`)).json()).totalResults;
      assert.ok(after > before, `${after} pull operations after the refresh, ${before} before`);
    });
  });
});

describe("the emulator's failures through the server, over HTTP", { skip }, () => {
  let app: import('@codat-connections/emulator').Emulator;
  let emulator: Listening;
  let server: Listening;
  let list: string;
  let auth: Record<string, string>;
  before(async () => {
    const { createEmulator, DEMO_COMPANY_ID } = await import('@codat-connections/emulator');
    app = createEmulator({ apiKey: API_KEY, faults: true, rateLimit: { limit: 2, windowSeconds: 60 } });
    // The emulator gets the Node adapter's env, so a dropped connection closes the socket.
    emulator = await listen(app.fetch);
    server = await listen(
      createConnectionsHandler({
        apiKey: API_KEY,
        secret: crypto.getRandomValues(new Uint8Array(32)),
        upstream: emulator.url,
        upstreamTimeout: 200,
        log: () => undefined,
        authorize: async () => ({ companyId: DEMO_COMPANY_ID }),
      }),
    );
    const grant = await (await fetch(`${server.url}/api/codat/token`, { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' } })).json();
    list = `${server.url}/api/codat/companies/${DEMO_COMPANY_ID}/connections`;
    auth = { Authorization: `Bearer ${grant.accessToken}` };
  });
  beforeEach(() => app.reset());
  after(async () => {
    await server?.close();
    await emulator?.close();
  });

  it("passes Codat's 429 on with Retry-After and X-Rate-Limit-*, and nothing else of Codat's headers", async () => {
    for (let i = 0; i < 2; i += 1) assert.equal((await fetch(list, { headers: auth })).status, 200);
    const refused = await fetch(list, { headers: auth });
    assert.equal(refused.status, 429);
    assert.match(refused.headers.get('Retry-After') ?? '', /^\d+$/);
    assert.equal(refused.headers.get('X-Rate-Limit-Limit'), '2');
    assert.equal(refused.headers.get('X-Rate-Limit-Remaining'), '0');
    assert.ok(refused.headers.get('X-Rate-Limit-Reset'));
    const error = await refused.json();
    assert.equal(error.statusCode, 429);
    assert.equal(error.service, 'PublicApi');
  });

  it("passes Codat's own 503 on with its body", async () => {
    app.setFaults({ forceStatus: { status: 503, count: 1 } });
    const response = await fetch(list, { headers: auth });
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('Retry-After'), '1');
    assert.equal((await response.json()).service, 'PublicApi');
  });

  it('answers 502 when Codat drops the connection and 504 when it answers too late', async () => {
    app.setFaults({ drop: 1 });
    const dropped = await fetch(list, { headers: auth });
    assert.equal(dropped.status, 502);
    assert.equal((await dropped.json()).service, 'codat-connections-server');
    app.setFaults({ latency: 400 });
    const slow = await fetch(list, { headers: auth });
    assert.equal(slow.status, 504);
    assert.equal((await slow.json()).service, 'codat-connections-server');
  });
});
