import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator, DEMO_COMPANY_ID, EMPTY_COMPANY_ID, PAGING_COMPANY_ID } from '../src/index.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const auth = { Authorization: `Basic ${btoa('emulator-api-key')}` };
const UNKNOWN_ID = '0b8f3c1e-6a4d-4b7e-9c2a-5d1e8f7a6b3c';

describe('connections', () => {
  const emulator = createEmulator({ now: () => new Date('2025-01-02T03:04:05Z') });
  let server: Listening;
  before(async () => (server = await listen(emulator.fetch)));
  after(() => server.close());
  beforeEach(() => emulator.reset());

  const get = (path: string) => fetch(`${server.url}${path}`, { headers: auth });
  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const connections = (companyId = DEMO_COMPANY_ID) => `/companies/${companyId}/connections`;

  describe('seed', () => {
    it('gives the demo company connections in every status, with and without errors, of several source types', async () => {
      const page = await (await get(connections())).json();
      const statuses = new Set(page.results.map((c: { status: string }) => c.status));
      assert.deepEqual([...statuses].sort(), ['Deauthorized', 'Linked', 'PendingAuth', 'Unlinked']);
      const errors = page.results.flatMap((c: { dataConnectionErrors: Array<{ status: string }> }) => c.dataConnectionErrors.map((e) => e.status));
      assert.ok(errors.includes('Active') && errors.includes('Resolved'));
      assert.ok(page.results.some((c: { dataConnectionErrors: unknown[] }) => c.dataConnectionErrors.length === 0));
      assert.deepEqual([...new Set(page.results.map((c: { sourceType: string }) => c.sourceType))].sort(), ['Accounting', 'Banking', 'Commerce']);
    });

    it('is the same after reset, with the same ids', async () => {
      const first = await (await get(connections())).json();
      await send('POST', connections(), { platformKey: 'gbol' });
      emulator.reset();
      assert.deepEqual(await (await get(connections())).json(), first);
    });

    it('dates everything before the clock, Linked connections synced in the last hours, and moves with the clock', async () => {
      interface Dated {
        id: string;
        status: string;
        created: string;
        lastSync?: string;
        dataConnectionErrors: Array<{ erroredOnUtc: string; resolvedOnUtc?: string }>;
      }
      const now = Date.parse('2025-01-02T03:04:05Z');
      const datesOf = (connection: Dated) => [
        connection.created,
        connection.lastSync,
        ...connection.dataConnectionErrors.flatMap((error) => [error.erroredOnUtc, error.resolvedOnUtc]),
      ];
      const read = async (companyId: string): Promise<Dated[]> => (await (await get(`${connections(companyId)}?pageSize=500`)).json()).results;
      const seeded = [...(await read(DEMO_COMPANY_ID)), ...(await read(PAGING_COMPANY_ID))];
      for (const connection of seeded) {
        for (const date of datesOf(connection).filter((value) => value !== undefined)) {
          assert.ok(Date.parse(date) < now && Date.parse(date) > now - 365 * 86_400_000, `${connection.id}: ${date}`);
        }
        if (connection.lastSync) assert.ok(connection.created < connection.lastSync, connection.id);
      }
      const history = (await (await get(`/companies/${DEMO_COMPANY_ID}/data/history?pageSize=500`)).json()).results as Array<{
        connectionId: string;
        completed: string;
      }>;
      for (const linked of seeded.filter((connection) => connection.status === 'Linked').slice(0, 3)) {
        const completed = history.filter((operation) => operation.connectionId === linked.id).map((operation) => operation.completed);
        assert.equal(linked.lastSync, completed.sort().at(-1), 'lastSync is its latest pull');
        assert.ok(now - Date.parse(linked.lastSync!) < 6 * 3_600_000, `${linked.id} synced in the last hours`);
      }

      const dayLater = createEmulator({ now: () => new Date(now + 86_400_000) });
      const later = await listen(dayLater.fetch);
      try {
        const moved = (await (await fetch(`${later.url}${connections()}`, { headers: auth })).json()).results as Dated[];
        const demo = await read(DEMO_COMPANY_ID);
        moved.forEach((connection, index) => {
          const shifted = datesOf(demo[index]!).map((date) => date && Date.parse(date) + 86_400_000);
          assert.deepEqual(
            datesOf(connection).map((date) => date && Date.parse(date)),
            shifted,
            connection.id,
          );
        });
      } finally {
        await later.close();
      }
    });

    it('creates each company before its connections', async () => {
      const companies = (await (await get('/companies')).json()).results as Array<{ id: string; created: string }>;
      assert.equal(companies.length, emulator.companies.length);
      for (const company of companies) {
        const results = (await (await get(`${connections(company.id)}?pageSize=500`)).json()).results as Array<{ id: string; created: string }>;
        for (const connection of results) assert.ok(Date.parse(company.created) < Date.parse(connection.created), `${company.id}: ${connection.id}`);
      }
    });

    it('has an empty company and one with 120 connections', async () => {
      assert.equal((await (await get(connections(EMPTY_COMPANY_ID))).json()).totalResults, 0);
      assert.equal((await (await get(connections(PAGING_COMPANY_ID))).json()).totalResults, 120);
    });
  });

  describe('paging', () => {
    it('pages with _links as Codat documents them', async () => {
      const page = await (await get(`${connections(PAGING_COMPANY_ID)}?page=2&pageSize=10`)).json();
      const path = connections(PAGING_COMPANY_ID);
      assert.equal(page.pageNumber, 2);
      assert.equal(page.pageSize, 10);
      assert.equal(page.totalResults, 120);
      assert.equal(page.results.length, 10);
      assert.deepEqual(page._links, {
        self: { href: path },
        current: { href: `${path}?page=2&pageSize=10` },
        next: { href: `${path}?page=3&pageSize=10` },
        previous: { href: `${path}?page=1&pageSize=10` },
      });
    });

    it('has no next on the last page and no previous on the first; defaults to 100 per page', async () => {
      const first = await (await get(connections(PAGING_COMPANY_ID))).json();
      assert.equal(first.pageSize, 100);
      assert.equal(first.results.length, 100);
      assert.equal(first._links.previous, undefined);
      const last = await (await get(`${connections(PAGING_COMPANY_ID)}?page=2`)).json();
      assert.equal(last.results.length, 20);
      assert.equal(last._links.next, undefined);
    });

    it('keeps query and orderBy in the links', async () => {
      const page = await (await get(`${connections(PAGING_COMPANY_ID)}?pageSize=5&query=status%3DLinked&orderBy=-created`)).json();
      assert.equal(page._links.next.href, `${connections(PAGING_COMPANY_ID)}?page=2&pageSize=5&query=status%3DLinked&orderBy=-created`);
    });

    it('answers 400 for page or pageSize out of range', async () => {
      for (const query of ['pageSize=0', 'pageSize=5001', 'page=0', 'page=-1', 'pageSize=abc', 'page=1.5']) {
        const response = await get(`${connections()}?${query}`);
        assert.equal(response.status, 400, query);
        assert.equal((await response.json()).statusCode, 400);
      }
      assert.equal((await get(`${connections()}?pageSize=5000`)).status, 200);
    });
  });

  describe('create', () => {
    it("creates a PendingAuth connection with a linkUrl to the emulator's link page", async () => {
      const response = await send('POST', connections(), { platformKey: 'qhyg' });
      assert.equal(response.status, 200);
      const connection = await response.json();
      assert.equal(connection.status, 'PendingAuth');
      assert.equal(connection.integrationKey, 'qhyg');
      assert.equal(connection.platformName, 'QuickBooks Online');
      assert.equal(connection.created, '2025-01-02T03:04:05.000Z');
      assert.equal(connection.linkUrl, `${server.url}/link/${DEMO_COMPANY_ID}/${connection.id}`);
      assert.deepEqual(await (await get(`${connections()}/${connection.id}`)).json(), connection);
    });

    it('answers 404 for an unknown platform and 400 for a disabled one or a bad body', async () => {
      assert.equal((await send('POST', connections(), { platformKey: 'zzzz' })).status, 404);
      assert.equal((await send('POST', connections(), { platformKey: 'pdvj' })).status, 400);
      for (const body of ['{}', 'not json', '[]', '{"platformKey":5}']) assert.equal((await send('POST', connections(), body)).status, 400, body);
    });

    it('answers 404 for an unknown company', async () => {
      const response = await send('POST', connections(UNKNOWN_ID), { platformKey: 'gbol' });
      assert.equal(response.status, 404);
      assert.match((await response.json()).error, /No company was found/);
    });
  });

  describe('unlink and delete', () => {
    it('unlinks a Linked connection', async () => {
      const linked = (await (await get(`${connections()}?query=status%3DLinked`)).json()).results[0];
      const response = await send('PATCH', `${connections()}/${linked.id}`, { status: 'Unlinked' });
      assert.equal(response.status, 200);
      assert.equal((await response.json()).status, 'Unlinked');
      assert.equal((await (await get(`${connections()}/${linked.id}`)).json()).status, 'Unlinked');
    });

    it('answers 400 when the connection is not Linked, or for any other body', async () => {
      const page = (await (await get(connections())).json()).results as Array<{ id: string; status: string }>;
      for (const connection of page.filter((c) => c.status !== 'Linked')) {
        assert.equal((await send('PATCH', `${connections()}/${connection.id}`, { status: 'Unlinked' })).status, 400, connection.status);
      }
      const linked = page.find((c) => c.status === 'Linked')!;
      for (const body of [{ status: 'Linked' }, { status: 'Unlinked', extra: 1 }, {}, 'nope']) {
        assert.equal((await send('PATCH', `${connections()}/${linked.id}`, body)).status, 400, JSON.stringify(body));
      }
    });

    it('deletes with 200, then answers 404', async () => {
      const [first] = (await (await get(connections())).json()).results;
      const deleted = await send('DELETE', `${connections()}/${first.id}`);
      assert.equal(deleted.status, 200);
      assert.equal(await deleted.text(), '');
      assert.equal((await get(`${connections()}/${first.id}`)).status, 404);
      assert.equal((await send('DELETE', `${connections()}/${first.id}`)).status, 404);
    });

    it('answers 404 for an unknown connection, or one of another company', async () => {
      const [other] = (await (await get(connections(PAGING_COMPANY_ID))).json()).results;
      for (const path of [`${connections()}/${UNKNOWN_ID}`, `${connections()}/${other.id}`, `${connections(UNKNOWN_ID)}/${other.id}`]) {
        const response = await get(path);
        assert.equal(response.status, 404, path);
        const body = await response.json();
        assert.equal(body.statusCode, 404);
        assert.equal(body.canBeRetried, 'False');
        assert.match(body.correlationId, /^[0-9a-f]{32}$/);
      }
    });
  });
});
