import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator, DEMO_COMPANY_ID, SMALL_COMPANY_ID, type Emulator } from '@codat-connections/emulator';
import { API_KEY, COMPANY_A, CONNECTION, startServerStack, type ServerStack } from '../../../test/helpers/server-stack.js';

const everyPermission = ['connections:read', 'connections:link', 'connections:unlink', 'connections:delete'] as const;

describe('operations: a re-sent unlink or delete', () => {
  // In front of the emulator, which refuses them as Codat does: 400 for an unlink of a connection
  // that is not Linked, 404 for a delete of one that is gone.
  let emulator: Emulator;
  let stack: ServerStack;
  let auth: Record<string, string>;
  const list = `/companies/${DEMO_COMPANY_ID}/connections`;
  /** Every call that reached the emulator, as method and path. */
  const upstream: string[] = [];
  before(async () => {
    emulator = createEmulator({ apiKey: API_KEY, rateLimit: false });
    stack = await startServerStack({
      upstreamHandler: (request) => {
        upstream.push(`${request.method} ${new URL(request.url).pathname}`);
        return emulator.fetch(request);
      },
      authorize: async () => ({ subject: 'admin', companyId: DEMO_COMPANY_ID, permissions: [...everyPermission] }),
    });
    auth = { Authorization: `Bearer ${await stack.token('admin')}` };
  });
  after(() => stack.close());

  const withStatus = async (status: string): Promise<string> => {
    const { json } = await stack.call(`${list}?query=${encodeURIComponent(`status=${status}`)}`, { headers: auth });
    return json().results[0].id;
  };
  const unlink = (id: string) =>
    stack.call(`${list}/${id}`, { method: 'PATCH', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"status":"Unlinked"}' });

  it('answers an unlink of a connection already Unlinked with the connection, 200', async () => {
    const id = await withStatus('Linked');
    const first = await unlink(id);
    assert.equal(first.response.status, 200);
    const again = await unlink(id);
    assert.equal(again.response.status, 200, again.body);
    assert.equal(again.json().id, id);
    assert.equal(again.json().status, 'Unlinked');
    assert.equal(again.response.headers.get('Content-Type'), 'application/json; charset=utf-8');
  });

  it("passes Codat's refusal on when the connection is in another state (PendingAuth cannot be unlinked)", async () => {
    const refused = await unlink(await withStatus('PendingAuth'));
    assert.equal(refused.response.status, 400);
    assert.match(refused.json().error, /only a Linked connection can be unlinked/);
  });

  it('answers a delete of a connection already gone 200, without a body', async () => {
    const id = await withStatus('Deauthorized');
    assert.equal((await stack.call(`${list}/${id}`, { method: 'DELETE', headers: auth })).response.status, 200);
    const again = await stack.call(`${list}/${id}`, { method: 'DELETE', headers: auth });
    assert.equal(again.response.status, 200, again.body);
    assert.equal(again.body, '');
    assert.equal((await stack.call(`${list}/${id}`, { headers: auth })).response.status, 404, 'the connection is gone');
  });

  it("answers another company's connection exactly as an id that never existed, and leaves it as it was", async () => {
    // Every call goes to Codat under the token's company, where the other company's connection does
    // not exist: a delete of it is the success any unknown id gets, an unlink Codat's 404.
    const direct = (path: string) => emulator.fetch(new Request(`http://emulator.test${path}`, { headers: { Authorization: `Basic ${btoa(API_KEY)}` } }));
    const others = (await (await direct(`/companies/${SMALL_COMPANY_ID}/connections`)).json()).results as Array<{ id: string; status: string }>;
    const never = '3f1d7c2a-9b4e-4c6d-8a1f-2e5b7c9d0a1b';
    const answer = async (id: string) => {
      const unlinked = await unlink(id);
      const deleted = await stack.call(`${list}/${id}`, { method: 'DELETE', headers: auth });
      return [unlinked.response.status, unlinked.json().error.replace(id, '<id>'), deleted.response.status, deleted.body];
    };
    upstream.length = 0;
    const unknown = await answer(never);
    assert.deepEqual(unknown, [404, unknown[1], 200, '']);
    for (const other of others) assert.deepEqual(await answer(other.id), unknown, `${other.status} connection of another company`);
    assert.ok(upstream.length > 0);
    for (const other of others) {
      const path = `/companies/${SMALL_COMPANY_ID}/connections/${other.id}`;
      const headers = { ...auth, 'Content-Type': 'application/json' };
      assert.equal((await stack.call(path, { method: 'PATCH', headers, body: '{"status":"Unlinked"}' })).response.status, 403, 'its own path');
      assert.equal((await stack.call(path, { method: 'DELETE', headers: auth })).response.status, 403, 'its own path');
    }
    for (const call of upstream) assert.ok(call.includes(`/companies/${DEMO_COMPANY_ID}/`), call);
    assert.deepEqual((await (await direct(`/companies/${SMALL_COMPANY_ID}/connections`)).json()).results, others, 'untouched');
  });
});

describe('operations: a refused unlink or delete that a read does not settle', () => {
  // Codat's answers, stubbed, where the read says the connection is not in the asked state.
  let stack: ServerStack;
  let auth: Record<string, string>;
  const one = `/companies/${COMPANY_A}/connections/${CONNECTION}`;
  const calls: string[] = [];
  before(async () => {
    stack = await startServerStack({
      upstreamHandler: (request) => {
        calls.push(request.method);
        if (request.method === 'PATCH') return Response.json({ statusCode: 400, error: 'Something else' }, { status: 400 });
        if (request.method === 'DELETE') return Response.json({ statusCode: 404, error: 'Not found' }, { status: 404 });
        return Response.json({ id: CONNECTION, status: 'Linked' });
      },
    });
    auth = { Authorization: `Bearer ${await stack.token('admin')}` };
  });
  after(() => stack.close());

  it("passes Codat's 400 on when the connection is still Linked, after reading it", async () => {
    calls.length = 0;
    const refused = await stack.call(one, { method: 'PATCH', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"status":"Unlinked"}' });
    assert.equal(refused.response.status, 400);
    assert.equal(refused.json().error, 'Something else');
    assert.deepEqual(calls, ['PATCH', 'GET']);
  });

  it("passes Codat's 404 on when a read still finds the connection", async () => {
    calls.length = 0;
    const refused = await stack.call(one, { method: 'DELETE', headers: auth });
    assert.equal(refused.response.status, 404);
    assert.deepEqual(calls, ['DELETE', 'GET']);
  });
});
