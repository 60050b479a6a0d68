// <codat-connections> render path: a source answering equal content with new objects changes no
// row and schedules no work; a long list renders in chunks that yield to the page, a group of rows
// at a time, until every row is there; rows added or removed elsewhere leave the focused row in place.
import { expect } from '@open-wc/testing';
import { view } from '../../../test/helpers/fixtures.js';
import { memorySource } from '../../../test/helpers/memory-source.js';
import { mount, stubs, type Harness } from '../../../test/helpers/harness.js';
import { groupSize } from '../src/row-groups.js';
import type { ConnectionView } from '../src/view-model.js';

/** A source whose every answer is made of new objects, equal in content to the last. */
function freshObjects(count: number) {
  const rows = () => Array.from({ length: count }, (_, index) => view(index, { created: '2026-01-01T00:00:00Z', lastSync: '2026-01-02T00:00:00Z' }));
  const source = memorySource(rows());
  source.list = async ({ page, pageSize }) => ({ connections: rows().slice((page - 1) * pageSize, page * pageSize), totalResults: count, problems: [] });
  return source;
}

/**
 * An element showing `count` connections from a source whose list is `rows`: change `rows`, then
 * read the list again, to change what the source answers.
 */
async function shownList(count: number, pageSize: number): Promise<{ h: Harness; rows: ConnectionView[] }> {
  const rows = Array.from({ length: count }, (_, index) => view(index));
  const h = await mount({ attributes: { 'page-size': pageSize }, properties: { source: memorySource(rows) } });
  await h.waitForRows(count);
  return { h, rows };
}

/** The number of rows in the list after each batch of DOM changes in it, from now until the test ends. */
function rowsPerBatch(h: Harness): number[] {
  const counts: number[] = [];
  const observer = new MutationObserver(() => counts.push(h.rows().length));
  observer.observe(h.part('list')!, { childList: true, subtree: true });
  stubs.add(() => observer.disconnect());
  return counts;
}

describe('<codat-connections>', () => {
  describe('render path', () => {
    it('changes no row when reading the list again answers equal content as new objects', async () => {
      const h = await mount({ attributes: { 'page-size': 200 }, properties: { source: freshObjects(200) } });
      await h.waitForRows(200);
      const changed: Node[] = [];
      const observer = new MutationObserver((records) => records.forEach((record) => changed.push(record.target)));
      observer.observe(h.part('list')!, { subtree: true, childList: true, characterData: true, attributes: true });
      const before = h.el.connections;
      await h.el.refresh();
      await h.el.updateComplete;
      observer.disconnect();
      expect(changed).to.deep.equal([]);
      expect(h.el.connections[7], 'an equal connection keeps its object').to.equal(before[7]);
      expect(h.el.connections, 'equal rows in the same order: the same list').to.equal(before);
    });

    it('renders 5,000 rows in chunks, a task apart, until every row is in the list in order', async () => {
      const h = await mount({ attributes: { 'page-size': 5000 }, properties: { source: freshObjects(5000) }, until: 'rendered' });
      await h.waitFor(() => h.rows().length > 0, 'the first rows');
      expect(h.rows().length, 'not all in one task').to.be.lessThan(5000);
      const rows = await h.waitForRows(5000);
      expect(rows[0]!.dataset['id']).to.equal(h.el.connections[0]!.id);
      expect(rows[4999]!.dataset['id']).to.equal(h.el.connections[4999]!.id);
      // The last chunk's dates get their exact times too (screen readers read them).
      const last = rows[4999]!.querySelector('time .exact')!;
      await h.waitFor(() => last.textContent, "the last row's exact time");
    });

    it('fills in the exact times of a long list once its last rows are in, not between its chunks', async () => {
      const h = await mount({ attributes: { 'page-size': 5000 }, properties: { source: freshObjects(5000) }, until: 'rendered' });
      let rowsAtFirstFill: number | undefined;
      const observer = new MutationObserver(() => (rowsAtFirstFill ??= h.rows().length));
      observer.observe(h.el.shadowRoot!, { subtree: true, attributes: true, attributeFilter: ['data-exact'] });
      stubs.add(() => observer.disconnect());
      const rows = await h.waitForRows(5000);
      await h.waitFor(() => rows[0]!.querySelector('time .exact')!.textContent, "the first row's exact time");
      expect(rowsAtFirstFill, 'rows in the list when the first exact time was filled').to.equal(5000);
    });

    it('renders a long list read again with every row new in chunks too, and one with the same rows at once', async () => {
      const { h, rows } = await shownList(5000, 5000);
      // While it is read again with 5,000 new connections.
      const counts = rowsPerBatch(h);
      rows.splice(0, rows.length, ...Array.from({ length: 5000 }, (_, index) => view(10_000 + index)));
      await h.el.refresh();
      await h.waitFor(() => h.rows()[4999]?.dataset['id'] === 'c14999', 'the last new row');
      expect(Math.min(...counts), 'rows in the list while the new ones came in').to.be.lessThan(5000);
      expect(h.rowIds().slice(0, 2)).to.deep.equal(['c10000', 'c10001']);
      // Read again with the same rows: nothing new to render, so no chunk.
      counts.length = 0;
      rows.shift();
      rows.push(view(20_000));
      await h.el.refresh();
      await h.waitFor(() => h.rows()[4999]?.dataset['id'] === 'c20000', 'the one new row, last');
      expect(counts, 'one batch of changes').to.deep.equal([5000]);
    });

    it('keeps the focused row, and every row after it, while more new rows than a chunk come in before it', async () => {
      const { h, rows } = await shownList(300, 1000);
      const row = h.row('c250')!;
      const focused = h.button(row, 'unlink')!;
      focused.focus();
      // A row already in the page never leaves it.
      const counts = rowsPerBatch(h);
      rows.splice(0, 0, ...Array.from({ length: 600 }, (_, index) => view(1000 + index)));
      await h.el.refresh();
      await h.waitForRows(900);
      expect(Math.min(...counts), 'rows in the list at any time').to.be.at.least(300);
      expect(h.row('c250'), 'the same row element').to.equal(row);
      expect(h.el.shadowRoot!.activeElement).to.equal(focused);
      expect(h.rowIds().slice(0, 2)).to.deep.equal(['c1000', 'c1001']);
      expect(h.rowIds().at(-1)).to.equal('c299');
    });

    it('renders every row of a long list moved in the page while its rows were still coming', async () => {
      const h = await mount({ attributes: { 'page-size': 5000 }, properties: { source: freshObjects(5000) }, until: 'rendered' });
      await h.waitFor(() => h.rows().length > 0, 'the first rows');
      const elsewhere = document.createElement('section');
      document.body.append(elsewhere);
      stubs.add(() => elsewhere.remove());
      elsewhere.append(h.el);
      await h.waitForRows(5000);
    });

    it('adds a long list to the page a group of rows at a time, each group at once, not row by row', async () => {
      const h = await mount({ attributes: { 'page-size': 5000 }, properties: { source: freshObjects(5000) }, until: 'rendered' });
      const list = await h.waitFor(() => h.part('list'), 'the list');
      let insertions = 0;
      // Records that add rows (Lit's markers, comments, go in beside them).
      const addsRows = (record: MutationRecord) => [...record.addedNodes].some((node) => node instanceof Element);
      const observer = new MutationObserver((records) => (insertions += records.filter(addsRows).length));
      observer.observe(list, { childList: true });
      const shownFirst = h.rows().length;
      await h.waitForRows(5000);
      observer.disconnect();
      expect(insertions, 'insertions of rows into the list').to.be.at.most(Math.ceil((5000 - shownFirst) / groupSize));
    });

    it('schedules no work when reading the list again answers equal content as new objects', async () => {
      const h = await mount({ attributes: { 'page-size': 200 }, properties: { source: freshObjects(200) } });
      const exactTimes = () => [...h.el.shadowRoot!.querySelectorAll('time .exact')].map((exact) => exact.textContent);
      await h.waitFor(() => exactTimes().every(Boolean), 'every exact time');
      let idleWork = 0;
      const original = Object.getOwnPropertyDescriptor(window, 'requestIdleCallback');
      Object.defineProperty(window, 'requestIdleCallback', { configurable: true, writable: true, value: () => ++idleWork });
      stubs.add(() => (original ? Object.defineProperty(window, 'requestIdleCallback', original) : delete (window as Partial<Window>).requestIdleCallback));
      await h.el.refresh();
      await h.el.updateComplete;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      expect(idleWork, 'idle callbacks asked for').to.equal(0);
    });

    it('keeps focus on the row the user is on while rows are added and removed before it', async () => {
      const { h, rows } = await shownList(300, 400);
      // The last row of a group: where rows are grouped by position, rows added before it would move it to the next group.
      const id = `c${2 * groupSize - 1}`;
      const row = h.row(id)!;
      const focused = h.button(row, 'unlink')!;
      focused.focus();
      rows.splice(groupSize, 1);
      rows.splice(0, 0, view(1000), view(1001));
      await h.el.refresh();
      await h.waitForRows(301);
      expect(h.row(id), 'the same row element').to.equal(row);
      expect(h.el.shadowRoot!.activeElement).to.equal(focused);
      expect(h.rowIds().slice(0, 3)).to.deep.equal(['c1000', 'c1001', 'c0']);
    });
  });
});
