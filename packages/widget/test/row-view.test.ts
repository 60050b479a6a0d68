// What a row offers and shows (row-view.ts): pure functions of a connection, the element's
// settings and the row's own state.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { view } from '../../../test/helpers/fixtures.js';
import { offeredActions, parseActions, rowActions, rowViews, sameContent, sameRowView, sourceActions, type RowContext, type RowView } from '../src/row-view.js';
import { en } from '../src/strings/en.js';
import type { ConnectionsSource } from '../src/source.js';

const everything = new Set(['link', 'reconnect', 'unlink', 'delete', 'refresh-data'] as const);

describe('row view', () => {
  describe('actions', () => {
    it('reads the `actions` words, with `refresh` as the older name of `refresh-data`, and ignores others', () => {
      assert.deepEqual([...parseActions(['unlink', 'refresh', 'launch', 'delete', 'unlink'])], ['unlink', 'refresh-data', 'delete']);
    });

    it('offers only what the source can do; refreshing data also needs the permission', () => {
      const list = async () => ({ connections: [], totalResults: 0, problems: [] });
      const base = { list, get: async () => view(1), platforms: async () => [] } as ConnectionsSource;
      assert.deepEqual([...sourceActions(base)], []);
      const full = { ...base, link: async () => view(1), create: async () => view(1), unlink: async () => view(1), delete: async () => undefined };
      assert.deepEqual([...sourceActions({ ...full, refreshData: async () => undefined, canRefreshData: () => false })].sort(), [
        'delete',
        'link',
        'reconnect',
        'unlink',
      ]);
      assert.ok(sourceActions({ ...full, refreshData: async () => undefined, canRefreshData: () => true }).has('refresh-data'));
      assert.deepEqual([...offeredActions('link unlink delete', new Set(['unlink', 'reconnect'] as const))], ['unlink']);
    });

    it('shows the buttons the state allows, in order, and none while the row is busy', () => {
      assert.deepEqual(rowActions(view(1), everything, undefined), ['unlink', 'refresh-data', 'delete']);
      assert.deepEqual(rowActions(view(1, { state: 'pending' }), everything, undefined), ['reconnect', 'delete']);
      assert.deepEqual(rowActions(view(1, { state: 'expired' }), everything, undefined), ['reconnect', 'delete']);
      assert.deepEqual(rowActions(view(1, { state: 'unknown' }), everything, undefined), ['delete']);
      assert.deepEqual(rowActions(view(1), new Set(['unlink'] as const), undefined), ['unlink']);
      assert.deepEqual(rowActions(view(1), everything, { action: 'unlink' }), []);
    });
  });

  describe('sameness', () => {
    const row = (overrides: Partial<RowView> = {}): RowView => ({
      connection: view(1),
      logoUrl: undefined,
      busy: undefined,
      message: undefined,
      actions: ['unlink'],
      staleAfter: 1000,
      strings: en,
      locale: 'en',
      ...overrides,
    });

    it('a row view shows the same thing when every input is the same, actions compared by content', () => {
      const connection = view(1);
      assert.equal(sameRowView(row({ connection }), row({ connection, actions: ['unlink'] })), true);
      assert.equal(sameRowView(row({ connection }), row({ connection, actions: ['unlink', 'delete'] })), false);
      assert.equal(sameRowView(row({ connection }), row({ connection, busy: { action: 'unlink' } })), false);
      assert.equal(sameRowView(row({ connection }), row({ connection, locale: 'fr' })), false);
      assert.equal(sameRowView(row(), row()), false, 'connections are compared by identity: the list keeps equal ones');
    });

    it('view data is compared by content', () => {
      assert.equal(sameContent(view(1, { errors: [{ message: 'x' }] }), view(1, { errors: [{ message: 'x' }] })), true);
      assert.equal(sameContent(view(1, { errors: [{ message: 'x' }] }), view(1, { errors: [{ message: 'y' }] })), false);
      assert.equal(sameContent(view(1), { ...view(1), scopes: null }), false);
      assert.equal(sameContent([1, 2], { 0: 1, 1: 2 }), false);
      assert.equal(sameContent([{ a: [1] }, 'x'], [{ a: [1] }, 'x']), true);
      assert.equal(sameContent([{ a: [1] }], [{ a: [2] }]), false);
      assert.equal(sameContent([1, 2], [1, 2, 3]), false);
      assert.equal(sameContent([1, 2, 3], [1, 2]), false);
      assert.equal(sameContent(null, {}), false);
    });
  });

  describe('row views', () => {
    /** A context that counts how often a row's actions and logo are asked for. */
    const context = (inputs: readonly unknown[] = ['unlink'], busy = new Map<string, RowView['busy']>(), rowStates = 0) => {
      const asked = { offered: 0, logoUrl: 0, busy: 0 };
      const made: RowContext = {
        inputs,
        rowStates,
        offered: () => (asked.offered++, new Set(['unlink'] as const)),
        busy: (id) => (asked.busy++, busy.get(id)),
        message: () => undefined,
        logoUrl: () => (asked.logoUrl++, undefined),
        staleAfter: 1000,
        strings: en,
        locale: 'en',
      };
      return { made, asked };
    };
    const connections = Array.from({ length: 50 }, (_, index) => view(index));

    it('keeps every view, asking nothing again, when the connections, their states and the inputs are the same', () => {
      const first = rowViews(connections, context().made, undefined);
      const { made, asked } = context();
      const next = rowViews(connections, made, first);
      assert.deepEqual(asked, { offered: 0, logoUrl: 0, busy: 0 });
      assert.equal(next, first, 'the same list, states and inputs: the same views, without a walk over the rows');
    });

    it('walks the rows again, keeping their views, for a new list of the same connections, or when a row state changed', () => {
      const first = rowViews(connections, context().made, undefined);
      for (const [list, rowStates] of [
        [connections.slice(), 0],
        [connections, 1],
      ] as const) {
        const { made, asked } = context(['unlink'], new Map(), rowStates);
        const next = rowViews(list, made, first);
        assert.deepEqual(asked, { offered: 0, logoUrl: 0, busy: 50 });
        assert.deepEqual(next.list, first.list);
        assert.ok(next.list.every((row, index) => row === first.list[index]));
      }
    });

    it('lists each connection once, in order, when a source lists an id twice', () => {
      const twice = [view(1), view(2), view(1, { name: 'Again' })];
      const views = rowViews(twice, context().made, undefined);
      assert.deepEqual(
        views.list.map((row) => [row.connection.id, row.connection.name]),
        [
          ['c1', twice[0]!.name],
          ['c2', twice[1]!.name],
        ],
      );
    });

    it('makes again only the view of a row that turned busy', () => {
      const first = rowViews(connections, context().made, undefined);
      const { made, asked } = context(['unlink'], new Map([['c7', { action: 'unlink' }]]), 1);
      const next = rowViews(connections, made, first);
      assert.deepEqual(asked, { offered: 1, logoUrl: 1, busy: 50 });
      assert.notEqual(next.views.get('c7'), first.views.get('c7'));
      assert.deepEqual(next.views.get('c7')!.actions, []);
      assert.equal(next.views.get('c8'), first.views.get('c8'));
    });

    it('asks every row again when an input changes, keeping the views that show the same', () => {
      const first = rowViews(connections, context().made, undefined);
      const { made, asked } = context(['unlink delete']);
      const next = rowViews(connections, made, first);
      assert.deepEqual(asked, { offered: 50, logoUrl: 50, busy: 50 });
      assert.equal(next.views.get('c8'), first.views.get('c8'), 'same actions: the same view');
    });
  });
});
