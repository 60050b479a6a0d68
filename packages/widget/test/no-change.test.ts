// What changes nothing keeps what the element renders from the same, so that nothing made from it
// (rows in scope, filtered rows, row views, groups) is made again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ReactiveControllerHost } from 'lit';
import { view } from '../../../test/helpers/fixtures.js';
import { ListController } from '../src/controllers/list.js';
import { RowsController } from '../src/controllers/rows.js';
import { Memo } from '../src/memo.js';

/** A host that counts the updates it is asked for. */
function host() {
  const counted = { updates: 0 };
  const made = { addController() {}, requestUpdate: () => counted.updates++ } as unknown as ReactiveControllerHost & Element;
  return { made, counted };
}

describe('what changes nothing', () => {
  it('a memo works its value out again only when one of its arguments changes', () => {
    const memo = new Memo<number>();
    let made = 0;
    const list = [1, 2];
    assert.equal(
      memo.get([list, 'a'], () => ++made),
      1,
    );
    assert.equal(
      memo.get([list, 'a'], () => ++made),
      1,
    );
    assert.equal(
      memo.get([[...list], 'a'], () => ++made),
      2,
      'an equal new array is another argument',
    );
    assert.equal(
      memo.get([list, 'b'], () => ++made),
      3,
    );
  });

  it('giving the list datasets that change no row keeps the same array', () => {
    const list = new ListController(host().made, { query: () => ({}) as never, report: () => {} });
    const datasets = [{ type: 'invoices', state: 'fresh' as const }];
    list.connections = [view(1, { datasets }), view(2)];
    const before = list.connections;
    list.setDatasets(new Map([['c1', datasets.map((dataset) => ({ ...dataset }))]]));
    assert.equal(list.connections, before);
    list.setDatasets(new Map([['c2', datasets]]));
    assert.notEqual(list.connections, before, 'a row that gets datasets is a change');
    assert.equal(list.connections[0], before[0]);
  });

  it("aborting the rows' actions when none runs changes no row state and asks for no update", () => {
    const { made, counted } = host();
    const rows = new RowsController(made);
    rows.abortAll();
    assert.deepEqual([rows.version, counted.updates], [0, 0]);
    rows.start('c1', { action: 'unlink' });
    rows.abortAll();
    assert.deepEqual([rows.version, counted.updates, rows.busy('c1')], [2, 2, undefined]);
  });
});
