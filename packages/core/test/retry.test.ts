// Retries, Retry-After, timeouts, lost responses and aborting, over real HTTP. The client's
// internal `backoff` knob keeps the backoff steps at a millisecond.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import type { IncomingMessage } from 'node:http';
import { ConnectionsError, createConnectionsClient, type ConnectionsClient } from '@codat-connections/core';
import { retryAfterSeconds, retryDelay } from '../src/retry.js';
import * as fixtures from '../../../test/helpers/fixtures.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const CONNECTION = '2e9d2c44-f675-40ba-8049-353bfcb5e171';
const page = { pageNumber: 1, pageSize: 100, totalResults: 0, _links: { self: {}, current: {} }, results: [] };
const connection = fixtures.connection(1, { id: CONNECTION });
const integrations = { ...page, totalResults: 1, results: [{ key: 'gbol', name: 'Sandbox', logoUrl: 'https://x/', enabled: true }] };

/** What the next requests get, in order; once used up, requests succeed. */
type Step = { status: number; headers?: Record<string, string>; body?: string } | 'drop' | { delay: number };

describe('retries, timeouts and aborting', () => {
  let server: Listening;
  let steps: Step[] = [];
  let requests: Array<{ method: string; path: string; at: number }> = [];
  let deleted = false;

  before(async () => {
    const app = new Hono<{ Bindings: { incoming: IncomingMessage } }>();
    app.all('*', async (c) => {
      requests.push({ method: c.req.method, path: new URL(c.req.url).pathname, at: performance.now() });
      const step = steps.shift();
      if (step === 'drop') {
        // The request is handled (a delete takes effect), but the response is lost.
        if (c.req.method === 'DELETE') deleted = true;
        c.env.incoming.socket.destroy();
        return new Promise<Response>(() => {});
      }
      if (step && 'delay' in step) await new Promise((resolve) => setTimeout(resolve, step.delay));
      else if (step)
        return new Response(step.body ?? JSON.stringify({ statusCode: step.status, error: `status ${step.status}` }), {
          status: step.status,
          headers: step.headers ?? {},
        });
      if (c.req.method === 'DELETE') {
        if (deleted) return c.json({ statusCode: 404, error: 'Connection not found' }, 404);
        deleted = true;
        return c.body(null, 200);
      }
      if (c.req.path === '/integrations') return c.json(integrations);
      return c.json(c.req.path.endsWith('/connections') && c.req.method === 'GET' ? page : connection);
    });
    server = await listen(app.fetch as (request: Request) => Promise<Response>);
  });
  after(() => server.close());
  beforeEach(() => {
    steps = [];
    requests = [];
    deleted = false;
  });

  const client = (options: { timeout?: number; retry?: number; backoff?: number } = {}): ConnectionsClient =>
    createConnectionsClient({
      token: async () => fixtures.grant({ baseUrl: server.url }),
      backoff: 1,
      ...options,
    });

  for (const status of [500, 502, 503, 504, 408, 425, 429]) {
    it(`list retries after ${status} and succeeds`, async () => {
      steps = [{ status }];
      await client().list();
      assert.equal(requests.length, 2);
    });
  }

  const operations: Array<[string, (c: ConnectionsClient) => Promise<unknown>]> = [
    ['get', (c) => c.get(CONNECTION)],
    ['unlink', (c) => c.unlink(CONNECTION)],
    ['delete', (c) => c.delete(CONNECTION)],
    ['integrations', (c) => c.integrations()],
  ];
  for (const [name, run] of operations) {
    it(`${name} is retried after a 503`, async () => {
      steps = [{ status: 503 }];
      await run(client());
      assert.equal(requests.length, 2);
    });
    it(`${name} is retried after a network error (the socket is destroyed)`, async () => {
      steps = ['drop'];
      await run(client());
      assert.equal(requests.length, 2);
    });
  }

  it('list is retried after a network error', async () => {
    steps = ['drop', 'drop'];
    await client().list();
    assert.equal(requests.length, 3);
  });

  it('gives up after `retry` retries with the last error', async () => {
    steps = [{ status: 503 }, { status: 502 }, { status: 500 }, { status: 500 }];
    await assert.rejects(client({ retry: 2 }).list(), { code: 'server_error', status: 500 });
    assert.equal(requests.length, 3);
  });

  it('retry: 0 sends once', async () => {
    steps = [{ status: 503 }];
    await assert.rejects(client({ retry: 0 }).list(), { code: 'server_error', status: 503 });
    assert.equal(requests.length, 1);
  });

  for (const status of [400, 403, 404, 409, 501]) {
    it(`a ${status} is not retried`, async () => {
      steps = [{ status }];
      await assert.rejects(client().get(CONNECTION), { status });
      assert.equal(requests.length, 1);
    });
  }

  it('create after a 503 is not retried: exactly one request', async () => {
    steps = [{ status: 503 }];
    await assert.rejects(client().create('gbol'), { code: 'server_error', status: 503, operation: 'create' });
    assert.equal(requests.length, 1);
  });

  it('create after a network error is not retried', async () => {
    steps = ['drop'];
    await assert.rejects(client().create('gbol'), { code: 'network_error', operation: 'create' });
    assert.equal(requests.length, 1);
  });

  it('429 with Retry-After: 1 waits about a second, then succeeds', async () => {
    steps = [{ status: 429, headers: { 'Retry-After': '1' } }];
    const started = performance.now();
    await client().list();
    assert.equal(requests.length, 2);
    assert.ok(requests[1]!.at - started >= 900, `retried after ${Math.round(requests[1]!.at - started)} ms`);
  });

  it('Retry-After as an HTTP date in the past retries at once and succeeds', async () => {
    steps = [{ status: 503, headers: { 'Retry-After': new Date(Date.now() - 60_000).toUTCString() } }];
    await client({ backoff: 60_000 }).list();
    assert.equal(requests.length, 2);
  });

  it('Retry-After longer than the cap fails at once with the status', async () => {
    steps = [{ status: 429, headers: { 'Retry-After': '3600' } }];
    await assert.rejects(client().list(), { code: 'rate_limited', status: 429 });
    assert.equal(requests.length, 1);
  });

  it('Retry-After is read as seconds or an HTTP date, rounded up, never negative; else undefined', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(retryAfterSeconds('2', now), 2);
    assert.equal(retryAfterSeconds('0', now), 0);
    assert.equal(retryAfterSeconds('1.2', now), 2);
    assert.equal(retryAfterSeconds('-5', now), 0);
    assert.equal(retryAfterSeconds('Wed, 01 Jan 2025 00:00:03 GMT', now), 3);
    assert.equal(retryAfterSeconds('Wed, 01 Jan 2025 00:00:03 GMT', now + 500), 3);
    assert.equal(retryAfterSeconds('Tue, 31 Dec 2024 23:59:00 GMT', now), 0);
    for (const unreadable of ['soon', 'Wed, 32 Foo 2025', '', null, undefined]) assert.equal(retryAfterSeconds(unreadable, now), undefined, String(unreadable));
  });

  it("retryDelay waits Retry-After's seconds, capped, and otherwise backs off with jitter", () => {
    assert.equal(retryDelay(0, 2, 500), 2000);
    assert.equal(retryDelay(0, 0, 500), 0);
    assert.equal(retryDelay(0, 100_000, 500), 20_000);
    for (let attempt = 0; attempt < 4; attempt++) {
      const wait = retryDelay(attempt, undefined, 100);
      assert.ok(wait >= 50 * 2 ** attempt && wait <= 100 * 2 ** attempt, `attempt ${attempt}: ${wait}`);
    }
  });

  it('a request slower than `timeout` fails with code timeout', async () => {
    steps = [{ delay: 500 }];
    await assert.rejects(client({ timeout: 50, retry: 0 }).list(), { code: 'timeout', operation: 'list', status: 0 });
  });

  it('a timed-out idempotent request is retried', async () => {
    steps = [{ delay: 500 }];
    await client({ timeout: 100 }).get(CONNECTION);
    assert.equal(requests.length, 2);
  });

  it('a delete retried after a lost response that then gets 404 counts as deleted', async () => {
    steps = ['drop'];
    assert.equal(await client().delete(CONNECTION), undefined);
    assert.deepEqual(
      requests.map((request) => request.method),
      ['DELETE', 'DELETE'],
    );
  });

  it('a delete that gets 404 at once is not_found', async () => {
    deleted = true;
    await assert.rejects(client().delete(CONNECTION), { code: 'not_found', status: 404 });
  });

  it('an already aborted signal rejects with aborted and sends nothing', async () => {
    let tokens = 0;
    const shared = createConnectionsClient({
      token: async () => {
        tokens += 1;
        return fixtures.grant({ baseUrl: server.url });
      },
    });
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await assert.rejects(
      shared.list({ signal: controller.signal }),
      (error: unknown) => error instanceof ConnectionsError && error.code === 'aborted' && error.cause instanceof Error && error.cause.message === 'gone',
    );
    await assert.rejects(shared.delete(CONNECTION, { signal: controller.signal }), { code: 'aborted' });
    assert.equal(tokens, 0);
    assert.equal(requests.length, 0);
  });

  it('aborting during a request rejects with aborted at once', async () => {
    steps = [{ delay: 2000 }];
    const controller = new AbortController();
    const pending = client().get(CONNECTION, { signal: controller.signal });
    while (requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await assert.rejects(pending, { code: 'aborted', operation: 'get' });
    assert.equal(requests.length, 1);
  });

  describe("the error's retryAfter", () => {
    const rejection = async (run: Promise<unknown>): Promise<ConnectionsError> => {
      const error = await run.then(
        () => assert.fail('did not reject'),
        (reason: unknown) => reason,
      );
      assert.ok(error instanceof ConnectionsError, `not a ConnectionsError: ${String(error)}`);
      return error;
    };

    it('a refresh (a POST, never retried) that gets 429 carries Retry-After in seconds', async () => {
      steps = [{ status: 429, headers: { 'Retry-After': '12' } }];
      const error = await rejection(client().refresh());
      assert.equal(requests.length, 1);
      assert.equal(requests[0]!.method, 'POST');
      assert.equal(error.code, 'rate_limited');
      assert.equal(error.operation, 'refresh');
      assert.equal(error.retryAfter, 12);
    });

    it('an HTTP date becomes the seconds from now, rounded up', async () => {
      steps = [{ status: 429, headers: { 'Retry-After': new Date(Date.now() + 30_000).toUTCString() } }];
      const { retryAfter } = await rejection(client().refresh());
      // The date has whole seconds, so it is up to a second before now + 30 s.
      assert.ok(retryAfter === 29 || retryAfter === 30, `retryAfter ${retryAfter}`);
    });

    it('an HTTP date in the past is 0', async () => {
      steps = [{ status: 503, headers: { 'Retry-After': new Date(Date.now() - 60_000).toUTCString() } }];
      const error = await rejection(client().refresh());
      assert.equal(error.code, 'server_error');
      assert.equal(error.retryAfter, 0);
    });

    it('is absent without a Retry-After header', async () => {
      steps = [{ status: 429 }];
      const error = await rejection(client().refresh());
      assert.equal(error.code, 'rate_limited');
      assert.equal('retryAfter' in error, false);
    });

    it('is absent when Retry-After cannot be read', async () => {
      for (const header of ['soon', 'Thu, 99 Foo 2025 25:00:00 GMT', '1 minute']) {
        steps = [{ status: 429, headers: { 'Retry-After': header } }];
        const error = await rejection(client().refresh());
        assert.equal(error.retryAfter, undefined, header);
        assert.equal('retryAfter' in error, false, header);
      }
    });

    it('is set on any failed status that carries Retry-After', async () => {
      steps = [{ status: 503, headers: { 'Retry-After': '5' } }];
      assert.equal((await rejection(client().create('gbol'))).retryAfter, 5);
      steps = [{ status: 400, headers: { 'Retry-After': '3' } }];
      assert.equal((await rejection(client().get(CONNECTION))).retryAfter, 3);
    });

    it("a retried GET fails after the retries with the last response's Retry-After", async () => {
      steps = [
        { status: 429, headers: { 'Retry-After': '0' } },
        { status: 503, headers: { 'Retry-After': new Date(Date.now() - 60_000).toUTCString() } },
        { status: 429, headers: { 'Retry-After': '7' } },
      ];
      const error = await rejection(client({ retry: 2 }).list());
      assert.equal(requests.length, 3);
      assert.equal(error.code, 'rate_limited');
      assert.equal(error.status, 429);
      assert.equal(error.retryAfter, 7);
    });

    it('a retried GET whose last response has no Retry-After fails without one', async () => {
      steps = [{ status: 429, headers: { 'Retry-After': '0' } }, { status: 429, headers: { 'Retry-After': '0' } }, { status: 503 }];
      const error = await rejection(client({ retry: 2 }).list());
      assert.equal(requests.length, 3);
      assert.equal(error.status, 503);
      assert.equal('retryAfter' in error, false);
    });

    it('a Retry-After beyond the cap fails at once and says how long to wait', async () => {
      steps = [{ status: 429, headers: { 'Retry-After': '3600' } }];
      const error = await rejection(client().list());
      assert.equal(requests.length, 1);
      assert.equal(error.retryAfter, 3600);
    });
  });

  it('aborting while waiting to retry rejects with aborted and sends nothing more', async () => {
    steps = [{ status: 503 }];
    const controller = new AbortController();
    const pending = client({ backoff: 5000 }).list({ signal: controller.signal });
    while (requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await assert.rejects(pending, { code: 'aborted', operation: 'list' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(requests.length, 1);
  });
});
