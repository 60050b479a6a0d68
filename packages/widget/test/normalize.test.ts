import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeConnection, normalizePage, normalizePlatforms } from '../src/codat/normalize.js';
import { connection } from '../../../test/helpers/fixtures.js';

const id = '2e9d2c44-f675-40ba-8049-353bfcb5e171';
const valid = connection(1, {
  id,
  platformName: 'Xero',
  linkUrl: 'https://link.codat.io/x',
  lastSync: '2026-11-20T10:00:00Z',
  created: '2026-10-01T10:00:00Z',
});

const viewOf = (value: unknown) => {
  const normalized = normalizeConnection(value);
  assert.ok('view' in normalized, `expected a view, got ${JSON.stringify(normalized)}`);
  return normalized.view;
};

describe('normalizeConnection', () => {
  it('keeps every field of a valid Codat connection', () => {
    assert.deepEqual(viewOf(valid), {
      id,
      name: 'Xero',
      platformKey: 'gbol',
      state: 'linked',
      status: 'Linked',
      sourceType: 'Accounting',
      created: '2026-10-01T10:00:00Z',
      lastSync: '2026-11-20T10:00:00Z',
      linkUrl: 'https://link.codat.io/x',
      errors: [],
    });
  });

  it('maps Codat statuses to states and keeps the status as given', () => {
    const states = ['PendingAuth', 'Linked', 'Unlinked', 'Deauthorized', 'Suspended', 'constructor', '__proto__'].map((status) => {
      const view = viewOf({ ...valid, status });
      return [view.status, view.state];
    });
    assert.deepEqual(states, [
      ['PendingAuth', 'pending'],
      ['Linked', 'linked'],
      ['Unlinked', 'disconnected'],
      ['Deauthorized', 'expired'],
      ['Suspended', 'unknown'],
      ['constructor', 'unknown'],
      ['__proto__', 'unknown'],
    ]);
  });

  it('turns wrong-typed fields into absent ones or the unknown state, never an exception', () => {
    const view = viewOf({
      id,
      platformName: 42,
      status: { value: 'Linked' },
      sourceType: ['Accounting'],
      integrationKey: null,
      created: 'yesterday',
      lastSync: 1_700_000_000,
      linkUrl: {},
      dataConnectionErrors: {},
    });
    assert.deepEqual(view, { id, name: '', state: 'unknown', status: '', errors: [] });
  });

  it('keeps only active data connection errors, as text, and drops entries that are not objects', () => {
    const view = viewOf({
      ...valid,
      dataConnectionErrors: [
        null,
        42,
        { status: 'Active', errorMessage: 'Token expired', erroredOnUtc: '2026-11-01T00:00:00Z', statusCode: '401' },
        { status: 'Resolved', errorMessage: 'old', resolvedOnUtc: '2026-11-02T00:00:00Z' },
        { errorMessage: 'no status, not resolved' },
        { errorMessage: 'no status, resolved', resolvedOnUtc: '2026-11-02T00:00:00Z' },
        { status: 'Active', errorMessage: 42, statusText: 'Unauthorized', erroredOnUtc: 'not a date' },
        { status: 'Active', statusCode: 503 },
      ],
    });
    assert.deepEqual(view.errors, [
      { message: 'Token expired', time: '2026-11-01T00:00:00Z', status: '401' },
      { message: 'no status, not resolved' },
      { message: 'Unauthorized' },
      { message: '503', status: '503' },
    ]);
  });

  it('refuses a row that is not an object or has no id, naming why', () => {
    assert.deepEqual(normalizeConnection(null), { problem: 'not an object (null)' });
    assert.deepEqual(normalizeConnection([valid]), { problem: 'not an object (an array)' });
    assert.deepEqual(normalizeConnection('Xero'), { problem: 'not an object (string)' });
    assert.deepEqual(normalizeConnection({ ...valid, id: 7 }), { problem: 'no id (`id` is missing or not a string)' });
    assert.deepEqual(normalizeConnection({ ...valid, id: '' }), { problem: 'no id (`id` is missing or not a string)' });
  });
});

describe('normalizePage', () => {
  it('skips the rows it cannot show and names them by index', () => {
    const page = normalizePage({ results: [valid, null, { id: 3 }, { ...valid, id: 'other' }], totalResults: 4 });
    assert.deepEqual(
      page.connections.map((connection) => connection.id),
      [id, 'other'],
    );
    assert.deepEqual(page.problems, ['results[1]: not an object (null)', 'results[2]: no id (`id` is missing or not a string)']);
    assert.equal(page.totalResults, 4);
  });

  it('skips a second row with an id already on the page, naming both', () => {
    const page = normalizePage({ results: [valid, { ...valid, status: 'Unlinked' }], totalResults: 2 });
    assert.deepEqual(
      page.connections.map((connection) => connection.status),
      ['Linked'],
    );
    assert.deepEqual(page.problems, ['results[1]: the same id as results[0]']);
  });

  it('never reports fewer results than it gave, nor a total that is not a whole number', () => {
    assert.equal(normalizePage({ results: [valid], totalResults: 0 }).totalResults, 1);
    assert.equal(normalizePage({ results: [valid], totalResults: 2.5 }).totalResults, 1);
    assert.equal(normalizePage({ results: [valid], totalResults: -4 }).totalResults, 1);
    assert.equal(normalizePage({ results: [valid], totalResults: 120 }).totalResults, 120);
    assert.equal(normalizePage({ results: 'none', totalResults: 3 }).connections.length, 0);
  });
});

describe('normalizePlatforms', () => {
  it('offers enabled platforms with a valid key, named by name or else key, with safe logos only', () => {
    const platforms = normalizePlatforms([
      { key: 'gbol', name: 'Xero', logoUrl: 'https://static.codat.io/xero.png', enabled: true, sourceType: 'Accounting' },
      { key: 'qhyg', name: 42, logoUrl: 'javascript:alert(1)', enabled: true, sourceType: 7 },
      { key: 'mkrh', name: 'Disabled', enabled: false },
      { key: 'NOPE', name: 'Bad key', enabled: true },
      { key: 'gbol', name: 'Xero again', enabled: true },
      null,
      'dfxm',
    ]);
    assert.deepEqual(platforms, [
      { key: 'gbol', name: 'Xero', logoUrl: 'https://static.codat.io/xero.png', sourceType: 'Accounting' },
      { key: 'qhyg', name: 'qhyg' },
    ]);
  });
});
