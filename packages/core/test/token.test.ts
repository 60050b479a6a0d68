// The token model over real HTTP: the token endpoint request, one shared in-flight request,
// refresh before expiry, and one refresh-and-replay on 401.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { ConnectionsError, createConnectionsClient } from '@codat-connections/core';
import { COMPANY as COMPANY_A, grant } from '../../../test/helpers/fixtures.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const COMPANY_B = '9a210b68-6988-11ed-a1eb-0242ac120002';
const CONNECTION = '2e9d2c44-f675-40ba-8049-353bfcb5e171';
const emptyPage = { pageNumber: 1, pageSize: 100, totalResults: 0, _links: { self: {}, current: {} }, results: [] };

/**
 * A token endpoint and a Codat stand-in in one app. Tokens are `token-N`; each lives `ttl`
 * seconds on the server, and `always401` makes every operation answer 401.
 */
function createApp() {
  const state = {
    ttl: 600,
    grantCompany: COMPANY_A,
    grantBaseUrl: '' as string | undefined,
    /** The grant's `permissions`, as sent (any JSON value); left out when undefined. */
    grantPermissions: undefined as unknown,
    always401: false,
    revoked: new Set<string>(),
    tokenRequests: [] as Array<{ headers: Headers; body: string }>,
    operations: [] as Array<{ path: string; token: string; status: number }>,
    issued: new Map<string, number>(),
  };
  const app = new Hono();
  app.post('/token', async (c) => {
    state.tokenRequests.push({ headers: c.req.raw.headers, body: await c.req.text() });
    const accessToken = `token-${state.tokenRequests.length}`;
    state.issued.set(accessToken, Date.now() + state.ttl * 1000);
    return c.json({
      accessToken,
      expiresIn: state.ttl,
      companyId: state.grantCompany,
      ...(state.grantBaseUrl && { baseUrl: state.grantBaseUrl }),
      ...(state.grantPermissions !== undefined && { permissions: state.grantPermissions }),
    });
  });
  app.all('/companies/*', (c) => {
    const token = (c.req.header('Authorization') ?? '').replace(/^Bearer /, '');
    const expires = state.issued.get(token);
    const valid = !state.always401 && expires !== undefined && Date.now() < expires && !state.revoked.has(token);
    state.operations.push({ path: new URL(c.req.url).pathname, token, status: valid ? 200 : 401 });
    if (!valid) return c.json({ statusCode: 401, error: 'Unauthorized', correlationId: 'c-401' }, 401);
    return c.json(emptyPage);
  });
  return { app, state };
}

describe('tokens', () => {
  let server: Listening;
  let state: ReturnType<typeof createApp>['state'];
  let app: Hono;
  before(async () => {
    ({ app, state } = createApp());
    server = await listen(app.fetch);
  });
  after(() => server.close());
  beforeEach(() => {
    const fresh = createApp().state;
    Object.assign(state, fresh, { grantBaseUrl: server.url });
  });

  const client = (options: { companyId?: string; fetch?: typeof fetch; baseUrl?: string } = {}) =>
    createConnectionsClient({ token: `${server.url}/token`, ...options });

  it('POSTs to the token URL with credentials, JSON {companyId} and X-Requested-With', async () => {
    const inits: RequestInit[] = [];
    const recording: typeof fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/token')) inits.push(init ?? {});
      return fetch(input, init);
    };
    await client({ companyId: COMPANY_A, fetch: recording }).list();
    assert.equal(inits.length, 1);
    assert.equal(inits[0]!.method, 'POST');
    assert.equal(inits[0]!.credentials, 'include');
    const [request] = state.tokenRequests;
    assert.equal(request!.headers.get('x-requested-with'), 'codat-connections');
    assert.match(request!.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(request!.body), { companyId: COMPANY_A });
  });

  it('sends an empty JSON object when no company hint is given', async () => {
    await client().list();
    assert.deepEqual(JSON.parse(state.tokenRequests[0]!.body), {});
  });

  it("the grant's companyId and baseUrl win over the options", async () => {
    state.grantCompany = COMPANY_B;
    const shared = client({ companyId: COMPANY_A, baseUrl: 'http://127.0.0.1:9/not-here' });
    await shared.list();
    assert.deepEqual(
      state.operations.map((operation) => operation.path),
      [`/companies/${COMPANY_B}/connections`],
    );
    assert.equal(shared.companyId, COMPANY_B);
  });

  describe('permissions', () => {
    it("are the grant's, once a request fetched it", async () => {
      state.grantPermissions = ['connections:read', 'connections:refresh'];
      const shared = client();
      assert.equal(shared.permissions, undefined);
      await shared.list();
      assert.deepEqual(shared.permissions, ['connections:read', 'connections:refresh']);
    });

    it("follow a new grant: after a 401, the new token's permissions replace the old ones", async () => {
      state.grantPermissions = ['connections:read'];
      const shared = client();
      await shared.list();
      assert.deepEqual(shared.permissions, ['connections:read']);
      state.revoked.add('token-1');
      state.grantPermissions = ['connections:read', 'connections:delete'];
      await shared.list();
      assert.equal(state.tokenRequests.length, 2);
      assert.deepEqual(shared.permissions, ['connections:read', 'connections:delete']);
    });

    it('are undefined when the grant names none', async () => {
      const shared = client();
      await shared.list();
      assert.equal(shared.companyId, COMPANY_A);
      assert.equal(shared.permissions, undefined);
    });

    it('an empty list is kept: the token allows nothing', async () => {
      state.grantPermissions = [];
      const shared = client();
      await shared.list();
      assert.deepEqual(shared.permissions, []);
    });

    for (const permissions of ['connections:read', { read: true }, null, [42], ['connections:read', null]]) {
      it(`a grant with permissions ${JSON.stringify(permissions)} fails with invalid_argument, and sends no operation`, async () => {
        state.grantPermissions = permissions;
        const shared = client();
        await assert.rejects(
          shared.list(),
          (error: unknown) =>
            error instanceof ConnectionsError && error.code === 'invalid_argument' && error.operation === 'token' && /grant\.permissions/.test(error.message),
        );
        assert.equal(state.operations.length, 0);
        assert.equal(shared.permissions, undefined);
      });
    }
  });

  it('100 concurrent operations cause exactly one token request', async () => {
    const shared = client();
    await Promise.all(Array.from({ length: 100 }, () => shared.list()));
    assert.equal(state.tokenRequests.length, 1);
    assert.equal(state.operations.length, 100);
    assert.ok(state.operations.every((operation) => operation.token === 'token-1' && operation.status === 200));
  });

  it('keeps using the grant while it is valid', async () => {
    const shared = client();
    await shared.list();
    await shared.get(CONNECTION).catch(() => undefined);
    await shared.list();
    assert.equal(state.tokenRequests.length, 1);
  });

  it('refreshes a grant before it expires mid-session, so the operation succeeds without a 401', async () => {
    state.ttl = 0.2;
    const shared = client();
    await shared.list();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await shared.list();
    assert.equal(state.tokenRequests.length, 2);
    assert.deepEqual(
      state.operations.map((operation) => [operation.token, operation.status]),
      [
        ['token-1', 200],
        ['token-2', 200],
      ],
    );
  });

  it('a 401 refreshes the token once and replays the operation once', async () => {
    const shared = client();
    await shared.list();
    state.revoked.add('token-1');
    await shared.list();
    assert.equal(state.tokenRequests.length, 2);
    assert.deepEqual(
      state.operations.map((operation) => [operation.token, operation.status]),
      [
        ['token-1', 200],
        ['token-1', 401],
        ['token-2', 200],
      ],
    );
  });

  it('a second 401 fails with unauthorized, after exactly one refresh and one replay', async () => {
    state.always401 = true;
    await assert.rejects(client().list(), (error: unknown) => {
      assert.ok(error instanceof ConnectionsError);
      assert.equal(error.code, 'unauthorized');
      assert.equal(error.status, 401);
      assert.equal(error.operation, 'list');
      assert.equal(error.correlationId, 'c-401');
      return true;
    });
    assert.equal(state.tokenRequests.length, 2);
    assert.equal(state.operations.length, 2);
  });

  it('concurrent 401s share one refresh', async () => {
    const shared = client();
    await shared.list();
    state.revoked.add('token-1');
    await Promise.all(Array.from({ length: 10 }, () => shared.list()));
    assert.equal(state.tokenRequests.length, 2);
  });

  it('a token endpoint refusal fails the operation with its status, and sends no operation', async () => {
    const refusing = new Hono();
    refusing.post('/token', (c) => c.json({ statusCode: 401, error: 'Not signed in' }, 401));
    const endpoint = await listen(refusing.fetch);
    try {
      await assert.rejects(createConnectionsClient({ token: `${endpoint.url}/token` }).list(), {
        code: 'unauthorized',
        operation: 'token',
        status: 401,
        message: /Not signed in/,
      });
    } finally {
      await endpoint.close();
    }
  });

  it('a token endpoint that answers no JSON fails with invalid_response', async () => {
    const broken = new Hono();
    broken.post('/token', (c) => c.text('<html>login</html>'));
    const endpoint = await listen(broken.fetch);
    try {
      await assert.rejects(createConnectionsClient({ token: `${endpoint.url}/token` }).list(), { code: 'invalid_response', operation: 'token' });
    } finally {
      await endpoint.close();
    }
  });

  it('a token function is called with the company hint; a failure of it is wrapped, not leaked raw', async () => {
    const contexts: unknown[] = [];
    const failing = createConnectionsClient({
      companyId: COMPANY_A,
      token: async (context) => {
        contexts.push(context);
        throw new Error('backend down');
      },
    });
    await assert.rejects(
      failing.list(),
      (error: unknown) => error instanceof ConnectionsError && error.operation === 'token' && /backend down/.test(error.message),
    );
    assert.deepEqual(contexts, [{ companyId: COMPANY_A }]);
  });

  it('after a failed token request the next operation asks again', async () => {
    let calls = 0;
    const flaky = createConnectionsClient({
      token: async () => {
        calls += 1;
        if (calls === 1) throw new Error('first fails');
        return grant({ accessToken: 'token-x', baseUrl: server.url });
      },
    });
    state.issued.set('token-x', Date.now() + 60_000);
    await assert.rejects(flaky.list());
    await flaky.list();
    assert.equal(calls, 2);
  });

  it('one caller aborting does not cancel the token request the others share', async () => {
    const shared = client();
    const controller = new AbortController();
    const aborted = shared.list({ signal: controller.signal });
    const other = shared.list();
    controller.abort();
    await assert.rejects(aborted, { code: 'aborted', operation: 'list' });
    await other;
    assert.equal(state.tokenRequests.length, 1);
  });

  it('a token endpoint slower than `timeout` fails with code timeout', async () => {
    const slow = new Hono();
    slow.post('/token', async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return c.json(grant({ accessToken: 'late' }));
    });
    const endpoint = await listen(slow.fetch);
    try {
      await assert.rejects(createConnectionsClient({ token: `${endpoint.url}/token`, timeout: 50 }).list(), { code: 'timeout', operation: 'token' });
    } finally {
      await endpoint.close();
    }
  });

  it('`tokenTimeout` (else `timeout`) bounds a token function that never answers; the next operation asks again', { timeout: 5_000 }, async () => {
    for (const options of [{ tokenTimeout: 50 }, { timeout: 50 }]) {
      let calls = 0;
      const client = createConnectionsClient({
        ...options,
        baseUrl: 'https://codat.example',
        fetch: async () => Response.json(emptyPage),
        // The first call hangs, as a partner's fetch without a time limit may; later ones answer.
        token: () => (++calls === 1 ? new Promise<never>(() => {}) : Promise.resolve(grant({ accessToken: 'token' }))),
      });
      await assert.rejects(client.list(), { code: 'timeout', operation: 'token', message: /did not answer within 50 ms/ });
      assert.equal((await client.list()).totalResults, 0, JSON.stringify(options));
      assert.equal(calls, 2);
    }
  });

  it('leaves no timer behind for a token function that throws at once', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const client = createConnectionsClient({
      baseUrl: 'https://codat.example',
      fetch: async () => Response.json(emptyPage),
      token: () => {
        throw new Error('no session');
      },
    });
    await assert.rejects(client.list(), { code: 'network_error', operation: 'token', message: /no session/ });
    assert.equal(timers(), before, 'the 30-second wait for the function is cleared');
  });

  it('`tokenTimeout` bounds the token request alone: operations keep `timeout`', async () => {
    const slow = new Hono();
    let tokens = 0;
    slow.post('/token', async (c) => {
      tokens += 1;
      // The first grant is late; later ones come at once.
      if (tokens === 1) await new Promise((resolve) => setTimeout(resolve, 300));
      return c.json(grant({ accessToken: 'token' }));
    });
    slow.get('/companies/*', async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return c.json(emptyPage);
    });
    const endpoint = await listen(slow.fetch);
    try {
      const bounded = createConnectionsClient({ token: `${endpoint.url}/token`, baseUrl: endpoint.url, tokenTimeout: 50, timeout: 5_000 });
      await assert.rejects(bounded.list(), { code: 'timeout', operation: 'token', message: /timed out after 50 ms/ });
      // The operation itself takes longer than tokenTimeout, and is not cut short by it.
      assert.equal((await bounded.list()).totalResults, 0);
    } finally {
      await endpoint.close();
    }
  });
});
