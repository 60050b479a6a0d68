import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryBus, type Bus } from '@codat-connections/server';
import { COMPANY_A, COMPANY_B, CONNECTION, startServerStack, type ServerStack } from '../../../test/helpers/server-stack.js';
import { isNotice, openStream, type OpenStream } from '../../../test/helpers/sse.js';
import { connectionEvent, readEvent, signed, WEBHOOK_SECRET } from '../../../test/helpers/webhooks.js';

const OTHER_CONNECTION = '7f2ab7c0-4e9b-4d3a-9d0e-0f6c2f1f9a11';

/** A memory bus whose publishing can be made to fail, as a bus does when Redis is down. */
function breakableBus(): Bus & { down: boolean } {
  const bus = createMemoryBus();
  return Object.assign(Object.create(bus) as Bus, {
    down: false,
    publish(this: { down: boolean }, ...args: Parameters<Bus['publish']>) {
      return this.down ? Promise.reject(new Error('bus is down')) : bus.publish(...args);
    },
  }) as Bus & { down: boolean };
}

describe('live updates: the webhook receiver and the event streams, over HTTP', () => {
  let stack: ServerStack;
  let bus: ReturnType<typeof breakableBus>;
  const streams: OpenStream[] = [];
  const eventsOf = (companyId: string) => `${stack.api}/companies/${companyId}/connections/events`;
  const deliver = (init: RequestInit) => fetch(`${stack.api}/webhooks`, init);
  /** A stream of company A, open (subscribed) before it resolves. */
  const streamOf = async (user: 'alice' | 'bob' = 'alice') => {
    const companyId = user === 'alice' ? COMPANY_A : COMPANY_B;
    const stream = await openStream(eventsOf(companyId), await stack.token(user));
    assert.equal(stream.response.status, 200);
    streams.push(stream);
    return stream;
  };

  before(async () => {
    bus = breakableBus();
    stack = await startServerStack({ webhookSecret: WEBHOOK_SECRET, bus, heartbeatInterval: 50, streamLimit: 3 });
  });
  after(async () => {
    for (const stream of streams) stream.close();
    await stack.close();
  });

  describe('the receiver', () => {
    it('turns a signed event into a notice on its company’s streams only, without its payload', async () => {
      const [a, b] = [await streamOf('alice'), await streamOf('bob')];
      const event = connectionEvent('connection.connected', COMPANY_A, CONNECTION);
      const answer = await deliver(signed(event));
      assert.equal(answer.status, 200);
      const item = await a.next(isNotice(event.id));
      assert.ok(item.type === 'event');
      assert.equal(item.event.id, event.id);
      assert.deepEqual(JSON.parse(item.event.data), {
        companyId: COMPANY_A,
        connectionId: CONNECTION,
        kind: 'connection.connected',
        eventId: event.id,
        at: event.generatedDate,
      });
      const later = connectionEvent('connection.disconnected', COMPANY_B, OTHER_CONNECTION, 'Deauthorized');
      assert.equal((await deliver(signed(later))).status, 200);
      await b.next(isNotice(later.id));
      assert.deepEqual(
        b.notices().map((notice) => notice.eventId),
        [later.id],
        'company B’s stream carries no notice of company A',
      );
      a.close();
      b.close();
    });

    it('names the connection of a read only when the read is of one connection', async () => {
      const stream = await streamOf();
      const one = readEvent('read.completed', COMPANY_A, [CONNECTION, CONNECTION]);
      const two = readEvent('read.completed.initial', COMPANY_A, [CONNECTION, OTHER_CONNECTION]);
      assert.equal((await deliver(signed(one))).status, 200);
      assert.equal((await deliver(signed(two))).status, 200);
      await stream.next(isNotice(two.id));
      const [first, second] = stream.notices();
      assert.equal(first!.connectionId, CONNECTION);
      assert.equal(first!.kind, 'read.completed');
      assert.equal(second!.kind, 'read.completed.initial');
      assert.equal('connectionId' in second!, false);
      stream.close();
    });

    /** Sends `init` (expecting `status`), then a good delivery, and checks the stream's first notice is the good one's. */
    const publishesNothing = async (init: RequestInit, status: number) => {
      const stream = await streamOf();
      const answer = await deliver(init);
      assert.equal(answer.status, status, await answer.clone().text());
      const marker = connectionEvent('connection.created', COMPANY_A, CONNECTION, 'PendingAuth');
      assert.equal((await deliver(signed(marker))).status, 200);
      await stream.next(isNotice(marker.id));
      assert.deepEqual(
        stream.notices().map((notice) => notice.eventId),
        [marker.id],
      );
      stream.close();
      return answer;
    };
    const event = () => connectionEvent('connection.deleted', COMPANY_A, CONNECTION);

    it('refuses an unsigned delivery 401 and publishes nothing', async () => {
      const { headers, ...rest } = signed(event());
      const unsigned = {
        ...rest,
        headers: { 'Content-Type': headers['Content-Type'], 'webhook-id': headers['webhook-id'], 'webhook-timestamp': headers['webhook-timestamp'] },
      };
      const answer = await publishesNothing(unsigned, 401);
      assert.equal((await answer.json()).error, 'Webhook is not signed');
    });

    it('refuses a delivery signed with another secret 401', async () => {
      await publishesNothing(signed(event(), { secret: `whsec_${Buffer.from('another-secret-of-the-attackers!!').toString('base64')}` }), 401);
    });

    it('refuses a body changed after signing 401', async () => {
      const good = signed(event());
      await publishesNothing({ ...good, body: good.body.replace(COMPANY_A, COMPANY_B) }, 401);
    });

    it('refuses a delivery signed more than 5 minutes ago, or ahead, 401', async () => {
      await publishesNothing(signed(event(), { at: new Date(Date.now() - 6 * 60_000) }), 401);
      await publishesNothing(signed(event(), { at: new Date(Date.now() + 6 * 60_000) }), 401);
    });

    it('publishes a delivery sent again (Codat’s retry, a duplicate, a replay within the 5 minutes) once, acknowledging the others', async () => {
      const stream = await streamOf();
      const first = event();
      const delivery = signed(first, { at: new Date(Date.now() - 10_000) });
      assert.equal((await deliver(delivery)).status, 200);
      await stream.next(isNotice(first.id));
      stream.close();
      await publishesNothing(delivery, 200);
      await publishesNothing(signed(first), 200);
    });

    it('refuses a delivery replayed after its 5 minutes 401', async () => {
      await publishesNothing(signed(event(), { at: new Date(Date.now() - 5 * 60_000 - 5_000) }), 401);
    });

    it('refuses an oversized body 413, declared or not, before reading it whole', async () => {
      const big = { ...event(), padding: 'x'.repeat(300 * 1024) };
      await publishesNothing(signed(big), 413);
      const { body, ...rest } = signed(big);
      const chunked = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(body));
          controller.close();
        },
      });
      await publishesNothing({ ...rest, body: chunked, duplex: 'half' } as RequestInit, 413);
    });

    it('acknowledges an event type it does not use 200 and publishes nothing', async () => {
      await publishesNothing(signed({ ...event(), eventType: 'company.created' }), 200);
    });

    it('answers 503 when the bus cannot publish, and takes the retried delivery once the bus is back', async () => {
      const stream = await streamOf();
      const lost = event();
      bus.down = true;
      const refused = await deliver(signed(lost));
      bus.down = false;
      assert.equal(refused.status, 503);
      assert.equal((await refused.json()).canBeRetried, 'True');
      assert.equal((await deliver(signed(lost, { at: new Date(Date.now() + 1000) }))).status, 200);
      await stream.next(isNotice(lost.id));
      stream.close();
    });

    it('never logs the webhook secret', () => {
      const key = WEBHOOK_SECRET.slice('whsec_'.length);
      assert.ok(stack.logs.length > 0, 'the 503 above was logged');
      for (const line of stack.logs) assert.ok(!line.includes(key), line);
    });
  });

  describe('the event stream', () => {
    it('needs the bearer token of the company it is for', async () => {
      assert.equal((await fetch(eventsOf(COMPANY_A))).status, 401);
      const other = await openStream(eventsOf(COMPANY_B), await stack.token('alice'));
      assert.equal(other.response.status, 403);
    });

    it('sends heartbeats while idle', async () => {
      const stream = await streamOf();
      await stream.next((item) => item.type === 'comment' && item.comment.trim() === 'heartbeat');
      stream.close();
    });

    it('refuses one stream more than the limit per subject 429', async () => {
      await until(() => bus.stats().listeners === 0);
      const open = [await streamOf(), await streamOf(), await streamOf()];
      const refused = await openStream(eventsOf(COMPANY_A), await stack.token('alice'));
      assert.equal(refused.response.status, 429);
      assert.equal((await streamOf('bob')).response.status, 200, 'another subject is not limited by alice’s streams');
      for (const stream of open) stream.close();
      await until(() => bus.stats().listeners === 1);
      assert.equal((await streamOf()).response.status, 200, 'a closed stream is no longer counted');
    });
  });
});

describe('the event stream ends when its token expires', () => {
  it('sends `expired` and closes', async () => {
    const stack = await startServerStack({ webhookSecret: WEBHOOK_SECRET, tokenTtl: 1 });
    try {
      const stream = await openStream(`${stack.api}/companies/${COMPANY_A}/connections/events`, await stack.token('alice'));
      await stream.next((item) => item.type === 'event' && item.event.event === 'expired');
      await stream.next((item) => item.type === 'end');
    } finally {
      await stack.close();
    }
  });
});

describe('a handler without a bus or a webhook secret', () => {
  it('serves neither the receiver nor the streams: an event stream is answered 204, which tells a page not to reconnect', async () => {
    const stack = await startServerStack();
    try {
      const token = await stack.token('alice');
      assert.equal((await fetch(`${stack.api}/companies/${COMPANY_A}/connections/events`, { headers: { Authorization: `Bearer ${token}` } })).status, 204);
      assert.equal((await fetch(`${stack.api}/webhooks`, signed(connectionEvent('connection.created', COMPANY_A, CONNECTION)))).status, 404);
    } finally {
      await stack.close();
    }
  });
});

describe('closing streams', () => {
  it('1,000 streams closed leave no listener, subscription or timer', async () => {
    const bus = createMemoryBus();
    const stack = await startServerStack({ bus, streamLimit: 2000, heartbeatInterval: 1000 });
    try {
      const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
      const baseline = timers();
      const token = await stack.token('alice');
      const streams = await Promise.all(Array.from({ length: 1000 }, () => openStream(`${stack.api}/companies/${COMPANY_A}/connections/events`, token)));
      assert.ok(streams.every((stream) => stream.response.status === 200));
      assert.deepEqual(bus.stats(), { topics: 1, listeners: 1000 });
      assert.ok(timers() >= baseline + 1000, 'each stream has its expiry timer');
      for (const stream of streams) stream.close();
      await until(() => bus.stats().listeners === 0 && timers() <= baseline, 'no listener and no timer left');
      assert.deepEqual(bus.stats(), { topics: 0, listeners: 0 });
    } finally {
      await stack.close();
    }
  });
});

/** Waits for `condition`; fails, rather than hangs, when it never holds. */
async function until(condition: () => boolean, what = 'the condition'): Promise<void> {
  const giveUp = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error(`${what} never held`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the dataholder handler’s event stream', () => {
  it('carries the notices published for its token’s user, and no other user’s', async () => {
    const { startDataholderStack } = await import('../../../test/helpers/dataholder-stack.js');
    const { DEMO_USER_ID, OTHER_USER_ID } = await import('@codat-connections/emulator');
    const bus = createMemoryBus();
    const stack = await startDataholderStack({ bus });
    try {
      const mine = await openStream(`${stack.api}/connections/events`, await stack.token('demo'));
      const theirs = await openStream(`${stack.api}/connections/events`, await stack.token('other'));
      assert.equal(mine.response.status, 200);
      assert.equal(theirs.response.status, 200);
      const at = new Date().toISOString();
      await bus.publish(`user:${OTHER_USER_ID}`, { userId: OTHER_USER_ID, kind: 'connection.disconnected', eventId: 'theirs', at });
      await bus.publish(`user:${DEMO_USER_ID}`, { userId: DEMO_USER_ID, kind: 'connection.disconnected', eventId: 'mine', at });
      await mine.next(isNotice('mine'));
      await theirs.next(isNotice('theirs'));
      assert.deepEqual(
        mine.notices().map((notice) => notice.eventId),
        ['mine'],
      );
      mine.close();
      theirs.close();
    } finally {
      await stack.close();
    }
  });
});
