import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import {
  createDataholderEmulator,
  createEmulator,
  dataholderSeed,
  DEFAULT_DATAHOLDER_API_KEY,
  DEFAULT_DATAHOLDER_CLIENT_ID,
  DEFAULT_DATAHOLDER_CLIENT_SECRET,
  DEMO_COMPANY_ID,
  DEMO_USER_CONNECTIONS,
  DEMO_USER_ID,
  EMPTY_USER_ID,
  OTHER_USER_CONNECTIONS,
  OTHER_USER_ID,
  type DataholderConnection,
} from '../src/index.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const NOW = Date.parse('2031-03-04T05:06:07.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;

describe('dataholder emulator', () => {
  let time = NOW;
  const emulator = createDataholderEmulator({ now: () => new Date(time), datasetDelay: 5000 });
  let server: Listening;
  let auth: Record<string, string>;
  before(async () => {
    server = await listen(emulator.fetch);
    auth = { 'X-Api-Key': DEFAULT_DATAHOLDER_API_KEY, Authorization: `Bearer ${await accessToken()}` };
  });
  after(() => server.close());
  beforeEach(() => {
    time = NOW;
    emulator.reset();
  });

  const tokenRequest = (init: { body?: string; authorization?: string; type?: Record<string, string> }) =>
    fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { ...(init.type ?? form), ...(init.authorization ? { Authorization: init.authorization } : {}) },
      body: init.body ?? 'grant_type=client_credentials',
    });
  async function accessToken(): Promise<string> {
    return (await (await tokenRequest({ authorization: basic(DEFAULT_DATAHOLDER_CLIENT_ID, DEFAULT_DATAHOLDER_CLIENT_SECRET) })).json()).access_token;
  }
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { ...auth, 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) } });
  const connectionsOf = async (user: string): Promise<DataholderConnection[]> => (await (await api(`/v1/connections?user=${user}`)).json()).connections;
  const get = async (id: string): Promise<DataholderConnection> => (await api(`/v1/connections/${id}`)).json();
  const newConsent = async (body: object) =>
    api('/v1/consents', { method: 'POST', body: JSON.stringify({ redirectUri: 'http://localhost:8000/back?from=x', ...body }) });

  describe('the token endpoint', () => {
    it('issues a bearer token for the client credentials, as HTTP Basic or in the form', async () => {
      const viaBasic = await tokenRequest({ authorization: basic(DEFAULT_DATAHOLDER_CLIENT_ID, DEFAULT_DATAHOLDER_CLIENT_SECRET) });
      assert.equal(viaBasic.status, 200);
      assert.equal(viaBasic.headers.get('Cache-Control'), 'no-store');
      const grant = await viaBasic.json();
      assert.deepEqual(Object.keys(grant).sort(), ['access_token', 'expires_in', 'token_type']);
      assert.equal(grant.token_type, 'Bearer');
      assert.equal(grant.expires_in, 3600);
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: DEFAULT_DATAHOLDER_CLIENT_ID,
        client_secret: DEFAULT_DATAHOLDER_CLIENT_SECRET,
      });
      assert.equal((await tokenRequest({ body: String(body) })).status, 200);
    });

    it('answers 401 invalid_client for a wrong or missing client, and 400 for another grant or a JSON body', async () => {
      for (const init of [
        { authorization: basic(DEFAULT_DATAHOLDER_CLIENT_ID, 'wrong') },
        { authorization: basic('someone', DEFAULT_DATAHOLDER_CLIENT_SECRET) },
        { authorization: 'Basic !!!' },
        {},
        { body: `grant_type=client_credentials&client_id=${DEFAULT_DATAHOLDER_CLIENT_ID}&client_secret=nope` },
      ]) {
        const response = await tokenRequest(init);
        assert.equal(response.status, 401, JSON.stringify(init));
        assert.equal((await response.json()).error, 'invalid_client');
      }
      const password = await tokenRequest({
        body: 'grant_type=password',
        authorization: basic(DEFAULT_DATAHOLDER_CLIENT_ID, DEFAULT_DATAHOLDER_CLIENT_SECRET),
      });
      assert.equal(password.status, 400);
      assert.equal((await password.json()).error, 'unsupported_grant_type');
      const asJson = await tokenRequest({ type: { 'Content-Type': 'application/json' }, body: '{"grant_type":"client_credentials"}' });
      assert.equal(asJson.status, 400);
    });
  });

  describe('access to /v1', () => {
    it('needs both the API key and an unexpired token it issued, on every route', async () => {
      const token = auth['Authorization']!;
      for (const path of ['/v1/dataholders', `/v1/connections?user=${DEMO_USER_ID}`, `/v1/connections/${DEMO_USER_CONNECTIONS.active}`, '/v1/nowhere']) {
        for (const headers of [
          {},
          { 'X-Api-Key': DEFAULT_DATAHOLDER_API_KEY },
          { Authorization: token },
          { 'X-Api-Key': 'wrong', Authorization: token },
          { 'X-Api-Key': DEFAULT_DATAHOLDER_API_KEY, Authorization: 'Bearer made-up' },
        ]) {
          const response = await fetch(`${server.url}${path}`, { headers });
          assert.equal(response.status, 401, `${path} ${JSON.stringify(headers)}`);
          assert.equal((await response.json()).error, 'unauthorized');
        }
      }
      assert.equal((await api('/v1/dataholders')).status, 200);
      assert.equal((await api('/v1/nowhere')).status, 404);
    });

    it('refuses a token once it has expired by the clock', async () => {
      const fresh = await accessToken();
      const call = () => fetch(`${server.url}/v1/dataholders`, { headers: { 'X-Api-Key': DEFAULT_DATAHOLDER_API_KEY, Authorization: `Bearer ${fresh}` } });
      time += HOUR - 1;
      assert.equal((await call()).status, 200);
      time += 1;
      assert.equal((await call()).status, 401);
    });
  });

  describe('the seed', () => {
    it("holds the demo user's connections in every status, with and without metrics, dates relative to the clock", async () => {
      const connections = await connectionsOf(DEMO_USER_ID);
      const byId = new Map(connections.map((connection) => [connection.id, connection]));
      assert.deepEqual([...byId.keys()].sort(), Object.values(DEMO_USER_CONNECTIONS).sort());
      const status = (id: string) => byId.get(id)!.status;
      assert.deepEqual(Object.values(DEMO_USER_CONNECTIONS).map(status), ['ACTIVE', 'ACTIVE', 'EXPIRED', 'DISCONNECTED', 'INITIATED', 'REVOKED_BY_DATAHOLDER']);
      for (const connection of connections) {
        assert.equal(connection.connectionState.status, connection.status);
        assert.equal(connection.user, DEMO_USER_ID);
        for (const at of [connection.connectionState.connectedAt, connection.connectionState.disconnectedAt]) {
          if (at !== null) assert.ok(NOW - Date.parse(at) > 0 && NOW - Date.parse(at) < 400 * DAY, at);
        }
      }
      const active = byId.get(DEMO_USER_CONNECTIONS.active)!;
      assert.equal(active.metrics, null);
      for (const metric of ['BANK_ACCOUNT', 'BANK_BALANCE', 'BANK_TRANSACTION', 'USER_INFO'] as const)
        assert.equal(active.connectionState[metric]!.status, 'SUCCESS');
      const failing = byId.get(DEMO_USER_CONNECTIONS.activeWithFailure)!;
      assert.ok(Array.isArray(failing.metrics));
      assert.equal(failing.connectionState.BANK_TRANSACTION!.status, 'FAILURE');
      assert.ok(Date.parse(failing.connectionState.BANK_TRANSACTION!.lastSuccess!) < Date.parse(failing.connectionState.BANK_TRANSACTION!.lastUpdated!));
      assert.equal(failing.connectionState.USER_INFO, undefined);
      assert.ok(byId.get(DEMO_USER_CONNECTIONS.disconnected)!.connectionState.disconnectedAt);
      const initiated = byId.get(DEMO_USER_CONNECTIONS.initiated)!;
      assert.deepEqual([initiated.scopes, initiated.metrics, initiated.connectionState.connectedAt], [null, null, null]);
    });

    it('keeps the other user apart, gives the empty user nothing, and names the dataholders', async () => {
      assert.deepEqual((await connectionsOf(OTHER_USER_ID)).map((connection) => connection.id).sort(), Object.values(OTHER_USER_CONNECTIONS).sort());
      assert.deepEqual(await connectionsOf(EMPTY_USER_ID), []);
      assert.equal((await api('/v1/connections')).status, 400);
      const { dataholders } = await (await api('/v1/dataholders')).json();
      for (const name of ['Commonwealth Bank', 'ANZ', 'Westpac', 'NAB', 'Kiwibank'])
        assert.ok(
          dataholders.some((each: { name: string }) => each.name === name),
          name,
        );
      const logo = await fetch(dataholders[0].logoUrl);
      assert.equal(logo.headers.get('Content-Type'), 'image/svg+xml');
    });

    it('can be replaced, and reset returns to it', async () => {
      const seeded = createDataholderEmulator({
        now: () => new Date(time),
        seed: (now) => ({ ...dataholderSeed(now), connections: dataholderSeed(now).connections.slice(0, 1) }),
      });
      const token = (
        await (
          await seeded.fetch(
            new Request('http://x/oauth/token', {
              method: 'POST',
              headers: form,
              body: `grant_type=client_credentials&client_id=${DEFAULT_DATAHOLDER_CLIENT_ID}&client_secret=${DEFAULT_DATAHOLDER_CLIENT_SECRET}`,
            }),
          )
        ).json()
      ).access_token;
      const list = async () =>
        (
          await (
            await seeded.fetch(
              new Request(`http://x/v1/connections?user=${DEMO_USER_ID}`, {
                headers: { 'X-Api-Key': DEFAULT_DATAHOLDER_API_KEY, Authorization: `Bearer ${token}` },
              }),
            )
          ).json()
        ).connections;
      assert.equal((await list()).length, 1);
      await seeded.fetch(
        new Request(`http://x/v1/connections/${DEMO_USER_CONNECTIONS.active}/disconnect`, {
          method: 'POST',
          headers: { 'X-Api-Key': DEFAULT_DATAHOLDER_API_KEY, Authorization: `Bearer ${token}` },
        }),
      );
      assert.equal((await list())[0].status, 'DISCONNECTED');
      seeded.reset();
      assert.equal((await list())[0].status, 'ACTIVE');
    });
  });

  describe('disconnect', () => {
    it('makes a connection DISCONNECTED now, and changes nothing when it already is', async () => {
      const first = await (await api(`/v1/connections/${DEMO_USER_CONNECTIONS.active}/disconnect`, { method: 'POST' })).json();
      assert.equal(first.status, 'DISCONNECTED');
      assert.equal(first.connectionState.disconnectedAt, new Date(NOW).toISOString());
      time += 60_000;
      assert.deepEqual(await (await api(`/v1/connections/${DEMO_USER_CONNECTIONS.active}/disconnect`, { method: 'POST' })).json(), first);
      assert.equal((await api('/v1/connections/nope/disconnect', { method: 'POST' })).status, 404);
    });
  });

  describe('consents', () => {
    it('a new consent makes an INITIATED connection; asked again, it answers the same one', async () => {
      const first = await (await newConsent({ user: EMPTY_USER_ID, dataholder: 'nab', metrics: ['BANK_BALANCE'] })).json();
      assert.equal(first.connection.status, 'INITIATED');
      assert.equal(first.connection.user, EMPTY_USER_ID);
      assert.deepEqual(first.connection.metrics, ['BANK_BALANCE']);
      assert.equal(first.connection.app, 'codat-connections-demo');
      assert.match(first.consentUrl, new RegExp(`^${server.url}/consent/[\\w-]+$`));
      const second = await (await newConsent({ user: EMPTY_USER_ID, dataholder: 'nab' })).json();
      assert.equal(second.connection.id, first.connection.id);
      assert.notEqual(second.consentUrl, first.consentUrl);
      assert.equal((await connectionsOf(EMPTY_USER_ID)).length, 1);
      const stamped = await (await newConsent({ user: EMPTY_USER_ID, dataholder: 'anz', app: 'another-app' })).json();
      assert.equal(stamped.connection.app, 'another-app');
    });

    it("consents again for a user's connection by its id, and not for another user's", async () => {
      const again = await newConsent({ user: DEMO_USER_ID, connectionId: DEMO_USER_CONNECTIONS.expired });
      assert.equal((await again.json()).connection.id, DEMO_USER_CONNECTIONS.expired);
      assert.equal((await newConsent({ user: DEMO_USER_ID, connectionId: OTHER_USER_CONNECTIONS.active })).status, 404);
    });

    it('refuses a redirectUri that is not http(s), and a request that is not exactly one of dataholder and connectionId', async () => {
      for (const body of [
        { user: DEMO_USER_ID, dataholder: 'anz', redirectUri: 'javascript:alert(1)' },
        { user: DEMO_USER_ID, dataholder: 'anz', redirectUri: 'not a url' },
        { user: DEMO_USER_ID },
        { user: DEMO_USER_ID, dataholder: 'anz', connectionId: DEMO_USER_CONNECTIONS.active },
        { dataholder: 'anz' },
        { user: DEMO_USER_ID, dataholder: 'anz', metrics: ['CRYPTO'] },
        { user: DEMO_USER_ID, dataholder: 'anz', extra: true },
      ]) {
        const response = await newConsent(body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal((await response.json()).error, 'invalid_request');
      }
      assert.equal((await newConsent({ user: DEMO_USER_ID, dataholder: 'no-such-bank' })).status, 404);
    });
  });

  describe('the consent page', () => {
    it('shows the dataholder and the scopes asked for, and a form with Approve and Reject, without script', async () => {
      const { consentUrl } = await (await newConsent({ user: EMPTY_USER_ID, dataholder: 'westpac', metrics: ['BANK_TRANSACTION'] })).json();
      const response = await fetch(consentUrl);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('Content-Security-Policy')!, /default-src 'none'/);
      const html = await response.text();
      assert.match(html, /<h1>Share your Westpac data<\/h1>/);
      assert.match(html, /<code>bank:transactions:read<\/code>/);
      assert.doesNotMatch(html, /bank:accounts/);
      assert.match(html, /<form method="post">/);
      assert.match(html, /<button type="submit" name="decision" value="approve">Approve<\/button>/);
      assert.match(html, /<button type="submit" name="decision" value="reject">Reject<\/button>/);
      assert.doesNotMatch(html, /<script|<style|\sstyle=|\son[a-z]+=/i);
      assert.equal((await fetch(`${server.url}/consent/styles.css`)).status, 200);
      assert.match(html, /<link rel="icon" href="\/consent\/icon.svg" type="image\/svg\+xml">/);
      assert.equal((await fetch(`${server.url}/consent/icon.svg`)).headers.get('Content-Type'), 'image/svg+xml');
      assert.equal((await fetch(`${server.url}/consent/no-such-consent`)).status, 404);
    });

    it('escapes every value it shows', async () => {
      const hostile = '<img src=x onerror=alert(1)>"\'&';
      const escaped = createDataholderEmulator({
        seed: (now) => ({ ...dataholderSeed(now), dataholders: [{ id: 'evil', name: hostile }] }),
      });
      const token = (
        await (
          await escaped.fetch(
            new Request('http://x/oauth/token', {
              method: 'POST',
              headers: { ...form, Authorization: basic(DEFAULT_DATAHOLDER_CLIENT_ID, DEFAULT_DATAHOLDER_CLIENT_SECRET) },
              body: 'grant_type=client_credentials',
            }),
          )
        ).json()
      ).access_token;
      const created = await escaped.fetch(
        new Request('http://x/v1/consents', {
          method: 'POST',
          headers: { 'X-Api-Key': DEFAULT_DATAHOLDER_API_KEY, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ user: EMPTY_USER_ID, dataholder: 'evil', app: hostile, redirectUri: 'http://localhost/' }),
        }),
      );
      const html = await (await escaped.fetch(new Request((await created.json()).consentUrl))).text();
      assert.ok(!html.includes(hostile));
      assert.doesNotMatch(html, /<img src=x/);
      assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;&#34;&#39;&#38;/);
    });

    it('Approve: 303 to redirectUri with connectionId and outcome; ACTIVE with its scopes now, datasets read after datasetDelay', async () => {
      const { connection, consentUrl } = await (await newConsent({ user: EMPTY_USER_ID, dataholder: 'anz', metrics: ['BANK_ACCOUNT', 'USER_INFO'] })).json();
      const response = await fetch(consentUrl, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ decision: 'approve' }) });
      assert.equal(response.status, 303);
      const location = new URL(response.headers.get('Location')!);
      assert.equal(`${location.origin}${location.pathname}`, 'http://localhost:8000/back');
      assert.equal(location.searchParams.get('from'), 'x');
      assert.equal(location.searchParams.get('connectionId'), connection.id);
      assert.equal(location.searchParams.get('outcome'), 'approved');
      const active = await get(connection.id);
      assert.equal(active.status, 'ACTIVE');
      assert.equal(active.connectionState.connectedAt, new Date(NOW).toISOString());
      assert.deepEqual(active.scopes, ['bank:accounts.basic:read', 'bank:accounts.detail:read', 'common:customer.basic:read']);
      assert.equal(active.connectionState.BANK_ACCOUNT, undefined);
      time += 5000;
      const read = await get(connection.id);
      assert.deepEqual(
        Object.keys(read.connectionState).filter((key) => key === key.toUpperCase()),
        ['BANK_ACCOUNT', 'USER_INFO'],
      );
      assert.equal(read.connectionState.USER_INFO!.status, 'SUCCESS');
      assert.equal(read.connectionState.USER_INFO!.lastSuccess, new Date(NOW + 5000).toISOString());
      // The consent is answered: its page is gone.
      assert.equal((await fetch(consentUrl)).status, 404);
    });

    it('Approve for a DISCONNECTED connection connects it again', async () => {
      const { consentUrl } = await (await newConsent({ user: DEMO_USER_ID, connectionId: DEMO_USER_CONNECTIONS.disconnected })).json();
      await fetch(consentUrl, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ decision: 'approve' }) });
      const connection = await get(DEMO_USER_CONNECTIONS.disconnected);
      assert.equal(connection.status, 'ACTIVE');
      assert.equal(connection.connectionState.disconnectedAt, null);
    });

    it('Reject: 303 with outcome=rejected, and nothing changes', async () => {
      const before = await get(DEMO_USER_CONNECTIONS.initiated);
      const { consentUrl } = await (await newConsent({ user: DEMO_USER_ID, dataholder: 'kiwibank' })).json();
      const response = await fetch(consentUrl, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ decision: 'reject' }) });
      assert.equal(response.status, 303);
      assert.equal(new URL(response.headers.get('Location')!).searchParams.get('outcome'), 'rejected');
      assert.deepEqual(await get(DEMO_USER_CONNECTIONS.initiated), before);
      const unanswered = await (await newConsent({ user: DEMO_USER_ID, dataholder: 'kiwibank' })).json();
      assert.equal((await fetch(unanswered.consentUrl, { method: 'POST', body: new URLSearchParams({ decision: 'maybe' }) })).status, 400);
    });
  });
});

describe('the dataholder emulator beside the Codat emulator, in one hono app', () => {
  it('each answers under its own base path', async () => {
    const codat = createEmulator({ basePath: '/emulator' });
    const dataholder = createDataholderEmulator({ basePath: '/dataholder-emulator' });
    const app = new Hono();
    app.all('/emulator/*', (c) => codat.fetch(c.req.raw));
    app.all('/dataholder-emulator/*', (c) => dataholder.fetch(c.req.raw));
    const server = await listen((request) => app.fetch(request));
    try {
      const companies = await fetch(`${server.url}/emulator/companies/${DEMO_COMPANY_ID}`, { headers: { Authorization: `Basic ${btoa('emulator-api-key')}` } });
      assert.equal(companies.status, 200);
      const token = await fetch(`${server.url}/dataholder-emulator/oauth/token`, {
        method: 'POST',
        headers: { ...form, Authorization: basic(DEFAULT_DATAHOLDER_CLIENT_ID, DEFAULT_DATAHOLDER_CLIENT_SECRET) },
        body: 'grant_type=client_credentials',
      });
      const { access_token: accessToken } = await token.json();
      const created = await fetch(`${server.url}/dataholder-emulator/v1/consents`, {
        method: 'POST',
        headers: { 'X-Api-Key': DEFAULT_DATAHOLDER_API_KEY, Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: EMPTY_USER_ID, dataholder: 'anz', redirectUri: `${server.url}/back` }),
      });
      const { consentUrl } = await created.json();
      assert.ok(consentUrl.startsWith(`${server.url}/dataholder-emulator/consent/`));
      const page = await (await fetch(consentUrl)).text();
      assert.match(page, /href="\/dataholder-emulator\/consent\/styles\.css"/);
    } finally {
      await server.close();
    }
  });
});
