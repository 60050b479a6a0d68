import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COMPANY_A, startServerStack, type ServerStack } from '../../../test/helpers/server-stack.js';

const PARTNER = 'https://portal.partner.example';
const EVIL = 'https://evil.example';

describe('origin policy', () => {
  let stack: ServerStack;
  const tokenInit = (origin?: string): RequestInit => ({
    method: 'POST',
    headers: { Cookie: 'user=alice', 'X-Requested-With': 'codat-connections', ...(origin ? { Origin: origin } : {}) },
    body: '{}',
  });
  before(async () => {
    stack = await startServerStack({ allowedOrigins: [PARTNER] });
  });
  after(() => stack.close());

  it('answers same-origin requests without CORS headers', async () => {
    const { response } = await stack.call('/token', tokenInit(stack.url));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
  });

  it('refuses the token endpoint to an origin that is not allowed, before authorizing', async () => {
    const { response, json } = await stack.call('/token', tokenInit(EVIL));
    assert.equal(response.status, 403);
    assert.match(json().error, /Origin/);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
    const opaque = await stack.call('/token', tokenInit('null'));
    assert.equal(opaque.response.status, 403);
  });

  it('refuses operations and preflights from an origin that is not allowed', async () => {
    const token = await stack.token('alice');
    const operation = await stack.call(`/companies/${COMPANY_A}/connections`, { headers: { Authorization: `Bearer ${token}`, Origin: EVIL } });
    assert.equal(operation.response.status, 403);
    const preflight = await stack.call('/token', { method: 'OPTIONS', headers: { Origin: EVIL, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(preflight.response.status, 403);
  });

  it('lets an allowed origin get a token with credentials', async () => {
    const { response } = await stack.call('/token', tokenInit(PARTNER));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), PARTNER);
    assert.equal(response.headers.get('Access-Control-Allow-Credentials'), 'true');
    assert.equal(response.headers.get('Vary'), 'Origin');
  });

  it('lets an allowed origin call operations, without credentials, seeing the rate-limit headers', async () => {
    const token = await stack.token('alice');
    const { response } = await stack.call(`/companies/${COMPANY_A}/connections`, { headers: { Authorization: `Bearer ${token}`, Origin: PARTNER } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), PARTNER);
    assert.equal(response.headers.get('Access-Control-Allow-Credentials'), null);
    assert.match(response.headers.get('Access-Control-Expose-Headers') ?? '', /Retry-After/);
  });

  it("lets an allowed origin read the handler's errors, wherever they are raised", async () => {
    // The browser hides an answer without CORS headers from the page, which would then see a
    // network error instead of the handler's ErrorMessage: refusals raised by the token check, by
    // validation and by the upstream call all carry them.
    const token = await stack.token('alice');
    const cases: [string, RequestInit, number][] = [
      [`/companies/${COMPANY_A}/connections`, { headers: { Origin: PARTNER } }, 401],
      [`/companies/${COMPANY_A}/connections?page=0`, { headers: { Authorization: `Bearer ${token}`, Origin: PARTNER } }, 400],
      [`/companies/${COMPANY_A}/connections/not-a-uuid`, { headers: { Authorization: `Bearer ${token}`, Origin: PARTNER } }, 400],
      [`/companies/${COMPANY_A}/connections`, { method: 'PUT', headers: { Origin: PARTNER } }, 405],
      ['/token', { ...tokenInit(PARTNER), body: '{"companyId":1}' }, 400],
    ];
    for (const [path, init, status] of cases) {
      const { response, json } = await stack.call(path, init);
      assert.equal(response.status, status, path);
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), PARTNER, `${init.method ?? 'GET'} ${path}`);
      assert.equal(json().statusCode, status);
    }
  });

  it("answers preflights from an allowed origin with the route's methods and headers", async () => {
    const token = await stack.call('/token', { method: 'OPTIONS', headers: { Origin: PARTNER, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(token.response.status, 204);
    assert.equal(token.response.headers.get('Access-Control-Allow-Methods'), 'POST');
    assert.match(token.response.headers.get('Access-Control-Allow-Headers') ?? '', /X-Requested-With/);
    assert.equal(token.response.headers.get('Access-Control-Allow-Credentials'), 'true');
    const one = await stack.call(`/companies/${COMPANY_A}/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171`, {
      method: 'OPTIONS',
      headers: { Origin: PARTNER, 'Access-Control-Request-Method': 'PATCH' },
    });
    assert.equal(one.response.status, 204);
    assert.equal(one.response.headers.get('Access-Control-Allow-Methods'), 'GET, PATCH, DELETE');
    assert.match(one.response.headers.get('Access-Control-Allow-Headers') ?? '', /Authorization/);
  });

  // What the browser sent decides: behind Vite's dev proxy (which rewrites Host), in Next.js (whose
  // route handlers see a localhost URL) or behind a TLS-terminating proxy, the page's origin is
  // not the one the request's URL names, but the browser vouches for it with Sec-Fetch-Site.
  const fromBrowser = (origin: string, site: string): RequestInit => ({
    ...tokenInit(origin),
    headers: { ...(tokenInit(origin).headers as Record<string, string>), 'Sec-Fetch-Site': site },
  });

  it("takes a browser's same-origin request as its own whatever Host says, and answers its origin as baseUrl", async () => {
    for (const page of ['http://localhost:5173', 'https://portal.partner-two.example']) {
      const { response, json } = await stack.call('/token', fromBrowser(page, 'same-origin'));
      assert.equal(response.status, 200, page);
      assert.equal(json().baseUrl, `${page}/api/codat`);
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), null, 'same origin: no CORS headers');
    }
  });

  it('refuses an unlisted origin the browser calls cross-site or same-site, and an origin that is not one', async () => {
    for (const [origin, site] of [
      [EVIL, 'cross-site'],
      ['https://other.partner.example', 'same-site'],
      [EVIL, 'none'],
      ['null', 'same-origin'],
      [`${EVIL}/path`, 'same-origin'],
    ]) {
      const { response } = await stack.call('/token', fromBrowser(origin!, site!));
      assert.equal(response.status, 403, `${origin} ${site}`);
    }
  });

  it('treats the https origin named by X-Forwarded-Proto as its own (behind a TLS proxy)', async () => {
    const host = new URL(stack.url).host;
    const { response, json } = await stack.call('/token', {
      ...tokenInit(`https://${host}`),
      headers: { ...(tokenInit().headers as Record<string, string>), Origin: `https://${host}`, 'X-Forwarded-Proto': 'https' },
    });
    assert.equal(response.status, 200);
    assert.equal(json().baseUrl, `https://${host}/api/codat`);
  });
});
