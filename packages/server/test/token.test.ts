import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { COMPANY_A, COMPANY_B, startServerStack, type ServerStack } from '../../../test/helpers/server-stack.js';

const tokenRequest = (init: { cookie?: string; csrf?: boolean; body?: string; origin?: string } = {}): RequestInit => ({
  method: 'POST',
  headers: {
    'Content-Type': 'application/json',
    ...(init.cookie ? { Cookie: init.cookie } : {}),
    ...(init.csrf === false ? {} : { 'X-Requested-With': 'codat-connections' }),
    ...(init.origin ? { Origin: init.origin } : {}),
  },
  body: init.body ?? '{}',
});

describe('POST {basePath}/token', () => {
  let stack: ServerStack;
  const hints: Array<{ companyId?: string }> = [];
  before(async () => {
    stack = await startServerStack({
      tokenTtl: 120,
      authorize: async (request, hint) => {
        hints.push(hint);
        if (!request.headers.get('Cookie')?.includes('user=alice')) return null;
        return { companyId: COMPANY_A, subject: 'alice' };
      },
    });
  });
  after(() => stack.close());

  it('returns a TokenGrant for a signed-in user, never cached', async () => {
    const { response, json } = await stack.call('/token', tokenRequest({ cookie: 'user=alice' }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    const grant = json();
    assert.deepEqual(Object.keys(grant).sort(), ['accessToken', 'baseUrl', 'companyId', 'expiresIn', 'permissions', 'tokenType']);
    assert.equal(grant.tokenType, 'Bearer');
    assert.equal(grant.expiresIn, 120);
    assert.equal(grant.companyId, COMPANY_A);
    assert.equal(grant.baseUrl, `${stack.url}/api/codat`);
  });

  it('signs an HS256 JWT bound to company, subject, permissions, audience and expiry', async () => {
    const { json } = await stack.call('/token', tokenRequest({ cookie: 'user=alice' }));
    const token = json().accessToken;
    assert.equal(decodeProtectedHeader(token).alg, 'HS256');
    const claims = decodeJwt(token);
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.cid, COMPANY_A);
    assert.equal(claims.aud, 'codat-connections');
    assert.equal(claims.iss, 'codat-connections-server');
    assert.deepEqual(claims.permissions, ['connections:read', 'connections:link', 'connections:unlink']);
    assert.equal(claims.exp! - claims.iat!, 120);
    assert.match(String(claims.jti), /^[0-9a-f-]{36}$/);
  });

  it('names the permissions the token carries: read, link and unlink when authorize names none', async () => {
    const grant = (await stack.call('/token', tokenRequest({ cookie: 'user=alice' }))).json();
    assert.deepEqual(grant.permissions, ['connections:read', 'connections:link', 'connections:unlink']);
    assert.deepEqual(grant.permissions, decodeJwt(grant.accessToken).permissions);
  });

  it('gives each token its own id', async () => {
    const first = decodeJwt((await stack.call('/token', tokenRequest({ cookie: 'user=alice' }))).json().accessToken);
    const second = decodeJwt((await stack.call('/token', tokenRequest({ cookie: 'user=alice' }))).json().accessToken);
    assert.notEqual(first.jti, second.jti);
  });

  it('passes the companyId hint to authorize, whose answer wins', async () => {
    hints.length = 0;
    const { json } = await stack.call('/token', tokenRequest({ cookie: 'user=alice', body: JSON.stringify({ companyId: COMPANY_B }) }));
    assert.deepEqual(hints, [{ companyId: COMPANY_B }]);
    assert.equal(json().companyId, COMPANY_A);
  });

  it('answers 401 when authorize returns null', async () => {
    const { response, json } = await stack.call('/token', tokenRequest());
    assert.equal(response.status, 401);
    assert.equal(json().service, 'codat-connections-server');
    assert.equal(json().statusCode, 401);
  });

  it('refuses a request without X-Requested-With: codat-connections (CSRF guard) before authorizing', async () => {
    hints.length = 0;
    const { response, json } = await stack.call('/token', tokenRequest({ cookie: 'user=alice', csrf: false }));
    assert.equal(response.status, 403);
    assert.match(json().error, /X-Requested-With/);
    assert.deepEqual(hints, []);
  });

  it('answers 400 for malformed JSON, a non-object, unknown properties or a bad companyId', async () => {
    for (const body of ['{', '[]', '"x"', '{"companyId":"a","extra":1}', '{"companyId":42}', '{"companyId":"not-a-uuid"}']) {
      const { response, json } = await stack.call('/token', tokenRequest({ cookie: 'user=alice', body }));
      assert.equal(response.status, 400, body);
      assert.equal(json().statusCode, 400);
    }
  });

  it('answers 405 with Allow for other methods', async () => {
    const { response, json } = await stack.call('/token', { method: 'GET' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('Allow'), 'POST, OPTIONS');
    assert.equal(json().statusCode, 405);
  });

  it('answers 500 without details when authorize throws, and logs the failure with its message', async () => {
    const failing = await startServerStack({
      authorize: async () => {
        throw new Error('database password is hunter2');
      },
    });
    try {
      const { response, body } = await failing.call('/token', tokenRequest());
      assert.equal(response.status, 500);
      assert.doesNotMatch(body, /hunter2/);
      // The log is the server's own: the message is what tells its developer what broke.
      assert.deepEqual(failing.logs, ['codat-connections-server: authorize threw Error: database password is hunter2']);
    } finally {
      await failing.close();
    }
  });

  it('grants the permissions authorize names, and no others', async () => {
    const scoped = await startServerStack({
      // @ts-expect-error an unknown permission is dropped, not signed
      authorize: async () => ({ companyId: COMPANY_A, permissions: ['connections:read', 'connections:refresh', 'connections:admin'] }),
    });
    try {
      const { json } = await scoped.call('/token', tokenRequest());
      const claims = decodeJwt(json().accessToken);
      assert.deepEqual(claims.permissions, ['connections:read', 'connections:refresh']);
      assert.equal(claims.sub, `company:${COMPANY_A}`);
    } finally {
      await scoped.close();
    }
  });

  it('names a custom set of permissions in the answer, exactly as the token carries them', async () => {
    const scoped = await startServerStack({
      authorize: async () => ({ companyId: COMPANY_A, permissions: ['connections:read', 'connections:delete', 'connections:refresh'] }),
    });
    try {
      const grant = (await scoped.call('/token', tokenRequest())).json();
      assert.deepEqual(grant.permissions, ['connections:read', 'connections:delete', 'connections:refresh']);
      assert.deepEqual(decodeJwt(grant.accessToken).permissions, grant.permissions);
    } finally {
      await scoped.close();
    }
  });

  it('leaves unknown and repeated permissions out of the answer, as out of the token', async () => {
    const scoped = await startServerStack({
      // @ts-expect-error an unknown permission is dropped, not answered
      authorize: async () => ({ companyId: COMPANY_A, permissions: ['connections:admin', 'connections:read', 'connections:read', 'everything'] }),
    });
    try {
      const grant = (await scoped.call('/token', tokenRequest())).json();
      assert.deepEqual(grant.permissions, ['connections:read']);
      assert.deepEqual(decodeJwt(grant.accessToken).permissions, grant.permissions);
    } finally {
      await scoped.close();
    }
  });

  it('answers an empty list when authorize grants nothing known', async () => {
    const scoped = await startServerStack({ authorize: async () => ({ companyId: COMPANY_A, permissions: [] }) });
    try {
      assert.deepEqual((await scoped.call('/token', tokenRequest())).json().permissions, []);
    } finally {
      await scoped.close();
    }
  });
});
