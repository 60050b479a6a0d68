import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator, DEMO_COMPANY_ID, EMPTY_COMPANY_ID, SMALL_COMPANY_ID } from '../src/index.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const auth = { Authorization: `Basic ${btoa('emulator-api-key')}` };
const UNKNOWN_ID = '0b8f3c1e-6a4d-4b7e-9c2a-5d1e8f7a6b3c';
const START = Date.parse('2025-01-02T03:04:05Z');
const PULL_DURATION = 1000;

interface PullOperation {
  id: string;
  companyId: string;
  connectionId: string;
  dataType: string;
  status: string;
  errorMessage?: string;
  requested: string;
  completed?: string;
  progress: number;
  isCompleted: boolean;
  isErrored: boolean;
}

interface DataStatus {
  dataType: string;
  currentStatus: string;
  lastSuccessfulSync?: string;
  latestSyncId: string;
  latestSuccessfulSyncId?: string;
}

interface Connection {
  id: string;
  platformName: string;
  sourceType: string;
  status: string;
  lastSync?: string;
}

describe('data freshness: data status, pull operations and refresh', () => {
  // The clock only moves when a test moves it, so a pull's progress is exact.
  let time = START;
  const emulator = createEmulator({ now: () => new Date(time), pullDuration: PULL_DURATION });
  let server: Listening;
  before(async () => (server = await listen(emulator.fetch)));
  after(() => server.close());
  beforeEach(() => {
    time = START;
    emulator.reset();
  });

  const get = (path: string) => fetch(`${server.url}${path}`, { headers: auth });
  const read = async <T>(path: string): Promise<T> => {
    const response = await get(path);
    assert.equal(response.status, 200, path);
    return (await response.json()) as T;
  };
  const refresh = (companyId = DEMO_COMPANY_ID) => fetch(`${server.url}/companies/${companyId}/data/all`, { method: 'POST', headers: auth });
  const history = (query = '', companyId = DEMO_COMPANY_ID) =>
    read<{ results: PullOperation[]; totalResults: number }>(`/companies/${companyId}/data/history${query}`);
  const dataStatus = (companyId = DEMO_COMPANY_ID) => read<Record<string, DataStatus>>(`/companies/${companyId}/dataStatus`);
  const connections = async (companyId = DEMO_COMPANY_ID) => (await read<{ results: Connection[] }>(`/companies/${companyId}/connections`)).results;
  const byName = async (name: string) => (await connections()).find((connection) => connection.platformName === name)!;
  const q = (query: string) => `?query=${encodeURIComponent(query)}`;

  describe('data status', () => {
    it('gives each data type of the Linked connections its latest status and latest successful sync', async () => {
      const statuses = await dataStatus();
      assert.deepEqual(Object.keys(statuses), [
        'bills',
        'chartOfAccounts',
        'company',
        'customers',
        'invoices',
        'journalEntries',
        'payments',
        'suppliers',
        'banking-accountBalances',
        'banking-accounts',
        'banking-transactionCategories',
        'banking-transactions',
      ]);
      const bills = statuses['bills']!;
      assert.equal(bills.dataType, 'bills');
      assert.equal(bills.currentStatus, 'Complete');
      assert.equal(bills.latestSyncId, bills.latestSuccessfulSyncId);
      const pull = await read<PullOperation>(`/companies/${DEMO_COMPANY_ID}/data/history/${bills.latestSyncId}`);
      assert.equal(bills.lastSuccessfulSync, pull.completed);
      assert.ok(START - Date.parse(bills.lastSuccessfulSync!) < 3 * 3_600_000, 'synced in the last hours, by the emulator clock');
    });

    it('shows the failed data type with its last successful sync from before the failure', async () => {
      const invoices = (await dataStatus())['invoices']!;
      assert.equal(invoices.currentStatus, 'FetchError');
      assert.notEqual(invoices.latestSyncId, invoices.latestSuccessfulSyncId);
      const failed = await read<PullOperation>(`/companies/${DEMO_COMPANY_ID}/data/history/${invoices.latestSyncId}`);
      assert.equal(failed.errorMessage, 'The platform returned an error while fetching invoices');
      assert.equal(failed.connectionId, (await byName('Xero')).id);
      assert.ok(Date.parse(invoices.lastSuccessfulSync!) < Date.parse(failed.requested));
    });

    it('leaves out a data type the company has never fetched, as Codat does (its SDK refuses null)', async () => {
      const statuses = await dataStatus();
      assert.equal('taxRates' in statuses, false);
      assert.equal((await history(q('dataType=taxRates'))).totalResults, 0);
    });

    it('is empty for a company without connections, and 404 for an unknown company', async () => {
      assert.deepEqual(await dataStatus(EMPTY_COMPANY_ID), {});
      const response = await get(`/companies/${UNKNOWN_ID}/dataStatus`);
      assert.equal(response.status, 404);
      assert.match((await response.json()).error, /No company was found/);
    });
  });

  describe('pull operation history', () => {
    it("lists the company's pull operations, oldest first, each as Codat describes it", async () => {
      const page = await history();
      assert.equal(page.totalResults, 24);
      const requested = page.results.map((operation) => Date.parse(operation.requested));
      assert.deepEqual(
        requested,
        [...requested].sort((a, b) => a - b),
      );
      for (const operation of page.results) {
        assert.equal(operation.companyId, DEMO_COMPANY_ID);
        assert.equal(operation.progress, 100);
        assert.equal(operation.isCompleted, operation.status === 'Complete');
        assert.equal(operation.isErrored, operation.status === 'FetchError');
        assert.ok(Date.parse(operation.completed!) > Date.parse(operation.requested));
      }
    });

    it('filters by connectionId, dataType and status with the query language', async () => {
      const plaid = await byName('Plaid');
      const plaidPulls = await history(q(`connectionId=${plaid.id}`));
      assert.equal(plaidPulls.totalResults, 4);
      assert.ok(plaidPulls.results.every((operation) => operation.connectionId === plaid.id));
      const transactions = await history(q('dataType=banking-transactions'));
      assert.deepEqual(
        transactions.results.map((operation) => operation.connectionId),
        [plaid.id, (await byName('TrueLayer')).id],
      );
      const failed = await history(q('status!=Complete && status!=NotSupported'));
      assert.deepEqual(
        failed.results.map((operation) => [operation.dataType, operation.status]),
        [['invoices', 'FetchError']],
      );
      const latestFirst = await history(`${q(`connectionId=${plaid.id} || dataType=invoices`)}&orderBy=-requested`);
      assert.equal(latestFirst.results[0]!.dataType, 'invoices');
      assert.equal(latestFirst.totalResults, 6);
    });

    it('answers 400 from the PullApi for a field that cannot be queried, such as isCompleted, and for a malformed query', async () => {
      const unresolved = await get(`/companies/${DEMO_COMPANY_ID}/data/history${q('isCompleted=true')}`);
      assert.equal(unresolved.status, 400);
      assert.deepEqual(
        { ...(await unresolved.json()), correlationId: undefined },
        {
          statusCode: 400,
          service: 'PullApi',
          error: 'Error parsing query - Could not resolve property isCompleted on Dataset',
          correlationId: undefined,
          canBeRetried: 'False',
          detailedErrorCode: 0,
        },
      );
      for (const query of ['dataType==invoices', 'requested>yesterday', 'progress~10', 'orderBy']) {
        const response = await get(`/companies/${DEMO_COMPANY_ID}/data/history${q(query)}`);
        assert.equal(response.status, 400, query);
        assert.equal((await response.json()).service, 'PullApi', query);
      }
      assert.equal((await get(`/companies/${DEMO_COMPANY_ID}/data/history?orderBy=isCompleted`)).status, 400);
    });

    it('pages with _links like the other lists', async () => {
      const path = `/companies/${DEMO_COMPANY_ID}/data/history`;
      const page = await read<{ results: PullOperation[]; pageNumber: number; pageSize: number; totalResults: number; _links: unknown }>(
        `${path}?page=2&pageSize=10`,
      );
      assert.equal(page.results.length, 10);
      assert.equal(page.totalResults, 24);
      assert.deepEqual(page._links, {
        self: { href: path },
        current: { href: `${path}?page=2&pageSize=10` },
        next: { href: `${path}?page=3&pageSize=10` },
        previous: { href: `${path}?page=1&pageSize=10` },
      });
      assert.equal((await get(`${path}?pageSize=0`)).status, 400);
    });

    it('gets one pull operation by id; 404 for an unknown one, one of another company, or an unknown company', async () => {
      const [first] = (await history()).results;
      assert.deepEqual(await read(`/companies/${DEMO_COMPANY_ID}/data/history/${first!.id}`), first);
      for (const path of [
        `/companies/${DEMO_COMPANY_ID}/data/history/${UNKNOWN_ID}`,
        `/companies/${SMALL_COMPANY_ID}/data/history/${first!.id}`,
        `/companies/${UNKNOWN_ID}/data/history/${first!.id}`,
      ]) {
        const response = await get(path);
        assert.equal(response.status, 404, path);
        assert.equal((await response.json()).statusCode, 404);
      }
    });
  });

  describe('refresh', () => {
    it('answers 204 and queues a pull of every data type of each Linked connection, and of no other', async () => {
      const response = await refresh();
      assert.equal(response.status, 204);
      assert.equal(await response.text(), '');
      const queued = (await history(q('status=Queued'))).results;
      const linked = (await connections()).filter((connection) => connection.status === 'Linked');
      assert.deepEqual([...new Set(queued.map((operation) => operation.connectionId))].sort(), linked.map((connection) => connection.id).sort());
      const xero = linked.find((connection) => connection.platformName === 'Xero')!;
      assert.deepEqual(
        queued.filter((operation) => operation.connectionId === xero.id).map((operation) => operation.dataType),
        ['chartOfAccounts', 'company', 'customers', 'suppliers', 'invoices', 'bills', 'payments', 'journalEntries', 'taxRates'],
      );
      assert.equal(queued.length, 9 + 4 + 4);
      for (const operation of queued) {
        assert.equal(operation.requested, new Date(START).toISOString());
        assert.equal(operation.progress, 0);
        assert.equal(operation.completed, undefined);
        assert.equal(operation.isCompleted, false);
        assert.equal(operation.isErrored, false);
      }
    });

    it('moves the pulls from Queued to Fetching to Complete as the clock passes pullDuration, and the data status with them', async () => {
      await refresh();
      const statusOf = async () => [...new Set((await history(q(`requested>=${new Date(START).toISOString()}`))).results.map((o) => o.status))].sort();
      assert.deepEqual(await statusOf(), ['Queued']);
      assert.equal((await dataStatus())['bills']!.currentStatus, 'Queued');

      time = START + PULL_DURATION / 2;
      const fetching = (await history(q('status=Fetching'))).results;
      assert.equal(fetching.length, 17, 'the one that will fail fetches too');
      assert.ok(fetching.every((operation) => operation.progress > 0 && operation.progress < 100));

      time = START + PULL_DURATION;
      assert.deepEqual(await statusOf(), ['Complete', 'FetchError']);
      const statuses = await dataStatus();
      assert.equal(statuses['bills']!.currentStatus, 'Complete');
      assert.equal(statuses['bills']!.lastSuccessfulSync, new Date(START + PULL_DURATION).toISOString());
      assert.equal(statuses['taxRates']!.currentStatus, 'Complete', 'the data type never fetched is fetched by a refresh');
      const bills = await read<PullOperation>(`/companies/${DEMO_COMPANY_ID}/data/history/${statuses['bills']!.latestSyncId}`);
      assert.equal(bills.progress, 100);
      assert.equal(bills.isCompleted, true);
    });

    it('fails the seeded failing data type again, with its message, and keeps its last successful sync', async () => {
      const before = (await dataStatus())['invoices']!;
      await refresh();
      time = START + PULL_DURATION;
      const invoices = (await dataStatus())['invoices']!;
      assert.equal(invoices.currentStatus, 'FetchError');
      assert.equal(invoices.lastSuccessfulSync, before.lastSuccessfulSync);
      const failed = await read<PullOperation>(`/companies/${DEMO_COMPANY_ID}/data/history/${invoices.latestSyncId}`);
      assert.equal(failed.status, 'FetchError');
      assert.equal(failed.isErrored, true);
      assert.equal(failed.isCompleted, false);
      assert.equal(failed.errorMessage, 'The platform returned an error while fetching invoices');
      assert.equal(failed.completed, new Date(START + PULL_DURATION).toISOString());
    });

    it("records the sync as the connection's lastSync once its pulls complete", async () => {
      await refresh();
      assert.notEqual((await byName('TrueLayer')).lastSync, new Date(START + PULL_DURATION).toISOString());
      time = START + PULL_DURATION;
      assert.equal((await byName('TrueLayer')).lastSync, new Date(START + PULL_DURATION).toISOString());
      assert.equal(
        (await byName('Shopify')).lastSync,
        new Date(START - 46 * 86_400_000).toISOString().replace('.000Z', 'Z'),
        'a Deauthorized connection is not refreshed',
      );
    });

    it('refreshes nothing for a connection that is no longer Linked', async () => {
      const plaid = await byName('Plaid');
      await fetch(`${server.url}/companies/${DEMO_COMPANY_ID}/connections/${plaid.id}`, {
        method: 'PATCH',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: 'Unlinked' }),
      });
      await refresh();
      assert.equal((await history(q(`connectionId=${plaid.id} && status=Queued`))).totalResults, 0);
      assert.equal((await history(q(`connectionId=${plaid.id}`))).totalResults, 4, 'its history stays');
    });

    it('answers 204 with nothing queued for a company without Linked connections, and 404 for an unknown company', async () => {
      assert.equal((await refresh(EMPTY_COMPANY_ID)).status, 204);
      assert.equal((await history('', EMPTY_COMPANY_ID)).totalResults, 0);
      const response = await refresh(UNKNOWN_ID);
      assert.equal(response.status, 404);
      assert.equal((await response.json()).statusCode, 404);
    });

    it('is undone by reset(), which dates the seed from the clock again', async () => {
      const seeded = await history();
      await refresh();
      emulator.reset();
      assert.deepEqual(await history(), seeded);
      time = START + 86_400_000;
      emulator.reset();
      const later = await history();
      assert.equal(Date.parse(later.results[0]!.requested) - Date.parse(seeded.results[0]!.requested), 86_400_000);
    });
  });

  describe('access', () => {
    it('answers 401 without the API key on every freshness route', async () => {
      const [first] = (await history()).results;
      for (const [method, path] of [
        ['GET', `/companies/${DEMO_COMPANY_ID}/dataStatus`],
        ['GET', `/companies/${DEMO_COMPANY_ID}/data/history`],
        ['GET', `/companies/${DEMO_COMPANY_ID}/data/history/${first!.id}`],
        ['POST', `/companies/${DEMO_COMPANY_ID}/data/all`],
      ] as const) {
        const response = await fetch(`${server.url}${path}`, { method, headers: { Authorization: `Basic ${btoa('wrong-key')}` } });
        assert.equal(response.status, 401, path);
        assert.equal((await response.json()).statusCode, 401);
      }
      assert.equal((await history(q('status=Queued'))).totalResults, 0, 'the refresh without a key queued nothing');
    });

    it('rejects a pullDuration that is not milliseconds', () => {
      for (const pullDuration of [-1, Number.NaN, Infinity]) assert.throws(() => createEmulator({ pullDuration }), /pullDuration/);
    });
  });
});
