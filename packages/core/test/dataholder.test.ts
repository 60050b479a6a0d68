// The core's dataholder client (`@codat-connections/core/dataholder`) over real HTTP: through
// createDataholderHandler, in front of the dataholder emulator (test/helpers/dataholder-stack.ts).
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionsError } from '@codat-connections/core';
import { createDataholderClient, type DataholderGrant } from '@codat-connections/core/dataholder';
import { DEMO_USER_CONNECTIONS, DEMO_USER_ID, OTHER_USER_CONNECTIONS } from '@codat-connections/emulator';
import { startDataholderStack, type DataholderStack } from '../../../test/helpers/dataholder-stack.js';

describe('the dataholder client through the handler and the dataholder emulator', () => {
  let stack: DataholderStack;
  let grants = 0;
  before(async () => {
    stack = await startDataholderStack();
  });
  after(() => stack.close());
  beforeEach(() => {
    stack.emulator.reset();
    grants = 0;
  });

  /** A client signed in as `user` of the stack's fixture, counting the grants it fetches. */
  const clientFor = (user = 'demo', fetchGrant?: () => Promise<DataholderGrant>) =>
    createDataholderClient({
      token:
        fetchGrant ??
        (async () => {
          grants++;
          const response = await fetch(`${stack.api}/token`, {
            method: 'POST',
            headers: { Cookie: `user=${user}`, 'X-Requested-With': 'codat-connections', 'Content-Type': 'application/json' },
            body: '{}',
          });
          return response.json();
        }),
      retry: 1,
    });

  it("lists the user's connections, and only theirs, with the grant's user and permissions", async () => {
    const client = clientFor();
    const rows = await client.list();
    assert.deepEqual(rows.map((row) => row.id).sort(), Object.values(DEMO_USER_CONNECTIONS).sort());
    for (const other of Object.values(OTHER_USER_CONNECTIONS)) assert.ok(!rows.some((row) => row.id === other));
    assert.equal(client.userId, DEMO_USER_ID);
    assert.deepEqual(client.permissions, ['connections:read', 'connections:link', 'connections:unlink']);
  });

  it("gets one connection, and fails with not_found for another user's", async () => {
    const client = clientFor();
    const active = await client.get(DEMO_USER_CONNECTIONS.active);
    assert.equal(active.status, 'ACTIVE');
    await assert.rejects(client.get(OTHER_USER_CONNECTIONS.active), (error: unknown) => {
      assert.ok(error instanceof ConnectionsError);
      assert.equal(error.code, 'not_found');
      assert.equal(error.operation, 'get');
      return true;
    });
  });

  it('disconnects, once and again, answering the connection DISCONNECTED', async () => {
    const client = clientFor();
    const first = await client.disconnect(DEMO_USER_CONNECTIONS.active);
    assert.equal(first.status, 'DISCONNECTED');
    const again = await client.disconnect(DEMO_USER_CONNECTIONS.active);
    assert.equal(again.connectionState?.disconnectedAt, first.connectionState?.disconnectedAt);
  });

  it('starts a consent journey for a new dataholder and for a connection, each with a page to open', async () => {
    const client = clientFor();
    const fresh = await client.consent({ dataholder: 'bendigo' });
    assert.equal(fresh.connection.status, 'INITIATED');
    assert.match(fresh.url, /^https?:\/\//);
    const again = await client.consent({ connectionId: DEMO_USER_CONNECTIONS.expired });
    assert.equal(again.connection.id, DEMO_USER_CONNECTIONS.expired);
    await assert.rejects(client.consent({ connectionId: OTHER_USER_CONNECTIONS.active }), { code: 'not_found', operation: 'consent' });
  });

  it('lists the dataholders', async () => {
    const names = (await clientFor().dataholders()).map((holder) => holder.name);
    assert.ok(names.includes('Commonwealth Bank') && names.includes('Bendigo Bank'), names.join(', '));
  });

  it('refuses an operation the token lacks (forbidden), and a user the backend does not know (unauthorized)', async () => {
    await assert.rejects(clientFor('reader').disconnect(DEMO_USER_CONNECTIONS.active), { code: 'forbidden', status: 403 });
    await assert.rejects(clientFor('nobody').list(), (error: unknown) => (error as ConnectionsError).code !== undefined);
  });

  it('keeps one grant for many operations, and fetches a new one once when a token is refused', async () => {
    let forged = true;
    const client = clientFor('demo', async () => {
      grants++;
      const response = await fetch(`${stack.api}/token`, {
        method: 'POST',
        headers: { Cookie: 'user=demo', 'X-Requested-With': 'codat-connections', 'Content-Type': 'application/json' },
        body: '{}',
      });
      const real = (await response.json()) as DataholderGrant;
      // The first grant's token is not the handler's: the handler answers 401 and the client asks again.
      if (forged) {
        forged = false;
        return { ...real, accessToken: `${real.accessToken}x` };
      }
      return real;
    });
    await client.list();
    await client.get(DEMO_USER_CONNECTIONS.active);
    assert.equal(grants, 2);
  });

  it('checks answers: an id in the path is escaped, an empty one refused before any request', async () => {
    const client = clientFor();
    await assert.rejects(client.get(''), { code: 'invalid_argument' });
    await assert.rejects(client.get('../connections'), (error: unknown) => ['not_found', 'http_error'].includes((error as ConnectionsError).code));
  });
});
