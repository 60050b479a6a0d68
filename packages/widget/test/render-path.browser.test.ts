// <codat-connections> render path: a source answering equal content with new objects changes no
// row; a long list renders in chunks that yield to the page, until every row is there.
import { expect } from '@open-wc/testing';
import { view } from '../../../test/helpers/fixtures.js';
import { memorySource } from '../../../test/helpers/memory-source.js';
import { mount } from '../../../test/helpers/harness.js';

/** A source whose every answer is made of new objects, equal in content to the last. */
function freshObjects(count: number) {
  const rows = () => Array.from({ length: count }, (_, index) => view(index, { created: '2026-01-01T00:00:00Z', lastSync: '2026-01-02T00:00:00Z' }));
  const source = memorySource(rows());
  source.list = async ({ page, pageSize }) => ({ connections: rows().slice((page - 1) * pageSize, page * pageSize), totalResults: count, problems: [] });
  return source;
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
    });

    it('renders 5,000 rows in chunks, a task apart, until every row is in the list in order', async () => {
      const h = await mount({ attributes: { 'page-size': 5000 }, properties: { source: freshObjects(5000) }, until: 'rendered' });
      await h.waitFor(() => h.rows().length > 0, 'the first rows');
      expect(h.rows().length, 'not all in one task').to.be.lessThan(5000);
      const rows = await h.waitForRows(5000);
      expect(rows[0]!.dataset['id']).to.equal(h.el.connections[0]!.id);
      expect(rows[4999]!.dataset['id']).to.equal(h.el.connections[4999]!.id);
    });
  });
});
