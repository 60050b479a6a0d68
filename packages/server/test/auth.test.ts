import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { COMPANY_A, COMPANY_B, CONNECTION, SECRET, startServerStack, type ServerStack } from '../../../test/helpers/server-stack.js';

const bearer = (token: string): RequestInit => ({ headers: { Authorization: `Bearer ${token}` } });

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
  for (const [name, make] of rejected) {
    it(`answers 401 with error="invalid_token" for a token ${name}`, async () => {
      const { response, json } = await stack.call(list, bearer(await make()));
      assert.equal(response.status, 401);
      assert.match(response.headers.get('WWW-Authenticate') ?? '', /error="invalid_token"/);
      assert.equal(json().statusCode, 401);
    });
  }

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
    for (const path of [`/companies/${COMPANY_B}/connections`, `/companies/${COMPANY_B}/connections/${CONNECTION}`]) {
      const { response, json } = await stack.call(path, bearer(token));
      assert.equal(response.status, 403, path);
      assert.match(json().error, /company/);
    }
    assert.equal(stack.calls.length, 0);
  });

  it("answers 403 when the token lacks the operation's permission", async () => {
    const alice = await stack.token('alice');
    const reader = await stack.token('reader');
    const cases: Array<[string, string, RequestInit]> = [
      ['alice cannot delete', alice, { method: 'DELETE' }],
      ['a reader cannot link', reader, { method: 'POST', body: '{"platformKey":"gbol"}' }],
      ['a reader cannot unlink', reader, { method: 'PATCH', body: '{"status":"Unlinked"}' }],
    ];
    stack.calls.length = 0;
    for (const [name, token, init] of cases) {
      const path = init.method === 'POST' ? list : `${list}/${CONNECTION}`;
      const { response, json } = await stack.call(path, { ...init, headers: { Authorization: `Bearer ${token}` } });
      assert.equal(response.status, 403, name);
      assert.match(json().error, /connections:(delete|link|unlink)/, name);
    }
    assert.equal(stack.calls.length, 0);
  });

  it('lets a token with connections:delete delete', async () => {
    const { response } = await stack.call(`${list}/${CONNECTION}`, { method: 'DELETE', ...bearer(await stack.token('admin')) });
    assert.equal(response.status, 200);
  });

  it('requires connections:read for integrations', async () => {
    const noRead = await startServerStack({ authorize: async () => ({ companyId: COMPANY_A, permissions: ['connections:link'] }) });
    try {
      const token = await noRead.token('anyone');
      assert.equal((await noRead.call('/integrations', bearer(token))).response.status, 403);
    } finally {
      await noRead.close();
    }
  });
});
