import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryBus } from '@codat-connections/server';
import { watch, type VisibilitySource, type WatchEvent } from '@codat-connections/core/watch';
import { COMPANY_A, CONNECTION, startServerStack, type ServerStack } from '../helpers/server-stack.js';
import { connectionEvent, signed, WEBHOOK_SECRET } from '../helpers/webhooks.js';

/** A grant for alice from the stack's token route, as a page's token function answers it. */
const grantOf = (stack: ServerStack) => async () =>
  (
    await fetch(`${stack.api}/token`, {
      method: 'POST',
      headers: { Cookie: 'user=alice', 'X-Requested-With': 'codat-connections', 'Content-Type': 'application/json' },
      body: '{}',
    })
  ).json();

/** Reads `events` in the background, so a test waits for the next event of a kind. */
function follow(events: AsyncGenerator<WatchEvent>) {
  const seen: WatchEvent[] = [];
  const waiting = new Set<() => void>();
  let failure: unknown;
  const done = (async () => {
    try {
      for await (const event of events) {
        seen.push(event);
        for (const wake of waiting) wake();
      }
    } catch (error) {
      failure = error;
      for (const wake of waiting) wake();
    }
  })();
  return {
    seen,
    done,
    get failure() {
      return failure;
    },
    next(matches: (event: WatchEvent) => boolean, from = 0): Promise<WatchEvent> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = seen.slice(from).find(matches);
          if (found) {
            waiting.delete(check);
            resolve(found);
          } else if (failure) reject(failure as Error);
        };
        waiting.add(check);
        check();
      });
    },
  };
}

const deliver = (stack: ServerStack, event: { id: string }) => fetch(`${stack.api}/webhooks`, signed(event));

describe('watch() over the real server', () => {
  let stack: ServerStack;
  const bus = createMemoryBus();
  const requested: Array<{ url: string; headers: Headers }> = [];
  /** Answers 503 to this many stream requests before letting them through. */
  let failNext = 0;
  const recording: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    requested.push({ url, headers: new Headers(init?.headers) });
    if (url.endsWith('/events') && failNext > 0) {
      failNext--;
      return new Response('{}', { status: 503 });
    }
    return fetch(input, init);
  };

  before(async () => {
    stack = await startServerStack({ webhookSecret: WEBHOOK_SECRET, bus, tokenTtl: 2 });
  });
  after(() => stack.close());

  it('yields open, then a notice for each change, reading with a bearer token and never a token in the URL', async () => {
    const stop = new AbortController();
    const watching = follow(watch({ token: grantOf(stack), fetch: recording, signal: stop.signal, visibility: null }));
    await watching.next((event) => event.type === 'open');
    const event = connectionEvent('connection.connected', COMPANY_A, CONNECTION);
    assert.equal((await deliver(stack, event)).status, 200);
    const got = await watching.next((each) => each.type === 'notice');
    assert.deepEqual(got, {
      type: 'notice',
      notice: { companyId: COMPANY_A, connectionId: CONNECTION, kind: 'connection.connected', eventId: event.id, at: event.generatedDate },
    });
    const stream = requested.find((request) => request.url.endsWith('/events'))!;
    assert.equal(stream.url, `${stack.api}/companies/${COMPANY_A}/connections/events`);
    assert.match(stream.headers.get('Authorization') ?? '', /^Bearer ey/);
    stop.abort();
    await watching.done;
    assert.equal(watching.failure, undefined, 'aborting ends the watch quietly');
    await until(() => bus.stats().listeners === 0);
  });

  it('reconnects with a fresh token when its stream ends at the token’s expiry, and yields a gap', async () => {
    const stop = new AbortController();
    const watching = follow(watch({ token: grantOf(stack), fetch: recording, signal: stop.signal, visibility: null, backoff: 5 }));
    await watching.next((event) => event.type === 'open');
    const gap = await watching.next((event) => event.type === 'gap');
    assert.deepEqual(gap, { type: 'gap', reason: 'reconnected' });
    const event = connectionEvent('connection.deleted', COMPANY_A, CONNECTION);
    assert.equal((await deliver(stack, event)).status, 200);
    await watching.next((each) => each.type === 'notice' && each.notice.eventId === event.id);
    stop.abort();
    await watching.done;
  });

  it('retries a stream refused 503 with backoff until it opens', async () => {
    const stop = new AbortController();
    const before = requested.length;
    failNext = 3;
    const watching = follow(watch({ token: grantOf(stack), fetch: recording, signal: stop.signal, visibility: null, backoff: 5 }));
    await watching.next((event) => event.type === 'open');
    assert.equal(requested.slice(before).filter((request) => request.url.endsWith('/events')).length, 4);
    stop.abort();
    await watching.done;
  });

  it('closes its stream while the page is hidden, and yields a gap when it is shown again', async () => {
    const page = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState }) as unknown as VisibilitySource & EventTarget;
    const show = (state: DocumentVisibilityState) => {
      (page as { visibilityState: DocumentVisibilityState }).visibilityState = state;
      page.dispatchEvent(new Event('visibilitychange'));
    };
    const stop = new AbortController();
    const watching = follow(watch({ token: grantOf(stack), fetch: recording, signal: stop.signal, visibility: page }));
    await watching.next((event) => event.type === 'open');
    await until(() => bus.stats().listeners === 1);
    show('hidden');
    await until(() => bus.stats().listeners === 0);
    const count = watching.seen.length;
    show('visible');
    assert.deepEqual(await watching.next((event) => event.type === 'gap', count), { type: 'gap', reason: 'visible' });
    stop.abort();
    await watching.done;
  });

  it('fails with not_found when the backend serves no stream', async () => {
    const plain = await startServerStack();
    try {
      const watching = follow(watch({ token: grantOf(plain), visibility: null }));
      await watching.done;
      assert.equal((watching.failure as { code?: string }).code, 'not_found');
    } finally {
      await plain.close();
    }
  });
});

/** Waits for `condition`; fails, rather than hangs, when it never holds. */
async function until(condition: () => boolean): Promise<void> {
  const giveUp = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
