import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeDataholderConnection, normalizeDataholderPage, normalizeDataholders } from '../src/dataholder/normalize.js';
import type { ConnectionView } from '../src/view-model.js';
import { dataholderConnection } from '../../../test/helpers/fixtures.js';

const holders = new Map([['cba', { key: 'cba', name: 'Commonwealth Bank', logoUrl: 'https://example.com/cba.svg' }]]);
const active = dataholderConnection('c1', {
  dataholder: 'cba',
  user: 'u1',
  scopes: ['bank:accounts.basic:read'],
  connectionState: {
    status: 'ACTIVE',
    connectedAt: '2026-11-01T10:00:00Z',
    disconnectedAt: null,
    BANK_ACCOUNT: { status: 'SUCCESS', referenceId: 'r1', lastSuccess: '2026-11-25T10:00:00Z', lastUpdated: '2026-11-25T10:00:00Z' },
    BANK_TRANSACTION: { status: 'FAILURE', referenceId: 'r2', lastSuccess: '2026-11-20T10:00:00Z', lastUpdated: '2026-11-26T09:00:00Z' },
  },
});

const viewOf = (value: unknown): ConnectionView => {
  const normalized = normalizeDataholderConnection(value, holders);
  assert.ok('view' in normalized, JSON.stringify(normalized));
  return normalized.view;
};

describe('the dataholder model into the view model', () => {
  it('maps each status to a state, and anything else to unknown with its text kept', () => {
    const states = ['ACTIVE', 'INITIATED', 'EXPIRED', 'DISCONNECTED', 'REVOKED', '', 42].map((status) => viewOf({ ...active, status }));
    assert.deepEqual(
      states.map(({ state, status }) => [state, status]),
      [
        ['linked', 'ACTIVE'],
        ['pending', 'INITIATED'],
        ['expired', 'EXPIRED'],
        ['disconnected', 'DISCONNECTED'],
        ['unknown', 'REVOKED'],
        ['unknown', ''],
        ['unknown', ''],
      ],
    );
  });

  it('names the row after its dataholder, or by the dataholder id when it is not known', () => {
    assert.equal(viewOf(active).name, 'Commonwealth Bank');
    assert.equal(viewOf(active).sourceType, 'Banking');
    assert.equal(viewOf(active).logoUrl, 'https://example.com/cba.svg');
    assert.equal(viewOf({ ...active, dataholder: 'other' }).name, 'other');
  });

  it('turns the reported datasets into datasets, in a fixed order, leaving out those not reported', () => {
    assert.deepEqual(viewOf(active).datasets, [
      { type: 'BANK_ACCOUNT', state: 'fresh', status: 'SUCCESS', lastSuccess: '2026-11-25T10:00:00Z', lastAttempt: '2026-11-25T10:00:00Z' },
      { type: 'BANK_TRANSACTION', state: 'failed', status: 'FAILURE', lastSuccess: '2026-11-20T10:00:00Z', lastAttempt: '2026-11-26T09:00:00Z' },
    ]);
    assert.equal(viewOf(active).lastSync, '2026-11-25T10:00:00Z');
  });

  it('keeps an unknown dataset status as unknown, and drops dates that do not parse', () => {
    const odd = { ...active, connectionState: { USER_INFO: { status: 'PARTIAL', lastSuccess: 'yesterday', lastUpdated: 7 } } };
    assert.deepEqual(viewOf(odd).datasets, [{ type: 'USER_INFO', state: 'unknown', status: 'PARTIAL' }]);
  });

  it('keeps null scopes and metrics as null, and lists of names without their non-strings', () => {
    const view = viewOf({ ...active, scopes: null, metrics: ['BANK_ACCOUNT', 3, null] });
    assert.equal(view.scopes, null);
    assert.deepEqual(view.metrics, ['BANK_ACCOUNT']);
    assert.deepEqual(viewOf(active).scopes, ['bank:accounts.basic:read']);
    assert.equal(viewOf(active).metrics, null);
    assert.equal('scopes' in viewOf({ ...active, scopes: 'all' }), false);
  });

  it('gives the consent dates that parse', () => {
    const view = viewOf({ ...active, connectionState: { ...active.connectionState, disconnectedAt: '2026-11-02T00:00:00Z' } });
    assert.equal(view.connectedAt, '2026-11-01T10:00:00Z');
    assert.equal(view.disconnectedAt, '2026-11-02T00:00:00Z');
    assert.equal('disconnectedAt' in viewOf(active), false);
  });

  it('survives a connection without a connection state', () => {
    const view = viewOf({ id: 'c2', dataholder: 'cba', status: 'INITIATED', connectionState: 'nope' });
    assert.deepEqual(view.datasets, []);
    assert.equal(view.state, 'pending');
  });

  it('skips rows that cannot be shown, and repeated ids, naming them', () => {
    const page = normalizeDataholderPage([active, null, { status: 'ACTIVE' }, active], holders);
    assert.deepEqual(
      page.connections.map((row) => row.id),
      ['c1'],
    );
    assert.deepEqual(page.problems, [
      'results[1]: not an object (null)',
      'results[2]: no id (`id` is missing or not a string)',
      'results[3]: the same id as results[0]',
    ]);
    assert.equal(page.totalResults, 1);
  });

  it('offers dataholders by id, named (or by id), with safe logos only, once each', () => {
    const platforms = normalizeDataholders([
      { id: 'cba', name: 'Commonwealth Bank', logoUrl: 'javascript:alert(1)' },
      { id: 'anz' },
      { id: 'cba', name: 'Again' },
      'junk',
      { name: 'No id' },
    ]);
    assert.deepEqual(platforms, [
      { key: 'cba', name: 'Commonwealth Bank', sourceType: 'Banking' },
      { key: 'anz', name: 'anz', sourceType: 'Banking' },
    ]);
  });
});
