import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRedisBus } from '@codat-connections/server/redis';
import type { Bus } from '@codat-connections/server';
import { listen, type Listening } from '../helpers/listen.js';
import { startRedis, type RedisServer } from '../helpers/redis.mjs';
import { isNotice, openStream, type OpenStream } from '../helpers/sse.js';

// The demo's live wiring (npm start; demo/two-instances.js): the emulator's webhooks reach the
// handler in process, and through Redis a page served by another instance.
const emulatorBuilt = existsSync(new URL('../../packages/emulator/dist/index.js', import.meta.url));
const skip = emulatorBuilt ? false : 'packages/emulator is not built; run `npm run build` first';

type DemoApp = { fetch(request: Request): Promise<Response> };

/** Serves a demo app on a free port; the app is made once the origin is known. */
async function serveDemo(options: Record<string, unknown> = {}): Promise<Listening> {
  const { createDemoApp } = await import('../../demo/app.js');
  let app: DemoApp | undefined;
  const server = await listen((request) => app!.fetch(request));
  app = createDemoApp({ origin: server.url, ...options });
  return server;
}

/** Signs `user` in on `origin` and answers the cookie and a token. */
async function signIn(origin: string, user = 'admin') {
  const session = await fetch(`${origin}/demo/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user }) });
  const cookie = session.headers.get('Set-Cookie')?.split(';')[0] ?? '';
  const grant = await (
    await fetch(`${origin}/api/codat/token`, { method: 'POST', headers: { Cookie: cookie, 'X-Requested-With': 'codat-connections' }, body: '{}' })
  ).json();
  return { cookie, token: grant.accessToken as string, companyId: grant.companyId as string };
}

const linkedConnection = async (origin: string, token: string, companyId: string): Promise<string> => {
  const page = await (
    await fetch(`${origin}/api/codat/companies/${companyId}/connections?query=status%3DLinked`, { headers: { Authorization: `Bearer ${token}` } })
  ).json();
  return page.results[0].id;
};

describe('demo: one instance (npm start)', { skip }, () => {
  let server: Listening;
  const streams: OpenStream[] = [];
  before(async () => {
    server = await serveDemo();
  });
  after(async () => {
    for (const stream of streams) stream.close();
    await server.close();
  });

  it('a connection revoked at the platform (the demo control) reaches a second window of the company', async () => {
    const { cookie, token, companyId } = await signIn(server.url);
    const second = await signIn(server.url, 'alice');
    const stream = await openStream(`${server.url}/api/codat/companies/${companyId}/connections/events`, second.token);
    streams.push(stream);
    assert.equal(stream.response.status, 200);
    const id = await linkedConnection(server.url, token, companyId);
    const revoked = await fetch(`${server.url}/demo/revoke`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ connectionId: id }),
    });
    assert.equal(revoked.status, 204);
    const item = await stream.next((each) => isNotice()(each) && each.type === 'event' && JSON.parse(each.event.data).connectionId === id);
    assert.ok(item.type === 'event');
    assert.equal(JSON.parse(item.event.data).kind, 'connection.disconnected');
    const truth = await (
      await fetch(`${server.url}/api/codat/companies/${companyId}/connections/${id}`, { headers: { Authorization: `Bearer ${token}` } })
    ).json();
    assert.equal(truth.status, 'Deauthorized');
  });
});

describe('demo: two instances sharing one Redis (demo/two-instances.js)', { skip }, () => {
  let redis: RedisServer;
  const buses: Bus[] = [];
  let a: Listening;
  let b: Listening;
  const streams: OpenStream[] = [];
  before(async () => {
    redis = await startRedis();
    buses.push(await createRedisBus({ url: redis.url }), await createRedisBus({ url: redis.url }));
    a = await serveDemo({ bus: buses[0] });
    b = await serveDemo({ bus: buses[1], upstream: `${a.url}/emulator` });
  });
  after(async () => {
    for (const stream of streams) stream.close();
    await b?.close();
    await a?.close();
    for (const bus of buses) await bus.close();
    await redis?.stop();
  });

  it('a change made through one instance reaches a page served by the other', async () => {
    const onA = await signIn(a.url);
    const onB = await signIn(b.url);
    assert.equal(onA.companyId, onB.companyId);
    const stream = await openStream(`${a.url}/api/codat/companies/${onA.companyId}/connections/events`, onA.token);
    streams.push(stream);
    const id = await linkedConnection(b.url, onB.token, onB.companyId);
    const unlinked = await fetch(`${b.url}/api/codat/companies/${onB.companyId}/connections/${id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${onB.token}`, 'Content-Type': 'application/json', 'X-Requested-With': 'codat-connections' },
      body: JSON.stringify({ status: 'Unlinked' }),
    });
    assert.equal(unlinked.status, 200);
    const item = await stream.next((each) => isNotice()(each) && each.type === 'event' && JSON.parse(each.event.data).connectionId === id);
    assert.ok(item.type === 'event');
    assert.equal(JSON.parse(item.event.data).kind, 'connection.disconnected');
  });

  it('and a page served by the instance without the emulator is told of a change made through the other', async () => {
    const onA = await signIn(a.url);
    const onB = await signIn(b.url);
    const stream = await openStream(`${b.url}/api/codat/companies/${onB.companyId}/connections/events`, onB.token);
    streams.push(stream);
    const created = await (
      await fetch(`${a.url}/api/codat/companies/${onA.companyId}/connections`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${onA.token}`, 'Content-Type': 'application/json', 'X-Requested-With': 'codat-connections' },
        body: JSON.stringify({ platformKey: 'gbol' }),
      })
    ).json();
    await stream.next((each) => isNotice()(each) && each.type === 'event' && JSON.parse(each.event.data).connectionId === created.id);
  });
});
