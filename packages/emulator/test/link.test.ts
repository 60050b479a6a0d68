import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator, DEMO_COMPANY_ID } from '../src/index.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const auth = { Authorization: `Basic ${btoa('emulator-api-key')}` };
const NOW = '2025-05-06T07:08:09.000Z';

interface Connection {
  id: string;
  status: string;
  linkUrl: string;
  lastSync?: string;
  dataConnectionErrors: Array<{ status: string; resolvedOnUtc?: string }>;
}

describe('link page', () => {
  const redirectUrl = 'http://localhost:8000/codat-return.html?from=emulator';
  const emulator = createEmulator({ basePath: '/emulator', redirectUrl, now: () => new Date(NOW) });
  const closing = createEmulator();
  let server: Listening;
  let closingServer: Listening;
  before(async () => {
    server = await listen(emulator.fetch);
    closingServer = await listen(closing.fetch);
  });
  after(async () => {
    await server.close();
    await closingServer.close();
  });
  beforeEach(() => emulator.reset());

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/emulator${path}`, { ...init, headers: { ...auth, 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) } });
  const connectionsPath = `/companies/${DEMO_COMPANY_ID}/connections`;
  const byStatus = async (status: string): Promise<Connection> => (await (await api(`${connectionsPath}?query=status%3D${status}`)).json()).results[0];
  const decide = (linkUrl: string, decision: string) => fetch(linkUrl, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ decision }) });

  it('shows the platform and a plain form with Authorize and Deny, without script or inline style', async () => {
    const created: Connection = await (await api(connectionsPath, { method: 'POST', body: '{"platformKey":"gbol"}' })).json();
    assert.equal(created.linkUrl, `${server.url}/emulator/link/${DEMO_COMPANY_ID}/${created.id}`);
    const response = await fetch(created.linkUrl);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('Content-Type')!, /^text\/html/);
    assert.match(response.headers.get('Content-Security-Policy')!, /default-src 'none'/);
    const html = await response.text();
    assert.match(html, /<h1>Connect Xero<\/h1>/);
    assert.match(html, /<form method="post">/);
    assert.match(html, /<button type="submit" name="decision" value="authorize">Authorize Xero<\/button>/);
    assert.match(html, /<button type="submit" name="decision" value="deny">Deny<\/button>/);
    assert.match(html, /src="\/emulator\/integrations\/gbol\/logo.svg"/);
    assert.doesNotMatch(html, /<script|<style|\sstyle=|\son[a-z]+=/i);
    const css = await fetch(`${server.url}/emulator/link/styles.css`);
    assert.match(css.headers.get('Content-Type')!, /^text\/css/);
    // Its own icon, so the browser asks for no /favicon.ico (a 404 in the console).
    assert.match(html, /<link rel="icon" href="\/emulator\/link\/icon.svg" type="image\/svg\+xml">/);
    const icon = await fetch(`${server.url}/emulator/link/icon.svg`);
    assert.equal(icon.status, 200);
    assert.equal(icon.headers.get('Content-Type'), 'image/svg+xml');
  });

  it("Authorize links the connection with a lastSync and redirects with Codat's parameters", async () => {
    const created: Connection = await (await api(connectionsPath, { method: 'POST', body: '{"platformKey":"ugxp"}' })).json();
    const response = await decide(created.linkUrl, 'authorize');
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('Location')!);
    assert.equal(`${location.origin}${location.pathname}`, 'http://localhost:8000/codat-return.html');
    assert.equal(location.searchParams.get('from'), 'emulator');
    assert.equal(location.searchParams.get('statusCode'), '200');
    assert.equal(location.searchParams.get('connectionId'), created.id);
    assert.equal(location.searchParams.get('companyId'), DEMO_COMPANY_ID);
    assert.equal(location.searchParams.get('errorMessage'), null);
    const linked: Connection = await (await api(`${connectionsPath}/${created.id}`)).json();
    assert.equal(linked.status, 'Linked');
    assert.equal(linked.lastSync, NOW);
  });

  it('Deny leaves the connection as it was and redirects with statusCode 403 and an errorMessage', async () => {
    const pending = await byStatus('PendingAuth');
    const response = await decide(pending.linkUrl, 'deny');
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('Location')!);
    assert.equal(location.searchParams.get('statusCode'), '403');
    assert.equal(location.searchParams.get('errorMessage'), 'User cancelled');
    assert.equal(location.searchParams.get('connectionId'), pending.id);
    assert.equal((await (await api(`${connectionsPath}/${pending.id}`)).json()).status, 'PendingAuth');
  });

  it('re-links Unlinked and Deauthorized connections, resolving their active errors', async () => {
    for (const status of ['Unlinked', 'Deauthorized']) {
      const connection = await byStatus(status);
      assert.equal((await decide(connection.linkUrl, 'authorize')).status, 302);
      const relinked: Connection = await (await api(`${connectionsPath}/${connection.id}`)).json();
      assert.equal(relinked.status, 'Linked', status);
      assert.equal(relinked.lastSync, NOW);
      assert.ok(relinked.dataConnectionErrors.every((error) => error.status === 'Resolved'));
    }
  });

  it('with a redirect path, sends the user back to the origin of the page that opened the link page when it is a return origin, else to its own', async () => {
    const relative = createEmulator({ basePath: '/emulator', redirectUrl: '/codat-return.html', returnOrigins: ['http://portal.localhost:3000'] });
    const served = await listen(relative.fetch);
    try {
      const create = async (): Promise<Connection> =>
        (
          await fetch(`${served.url}/emulator${connectionsPath}`, {
            method: 'POST',
            headers: { ...auth, 'Content-Type': 'application/json' },
            body: '{"platformKey":"gbol"}',
          })
        ).json();
      /** Where Authorize sends the user after a page at `referrer` (none: undefined) sent them to the link page. */
      const returnAfter = async (referrer: string | undefined): Promise<string> => {
        const connection = await create();
        await fetch(connection.linkUrl, { headers: referrer === undefined ? {} : { Referer: referrer } });
        const back = new URL((await decide(connection.linkUrl, 'authorize')).headers.get('Location')!);
        assert.equal(back.searchParams.get('connectionId'), connection.id);
        return `${back.origin}${back.pathname}`;
      };
      // The partner app's page sends the user to the link page: the browser names it as the referrer.
      assert.equal(await returnAfter('http://portal.localhost:3000/connections'), 'http://portal.localhost:3000/codat-return.html');
      // Any other page, or none, or one that is not a web page: the emulator's own origin.
      for (const referrer of ['https://elsewhere.example/', 'http://portal.localhost:3001/', 'javascript:alert(1)', undefined]) {
        assert.equal(await returnAfter(referrer), `${served.url}/codat-return.html`, String(referrer));
      }
    } finally {
      await served.close();
    }
  });

  it('refuses return origins that are not origins, or plain http off loopback', () => {
    for (const origin of ['https://app.example.com/', 'https://app.example.com/return', 'app.example.com', 'javascript:alert(1)']) {
      assert.throws(() => createEmulator({ returnOrigins: [origin] }), /not an origin/, origin);
    }
    assert.throws(() => createEmulator({ returnOrigins: ['http://app.example.com'] }), /https, or http on loopback/);
    assert.throws(() => createEmulator({ returnOrigins: 'https://app.example.com' as never }), /must be an array/);
    for (const origin of ['https://app.example.com', 'http://localhost:3000', 'http://portal.localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
      assert.doesNotThrow(() => createEmulator({ returnOrigins: [origin] }), origin);
    }
  });

  it('without a redirect URL, says the window can be closed', async () => {
    const pending: Connection = (
      await (await fetch(`${closingServer.url}/companies/${DEMO_COMPANY_ID}/connections?query=status%3DPendingAuth`, { headers: auth })).json()
    ).results[0];
    const response = await decide(pending.linkUrl, 'authorize');
    assert.equal(response.status, 200);
    assert.match(await response.text(), /You can close this window/);
  });

  it('answers 404 for an unknown link and 400 for an unknown decision', async () => {
    const pending = await byStatus('PendingAuth');
    assert.equal((await fetch(`${server.url}/emulator/link/${DEMO_COMPANY_ID}/0b8f3c1e-6a4d-4b7e-9c2a-5d1e8f7a6b3c`)).status, 404);
    assert.equal((await fetch(pending.linkUrl.replace(DEMO_COMPANY_ID, '0b8f3c1e-6a4d-4b7e-9c2a-5d1e8f7a6b3c'))).status, 404);
    assert.equal((await decide(pending.linkUrl, 'maybe')).status, 400);
    assert.equal((await (await api(`${connectionsPath}/${pending.id}`)).json()).status, 'PendingAuth');
  });
});

describe('publicUrl', () => {
  it("is used for linkUrl and logoUrl instead of the request's origin", async () => {
    const emulator = createEmulator({ basePath: '/emulator/', publicUrl: 'https://codat.example/emulator/' });
    const server = await listen(emulator.fetch);
    try {
      const created = await (
        await fetch(`${server.url}/emulator/companies/${DEMO_COMPANY_ID}/connections`, { method: 'POST', headers: auth, body: '{"platformKey":"gbol"}' })
      ).json();
      assert.equal(created.linkUrl, `https://codat.example/emulator/link/${DEMO_COMPANY_ID}/${created.id}`);
      const integration = await (await fetch(`${server.url}/emulator/integrations/gbol`, { headers: auth })).json();
      assert.equal(integration.logoUrl, 'https://codat.example/emulator/integrations/gbol/logo.svg');
      assert.equal((await fetch(`${server.url}/integrations/gbol`, { headers: auth })).status, 404, 'nothing outside basePath');
    } finally {
      await server.close();
    }
  });
});
