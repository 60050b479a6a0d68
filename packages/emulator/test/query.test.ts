import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator, DEMO_COMPANY_ID, PAGING_COMPANY_ID } from '../src/index.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const auth = { Authorization: `Basic ${btoa('emulator-api-key')}` };

describe('query and orderBy', () => {
  const emulator = createEmulator();
  let server: Listening;
  before(async () => (server = await listen(emulator.fetch)));
  after(() => server.close());

  interface Row {
    id: string;
    status: string;
    sourceType: string;
    platformName: string;
    integrationKey: string;
    created: string;
    lastSync?: string;
  }
  const list = async (params: Record<string, string>, companyId = DEMO_COMPANY_ID) => {
    const response = await fetch(`${server.url}/companies/${companyId}/connections?${new URLSearchParams(params)}`, { headers: auth });
    return { status: response.status, body: await response.json() };
  };
  const rows = async (query: string, companyId = DEMO_COMPANY_ID): Promise<Row[]> => {
    const { status, body } = await list({ query, pageSize: '500' }, companyId);
    assert.equal(status, 200, `${query}: ${JSON.stringify(body)}`);
    return body.results;
  };
  const all = async (companyId = DEMO_COMPANY_ID) => (await list({ pageSize: '500' }, companyId)).body.results as Row[];

  it('filters with = and != (strings compare case-insensitively)', async () => {
    const everything = await all();
    assert.deepEqual(
      await rows('status=Linked'),
      everything.filter((c) => c.status === 'Linked'),
    );
    assert.deepEqual(
      await rows('status=linked'),
      everything.filter((c) => c.status === 'Linked'),
    );
    assert.deepEqual(
      await rows('status!=Linked'),
      everything.filter((c) => c.status !== 'Linked'),
    );
  });

  it('filters with ~ (contains)', async () => {
    assert.deepEqual(
      (await rows('platformName~book')).map((c) => c.platformName),
      ['QuickBooks Online'],
    );
  });

  it('compares dates with >, <, >= and <=', async () => {
    const everything = await all();
    // A seeded connection's creation time: >= and <= include it.
    const at = everything.find((c) => c.integrationKey === 'rvtn')!.created;
    const time = Date.parse(at);
    assert.deepEqual(
      await rows(`created>${at}`),
      everything.filter((c) => Date.parse(c.created) > time),
    );
    assert.deepEqual(
      await rows(`created<${at}`),
      everything.filter((c) => Date.parse(c.created) < time),
    );
    assert.deepEqual(
      await rows(`created>=${at}`),
      everything.filter((c) => Date.parse(c.created) >= time),
    );
    assert.deepEqual(
      await rows(`created<=${at}`),
      everything.filter((c) => Date.parse(c.created) <= time),
    );
    assert.ok((await rows(`created>${at}`)).length > 0 && (await rows(`created<${at}`)).length > 0);
  });

  it('combines with && and ||, && binding tighter, and groups with { }', async () => {
    const everything = await all();
    const banking = (c: Row) => c.sourceType === 'Banking';
    assert.deepEqual(
      await rows('status=Linked && sourceType=Banking'),
      everything.filter((c) => c.status === 'Linked' && banking(c)),
    );
    assert.deepEqual(
      await rows('status=PendingAuth || sourceType=Banking'),
      everything.filter((c) => c.status === 'PendingAuth' || banking(c)),
    );
    assert.deepEqual(
      await rows('status=Unlinked || status=Deauthorized && sourceType=Commerce'),
      everything.filter((c) => c.status === 'Unlinked' || (c.status === 'Deauthorized' && c.sourceType === 'Commerce')),
    );
    assert.deepEqual(
      await rows('{status=Unlinked || status=Deauthorized} && sourceType=Commerce'),
      everything.filter((c) => (c.status === 'Unlinked' || c.status === 'Deauthorized') && c.sourceType === 'Commerce'),
    );
    assert.deepEqual(
      await rows(' { status = Linked } '),
      everything.filter((c) => c.status === 'Linked'),
    );
  });

  it('orders by a field, - for descending', async () => {
    const ascending = (await list({ orderBy: 'created', pageSize: '500' })).body.results.map((c: Row) => c.created);
    assert.deepEqual(
      ascending,
      [...ascending].sort((a: string, b: string) => Date.parse(a) - Date.parse(b)),
    );
    const descending = (await list({ orderBy: '-platformName', pageSize: '500' })).body.results.map((c: Row) => c.platformName.toLowerCase());
    assert.deepEqual(descending, [...descending].sort().reverse());
  });

  it('pages the filtered, ordered list', async () => {
    const { body } = await list({ query: 'status=Linked', orderBy: '-created', pageSize: '10', page: '2' }, PAGING_COMPANY_ID);
    assert.equal(body.totalResults, 30);
    assert.equal(body.results.length, 10);
    assert.ok(body.results.every((c: Row) => c.status === 'Linked'));
    assert.ok(Date.parse(body.results[0].created) > Date.parse(body.results[9].created));
  });

  it('answers 400 with a Codat error for malformed queries, unknown fields and unsupported operators', async () => {
    const bad = [
      'status',
      'status=',
      '=Linked',
      'status==Linked',
      '{status=Linked',
      'status=Linked}',
      'status=Linked &&',
      'status=Linked || ',
      'nope=1',
      'created~2024',
      'status>Linked',
      'created>yesterday',
      '&& status=Linked',
      'status=Linked & sourceType=Banking',
      'x'.repeat(2049),
    ];
    for (const query of bad) {
      const { status, body } = await list({ query });
      assert.equal(status, 400, query);
      assert.equal(body.statusCode, 400);
      assert.match(body.error, /^Error parsing query/);
    }
    const { status, body } = await list({ orderBy: '-nope' });
    assert.equal(status, 400);
    assert.match(body.error, /nope/);
  });
});
