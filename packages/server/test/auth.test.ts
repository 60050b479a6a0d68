import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { COMPANY_A, COMPANY_B, CONNECTION, SECRET, startServerStack, type ServerStack } from '../../../test/helpers/server-stack.js';

const bearer = (token: string): RequestInit => ({ headers: { Authorization: `Bearer ${token}` } });
const DATASET = '97d60846-f07a-4d42-b5a0-0bdcc6ebf56b';
const refresh = `/companies/${COMPANY_A}/data/all`;

/** A token like the handler's own, with any claim or key changed. */
async function craft(changes: { secret?: string; audience?: string; issuer?: string; expiresAt?: number; companyId?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ cid: changes.companyId ?? COMPANY_A, permissions: ['connections:read'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('mallory')
    .setAudience(changes.audience ?? 'codat-connections')
    .setIssuer(changes.issuer ?? 'codat-connections-server')
    .setIssuedAt(now - 1000)
    .setExpirationTime(changes.expiresAt ?? now + 600)
    .setJti(crypto.randomUUID())
    .sign(new TextEncoder().encode(changes.secret ?? SECRET));
}

describe('operations: bearer tokens', () => {
  let stack: ServerStack;
  const list = `/companies/${COMPANY_A}/connections`;
  before(async () => {
    stack = await startServerStack();
  });
  after(() => stack.close());

  it('accepts a token the handler issued, and a token crafted with its secret and claims', async () => {
    assert.equal((await stack.call(list, bearer(await stack.token('alice')))).response.status, 200);
    assert.equal((await stack.call(list, bearer(await craft()))).response.status, 200);
  });

  it('answers 401 with WWW-Authenticate when the token is missing', async () => {
    const { response, json } = await stack.call(list);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('WWW-Authenticate') ?? '', /^Bearer /);
    assert.equal(json().service, 'codat-connections-server');
    const basic = await stack.call(list, { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
    assert.equal(basic.response.status, 401);
  });

  const rejected: Array<[string, () => Promise<string>]> = [
    ['forged (signed with another secret)', () => craft({ secret: 'another-secret-that-is-also-32-bytes-long' })],
    ['expired', () => craft({ expiresAt: Math.floor(Date.now() / 1000) - 60 })],
    ['for another audience', () => craft({ audience: 'someone-else' })],
    ['from another issuer', () => craft({ issuer: 'someone-else' })],
    [
      'unsigned (alg none)',
      async () => {
        const [, payload] = (await craft()).split('.');
        return `${btoa(JSON.stringify({ alg: 'none', typ: 'JWT' })).replace(/=+$/, '')}.${payload}.`;
      },
    ],
    [
      'tampered (company changed after signing)',
      async () => {
        const [header, payload, signature] = (await craft()).split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
        claims.cid = COMPANY_B;
        return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
      },
    ],
    ['not a JWT at all', async () => 'garbage'],
  ];
  /** Every route that takes a bearer token, one request each: a rejected token must open none. */
  const routes: Array<[string, string]> = [
    ['GET', list],
    ['GET', `${list}/${CONNECTION}`],
    ['GET', '/integrations'],
    ['GET', `/companies/${COMPANY_A}/dataStatus`],
    ['GET', `/companies/${COMPANY_A}/data/history?query=connectionId%3D${CONNECTION}`],
    ['GET', `/companies/${COMPANY_A}/data/history/${DATASET}`],
    ['POST', `/companies/${COMPANY_A}/data/all`],
  ];
  for (const [name, make] of rejected) {
    it(`answers 401 with error="invalid_token" for a token ${name}, on every route, and forwards nothing`, async () => {
      const token = await make();
      stack.calls.length = 0;
      for (const [method, path] of routes) {
        const { response, json } = await stack.call(path, { method, ...bearer(token) });
        assert.equal(response.status, 401, `${method} ${path}`);
        assert.match(response.headers.get('WWW-Authenticate') ?? '', /error="invalid_token"/);
        assert.equal(json().statusCode, 401);
      }
      assert.equal(stack.calls.length, 0);
    });
  }

  it('answers 401 on every route when the token is missing', async () => {
    for (const [method, path] of routes) {
      assert.equal((await stack.call(path, { method })).response.status, 401, `${method} ${path}`);
    }
  });

  it('answers 401 for a token it issued once that token expires, though it accepted (and remembered) it before', async () => {
    const shortLived = await startServerStack({ tokenTtl: 2 });
    try {
      const token = await shortLived.token('alice');
      assert.equal((await shortLived.call(list, bearer(token))).response.status, 200);
      const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
      await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 20));
      const { response } = await shortLived.call(list, bearer(token));
      assert.equal(response.status, 401);
      assert.match(response.headers.get('WWW-Authenticate') ?? '', /error="invalid_token"/);
    } finally {
      await shortLived.close();
    }
  });

  it('answers 403 when the path names another company than the token, and forwards nothing', async () => {
    stack.calls.length = 0;
    const token = await stack.token('alice');
    // The company is checked before the permission, so a refresh is refused for the company too.
    const paths: Array<[string, string]> = [
      ['GET', `/companies/${COMPANY_B}/connections`],
      ['GET', `/companies/${COMPANY_B}/connections/${CONNECTION}`],
      ['GET', `/companies/${COMPANY_B}/dataStatus`],
      ['GET', `/companies/${COMPANY_B}/data/history`],
      ['GET', `/companies/${COMPANY_B}/data/history/${DATASET}`],
      ['POST', `/companies/${COMPANY_B}/data/all`],
    ];
    for (const [method, path] of paths) {
      const { response, json } = await stack.call(path, { method, ...bearer(token) });
      assert.equal(response.status, 403, path);
      assert.match(json().error, /company/);
    }
    assert.equal(stack.calls.length, 0);
  });

  it("answers 403 when the token lacks the operation's permission", async () => {
    const alice = await stack.token('alice');
    const reader = await stack.token('reader');
    const one = `${list}/${CONNECTION}`;
    const cases: Array<[string, string, string, RequestInit]> = [
      ['alice cannot delete', alice, one, { method: 'DELETE' }],
      ['a reader cannot link', reader, list, { method: 'POST', body: '{"platformKey":"gbol"}' }],
      ['a reader cannot unlink', reader, one, { method: 'PATCH', body: '{"status":"Unlinked"}' }],
      ['alice (the default permissions) cannot refresh', alice, refresh, { method: 'POST' }],
      ['a reader cannot refresh', reader, refresh, { method: 'POST' }],
    ];
    stack.calls.length = 0;
    for (const [name, token, path, init] of cases) {
      const { response, json } = await stack.call(path, { ...init, headers: { Authorization: `Bearer ${token}` } });
      assert.equal(response.status, 403, name);
      assert.match(json().error, /connections:(delete|link|unlink|refresh)/, name);
    }
    assert.equal(stack.calls.length, 0);
  });

  it('lets a token with connections:refresh refresh, and only that permission is needed', async () => {
    const refresher = await startServerStack({ authorize: async () => ({ companyId: COMPANY_A, permissions: ['connections:refresh'] }) });
    try {
      const token = await refresher.token('anyone');
      assert.equal((await refresher.call(refresh, { method: 'POST', ...bearer(token) })).response.status, 200);
      assert.deepEqual(
        refresher.calls.map((call) => `${call.method} ${call.url.pathname}`),
        [`POST ${refresh}`],
      );
      // Refreshing is not reading: the same token cannot read the data status.
      assert.equal((await refresher.call(`/companies/${COMPANY_A}/dataStatus`, bearer(token))).response.status, 403);
    } finally {
      await refresher.close();
    }
  });

  it('lets a token with connections:delete delete', async () => {
    const { response } = await stack.call(`${list}/${CONNECTION}`, { method: 'DELETE', ...bearer(await stack.token('admin')) });
    assert.equal(response.status, 200);
  });

  it('requires connections:read for integrations, the data status and the pull-operation history', async () => {
    const noRead = await startServerStack({ authorize: async () => ({ companyId: COMPANY_A, permissions: ['connections:link'] }) });
    try {
      const token = await noRead.token('anyone');
      for (const path of [
        '/integrations',
        `/companies/${COMPANY_A}/dataStatus`,
        `/companies/${COMPANY_A}/data/history`,
        `/companies/${COMPANY_A}/data/history/${DATASET}`,
      ]) {
        const { response, json } = await noRead.call(path, bearer(token));
        assert.equal(response.status, 403, path);
        assert.match(json().error, /connections:read/, path);
      }
      assert.equal(noRead.calls.length, 0);
    } finally {
      await noRead.close();
    }
  });
});
