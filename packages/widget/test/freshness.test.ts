import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { datasetsFromPullOperations, isDataTypeOf, neverReadDataTypes, withNeverRead } from '../src/codat/freshness.js';
import { freshnessOf, parseDuration, stoppedFreshnessOf } from '../src/freshness.js';
import type { DatasetView } from '../src/view-model.js';
import { pullOperation } from '../../../test/helpers/fixtures.js';

const A = '2e9d2c44-f675-40ba-8049-353bfcb5e171';
const B = '9a210b68-6988-11ed-a1eb-0242ac120002';
/** A read of `dataType` by connection `connectionId`; a complete one completed an hour after it was requested. */
const read = (connectionId: string, dataType: string, status: string, requested: string, extra: Record<string, unknown> = {}) =>
  pullOperation({ connectionId, dataType, status, requested, ...extra });

describe('Codat pull operations as datasets', () => {
  it('takes the latest read of each data type per connection, and the latest successful one', () => {
    const datasets = datasetsFromPullOperations([
      read(A, 'invoices', 'Complete', '2026-11-20T10:00:00Z'),
      read(A, 'invoices', 'FetchError', '2026-11-25T10:00:00Z', { errorMessage: 'The platform returned an error' }),
      read(A, 'bills', 'Complete', '2026-11-24T10:00:00Z'),
      read(A, 'bills', 'Complete', '2026-11-22T10:00:00Z'),
      read(A, 'customers', 'Queued', '2026-11-26T10:00:00Z'),
      read(B, 'banking-transactions', 'Complete', '2026-11-26T10:00:00Z'),
    ]);
    assert.deepEqual(datasets.get(A), [
      { type: 'bills', state: 'fresh', status: 'Complete', lastSuccess: '2026-11-24T11:00:00Z', lastAttempt: '2026-11-24T10:00:00Z' },
      { type: 'customers', state: 'fetching', status: 'Queued', lastAttempt: '2026-11-26T10:00:00Z' },
      {
        type: 'invoices',
        state: 'failed',
        status: 'FetchError',
        lastSuccess: '2026-11-20T11:00:00Z',
        lastAttempt: '2026-11-25T10:00:00Z',
        message: 'The platform returned an error',
      },
    ]);
    assert.deepEqual(
      datasets.get(B)!.map((dataset) => dataset.state),
      ['fresh'],
    );
  });

  it('names every Codat status a state, and leaves out data types the platform does not support', () => {
    const states = ['Initial', 'Mapping', 'Validating', 'Complete', 'MapError', 'AuthError', 'Cancelled', 'RateLimitError', 'Invented', 'NotSupported'].map(
      (status) => datasetsFromPullOperations([read(A, 'invoices', status, '2026-11-20T10:00:00Z')]).get(A)![0]?.state,
    );
    assert.deepEqual(states, ['fetching', 'fetching', 'fetching', 'fresh', 'failed', 'failed', 'failed', 'failed', 'unknown', undefined]);
  });

  it('leaves out entries that are not reads of a connection and data type, and ignores bad dates', () => {
    const datasets = datasetsFromPullOperations([
      null,
      42,
      { connectionId: A, dataType: 'invoices' },
      { connectionId: 7, dataType: 'invoices', status: 'Complete' },
      read(A, 'bills', 'Complete', 'yesterday', { completed: 'not a date' }),
    ]);
    assert.deepEqual([...datasets.keys()], [A]);
    assert.deepEqual(datasets.get(A), [{ type: 'bills', state: 'fresh', status: 'Complete' }]);
  });

  it('adds the never-read data types of its source type to a connection', () => {
    const never = neverReadDataTypes({ invoices: { currentStatus: 'Complete' }, taxRates: null, 'banking-accounts': null, bad: undefined });
    assert.deepEqual(never, ['banking-accounts', 'taxRates']);
    assert.deepEqual(neverReadDataTypes('nope'), []);
    const fresh: DatasetView = { type: 'invoices', state: 'fresh' };
    assert.deepEqual(withNeverRead([fresh], never, 'Accounting'), [fresh, { type: 'taxRates', state: 'never' }]);
    assert.deepEqual(withNeverRead([], never, 'Banking'), [{ type: 'banking-accounts', state: 'never' }]);
    assert.deepEqual(withNeverRead([], never, undefined), []);
    assert.equal(isDataTypeOf('commerce-orders', 'Commerce'), true);
    assert.equal(isDataTypeOf('commerce-orders', 'Accounting'), false);
  });
});

describe('freshness of a connection', () => {
  const hour = 3_600_000;
  const now = Date.parse('2026-11-26T12:00:00Z');
  const fresh = (hoursAgo: number): DatasetView => ({ type: `t${hoursAgo}`, state: 'fresh', lastSuccess: new Date(now - hoursAgo * hour).toISOString() });

  it('says when the least recently read data type was read, or that it is older than stale-after', () => {
    assert.deepEqual(freshnessOf([fresh(2), fresh(5)], 24 * hour, now), { kind: 'updated', since: new Date(now - 5 * hour).toISOString() });
    assert.deepEqual(freshnessOf([fresh(2), fresh(30)], 24 * hour, now), { kind: 'stale', since: new Date(now - 30 * hour).toISOString() });
  });

  it('puts a read under way first, then failures, then nothing read yet', () => {
    const failed: DatasetView = { type: 'x', state: 'failed' };
    const never: DatasetView = { type: 'y', state: 'never' };
    assert.deepEqual(freshnessOf([fresh(1), failed, { type: 'z', state: 'fetching' }], hour, now), { kind: 'updating' });
    assert.deepEqual(freshnessOf([fresh(1), failed, failed], hour, now), { kind: 'failed', count: 2 });
    assert.deepEqual(freshnessOf([never], hour, now), { kind: 'never' });
    assert.deepEqual(freshnessOf([never, { type: 'z', state: 'fetching' }], hour, now), { kind: 'reading' }, 'a first read under way');
    assert.equal(freshnessOf([], hour, now), undefined);
    assert.equal(freshnessOf(undefined, hour, now), undefined);
  });

  it('keeps the data of a connection that is not linked as no longer updating since its most recent read, when it has any', () => {
    const failed: DatasetView = { type: 'x', state: 'failed', lastSuccess: 'not a date' };
    assert.deepEqual(stoppedFreshnessOf([fresh(30), fresh(2), failed]), { kind: 'stopped', since: new Date(now - 2 * hour).toISOString() });
    assert.equal(stoppedFreshnessOf([{ type: 'y', state: 'never' }, failed]), undefined);
    assert.equal(stoppedFreshnessOf(undefined), undefined);
  });

  it('reads stale-after as whole minutes, hours or days', () => {
    assert.deepEqual(['90m', '24h', ' 7d ', '1.5h', 'soon', '', undefined].map(parseDuration), [
      5_400_000,
      86_400_000,
      604_800_000,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
