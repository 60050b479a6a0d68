// Data freshness over real HTTP against a small Codat stand-in: data status, pull operations (the
// history of reads) and refresh. Paths, methods, query strings, the checks of each answer's shape,
// errors, retries (none for refresh) and aborting.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Hono } from 'hono';
import { ConnectionsError, createConnectionsClient, type DataStatuses, type PullOperation } from '@codat-connections/core';
import { COMPANY, grant, pullOperation } from '../../../test/helpers/fixtures.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const CONNECTION = '2e9d2c44-f675-40ba-8049-353bfcb5e171';
const DATASET = '97d60846-f07a-4d42-b5a0-0bdcc6ebf56b';

const statuses: DataStatuses = {
  invoices: {
    dataType: 'invoices',
    currentStatus: 'Complete',
    lastSuccessfulSync: '2024-01-01T00:01:00Z',
    latestSyncId: DATASET,
    latestSuccessfulSyncId: DATASET,
  },
  bills: null,
};
const historyPage = (results: PullOperation[]) => ({
  pageNumber: 1,
  pageSize: 100,
  totalResults: results.length,
  _links: { self: { href: '/' }, current: { href: '/' } },
  results,
});

/** What the next request gets instead of the stand-in's answer: a status and body, or a lost answer. */
type Step = { status: number; body?: string } | 'drop';

describe('createConnectionsClient: data freshness over HTTP', () => {
  let server: Listening;
  let seen: Array<{ method: string; url: URL; body: string }> = [];
  let steps: Step[] = [];

  before(async () => {
    const app = new Hono<{ Bindings: { incoming: IncomingMessage } }>();
    app.use('*', async (c, next) => {
      seen.push({ method: c.req.method, url: new URL(c.req.url), body: await c.req.raw.clone().text() });
      const step = steps.shift();
      if (step === 'drop') {
        // Codat got the request, but its answer is lost.
        c.env.incoming.socket.destroy();
        return new Promise<Response>(() => {});
      }
      if (step) return new Response(step.body ?? JSON.stringify({ statusCode: step.status, error: `status ${step.status}` }), { status: step.status });
      await next();
    });
    app.get('/companies/:company/dataStatus', (c) => c.json(statuses));
    app.get('/companies/:company/data/history', (c) => c.json(historyPage([pullOperation({ id: DATASET, connectionId: CONNECTION })])));
    app.get('/companies/:company/data/history/:id', (c) => c.json(pullOperation({ id: c.req.param('id'), connectionId: CONNECTION, status: 'Fetching' })));
    app.post('/companies/:company/data/all', (c) => c.body(null, 204));
    server = await listen(app.fetch as (request: Request) => Promise<Response>);
  });
  after(() => server.close());
  beforeEach(() => {
    seen = [];
    steps = [];
  });

  const client = () =>
    createConnectionsClient({
      token: async () => grant({ accessToken: 'token-1', baseUrl: server.url }),
      backoff: 1,
    });

  /** Answers the next request with this body, 200. */
  const answer = (body: unknown) => steps.push({ status: 200, body: JSON.stringify(body) });

  describe('dataStatus', () => {
    it("GETs the company's data status, with the bearer token, and returns it by data type", async () => {
      assert.deepEqual(await client().dataStatus(), statuses);
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.method, 'GET');
      assert.equal(seen[0]!.url.pathname, `/companies/${COMPANY}/dataStatus`);
      assert.equal(seen[0]!.url.search, '');
    });

    it('takes an empty object: a company Codat has read nothing of', async () => {
      answer({});
      assert.deepEqual(await client().dataStatus(), {});
    });

    for (const [name, body] of [
      ['an array', [statuses.invoices]],
      ['null', null],
      ['a string', 'Complete'],
      ['an entry that is not an object', { invoices: 'Complete' }],
      ['an entry without a string currentStatus', { invoices: { dataType: 'invoices', currentStatus: 3 } }],
    ] as const) {
      it(`fails with invalid_response for ${name}`, async () => {
        answer(body);
        await assert.rejects(client().dataStatus(), { name: 'ConnectionsError', code: 'invalid_response', operation: 'dataStatus' });
      });
    }

    it('retries a 503, as a GET', async () => {
      steps = [{ status: 503 }];
      assert.deepEqual(await client().dataStatus(), statuses);
      assert.equal(seen.length, 2);
    });
  });

  describe('pullOperations', () => {
    it('GETs the history of one connection: connectionId becomes Codat’s query', async () => {
      const page = await client().pullOperations({ connectionId: CONNECTION });
      assert.equal(page.results[0]!.id, DATASET);
      assert.equal(seen[0]!.method, 'GET');
      assert.equal(seen[0]!.url.pathname, `/companies/${COMPANY}/data/history`);
      assert.deepEqual(Object.fromEntries(seen[0]!.url.searchParams), { query: `connectionId=${CONNECTION}` });
    });

    it('joins connectionId and dataType with &&, and sends page, pageSize and orderBy', async () => {
      await client().pullOperations({ connectionId: CONNECTION, dataType: 'banking-accounts', page: 2, pageSize: 10, orderBy: '-requested' });
      assert.deepEqual(Object.fromEntries(seen[0]!.url.searchParams), {
        page: '2',
        pageSize: '10',
        query: `connectionId=${CONNECTION}&&dataType=banking-accounts`,
        orderBy: '-requested',
      });
    });

    it('sends no query parameter that was not given', async () => {
      await client().pullOperations();
      assert.equal(seen[0]!.url.search, '');
    });

    it('a page without results reads as an empty page', async () => {
      answer({ pageNumber: 1, pageSize: 100, totalResults: 0, _links: { self: { href: '/' }, current: { href: '/' } } });
      assert.deepEqual((await client().pullOperations()).results, []);
    });

    const invalidArguments: Array<[string, Parameters<ReturnType<typeof client>['pullOperations']>[0]]> = [
      ['connectionId', { connectionId: 'not-a-uuid' }],
      ['connectionId', { connectionId: `${CONNECTION}&&status=Complete` }],
      ['connectionId', { connectionId: '' }],
      ['dataType', { dataType: 'invoices||dataType=bills' }],
      ['dataType', { dataType: 'invoices&&connectionId=x' }],
      ['dataType', { dataType: '' }],
      ['page', { page: 0 }],
      ['pageSize', { pageSize: 5001 }],
      ['pageSize', { pageSize: 1.5 }],
    ];
    for (const [name, params] of invalidArguments) {
      it(`fails with invalid_argument naming ${name} for ${JSON.stringify(params)}, and sends nothing`, async () => {
        await assert.rejects(
          client().pullOperations(params),
          (error: unknown) =>
            error instanceof ConnectionsError &&
            error.code === 'invalid_argument' &&
            error.operation === 'pullOperations' &&
            error.message.includes(`\`${name}\``),
        );
        assert.equal(seen.length, 0);
      });
    }

    for (const [name, body] of [
      ['a list', [pullOperation({ id: DATASET, connectionId: CONNECTION })]],
      ['a page without totalResults', { results: [] }],
      ['a page whose results are not an array', { totalResults: 1, results: { id: DATASET } }],
    ] as const) {
      it(`fails with invalid_response for ${name}`, async () => {
        answer(body);
        await assert.rejects(client().pullOperations(), { code: 'invalid_response', operation: 'pullOperations' });
      });
    }
  });

  describe('pullOperation', () => {
    it('GETs one pull operation by its id', async () => {
      const operation = await client().pullOperation(DATASET);
      assert.equal(operation.id, DATASET);
      assert.equal(operation.status, 'Fetching');
      assert.equal(seen[0]!.method, 'GET');
      assert.equal(seen[0]!.url.pathname, `/companies/${COMPANY}/data/history/${DATASET}`);
    });

    it('fails with invalid_argument for an id that is not a UUID, and sends nothing', async () => {
      for (const id of ['../dataStatus', `${DATASET}/x`, '']) {
        await assert.rejects(client().pullOperation(id), { code: 'invalid_argument', operation: 'pullOperation' });
      }
      assert.equal(seen.length, 0);
    });

    it('fails with invalid_response for an answer without a string id and status', async () => {
      for (const body of [{ id: DATASET }, { status: 'Complete' }, { id: 1, status: 'Complete' }, [], null]) {
        answer(body);
        await assert.rejects(client().pullOperation(DATASET), { code: 'invalid_response', operation: 'pullOperation' });
      }
    });

    it("passes Codat's 404 on as not_found, with its message and correlation id", async () => {
      steps = [{ status: 404, body: JSON.stringify({ statusCode: 404, error: 'Dataset not found', correlationId: 'c-1' }) }];
      await assert.rejects(
        client().pullOperation(DATASET),
        (error: unknown) =>
          error instanceof ConnectionsError &&
          error.code === 'not_found' &&
          error.status === 404 &&
          error.correlationId === 'c-1' &&
          /Dataset not found/.test(error.message) &&
          error.message.includes(`GET /companies/${COMPANY}/data/history/${DATASET}`),
      );
    });
  });

  describe('refresh', () => {
    it('POSTs to data/all with no body, and resolves with nothing on 204', async () => {
      assert.equal(await client().refresh(), undefined);
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.method, 'POST');
      assert.equal(seen[0]!.url.pathname, `/companies/${COMPANY}/data/all`);
      assert.equal(seen[0]!.url.search, '');
      assert.equal(seen[0]!.body, '');
    });

    it('is not retried after a 503: one request, server_error', async () => {
      steps = [{ status: 503 }];
      await assert.rejects(client().refresh(), { code: 'server_error', operation: 'refresh', status: 503 });
      assert.equal(seen.length, 1);
    });

    it('is not retried after a lost answer: one request, network_error (it may have been queued)', async () => {
      steps = ['drop'];
      await assert.rejects(client().refresh(), { code: 'network_error', operation: 'refresh', status: 0 });
      assert.equal(seen.length, 1);
    });

    it('fails with forbidden when the token lacks the permission (the server answers 403)', async () => {
      steps = [{ status: 403, body: JSON.stringify({ statusCode: 403, error: 'Token lacks the connections:refresh permission' }) }];
      await assert.rejects(client().refresh(), { code: 'forbidden', operation: 'refresh' });
    });
  });

  describe('aborting', () => {
    it('an already aborted signal rejects each operation with aborted and sends nothing', async () => {
      const controller = new AbortController();
      controller.abort();
      const { signal } = controller;
      const shared = client();
      await assert.rejects(shared.dataStatus({ signal }), { code: 'aborted', operation: 'dataStatus' });
      await assert.rejects(shared.pullOperations({ connectionId: CONNECTION, signal }), { code: 'aborted', operation: 'pullOperations' });
      await assert.rejects(shared.pullOperation(DATASET, { signal }), { code: 'aborted', operation: 'pullOperation' });
      await assert.rejects(shared.refresh({ signal }), { code: 'aborted', operation: 'refresh' });
      assert.equal(seen.length, 0);
    });

    it('aborting while waiting to retry a data status rejects with aborted and sends nothing more', async () => {
      steps = [{ status: 503 }];
      const controller = new AbortController();
      const shared = createConnectionsClient({
        token: async () => grant({ baseUrl: server.url }),
        backoff: 60_000,
      });
      const pending = shared.dataStatus({ signal: controller.signal });
      while (seen.length === 0) await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      await assert.rejects(pending, { code: 'aborted', operation: 'dataStatus' });
      assert.equal(seen.length, 1);
    });
  });
});
