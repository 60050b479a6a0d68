import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { decodeJwt } from 'jose';
import { createDataholderHandler } from '@codat-connections/server';
import { DEMO_USER_CONNECTIONS, DEMO_USER_ID, OTHER_USER_CONNECTIONS, OTHER_USER_ID } from '@codat-connections/emulator';
import { startDataholderStack, SECRET, type DataholderStack } from '../../../test/helpers/dataholder-stack.js';
import { COMPANY_A, SECRET as CODAT_SECRET, startServerStack } from '../../../test/helpers/server-stack.js';

const json = { 'Content-Type': 'application/json' };
const consent = (body: object): RequestInit => ({ method: 'POST', headers: json, body: JSON.stringify(body) });
const disconnect: RequestInit = { method: 'POST' };
/** The platform calls of one kind a test made, from a count taken before. */
const platformCalls = (stack: DataholderStack, method: string, path: RegExp) =>
  stack.calls.filter((call) => call.method === method && path.test(call.url.pathname)).length;

describe('createDataholderHandler', () => {
  describe('options', () => {
    const base = {
      apiKey: 'k',
      clientId: 'c',
      clientSecret: 's',
      secret: SECRET,
      upstream: 'http://127.0.0.1:9',
      authorize: async () => null,
    };
    it('requires the platform credentials, an http(s) upstream and a secret of 32 bytes', () => {
      assert.doesNotThrow(() => createDataholderHandler(base));
      for (const name of ['apiKey', 'clientId', 'clientSecret', 'upstream'] as const) {
        assert.throws(() => createDataholderHandler({ ...base, [name]: '' }), new RegExp(`\`${name}\` is required`));
      }
      assert.throws(() => createDataholderHandler({ ...base, upstream: 'ftp://platform.example' }), /upstream/);
      assert.throws(() => createDataholderHandler({ ...base, secret: 'short' }), /createDataholderHandler: `secret` must be at least 32 bytes/);
      assert.throws(() => createDataholderHandler({ ...base, tokenTtl: 0 }), /tokenTtl/);
    });
  });

  describe('POST {basePath}/token', () => {
    let stack: DataholderStack;
    before(async () => (stack = await startDataholderStack()));
    after(() => stack.close());
    const request = (cookie?: string, body = '{}', csrf = true): RequestInit => ({
      method: 'POST',
      headers: { ...json, ...(cookie ? { Cookie: cookie } : {}), ...(csrf ? { 'X-Requested-With': 'codat-connections' } : {}) },
      body,
    });

    it("answers a grant bound to the user, with the handler's base URL and the default permissions", async () => {
      const { response, json: grant } = await stack.call('/token', request('user=demo'));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('Cache-Control'), 'no-store');
      assert.deepEqual(Object.keys(grant()).sort(), ['accessToken', 'baseUrl', 'expiresIn', 'permissions', 'tokenType', 'userId']);
      assert.equal(grant().userId, DEMO_USER_ID);
      assert.equal(grant().baseUrl, `${stack.url}/api/dataholder`);
      assert.equal(grant().tokenType, 'Bearer');
      assert.deepEqual(grant().permissions, ['connections:read', 'connections:link', 'connections:unlink']);
      const claims = decodeJwt(grant().accessToken);
      assert.equal(claims['uid'], DEMO_USER_ID);
      assert.equal(claims['cid'], undefined);
      assert.equal(claims.sub, 'demo');
    });

    it('refuses without X-Requested-With (403), without a session (401), and a hint that is not an id (400)', async () => {
      assert.equal((await stack.call('/token', request('user=demo', '{}', false))).response.status, 403);
      assert.equal((await stack.call('/token', request())).response.status, 401);
      const bad = await stack.call('/token', request('user=demo', '{"userId":"a/b"}'));
      assert.equal(bad.response.status, 400);
      assert.equal(bad.json().validation.errors[0].itemId, 'userId');
    });

    it('gives authorize the hint, and drops permissions a dataholder token cannot use', async () => {
      const hints: unknown[] = [];
      const custom = await startDataholderStack({
        authorize: async (_request, hint) => {
          hints.push(hint);
          return { userId: DEMO_USER_ID, permissions: ['connections:read', 'connections:delete', 'connections:refresh'] };
        },
      });
      try {
        const grant = (await custom.call('/token', request(undefined, `{"userId":"${DEMO_USER_ID}"}`))).json();
        assert.deepEqual(hints, [{ userId: DEMO_USER_ID }]);
        assert.deepEqual(grant.permissions, ['connections:read']);
        assert.deepEqual(decodeJwt(grant.accessToken)['permissions'], ['connections:read']);
      } finally {
        await custom.close();
      }
    });

    it('issues no platform call: the access token is fetched on the first operation', async () => {
      await stack.token('demo');
      assert.equal(stack.calls.length, 0);
    });
  });

  describe("tokens: neither handler accepts the other's, even with the same secret", () => {
    it('a Codat token is 401 at the dataholder handler, and a dataholder token 401 at the Codat handler', async () => {
      const dataholder = await startDataholderStack({ secret: CODAT_SECRET });
      const codat = await startServerStack();
      try {
        const codatToken = await codat.token('alice');
        const dataholderToken = await dataholder.token('demo');
        const atDataholder = await dataholder.call('/connections', { headers: { Authorization: `Bearer ${codatToken}` } });
        assert.equal(atDataholder.response.status, 401);
        assert.equal(atDataholder.json().error, 'Invalid or expired token');
        const atCodat = await codat.call(`/companies/${COMPANY_A}/connections`, { headers: { Authorization: `Bearer ${dataholderToken}` } });
        assert.equal(atCodat.response.status, 401);
        assert.equal(atCodat.json().error, 'Invalid or expired token');
        // Each is valid where it was issued.
        assert.equal((await dataholder.call('/connections', { headers: { Authorization: `Bearer ${dataholderToken}` } })).response.status, 200);
        assert.equal((await codat.call(`/companies/${COMPANY_A}/connections`, { headers: { Authorization: `Bearer ${codatToken}` } })).response.status, 200);
      } finally {
        await dataholder.close();
        await codat.close();
      }
    });
  });

  describe('operations, through the dataholder emulator over HTTP', () => {
    let stack: DataholderStack;
    before(async () => (stack = await startDataholderStack()));
    after(() => stack.close());
    beforeEach(() => stack.emulator.reset());

    it("GET /dataholders answers the platform's dataholders as { results }", async () => {
      const { response, json: body } = await stack.callAs('demo', '/dataholders');
      assert.equal(response.status, 200);
      assert.match(response.headers.get('Content-Type')!, /^application\/json/);
      const names = body().results.map((each: { name: string }) => each.name);
      for (const name of ['Commonwealth Bank', 'ANZ', 'Westpac', 'NAB', 'Kiwibank']) assert.ok(names.includes(name), name);
      assert.match(body().results[0].logoUrl, /^http:\/\/127\.0\.0\.1:\d+\/dataholders\/commonwealth-bank\/logo\.svg$/);
    });

    it("GET /connections answers the token's user's connections only, asking the platform for that user", async () => {
      const { response, json: body } = await stack.callAs('demo', '/connections');
      assert.equal(response.status, 200);
      const ids = body().results.map((each: { id: string }) => each.id);
      assert.deepEqual(ids.sort(), Object.values(DEMO_USER_CONNECTIONS).sort());
      for (const id of Object.values(OTHER_USER_CONNECTIONS)) assert.ok(!ids.includes(id));
      const list = stack.calls.filter((call) => call.url.pathname === '/v1/connections').at(-1)!;
      assert.equal(list.url.search, `?user=${DEMO_USER_ID}`);
      assert.deepEqual((await stack.callAs('empty', '/connections')).json(), { results: [] });
      assert.equal((await stack.callAs('demo', '/connections?user=' + OTHER_USER_ID)).response.status, 400);
    });

    it('GET /connections/{id} answers the connection as the platform holds it', async () => {
      const { response, json: body } = await stack.callAs('demo', `/connections/${DEMO_USER_CONNECTIONS.activeWithFailure}`);
      assert.equal(response.status, 200);
      const connection = body();
      assert.equal(connection.status, 'ACTIVE');
      assert.equal(connection.connectionState.BANK_TRANSACTION.status, 'FAILURE');
      assert.equal(connection.connectionState.USER_INFO, undefined);
      const missing = await stack.callAs('demo', '/connections/no-such-connection');
      assert.equal(missing.response.status, 404);
      assert.equal(missing.json().service, 'codat-connections-server');
      assert.equal((await stack.callAs('demo', '/connections/..%2Fdataholders')).response.status, 400);
    });

    it('POST /connections/{id}/disconnect disconnects, and answers the same when it already is', async () => {
      const path = `/connections/${DEMO_USER_CONNECTIONS.active}/disconnect`;
      const first = await stack.callAs('demo', path, disconnect);
      assert.equal(first.response.status, 200);
      assert.equal(first.json().status, 'DISCONNECTED');
      assert.ok(first.json().connectionState.disconnectedAt);
      const again = await stack.callAs('demo', path, disconnect);
      assert.deepEqual(again.json(), first.json());
      assert.equal((await stack.callAs('demo', path, { method: 'POST', body: '{}' })).response.status, 400);
      assert.equal((await stack.callAs('demo', `/connections/${DEMO_USER_CONNECTIONS.active}`, { method: 'DELETE' })).response.status, 405);
    });

    it('POST /consents needs exactly one of dataholder and connectionId, as ids', async () => {
      for (const body of [
        {},
        { dataholder: 'anz', connectionId: DEMO_USER_CONNECTIONS.active },
        { dataholder: '../v1' },
        { dataholder: 'anz', user: OTHER_USER_ID },
      ]) {
        assert.equal((await stack.callAs('demo', '/consents', consent(body))).response.status, 400, JSON.stringify(body));
      }
      assert.equal((await stack.callAs('demo', '/consents', consent({ dataholder: 'no-such-bank' }))).response.status, 404);
    });
  });

  describe('POST /consents with a return address (link-mode="redirect")', () => {
    let stack: DataholderStack;
    before(async () => (stack = await startDataholderStack()));
    after(() => stack.close());
    beforeEach(() => stack.emulator.reset());

    it("passes a page of the handler's own origin on to the return page, and refuses any other", async () => {
      const portal = `${stack.url}/portal/banks?tab=1`;
      const started = await stack.callAs('demo', '/consents', consent({ dataholder: 'anz', returnTo: portal }));
      assert.equal(started.response.status, 200, started.body);
      const consentPage = new URL(started.json().url);
      // Approving sends the user to the handler's return page, which carries the return address.
      const approved = await fetch(consentPage, { method: 'POST', body: new URLSearchParams({ decision: 'approve' }), redirect: 'manual' });
      const returnPage = new URL(approved.headers.get('Location')!);
      assert.equal(`${returnPage.origin}${returnPage.pathname}`, `${stack.url}/api/dataholder/consents/return`);
      assert.equal(returnPage.searchParams.get('returnTo'), portal);
      assert.equal(returnPage.searchParams.get('outcome'), 'approved');
      for (const returnTo of [
        'https://evil.example/portal',
        'http://portal.example/',
        '//evil.example/',
        '/relative',
        'javascript:alert(1)',
        42,
        `${stack.url}/${'x'.repeat(2048)}`,
      ]) {
        const refused = await stack.callAs('demo', '/consents', consent({ dataholder: 'anz', returnTo }));
        assert.equal(refused.response.status, 400, JSON.stringify(returnTo));
      }
    });

    it('passes a page of an allowed origin on too, https or http on loopback only, and the return page names the allowed origins', async () => {
      const allowed = await startDataholderStack({ allowedOrigins: ['https://portal.partner.example', 'http://plain.partner.example'] });
      try {
        const portal = 'https://portal.partner.example/banks?tab=1';
        const started = await allowed.callAs('demo', '/consents', consent({ dataholder: 'anz', returnTo: portal }));
        assert.equal(started.response.status, 200, started.body);
        const approved = await fetch(started.json().url, { method: 'POST', body: new URLSearchParams({ decision: 'approve' }), redirect: 'manual' });
        const returnPage = new URL(approved.headers.get('Location')!);
        assert.equal(returnPage.searchParams.get('returnTo'), portal);
        const page = await allowed.call(returnPage.href);
        assert.match(page.body, /<meta name="codat-return-origins" content="https:\/\/portal\.partner\.example http:\/\/plain\.partner\.example">/);
        for (const returnTo of ['http://plain.partner.example/banks', 'https://other.partner.example/banks']) {
          const refused = await allowed.callAs('demo', '/consents', consent({ dataholder: 'anz', returnTo }));
          assert.equal(refused.response.status, 400, returnTo);
        }
      } finally {
        await allowed.close();
      }
    });
  });

  describe("scoping: no request reaches another user's connection", () => {
    let stack: DataholderStack;
    before(async () => (stack = await startDataholderStack()));
    after(() => stack.close());
    beforeEach(() => stack.emulator.reset());
    const theirs = OTHER_USER_CONNECTIONS.active;

    it('get, disconnect and consent answer the same 404 as for a connection that does not exist', async () => {
      const missing = (await stack.callAs('demo', '/connections/no-such-connection')).json();
      for (const [path, init] of [
        [`/connections/${theirs}`, {}],
        [`/connections/${theirs}/disconnect`, disconnect],
        ['/consents', consent({ connectionId: theirs })],
      ] as const) {
        const { response, json: body } = await stack.callAs('demo', path, init);
        assert.equal(response.status, 404, path);
        assert.equal(body().error, missing.error, path);
      }
      assert.equal(platformCalls(stack, 'POST', /^\/v1\//), 0);
      assert.equal((await stack.callAs('other', `/connections/${theirs}`)).json().status, 'ACTIVE');
    });

    it('a new consent never answers the INITIATED connection another user holds to the same dataholder', async () => {
      const { json: body } = await stack.callAs('demo', '/consents', consent({ dataholder: 'westpac' }));
      assert.notEqual(body().connection.id, OTHER_USER_CONNECTIONS.initiated);
      assert.equal(body().connection.user, DEMO_USER_ID);
    });
  });

  describe('permissions', () => {
    let stack: DataholderStack;
    before(async () => (stack = await startDataholderStack()));
    after(() => stack.close());

    it('needs a token (401), connections:link to consent and connections:unlink to disconnect (403)', async () => {
      assert.equal((await stack.call('/connections')).response.status, 401);
      assert.equal((await stack.call('/dataholders', { headers: { Authorization: 'Bearer forged.token.here' } })).response.status, 401);
      const reader = await stack.callAs('reader', '/consents', consent({ dataholder: 'anz' }));
      assert.equal(reader.response.status, 403);
      assert.equal(reader.json().error, 'Token lacks the connections:link permission');
      const linker = await stack.callAs('linker', `/connections/${DEMO_USER_CONNECTIONS.active}/disconnect`, disconnect);
      assert.equal(linker.response.status, 403);
      assert.equal(linker.json().error, 'Token lacks the connections:unlink permission');
      assert.equal((await stack.callAs('linker', '/consents', consent({ dataholder: 'anz' }))).response.status, 200);
      assert.equal((await stack.callAs('reader', '/connections')).response.status, 200);
      assert.equal(platformCalls(stack, 'POST', /disconnect$/), 0);
    });
  });

  describe('the consent journey, end to end over HTTP', () => {
    let stack: DataholderStack;
    before(async () => (stack = await startDataholderStack({ app: 'partner-app' })));
    after(() => stack.close());
    beforeEach(() => stack.emulator.reset());

    /** Answers the consent page as a user would: GET it, then POST the form's button. */
    const decide = async (url: string, decision: 'approve' | 'reject') => {
      const page = await fetch(url);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, new RegExp(`<button type="submit" name="decision" value="${decision}">`));
      return fetch(url, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ decision }) });
    };

    it('a new consent is INITIATED; Approve ends on the return page, and the connection is ACTIVE with its scopes and datasets', async () => {
      const created = await stack.callAs('demo', '/consents', consent({ dataholder: 'westpac' }));
      assert.equal(created.response.status, 200);
      const { connection, url } = created.json();
      assert.deepEqual(Object.keys(created.json()).sort(), ['connection', 'url']);
      assert.equal(connection.status, 'INITIATED');
      assert.equal(connection.app, 'partner-app');
      assert.equal(connection.scopes, null);
      assert.ok(url.startsWith(`${stack.platform}/consent/`));
      const sent = JSON.parse(stack.calls.find((call) => call.url.pathname === '/v1/consents')!.body);
      assert.deepEqual(sent, { user: DEMO_USER_ID, dataholder: 'westpac', redirectUri: `${stack.url}/api/dataholder/consents/return`, app: 'partner-app' });

      const again = await stack.callAs('demo', '/consents', consent({ dataholder: 'westpac' }));
      assert.equal(again.json().connection.id, connection.id);

      const answered = await decide(url, 'approve');
      assert.equal(answered.status, 303);
      const location = new URL(answered.headers.get('Location')!);
      assert.equal(`${location.origin}${location.pathname}`, `${stack.url}/api/dataholder/consents/return`);
      assert.equal(location.searchParams.get('connectionId'), connection.id);
      assert.equal(location.searchParams.get('outcome'), 'approved');

      const page = await stack.call(location.href);
      assert.equal(page.response.status, 200);
      assert.match(page.response.headers.get('Content-Type')!, /^text\/html/);
      const csp = page.response.headers.get('Content-Security-Policy')!;
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'/);
      assert.match(page.body, /<script src="\/api\/dataholder\/consents\/return\.js" defer><\/script>/);
      assert.doesNotMatch(page.body, /<script>|<script [^>]*>[^<]|\son[a-z]+=/i);
      assert.match(page.body, /<h1>Connection approved<\/h1>/);
      const script = await stack.call('/consents/return.js');
      assert.match(script.response.headers.get('Content-Type')!, /^text\/javascript/);

      const active = (await stack.callAs('demo', `/connections/${connection.id}`)).json();
      assert.equal(active.status, 'ACTIVE');
      assert.deepEqual(active.scopes, ['bank:accounts.basic:read', 'bank:accounts.detail:read', 'bank:transactions:read', 'common:customer.basic:read']);
      assert.ok(active.connectionState.connectedAt);
      for (const metric of ['BANK_ACCOUNT', 'BANK_BALANCE', 'BANK_TRANSACTION', 'USER_INFO'])
        assert.equal(active.connectionState[metric].status, 'SUCCESS', metric);
    });

    it("asks the platform to return to the page's own origin when the browser vouches for it (behind a proxy that rewrote Host)", async () => {
      const init = consent({ dataholder: 'westpac' });
      const page = 'https://portal.partner.example';
      const headers = { ...(init.headers as Record<string, string>), Origin: page, 'Sec-Fetch-Site': 'same-origin' };
      const created = await stack.callAs('demo', '/consents', { ...init, headers });
      assert.equal(created.response.status, 200);
      const sent = JSON.parse(stack.calls.filter((call) => call.url.pathname === '/v1/consents').at(-1)!.body);
      assert.equal(sent.redirectUri, `${page}/api/dataholder/consents/return`);
    });

    it('Reject ends on the return page too, and leaves the connection as it was', async () => {
      const before = (await stack.callAs('demo', `/connections/${DEMO_USER_CONNECTIONS.initiated}`)).json();
      const { json: body } = await stack.callAs('demo', '/consents', consent({ dataholder: 'kiwibank' }));
      assert.equal(body().connection.id, DEMO_USER_CONNECTIONS.initiated);
      const answered = await decide(body().url, 'reject');
      assert.equal(answered.status, 303);
      const location = new URL(answered.headers.get('Location')!);
      assert.equal(location.searchParams.get('outcome'), 'rejected');
      assert.match((await stack.call(location.href)).body, /<h1>Consent not given<\/h1>/);
      assert.deepEqual((await stack.callAs('demo', `/connections/${DEMO_USER_CONNECTIONS.initiated}`)).json(), before);
    });

    it('consent again for an EXPIRED connection makes it ACTIVE again, connected now', async () => {
      const expired = (await stack.callAs('demo', `/connections/${DEMO_USER_CONNECTIONS.expired}`)).json();
      const { json: body } = await stack.callAs('demo', '/consents', consent({ connectionId: expired.id }));
      assert.equal(body().connection.id, expired.id);
      const sent = JSON.parse(stack.calls.filter((call) => call.url.pathname === '/v1/consents').at(-1)!.body);
      assert.deepEqual(sent, { user: DEMO_USER_ID, connectionId: expired.id, redirectUri: `${stack.url}/api/dataholder/consents/return` });
      assert.equal((await decide(body().url, 'approve')).status, 303);
      const active = (await stack.callAs('demo', `/connections/${expired.id}`)).json();
      assert.equal(active.status, 'ACTIVE');
      assert.ok(Date.parse(active.connectionState.connectedAt) > Date.parse(expired.connectionState.connectedAt));
    });
  });

  describe('the return script', () => {
    let stack: DataholderStack;
    before(async () => (stack = await startDataholderStack()));
    after(() => stack.close());

    /**
     * Runs the served script in a window whose URL is `search`, with or without an opener, on a page
     * whose `codat-return-origins` names `named`; answers what it posted, whether it closed, and
     * where it sent the window.
     */
    const run = async (search: string, withOpener = true, named = '') => {
      const script = (await stack.call('/consents/return.js')).body;
      const posted: unknown[][] = [];
      let closed = false;
      let sentTo: string | undefined;
      const window = {
        location: { search, origin: 'https://partner.example', replace: (href: string) => (sentTo = href) },
        opener: withOpener ? { postMessage: (...args: unknown[]) => posted.push(args) } : null,
        close: () => (closed = true),
      };
      const meta = { getAttribute: (name: string) => (name === 'content' ? named : null) };
      const document = { querySelector: (selector: string) => (selector === 'meta[name="codat-return-origins"]' ? meta : null) };
      runInNewContext(script, { window, document, URL, URLSearchParams });
      return { posted, closed, sentTo };
    };

    it('tells its opener which connection, at its own origin only, and closes', async () => {
      const { posted, closed } = await run('?connectionId=abc-123&outcome=approved');
      assert.deepEqual(JSON.parse(JSON.stringify(posted)), [[{ type: 'codat-connections:linked', connectionId: 'abc-123' }, 'https://partner.example']]);
      assert.equal(closed, true);
    });

    it('does nothing without an opener or a connection id', async () => {
      assert.deepEqual(await run('?connectionId=abc-123', false), { posted: [], closed: false, sentTo: undefined });
      assert.deepEqual(await run('?outcome=approved'), { posted: [], closed: false, sentTo: undefined });
      assert.deepEqual(await run('?connectionId=%3Cimg%3E'), { posted: [], closed: false, sentTo: undefined });
    });

    it('without an opener, sends the window back to a page of its own origin or of one the page names, https or http on loopback only', async () => {
      const back = (returnTo: string) => `?${new URLSearchParams({ returnTo, connectionId: 'abc-123', outcome: 'approved' })}`;
      const named = 'https://portal.partner.example http://plain.partner.example http://localhost:3000 http://portal.localhost:3000';
      const returns = async (returnTo: string) => (await run(back(returnTo), false, named)).sentTo;
      assert.equal(await returns('https://partner.example/banks?tab=1'), 'https://partner.example/banks?tab=1&connectionId=abc-123&outcome=approved');
      assert.equal(await returns('https://portal.partner.example/banks'), 'https://portal.partner.example/banks?connectionId=abc-123&outcome=approved');
      assert.equal(await returns('http://localhost:3000/banks'), 'http://localhost:3000/banks?connectionId=abc-123&outcome=approved');
      assert.equal(await returns('http://portal.localhost:3000/banks'), 'http://portal.localhost:3000/banks?connectionId=abc-123&outcome=approved');
      for (const returnTo of ['https://other.partner.example/banks', 'http://plain.partner.example/banks', 'javascript:alert(1)']) {
        assert.equal(await returns(returnTo), undefined, returnTo);
      }
      // A page that names no other origin: its own only.
      assert.equal((await run(back('https://portal.partner.example/banks'), false)).sentTo, undefined);
    });
  });
});
