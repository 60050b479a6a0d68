import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { createRedisBus } from '@codat-connections/server/redis';
import type { Bus } from '@codat-connections/server';
import { COMPANY_A, COMPANY_B, CONNECTION, startServerStack, type ServerStack } from '../../../test/helpers/server-stack.js';
import { startRedis, type RedisServer } from '../../../test/helpers/redis.mjs';
import { isNotice, openStream, type OpenStream } from '../../../test/helpers/sse.js';
import { connectionEvent, signed, WEBHOOK_SECRET } from '../../../test/helpers/webhooks.js';

describe('two instances sharing one Redis', () => {
  let redis: RedisServer;
  const buses: Bus[] = [];
  const stacks: ServerStack[] = [];
  const streams: OpenStream[] = [];
  const logs: string[] = [];

  const streamOn = async (stack: ServerStack, user: 'alice' | 'bob' = 'alice') => {
    const companyId = user === 'alice' ? COMPANY_A : COMPANY_B;
    const stream = await openStream(`${stack.api}/companies/${companyId}/connections/events`, await stack.token(user));
    assert.equal(stream.response.status, 200);
    streams.push(stream);
    return stream;
  };
  const deliverTo = (stack: ServerStack, init: RequestInit) => fetch(`${stack.api}/webhooks`, init);
  const subscribers = async (companyId: string) => {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const counts = await client.pubSubNumSub(`codat-connections:notice:company:${companyId}`);
      return Object.values(counts)[0];
    } finally {
      await client.close();
    }
  };

  before(async () => {
    redis = await startRedis();
    for (let instance = 0; instance < 2; instance++) {
      const bus = await createRedisBus({ url: redis.url, log: (line) => logs.push(line) });
      buses.push(bus);
      stacks.push(await startServerStack({ webhookSecret: WEBHOOK_SECRET, bus }));
    }
  });
  after(async () => {
    for (const stream of streams) stream.close();
    for (const stack of stacks) await stack.close();
    for (const bus of buses) await bus.close();
    await redis?.stop();
  });

  it('a webhook received by one instance reaches a stream on the other, and only its company’s', async () => {
    const [one, two] = stacks as [ServerStack, ServerStack];
    const [a, b] = [await streamOn(two, 'alice'), await streamOn(two, 'bob')];
    const event = connectionEvent('connection.disconnected', COMPANY_A, CONNECTION, 'Deauthorized');
    assert.equal((await deliverTo(one, signed(event))).status, 200);
    const item = await a.next(isNotice(event.id));
    assert.ok(item.type === 'event');
    assert.equal(JSON.parse(item.event.data).kind, 'connection.disconnected');
    const forB = connectionEvent('connection.connected', COMPANY_B, CONNECTION);
    assert.equal((await deliverTo(one, signed(forB))).status, 200);
    await b.next(isNotice(forB.id));
    assert.deepEqual(
      b.notices().map((notice) => notice.eventId),
      [forB.id],
    );
    a.close();
    b.close();
  });

  it('a retry of a handled event, delivered to the other instance, is acknowledged and not published again', async () => {
    const [one, two] = stacks as [ServerStack, ServerStack];
    const stream = await streamOn(one);
    const event = connectionEvent('connection.reconnected', COMPANY_A, CONNECTION);
    assert.equal((await deliverTo(one, signed(event, { at: new Date(Date.now() - 5000) }))).status, 200);
    assert.equal((await deliverTo(two, signed(event))).status, 200);
    const marker = connectionEvent('connection.created', COMPANY_A, CONNECTION, 'PendingAuth');
    assert.equal((await deliverTo(two, signed(marker))).status, 200);
    await stream.next(isNotice(marker.id));
    assert.deepEqual(
      stream.notices().map((notice) => notice.eventId),
      [event.id, marker.id],
    );
    stream.close();
  });

  it('answers 503 while Redis is down; the retried delivery reaches a stream opened before the outage once Redis is back', async () => {
    const [one, two] = stacks as [ServerStack, ServerStack];
    const stream = await streamOn(two);
    await redis.stop('SIGKILL');
    const event = connectionEvent('connection.deleted', COMPANY_A, CONNECTION);
    const refused = await deliverTo(one, signed(event));
    assert.equal(refused.status, 503);
    await redis.start();
    await untilAsync(async () => (await subscribers(COMPANY_A)) === 1, 'instance two to subscribe again');
    // Codat retries until a 2xx, each attempt signed anew: so does this, while instance one reconnects.
    await untilAsync(async () => (await deliverTo(one, signed(event))).status === 200, 'the retried delivery to be taken');
    await stream.next(isNotice(event.id));
    assert.ok(
      logs.some((line) => line.includes('is back')),
      logs.join('\n'),
    );
    stream.close();
  });

  it('closing every stream of a company unsubscribes each instance from its channel', async () => {
    const [one, two] = stacks as [ServerStack, ServerStack];
    const open = [await streamOn(one), await streamOn(one), await streamOn(two)];
    assert.equal(await subscribers(COMPANY_A), 2);
    for (const stream of open) stream.close();
    await untilAsync(async () => (await subscribers(COMPANY_A)) === 0, 'no subscriber left');
    for (const bus of buses) assert.deepEqual(bus.stats(), { topics: 0, listeners: 0 });
  });
});

/** Waits for `condition`; fails, rather than hangs, when it never holds. */
async function untilAsync(condition: () => Promise<boolean>, what: string): Promise<void> {
  const giveUp = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > giveUp) throw new Error(`${what} never held`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
