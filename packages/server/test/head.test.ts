import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryBus, type Bus } from '@codat-connections/server';
import { DEMO_USER_CONNECTIONS } from '@codat-connections/emulator';
import { COMPANY_A, CONNECTION, startServerStack, type ServerStack } from '../../../test/helpers/server-stack.js';
import { startDataholderStack, type DataholderStack } from '../../../test/helpers/dataholder-stack.js';
import { WEBHOOK_SECRET } from '../../../test/helpers/webhooks.js';

// Hono runs a route's GET for HEAD. An operation's GET is a call upstream (and the event stream's
// opens a stream), so a HEAD with a token would reach Codat or the platform as a GET and answer
// without a body. Every route of both handlers refuses HEAD instead, with or without a token.

/** A bus that counts the streams opened on it. */
function countingBus(): Bus & { subscriptions: number } {
  const bus = createMemoryBus();
  const counting = {
    ...bus,
    subscriptions: 0,
    subscribe: (...args: Parameters<Bus['subscribe']>) => {
      counting.subscriptions += 1;
      return bus.subscribe(...args);
    },
  };
  return counting;
}

/** Sends HEAD to each route, with the token and without, and checks each answer is a 405 naming the route's methods. */
async function refusesHead(
  call: (path: string, init: RequestInit) => Promise<{ response: Response; body: string }>,
  token: string,
  routes: Array<[path: string, allow: string]>,
) {
  for (const [path, allow] of routes) {
    for (const headers of [{ Authorization: `Bearer ${token}` }, {}] as Array<Record<string, string>>) {
      const { response, body } = await call(path, { method: 'HEAD', headers });
      assert.equal(response.status, 405, `HEAD ${path}`);
      assert.equal(response.headers.get('Allow'), allow, `HEAD ${path}`);
      assert.equal(body, '', `HEAD ${path}`);
    }
  }
}

describe('HEAD on every route', () => {
  describe('createConnectionsHandler', () => {
    let stack: ServerStack;
    let token: string;
    const bus = countingBus();
    before(async () => {
      stack = await startServerStack({
        webhookSecret: WEBHOOK_SECRET,
        bus,
        authorize: async () => ({
          subject: 'admin',
          companyId: COMPANY_A,
          permissions: ['connections:read', 'connections:link', 'connections:unlink', 'connections:delete', 'connections:refresh'],
        }),
      });
      token = await stack.token('admin');
    });
    after(() => stack.close());

    it('is a 405 with Allow, reaching neither Codat nor the event stream', async () => {
      const company = `/companies/${COMPANY_A}`;
      await refusesHead(stack.call, token, [
        ['/token', 'POST, OPTIONS'],
        [`${company}/connections`, 'GET, POST, OPTIONS'],
        [`${company}/connections/${CONNECTION}`, 'GET, PATCH, DELETE, OPTIONS'],
        [`${company}/connections/events`, 'GET, OPTIONS'],
        ['/integrations', 'GET, OPTIONS'],
        ['/integrations/gbol', 'GET, OPTIONS'],
        ['/integrations/gbol/branding', 'GET, OPTIONS'],
        [`${company}/dataStatus`, 'GET, OPTIONS'],
        [`${company}/data/history`, 'GET, OPTIONS'],
        [`${company}/data/history/${CONNECTION}`, 'GET, OPTIONS'],
        [`${company}/data/all`, 'POST, OPTIONS'],
        ['/webhooks', 'POST, OPTIONS'],
      ]);
      assert.deepEqual(
        stack.calls.map(({ method, url }) => `${method} ${url.pathname}`),
        [],
        'nothing reached Codat',
      );
      assert.equal(bus.subscriptions, 0, 'no event stream opened');
    });
  });

  describe('createDataholderHandler', () => {
    let stack: DataholderStack;
    let token: string;
    const bus = countingBus();
    before(async () => {
      stack = await startDataholderStack({ bus });
      token = await stack.token('demo');
    });
    after(() => stack.close());

    it('is a 405 with Allow, reaching neither the platform nor the event stream', async () => {
      const connection = `/connections/${DEMO_USER_CONNECTIONS.active}`;
      const before = stack.calls.length;
      await refusesHead(stack.call, token, [
        ['/token', 'POST, OPTIONS'],
        ['/connections', 'GET, OPTIONS'],
        ['/connections/events', 'GET, OPTIONS'],
        [connection, 'GET, OPTIONS'],
        [`${connection}/disconnect`, 'POST, OPTIONS'],
        ['/consents', 'POST, OPTIONS'],
        ['/consents/return', 'GET, OPTIONS'],
        ['/consents/return.js', 'GET, OPTIONS'],
        ['/dataholders', 'GET, OPTIONS'],
      ]);
      assert.deepEqual(
        stack.calls.slice(before).map(({ method, url }) => `${method} ${url.pathname}`),
        [],
        'nothing reached the platform',
      );
      assert.equal(bus.subscriptions, 0, 'no event stream opened');
    });
  });
});
