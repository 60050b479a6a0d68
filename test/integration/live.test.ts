import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createConnectionsHandler, createMemoryBus, type Bus } from '@codat-connections/server';
import { listen, type Listening } from '../helpers/listen.js';
import { isNotice, openStream, type OpenStream } from '../helpers/sse.js';
import { WEBHOOK_SECRET } from '../helpers/webhooks.js';

// The whole loop over HTTP: a change made at the emulator (through its API, its link page, a pull
// completing, its admin route) is delivered as Codat delivers it, signed, to the handler's
// receiver, and reaches an open stream of the company as a notice.
const emulatorBuilt = existsSync(new URL('../../packages/emulator/dist/index.js', import.meta.url));
const skip = emulatorBuilt ? false : 'packages/emulator is not built; run `npm run build` first';
const API_KEY = 'live-api-key';

describe('live: emulator webhooks → handler → event stream', { skip }, () => {
  let emulator: Listening;
  let server: Listening;
  let app: import('@codat-connections/emulator').Emulator;
  let companyId: string;
  let bus: Bus & { down: boolean };
  let stream: OpenStream;
  const codat = (path: string, init: RequestInit = {}) =>
    fetch(`${emulator.url}${path}`, {
      ...init,
      headers: { Authorization: `Basic ${Buffer.from(API_KEY).toString('base64')}`, 'Content-Type': 'application/json' },
    });
  const create = async () =>
    (await (await codat(`/companies/${companyId}/connections`, { method: 'POST', body: JSON.stringify({ platformKey: 'gbol' }) })).json()).id as string;
  const authorizeOnLinkPage = (id: string) =>
    fetch(`${emulator.url}/link/${companyId}/${id}`, { method: 'POST', body: new URLSearchParams({ decision: 'authorize' }) });
  /** Notices a test has already taken (one may arrive before the test asks for it). */
  const taken = new Set<unknown>();
  /** The first notice of `kind` (for `connectionId`) on the stream that no earlier call took. */
  const noticeOf = async (kind: string, connectionId?: string) => {
    const item = await stream.next(
      (each) =>
        !taken.has(each) &&
        isNotice()(each) &&
        each.type === 'event' &&
        JSON.parse(each.event.data).kind === kind &&
        (connectionId === undefined || JSON.parse(each.event.data).connectionId === connectionId),
    );
    taken.add(item);
    return item.type === 'event' ? JSON.parse(item.event.data) : undefined;
  };

  before(async () => {
    const { createEmulator, DEMO_COMPANY_ID } = await import('@codat-connections/emulator');
    companyId = DEMO_COMPANY_ID;
    app = createEmulator({ apiKey: API_KEY, rateLimit: false, pullDuration: 30, webhooks: { secret: WEBHOOK_SECRET, timeScale: 0.001 } });
    emulator = await listen(app.fetch);
    const memory = createMemoryBus();
    bus = Object.assign(Object.create(memory) as Bus, {
      down: false,
      publish(this: { down: boolean }, ...args: Parameters<Bus['publish']>) {
        return this.down ? Promise.reject(new Error('bus is down')) : memory.publish(...args);
      },
    }) as Bus & { down: boolean };
    server = await listen(
      createConnectionsHandler({
        apiKey: API_KEY,
        secret: crypto.getRandomValues(new Uint8Array(32)),
        upstream: emulator.url,
        webhookSecret: WEBHOOK_SECRET,
        bus,
        authorize: async () => ({
          companyId,
          permissions: ['connections:read', 'connections:link', 'connections:unlink', 'connections:delete', 'connections:refresh'],
        }),
      }),
    );
    const { WEBHOOK_EVENT_TYPES } = await import('@codat-connections/server');
    const consumer = await codat('/webhooks', {
      method: 'POST',
      body: JSON.stringify({ url: `${server.url}/api/codat/webhooks`, eventTypes: WEBHOOK_EVENT_TYPES }),
    });
    assert.equal(consumer.status, 201);
    const grant = await (await fetch(`${server.url}/api/codat/token`, { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' } })).json();
    stream = await openStream(`${server.url}/api/codat/companies/${companyId}/connections/events`, grant.accessToken);
    assert.equal(stream.response.status, 200);
  });
  after(async () => {
    stream?.close();
    await server?.close();
    await emulator?.close();
  });
  beforeEach(() => app.webhooks.setFaults({}));

  it('creating a connection through the API: connection.created', async () => {
    const id = await create();
    assert.equal((await noticeOf('connection.created', id)).companyId, companyId);
  });

  it('a link completed on the link page: connection.connected, then read.completed.initial when the first read lands', async () => {
    const id = await create();
    await authorizeOnLinkPage(id);
    await noticeOf('connection.connected', id);
    await noticeOf('read.completed.initial', id);
  });

  it('denied on the link page: connection.failed', async () => {
    const id = await create();
    await fetch(`${emulator.url}/link/${companyId}/${id}`, { method: 'POST', body: new URLSearchParams({ decision: 'deny' }) });
    await noticeOf('connection.failed', id);
  });

  it('revoked at the platform, then authorized again: connection.disconnected, connection.reconnected', async () => {
    const id = await create();
    await authorizeOnLinkPage(id);
    await noticeOf('connection.connected', id);
    app.setConnectionStatus(companyId, id, 'Deauthorized');
    await noticeOf('connection.disconnected', id);
    const admin = await codat(`/_emulator/companies/${companyId}/connections/${id}/status`, { method: 'POST', body: JSON.stringify({ status: 'Linked' }) });
    assert.equal(admin.status, 200);
    await noticeOf('connection.reconnected', id);
  });

  it('unlinked and deleted through the API: connection.disconnected, connection.deleted', async () => {
    const id = await create();
    await authorizeOnLinkPage(id);
    await noticeOf('connection.connected', id);
    assert.equal((await codat(`/companies/${companyId}/connections/${id}`, { method: 'PATCH', body: JSON.stringify({ status: 'Unlinked' }) })).status, 200);
    await noticeOf('connection.disconnected', id);
    assert.equal((await codat(`/companies/${companyId}/connections/${id}`, { method: 'DELETE' })).status, 200);
    await noticeOf('connection.deleted', id);
  });

  it('a refresh of the company’s data completing: read.completed', async () => {
    assert.equal((await codat(`/companies/${companyId}/data/all`, { method: 'POST' })).status, 204);
    await noticeOf('read.completed');
  });

  describe('delivery faults end in the state Codat has', () => {
    /** Creates a connection; answers its id and the id of its `connection.created` event, once a first attempt was made. */
    const createAndFollow = async () => {
      const from = app.webhooks.attempts().length;
      const id = await create();
      const first = () =>
        app.webhooks
          .attempts()
          .slice(from)
          .find((attempt) => attempt.eventType === 'connection.created');
      await until(() => first() !== undefined);
      return { id, eventId: first()!.eventId };
    };

    it('a duplicated delivery is one notice', async () => {
      app.webhooks.setFaults({ duplicate: 1 });
      const { id, eventId } = await createAndFollow();
      await until(() => app.webhooks.attempts().filter((attempt) => attempt.eventId === eventId && attempt.status === 200).length === 2);
      const marker = await create();
      await noticeOf('connection.created', marker);
      assert.equal(stream.notices().filter((notice) => notice.connectionId === id).length, 1);
    });

    it('a delivery dropped on its first attempt arrives on Codat’s retry', async () => {
      app.webhooks.setFaults({ dropFirstAttempt: 1 });
      const { id, eventId } = await createAndFollow();
      await noticeOf('connection.created', id);
      const attempts = app.webhooks.attempts().filter((attempt) => attempt.eventId === eventId);
      assert.deepEqual(
        attempts.map((attempt) => [attempt.attempt, attempt.status]),
        [
          [1, 'dropped'],
          [2, 200],
        ],
      );
    });

    it('out-of-order deliveries both arrive, and reading after them gives Codat’s state', async () => {
      const id = await create();
      await noticeOf('connection.created', id);
      app.webhooks.setFaults({ outOfOrder: 1 });
      await authorizeOnLinkPage(id);
      assert.equal((await codat(`/companies/${companyId}/connections/${id}`, { method: 'PATCH', body: JSON.stringify({ status: 'Unlinked' }) })).status, 200);
      await noticeOf('connection.connected', id);
      const kinds = stream
        .notices()
        .filter((notice) => notice.connectionId === id)
        .map((notice) => notice.kind);
      assert.deepEqual(kinds.slice(1, 3), ['connection.disconnected', 'connection.connected'], 'the later change was told first');
      const truth = await (await codat(`/companies/${companyId}/connections/${id}`)).json();
      assert.equal(truth.status, 'Unlinked');
    });

    it('a bus outage answers 5xx; Codat’s retry delivers once the bus is back', async () => {
      bus.down = true;
      const id = await create();
      await until(() => app.webhooks.attempts().some((attempt) => attempt.eventType === 'connection.created' && attempt.status === 503));
      bus.down = false;
      await noticeOf('connection.created', id);
    });
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
