import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator } from '../src/index.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const auth = { Authorization: `Basic ${btoa('emulator-api-key')}` };

describe('fault injection', () => {
  const emulator = createEmulator({ basePath: '/emulator', faults: true, rateLimit: false });
  let server: Listening;
  before(async () => (server = await listen(emulator.fetch)));
  after(() => server.close());
  beforeEach(() => emulator.reset());

  const api = (path = '/integrations') => fetch(`${server.url}/emulator${path}`, { headers: auth });
  const admin = (path: string, body: unknown) =>
    fetch(`${server.url}/emulator/_emulator/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const statuses = async (count: number) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const response = await api();
      await response.body?.cancel();
      seen.push(response.status);
    }
    return seen;
  };

  it('forces a status for the next N requests, through the admin route', async () => {
    assert.equal((await admin('faults', { forceStatus: { status: 503, count: 2 } })).status, 204);
    const first = await api();
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('Retry-After'), '1');
    assert.equal((await first.json()).statusCode, 503);
    assert.deepEqual(await statuses(2), [503, 200]);
  });

  it("decides a request's fault when it arrives: one still waiting out its latency never takes a fault set later", async () => {
    emulator.setFaults({ latency: 300 });
    const waiting = api();
    // Let the first request arrive before the forced status is set (which also clears the latency).
    await new Promise((resolve) => setTimeout(resolve, 100));
    emulator.setFaults({ forceStatus: { status: 503, count: 1 } });
    const first = await waiting;
    await first.body?.cancel();
    const next = await api();
    await next.body?.cancel();
    assert.deepEqual([first.status, next.status], [200, 503]);
  });

  it('over HTTP, fails exactly 100 of 400 concurrent requests at 0.25 with 20 ms latency', async () => {
    emulator.setFaults({ failureRate: 0.25, latency: 20 });
    const all = await Promise.all(
      Array.from({ length: 400 }, async () => {
        const response = await api();
        await response.body?.cancel();
        return response.status;
      }),
    );
    // Evenly spread, so exact: the 4th, 8th, … arrival of 400 fails, 100 in all, whatever the order they are answered in.
    assert.deepEqual(
      { failed: all.filter((status) => status === 500).length, answered: all.filter((status) => status === 200).length },
      { failed: 100, answered: 300 },
    );
  });

  it('fails the 4th, 8th, … of 400 requests made at once at 0.25, each decided when it arrives, not when its latency ends', async () => {
    emulator.setFaults({ failureRate: 0.25, latency: 20 });
    const all = await Promise.all(
      Array.from({ length: 400 }, async () => {
        const response = await emulator.fetch(new Request('http://emulator.test/emulator/integrations', { headers: auth }));
        await response.body?.cancel();
        return response.status;
      }),
    );
    const failed = all.flatMap((status, index) => (status === 500 ? [index + 1] : []));
    assert.equal(failed.length, 100, `${failed.length} of 400 failed`);
    assert.deepEqual(
      failed,
      Array.from({ length: 100 }, (_, index) => 4 * (index + 1)),
    );
    assert.ok(all.every((status) => status === 200 || status === 500));
  });

  it("decides a request's malformed body when it arrives: one still waiting out its latency keeps it when faults are set again", async () => {
    const call = () => emulator.fetch(new Request('http://emulator.test/emulator/integrations', { headers: auth }));
    emulator.setFaults({ latency: 300, malformed: 1 });
    const waiting = call();
    // In process, with no network: once the microtasks have run, the request has arrived and is waiting out its latency.
    await new Promise((resolve) => setImmediate(resolve));
    // New faults (one malformed body again, no latency): the next request, answered first, takes this one.
    emulator.setFaults({ malformed: 1 });
    await assert.rejects((await call()).json(), SyntaxError, 'the request after the new faults');
    await assert.rejects((await waiting).json(), SyntaxError, 'the request that arrived under the first faults');
    assert.ok(Array.isArray((await (await call()).json()).results), 'and no more');
  });

  it('fails a fixed, evenly spread fraction of requests with 500', async () => {
    emulator.setFaults({ failureRate: 0.25 });
    assert.deepEqual(await statuses(8), [200, 200, 200, 500, 200, 200, 200, 500]);
    emulator.setFaults({ failureRate: 1 });
    assert.deepEqual(await statuses(2), [500, 500]);
  });

  it('answers bodies that are not JSON', async () => {
    emulator.setFaults({ malformed: 1 });
    const response = await api();
    assert.equal(response.status, 200);
    assert.match(response.headers.get('Content-Type')!, /application\/json/);
    await assert.rejects(response.json(), SyntaxError);
    assert.ok(Array.isArray((await (await api()).json()).results), 'only the next request');
  });

  it('drops the connection, so that fetch rejects', async () => {
    emulator.setFaults({ drop: 1 });
    await assert.rejects(api(), TypeError);
    assert.equal((await api()).status, 200, 'only the next request');
  });

  it("without the Node adapter's env, a dropped response's body fails", async () => {
    emulator.setFaults({ drop: true });
    const response = await emulator.fetch(new Request('http://emulator.test/emulator/integrations', { headers: auth }));
    await assert.rejects(response.text());
  });

  it('adds latency before answering', async () => {
    emulator.setFaults({ latency: 40 });
    const started = performance.now();
    assert.equal((await api()).status, 200);
    assert.ok(performance.now() - started >= 35, 'answered no sooner than the latency');
  });

  it('applies only to the API, not to the admin routes', async () => {
    emulator.setFaults({ forceStatus: { status: 500, count: 5 } });
    assert.equal((await admin('reset', {})).status, 204);
    assert.equal((await api()).status, 200, 'reset cleared the faults');
  });

  it('refuses invalid faults with 400 and keeps the old ones', async () => {
    emulator.setFaults({ forceStatus: { status: 500, count: 1 } });
    for (const body of [{ latency: -1 }, { failureRate: 2 }, { forceStatus: { status: 200 } }, { drop: 'yes' }, { surprise: 1 }, [1]]) {
      assert.equal((await admin('faults', body)).status, 400, JSON.stringify(body));
    }
    assert.equal((await api()).status, 500);
    assert.throws(() => emulator.setFaults({ failureRate: -1 }), TypeError);
  });

  it('leaves a response without a body (204) as it is under malformed, and breaks the next one', async () => {
    emulator.setFaults({ malformed: 1 });
    const refreshed = await fetch(`${server.url}/emulator/companies/${emulator.companies[0]!.id}/data/all`, { method: 'POST', headers: auth });
    assert.equal(refreshed.status, 204);
    const broken = await api();
    assert.equal(broken.status, 200);
    await assert.rejects(broken.json());
  });

  it('reset() restores the seed and clears faults', async () => {
    await fetch(`${server.url}/emulator/companies/${emulator.companies[1]!.id}/connections`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{"platformKey":"gbol"}',
    });
    emulator.setFaults({ failureRate: 1 });
    emulator.reset();
    const page = await (await api(`/companies/${emulator.companies[1]!.id}/connections`)).json();
    assert.equal(page.totalResults, 0);
  });
});

describe('fault injection options', () => {
  it('start with the faults given to createEmulator', async () => {
    const emulator = createEmulator({ faults: { forceStatus: { status: 502, count: 1 } } });
    const response = await emulator.fetch(new Request('http://emulator.test/integrations', { headers: auth }));
    assert.equal(response.status, 502);
  });

  it('are off by default, and then the admin routes do not exist', async () => {
    const emulator = createEmulator();
    for (const path of ['/_emulator/faults', '/_emulator/reset']) {
      const response = await emulator.fetch(new Request(`http://emulator.test${path}`, { method: 'POST', body: '{"failureRate":1}' }));
      assert.equal(response.status, 401, path);
      const authorized = await emulator.fetch(new Request(`http://emulator.test${path}`, { method: 'POST', headers: auth, body: '{"failureRate":1}' }));
      assert.equal(authorized.status, 404, path);
    }
    const response = await emulator.fetch(new Request('http://emulator.test/integrations', { headers: auth }));
    assert.equal(response.status, 200);
  });
});
