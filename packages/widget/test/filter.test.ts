import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectionsInScope, existingConnection, matchingConnections, platformLink, platformsOffered, words } from '../src/filter.js';
import type { ConnectionState, ConnectionView } from '../src/view-model.js';
import { view } from '../../../test/helpers/fixtures.js';

/** A linked Xero accounting connection with the id given, made at no particular time. */
const xero = (id: string, overrides: Partial<ConnectionView> = {}): ConnectionView =>
  view(0, { id, name: 'Xero', platformKey: 'gbol', created: undefined, ...overrides });

const noScope = { sourceTypes: [], platformKeys: [] };

describe('platformLink', () => {
  const plaid = (id: string, state: ConnectionState) => xero(id, { name: 'Plaid', platformKey: 'mqjo', sourceType: 'Banking', state });
  /** What a link does, by the id of the connection it names. */
  const link = (rows: ConnectionView[], key: string, sourceType: string | undefined) => {
    const { existing, addsAnother } = platformLink(rows, key, sourceType);
    return { existing: existing?.id, addsAnother };
  };

  it('adds another connection of a banking aggregator beside linked ones only', () => {
    assert.deepEqual(link([plaid('a', 'linked'), plaid('b', 'linked')], 'mqjo', 'Banking'), { existing: 'a', addsAnother: true });
    assert.deepEqual(link([], 'mqjo', 'Banking'), { existing: undefined, addsAnother: false });
  });

  it('continues a pending, unlinked or deauthorized connection of any platform, never adding another', () => {
    for (const state of ['pending', 'disconnected', 'expired'] as const) {
      assert.deepEqual(link([plaid('a', 'linked'), plaid('b', state)], 'mqjo', 'Banking'), { existing: 'b', addsAnother: false }, state);
      assert.deepEqual(link([xero('c', { state })], 'gbol', 'Accounting'), { existing: 'c', addsAnother: false }, state);
    }
  });

  it('ends with the linked connection of a platform that allows one (accounting), or of an unknown source type', () => {
    assert.deepEqual(link([xero('a')], 'gbol', 'Accounting'), { existing: 'a', addsAnother: false });
    assert.deepEqual(link([plaid('a', 'linked')], 'mqjo', undefined), { existing: 'a', addsAnother: false });
  });
});

describe('filter', () => {
  it('splits attribute values on spaces and commas', () => {
    assert.deepEqual(words(' link, reconnect  unlink '), ['link', 'reconnect', 'unlink']);
    assert.deepEqual(words(undefined), []);
  });

  it('keeps connections within source-types and platform-keys, and a connection without either out of a restricted scope', () => {
    const rows = [xero('a'), xero('b', { sourceType: 'Banking', platformKey: 'ugxp' }), xero('c', { sourceType: undefined, platformKey: undefined })];
    assert.equal(connectionsInScope(rows, noScope), rows);
    assert.deepEqual(
      connectionsInScope(rows, { sourceTypes: ['Banking'], platformKeys: [] }).map((row) => row.id),
      ['b'],
    );
    assert.deepEqual(
      connectionsInScope(rows, { sourceTypes: [], platformKeys: ['gbol'] }).map((row) => row.id),
      ['a'],
    );
  });

  it('matches the filter text against name, source type (as written and as shown) and status label, ignoring case and surrounding spaces', () => {
    const rows = [xero('a'), xero('b', { name: 'Plaid', sourceType: 'Banking', state: 'pending', status: 'PendingAuth' })];
    const labels = (row: ConnectionView) => [row.state === 'pending' ? 'Pending authorization' : 'Linked', row.sourceType === 'Banking' ? 'Bankwesen' : ''];
    const ids = (text: string) => matchingConnections(rows, text, labels).map((row) => row.id);
    assert.deepEqual(ids('  xERO '), ['a']);
    assert.deepEqual(ids('banking'), ['b']);
    assert.deepEqual(ids('bankwesen'), ['b'], 'the source type in the catalogue’s words');
    assert.deepEqual(ids('authoriz'), ['b']);
    assert.deepEqual(ids(''), ['a', 'b']);
    assert.deepEqual(ids('nothing'), []);
  });

  it('offers platforms within the scope whose name contains the search', () => {
    const platforms = [
      { key: 'gbol', name: 'Xero', sourceType: 'Accounting' },
      { key: 'ugxp', name: 'Plaid', sourceType: 'Banking' },
      { key: 'zzzz', name: 'No type' },
    ];
    assert.deepEqual(
      platformsOffered(platforms, noScope, 'PLA').map((platform) => platform.key),
      ['ugxp'],
    );
    assert.deepEqual(
      platformsOffered(platforms, { sourceTypes: ['Accounting'], platformKeys: [] }, '').map((platform) => platform.key),
      ['gbol'],
    );
  });

  describe('existingConnection', () => {
    const of = (state: ConnectionState, id: string, created?: string) => xero(id, { state, ...(created && { created }) });

    it('prefers linked, then pending, then expired, then disconnected, then the most recent', () => {
      const rows = [of('disconnected', 'd'), of('expired', 'e'), of('pending', 'p1', '2026-01-01'), of('pending', 'p2', '2026-02-01')];
      assert.equal(existingConnection(rows, 'gbol')?.id, 'p2');
      assert.equal(existingConnection([...rows, of('linked', 'l')], 'gbol')?.id, 'l');
      assert.equal(existingConnection([of('disconnected', 'd'), of('expired', 'e')], 'gbol')?.id, 'e');
    });

    it('never continues a connection of another platform or in an unknown state', () => {
      assert.equal(existingConnection([xero('x', { platformKey: 'qhyg', state: 'pending' }), of('unknown', 'u')], 'gbol'), undefined);
    });
  });
});
