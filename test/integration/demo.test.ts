import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { listen, type Listening } from '../helpers/listen.js';

// The demo stack needs the emulator's build output.
const emulatorBuilt = existsSync(new URL('../../packages/emulator/dist/index.js', import.meta.url));
const skip = emulatorBuilt ? false : 'packages/emulator is not built; run `npm run build` first';

describe('demo app (npm start) over HTTP', { skip }, () => {
  let server: Listening;
  let app: { fetch(request: Request): Promise<Response> };
  before(async () => {
    const { createDemoApp } = await import('../../demo/app.js');
    server = await listen((request) => app.fetch(request));
    app = createDemoApp({ origin: server.url });
  });
  after(() => server.close());

  const signIn = async (user: string) => {
    const response = await fetch(`${server.url}/demo/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user }),
    });
    return { response, cookie: response.headers.get('Set-Cookie')?.split(';')[0] ?? '' };
  };
  /** Asks the Codat handler (or the dataholder handler) for a token, as the page does. */
  const token = async (cookie: string, handler: 'codat' | 'dataholder' = 'codat') =>
    fetch(`${server.url}/api/${handler}/token`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-Requested-With': 'codat-connections', Origin: server.url },
      body: '{}',
    });

  it('serves the page and its files with a strict CSP and no inline script or style', async () => {
    const pages = [
      '/',
      '/page.js',
      '/styles.css',
      '/codat-return.html',
      '/codat-return.js',
      '/banks.html',
      '/banks.js',
      '/event-log.js',
      '/examples/plain.html',
      '/examples/react.html',
    ];
    for (const path of pages) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 200, path);
      const csp = response.headers.get('Content-Security-Policy') ?? '';
      assert.match(csp, /script-src 'self';/);
      assert.match(csp, /style-src 'self';/);
      assert.match(csp, /frame-ancestors 'none'/);
      const body = await response.text();
      if (path.endsWith('.html') || path === '/') {
        assert.doesNotMatch(body, /<script(?![^>]*\bsrc=)[^>]*>/, `${path} has an inline script`);
        assert.doesNotMatch(body, /<style|\sstyle=|\son[a-z]+=/i, `${path} has inline style or handlers`);
      }
    }
  });

  it('serves the standalone element, its locale chunks and the examples the page links', async () => {
    const page = await (await fetch(server.url)).text();
    for (const path of ['/modules/codat-connections.js', '/page.js', ...Array.from(page.matchAll(/href="(\/examples\/[^"]+)"/g), (match) => match[1]!)]) {
      assert.equal((await fetch(`${server.url}${path}`)).status, 200, path);
    }
    const element = await (await fetch(`${server.url}/modules/codat-connections.js`)).text();
    for (const [, chunk] of element.matchAll(/"\.\/(chunks\/[\w-]+\.js)"/g)) {
      assert.equal((await fetch(`${server.url}/modules/${chunk}`)).status, 200, chunk);
    }
    assert.match(element, /chunks\/fr\.js/, 'French is a chunk loaded on demand');
  });

  it('serves nothing outside the folders it names', async () => {
    const paths = ['/app.js?', '/../package.json', '/%2e%2e/package.json', '/server.js', '/session.js', '/.env'];
    paths.push('/modules/esm/index.js', '/modules/../../package.json', '/examples/%2e%2e/%2e%2e/app.js', '/modules/chunks/..%2f..%2fpackage.json');
    for (const path of paths) {
      const response = await fetch(`${server.url}${path}`);
      const body = await response.text();
      assert.ok(response.status === 404 || !body.includes('createDemoApp'), path);
    }
  });

  it('signs in with an HttpOnly, SameSite=Lax cookie, says who, and signs out', async () => {
    const { response, cookie } = await signIn('alice');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('Set-Cookie') ?? '', /HttpOnly/);
    assert.match(response.headers.get('Set-Cookie') ?? '', /SameSite=Lax/);
    const who = await (await fetch(`${server.url}/demo/session`, { headers: { Cookie: cookie } })).json();
    assert.equal(who.user, 'alice');
    const out = await fetch(`${server.url}/demo/session`, { method: 'DELETE', headers: { Cookie: cookie } });
    assert.match(out.headers.get('Set-Cookie') ?? '', /Max-Age=0/);
    assert.equal((await signIn('mallory')).response.status, 400);
  });

  it('issues tokens only to signed-in users, with delete for admin only', async () => {
    assert.equal((await token('')).status, 401);
    const alice = await (await token((await signIn('alice')).cookie)).json();
    const admin = await (await token((await signIn('admin')).cookie)).json();
    assert.equal(alice.baseUrl, `${server.url}/api/codat`);
    const permissions = (grant: { accessToken: string }) => JSON.parse(Buffer.from(grant.accessToken.split('.')[1]!, 'base64url').toString()).permissions;
    assert.ok(!permissions(alice).includes('connections:delete'));
    assert.ok(permissions(admin).includes('connections:delete'));
  });

  it("lists the signed-in demo user's bank connections through the dataholder handler and its emulator, and serves the dataholder module", async () => {
    const grant = await (await token((await signIn('alice')).cookie, 'dataholder')).json();
    assert.equal(grant.baseUrl, `${server.url}/api/dataholder`);
    const list = await fetch(`${grant.baseUrl}/connections`, { headers: { Authorization: `Bearer ${grant.accessToken}` } });
    assert.equal(list.status, 200);
    const statuses = ((await list.json()) as { results: Array<{ status: string }> }).results.map((connection) => connection.status);
    assert.deepEqual([...new Set(statuses)].sort(), ['ACTIVE', 'DISCONNECTED', 'EXPIRED', 'INITIATED', 'REVOKED_BY_DATAHOLDER']);
    const module = await fetch(`${server.url}/modules/codat-connections-dataholder.js`);
    assert.equal(module.status, 200);
    assert.match(await module.text(), /from".\/codat-connections.js"/);
  });

  it("dates the demo user's bank connections recently and in order: connected, then read, then disconnected, then now", async () => {
    const grant = await (await token((await signIn('alice')).cookie, 'dataholder')).json();
    const list = await fetch(`${grant.baseUrl}/connections`, { headers: { Authorization: `Bearer ${grant.accessToken}` } });
    const connections = ((await list.json()) as { results: Array<{ id: string; status: string; connectionState: Record<string, unknown> }> }).results;
    const now = Date.now();
    const day = 86_400_000;
    const at = (date: unknown, what: string) => {
      const time = Date.parse(String(date));
      assert.ok(time <= now && time > now - 2 * 365 * day, `${what}: ${date}, not in the two years before now`);
      return time;
    };
    for (const { id, status, connectionState } of connections) {
      const name = `${status} connection ${id}`;
      const { connectedAt, disconnectedAt } = connectionState;
      const reads = Object.entries(connectionState).flatMap(([metric, read]) =>
        typeof read === 'object' && read !== null ? [{ metric, ...(read as { lastSuccess: string | null; lastUpdated: string }) }] : [],
      );
      if (status === 'INITIATED') {
        assert.deepEqual([connectedAt, reads], [null, []], `${name} is not connected yet`);
        continue;
      }
      const connected = at(connectedAt, `${name} connected`);
      const disconnected = disconnectedAt === null ? now : at(disconnectedAt, `${name} disconnected`);
      assert.ok(reads.length > 0, name);
      for (const read of reads) {
        const updated = at(read.lastUpdated, `${name}: ${read.metric} read`);
        assert.ok(connected < updated && updated < disconnected, `${name}: ${read.metric} read while connected`);
        if (read.lastSuccess !== null) {
          const succeeded = at(read.lastSuccess, `${name}: ${read.metric} last read in full`);
          assert.ok(connected < succeeded && succeeded <= updated, `${name}: ${read.metric} last read in full while connected, by its latest read`);
        }
        if (status === 'ACTIVE') assert.ok(now - updated < day, `${name}: ${read.metric} read within a day`);
      }
    }
  });

  it("lists the signed-in company's connections through the handler and the emulator", async () => {
    const grant = await (await token((await signIn('alice')).cookie)).json();
    const response = await fetch(`${grant.baseUrl}/companies/${grant.companyId}/connections`, {
      headers: { Authorization: `Bearer ${grant.accessToken}` },
    });
    assert.equal(response.status, 200);
    const page = await response.json();
    assert.ok(Array.isArray(page.results) && page.results.length > 0);
  });

  it("dates the company's connections, reads and errors recently and in order: created, then read, then last synced, then now", async () => {
    const grant = await (await token((await signIn('alice')).cookie)).json();
    const read = async (path: string) => {
      const response = await fetch(`${grant.baseUrl}/companies/${grant.companyId}${path}`, { headers: { Authorization: `Bearer ${grant.accessToken}` } });
      assert.equal(response.status, 200, path);
      return response.json();
    };
    interface Connection {
      id: string;
      status: string;
      created: string;
      lastSync?: string;
      dataConnectionErrors?: Array<{ erroredOnUtc?: string; resolvedOnUtc?: string }>;
    }
    const connections: Connection[] = (await read('/connections?pageSize=100')).results;
    const reads: Array<{ connectionId: string; dataType: string; status: string; requested: string; completed?: string }> = (
      await read('/data/history?pageSize=500')
    ).results;
    const statuses: Record<string, { lastSuccessfulSync?: string }> = await read('/dataStatus');
    const now = Date.now();
    const day = 86_400_000;
    const at = (date: string | undefined, what: string) => {
      const time = Date.parse(date ?? '');
      assert.ok(time <= now && time > now - 365 * day, `${what}: ${date}, not in the year before now`);
      return time;
    };

    for (const connection of connections) {
      const name = `${connection.status} connection ${connection.id}`;
      const created = at(connection.created, `${name} created`);
      const pulls = reads.filter((pull) => pull.connectionId === connection.id);
      for (const pull of pulls) {
        const requested = at(pull.requested, `${name}: read requested`);
        assert.ok(created < requested, `${name} was created before its read`);
        if (pull.completed) assert.ok(requested <= at(pull.completed, `${name}: read completed`));
      }
      if (connection.lastSync) {
        const lastSync = at(connection.lastSync, `${name} last synced`);
        assert.ok(created < lastSync, `${name} was created before it synced`);
        const completed = pulls.flatMap((pull) => (pull.completed ? [Date.parse(pull.completed)] : []));
        if (completed.length > 0) assert.equal(lastSync, Math.max(...completed), `${name} last synced when its latest read completed`);
      }
      if (connection.status === 'Linked') assert.ok(now - at(connection.lastSync, `${name} last synced`) < day, `${name} synced within a day`);
      for (const error of connection.dataConnectionErrors ?? []) {
        const errored = at(error.erroredOnUtc, `${name} errored`);
        assert.ok(created < errored, `${name} was created before it errored`);
        if (error.resolvedOnUtc) assert.ok(errored < at(error.resolvedOnUtc, `${name} error resolved`));
      }
    }
    assert.ok(connections.some((connection) => connection.status === 'Linked'));
    assert.ok(reads.length > 0);
    for (const [dataType, status] of Object.entries(statuses)) {
      const completed = reads.filter((pull) => pull.dataType === dataType && pull.status === 'Complete').map((pull) => Date.parse(pull.completed!));
      if (status.lastSuccessfulSync) assert.equal(at(status.lastSuccessfulSync, `${dataType} read`), Math.max(...completed), `${dataType}'s latest read`);
    }
  });
});

describe('demo app with CODAT_API_KEY', { skip }, () => {
  it("forwards the signed-in company's operations to https://api.codat.io with that key, and mounts no emulator", async () => {
    const { createDemoApp } = await import('../../demo/app.js');
    const origin = 'http://localhost:8000';
    const companyId = '6b0d2c44-f675-40ba-8049-353bfcb5e171';
    const app = createDemoApp({ origin, codatApiKey: 'real-codat-key', codatCompanyId: companyId });
    assert.equal(app.emulator, undefined);
    assert.equal((await app.fetch(new Request(`${origin}/emulator/integrations`))).status, 404);

    const signIn = await app.fetch(
      new Request(`${origin}/demo/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"user":"alice"}' }),
    );
    const cookie = signIn.headers.get('Set-Cookie')!.split(';')[0]!;
    const grant = await (
      await app.fetch(new Request(`${origin}/api/codat/token`, { method: 'POST', headers: { Cookie: cookie, 'X-Requested-With': 'codat-connections' } }))
    ).json();
    assert.equal(grant.companyId, companyId);

    // The real Codat is not called: the global fetch the handler uses answers in its place.
    const upstream: Request[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      upstream.push(new Request(input, init));
      return Response.json({ results: [], pageNumber: 1, pageSize: 100, totalResults: 0, _links: {} });
    };
    try {
      const response = await app.fetch(
        new Request(`${grant.baseUrl}/companies/${companyId}/connections`, { headers: { Authorization: `Bearer ${grant.accessToken}` } }),
      );
      assert.equal(response.status, 200);
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.equal(upstream.length, 1);
    assert.equal(upstream[0]!.url, `https://api.codat.io/companies/${companyId}/connections`);
    assert.equal(upstream[0]!.headers.get('Authorization'), `Basic ${btoa('real-codat-key')}`);
  });

  it('needs the company the demo users manage', async () => {
    const { createDemoApp } = await import('../../demo/app.js');
    assert.throws(() => createDemoApp({ origin: 'http://localhost:8000', codatApiKey: 'real-codat-key' }), /codatCompanyId/);
  });
});
