// The operations over real HTTP against a small Codat stand-in: paths, methods, bodies, headers,
// paging, the integrations cache, and that importing the package touches no browser global.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { ConnectionsError, createConnectionsClient, type Integration } from '@codat-connections/core';
import { COMPANY, connection, grant, numberedId as idFor } from '../../../test/helpers/fixtures.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const CONNECTION = '2e9d2c44-f675-40ba-8049-353bfcb5e171';

const integration = (key: string, enabled: boolean, sourceType: string): Integration => ({
  key,
  name: key.toUpperCase(),
  logoUrl: `https://static.example/${key}.png`,
  enabled,
  sourceType,
});
const paging = (page: number, pageSize: number, totalResults: number) => ({
  pageNumber: page,
  pageSize,
  totalResults,
  _links: { self: { href: '/' }, current: { href: '/' } },
});

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

describe('createConnectionsClient: operations over HTTP', () => {
  let server: Listening;
  let seen: Seen[] = [];
  let integrationsFail = 0;
  const total = 23;

  before(async () => {
    const app = new Hono();
    app.use('*', async (c, next) => {
      seen.push({ method: c.req.method, url: new URL(c.req.url), headers: c.req.raw.headers, body: await c.req.raw.clone().text() });
      await next();
    });
    app.get('/companies/:company/connections', (c) => {
      const page = Number(c.req.query('page') ?? 1);
      const pageSize = Number(c.req.query('pageSize') ?? 100);
      const results = Array.from({ length: total }, (_, index) => connection(index + 1)).slice((page - 1) * pageSize, page * pageSize);
      return c.json({ ...paging(page, pageSize, total), results });
    });
    app.post('/companies/:company/connections', (c) => c.json(connection(0, { id: CONNECTION, status: 'PendingAuth' })));
    app.get('/companies/:company/connections/:id', (c) => c.json(connection(0, { id: c.req.param('id') })));
    app.patch('/companies/:company/connections/:id', (c) => c.json(connection(0, { id: c.req.param('id'), status: 'Unlinked' })));
    app.delete('/companies/:company/connections/:id', (c) => c.body(null, 200));
    app.get('/integrations', (c) => {
      if (integrationsFail > 0) {
        integrationsFail -= 1;
        return c.json({ statusCode: 400, error: 'Bad request' }, 400);
      }
      const all = [
        integration('gbol', true, 'Accounting'),
        integration('xero', false, 'Accounting'),
        integration('plad', true, 'Banking'),
        integration('shpy', true, 'Commerce'),
      ];
      const page = Number(c.req.query('page'));
      // Two pages, to show the client reads them all.
      const results = page === 1 ? all.slice(0, 2) : all.slice(2);
      return c.json({ ...paging(page, 2, all.length), results });
    });
    server = await listen(app.fetch);
  });
  after(() => server.close());
  beforeEach(() => {
    seen = [];
    integrationsFail = 0;
  });

  const client = () =>
    createConnectionsClient({
      token: async () => grant({ accessToken: 'token-1', baseUrl: server.url }),
    });

  it('lists one page with page, pageSize, query and orderBy in the query string', async () => {
    const page = await client().list({ page: 2, pageSize: 5, query: 'status=Linked', orderBy: '-created' });
    assert.equal(page.results.length, 5);
    assert.equal(page.results[0]!.id, idFor(6));
    assert.equal(page.totalResults, total);
    const [request] = seen;
    assert.equal(request!.method, 'GET');
    assert.equal(request!.url.pathname, `/companies/${COMPANY}/connections`);
    assert.deepEqual(Object.fromEntries(request!.url.searchParams), { page: '2', pageSize: '5', query: 'status=Linked', orderBy: '-created' });
  });

  it('sends no query parameter that was not given', async () => {
    await client().list();
    assert.equal(seen[0]!.url.search, '');
  });

  it('sends the bearer token in the Authorization header, never in the URL', async () => {
    await client().get(CONNECTION);
    assert.equal(seen[0]!.headers.get('authorization'), 'Bearer token-1');
    assert.equal(seen[0]!.headers.get('accept'), 'application/json');
    assert.ok(!seen[0]!.url.href.includes('token-1'));
  });

  it('gets a connection by id', async () => {
    const got = await client().get(CONNECTION);
    assert.equal(got.id, CONNECTION);
    assert.equal(seen[0]!.method, 'GET');
    assert.equal(seen[0]!.url.pathname, `/companies/${COMPANY}/connections/${CONNECTION}`);
  });

  it('creates a connection by POSTing {platformKey} and returns it PendingAuth with its linkUrl', async () => {
    const created = await client().create('gbol');
    assert.equal(created.status, 'PendingAuth');
    assert.match(created.linkUrl, /^https:/);
    assert.equal(seen[0]!.method, 'POST');
    assert.equal(seen[0]!.url.pathname, `/companies/${COMPANY}/connections`);
    assert.deepEqual(JSON.parse(seen[0]!.body), { platformKey: 'gbol' });
    assert.match(seen[0]!.headers.get('content-type') ?? '', /^application\/json/);
  });

  it('unlinks by PATCHing {"status":"Unlinked"}', async () => {
    const unlinked = await client().unlink(CONNECTION);
    assert.equal(unlinked.status, 'Unlinked');
    assert.equal(seen[0]!.method, 'PATCH');
    assert.equal(seen[0]!.url.pathname, `/companies/${COMPANY}/connections/${CONNECTION}`);
    assert.deepEqual(JSON.parse(seen[0]!.body), { status: 'Unlinked' });
  });

  it('deletes with DELETE and resolves with nothing', async () => {
    assert.equal(await client().delete(CONNECTION), undefined);
    assert.equal(seen[0]!.method, 'DELETE');
    assert.equal(seen[0]!.url.pathname, `/companies/${COMPANY}/connections/${CONNECTION}`);
  });

  it('listAll follows pages until totalResults connections were yielded', async () => {
    const ids: string[] = [];
    for await (const each of client().listAll({ pageSize: 10 })) ids.push(each.id);
    assert.deepEqual(
      ids,
      Array.from({ length: total }, (_, index) => idFor(index + 1)),
    );
    assert.deepEqual(
      seen.map((request) => request.url.searchParams.get('page')),
      ['1', '2', '3'],
    );
  });

  it('integrations: the enabled ones from every page, in order', async () => {
    const keys = (await client().integrations()).map((each) => each.key);
    assert.deepEqual(keys, ['gbol', 'plad', 'shpy']);
    assert.equal(seen[0]!.url.pathname, '/integrations');
    assert.equal(seen.length, 2);
  });

  it('integrations: entries that are not objects are left out, not thrown on', async () => {
    const hostile = await listen(async () => Response.json({ ...paging(1, 3, 3), results: [null, 42, integration('gbol', true, 'Accounting')] }));
    try {
      const shown = await createConnectionsClient({
        token: async () => grant({ accessToken: 'token-1', baseUrl: hostile.url }),
      }).integrations();
      assert.deepEqual(
        shown.map((each) => each.key),
        ['gbol'],
      );
    } finally {
      await hostile.close();
    }
  });

  it('integrations: stops at a page that is not the one asked for, however large the total', async () => {
    let requests = 0;
    // Ignores `page`: always page 1, of a total it will never reach.
    const stuck = await listen(async () => {
      requests += 1;
      return Response.json({ ...paging(1, 5000, 1_000_000), results: [integration('gbol', true, 'Accounting')] });
    });
    try {
      const shown = await createConnectionsClient({
        token: async () => grant({ accessToken: 'token-1', baseUrl: stuck.url }),
      }).integrations();
      assert.deepEqual(
        shown.map((each) => each.key),
        ['gbol'],
      );
      assert.equal(requests, 1);
    } finally {
      await stuck.close();
    }
  });

  it('integrations: filtered by sourceType', async () => {
    const banking = await client().integrations({ sourceType: 'Banking' });
    assert.deepEqual(
      banking.map((each) => each.key),
      ['plad'],
    );
  });

  it('integrations: cached, so two calls (even concurrent ones) read the catalogue once', async () => {
    const shared = client();
    const [first, second] = await Promise.all([shared.integrations(), shared.integrations({ sourceType: 'Accounting' })]);
    const third = await shared.integrations();
    assert.equal(first.length, 3);
    assert.deepEqual(
      second.map((each) => each.key),
      ['gbol'],
    );
    assert.deepEqual(third, first);
    assert.equal(seen.filter((request) => request.url.searchParams.get('page') === '1').length, 1);
  });

  it('integrations: a failure is not cached; the next call asks again', async () => {
    const shared = client();
    integrationsFail = 1;
    await assert.rejects(shared.integrations(), { code: 'http_error', status: 400 });
    assert.equal((await shared.integrations()).length, 3);
    assert.equal(seen.filter((request) => request.url.searchParams.get('page') === '1').length, 2);
  });

  it('sends every operation through the given fetch', async () => {
    const urls: string[] = [];
    const shared = createConnectionsClient({
      token: async () => grant({ baseUrl: server.url }),
      fetch: (input, init) => {
        urls.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    await shared.get(CONNECTION);
    await shared.delete(CONNECTION);
    assert.deepEqual(urls, [`${server.url}/companies/${COMPANY}/connections/${CONNECTION}`, `${server.url}/companies/${COMPANY}/connections/${CONNECTION}`]);
  });

  it("companyId is the grant's once a grant was fetched", async () => {
    const shared = createConnectionsClient({
      token: async () => grant({ baseUrl: server.url }),
      companyId: '9a210b68-6988-11ed-a1eb-0242ac120002',
    });
    assert.equal(shared.companyId, undefined);
    await shared.list();
    assert.equal(shared.companyId, COMPANY);
  });

  it('uses the client baseUrl when the grant names none, without a doubled slash', async () => {
    const shared = createConnectionsClient({
      token: async () => grant(),
      baseUrl: `${server.url}/`,
    });
    await shared.get(CONNECTION);
    assert.equal(seen[0]!.url.pathname, `/companies/${COMPANY}/connections/${CONNECTION}`);
  });

  it('fails with invalid_argument naming baseUrl when neither the grant nor the options give one', async () => {
    const shared = createConnectionsClient({ token: async () => grant() });
    await assert.rejects(
      shared.list(),
      (error: unknown) => error instanceof ConnectionsError && error.code === 'invalid_argument' && /baseUrl/.test(error.message),
    );
    assert.equal(seen.length, 0);
  });
});

describe('@codat-connections/core: safe to import anywhere', () => {
  it('importing it and creating a client touch no window, document, location or open', () => {
    // Every read of a browser global is recorded with its stack; ofetch's Node entry may probe
    // them (feature detection), the core's own modules must not.
    const script = `
      const reads = [];
      for (const name of ['window', 'document', 'location', 'open', 'localStorage', 'sessionStorage']) {
        Object.defineProperty(globalThis, name, { configurable: true, get() { reads.push(name + new Error().stack); return undefined; } });
      }
      const { createConnectionsClient } = await import('@codat-connections/core');
      createConnectionsClient({ token: '/api/codat/token' });
      console.log(JSON.stringify(reads.filter((read) => read.includes('/packages/core/'))));
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(output), []);
  });

  it('declares "sideEffects": false', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    assert.equal(manifest.sideEffects, false);
  });
});
