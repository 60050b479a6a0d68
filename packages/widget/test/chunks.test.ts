// How a long list is cut into chunks (controllers/chunks.ts): which rows one update renders.
import { afterEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { ReactiveControllerHost } from 'lit';
import { ChunksController } from '../src/controllers/chunks.js';
import { groupSize } from '../src/row-groups.js';

const host = { addController() {}, requestUpdate() {} } as unknown as ReactiveControllerHost;
const ids = (count: number, from = 0) => Array.from({ length: count }, (_, index) => `r${from + index}`);

describe('chunks of a long list', () => {
  it('renders one group of a long list first, and says more are to come', () => {
    const chunks = new ChunksController(host);
    const shown = chunks.select(ids(1000), () => false);
    assert.deepEqual(shown, ids(groupSize));
    assert.equal(chunks.rendering, true);
  });

  it('renders a list that would leave less than the smallest chunk for later at once', () => {
    const chunks = new ChunksController(host);
    const rows = ids(groupSize + 2 * groupSize - 1);
    assert.deepEqual(
      chunks.select(rows, () => false),
      rows,
    );
    assert.equal(chunks.rendering, false);
  });

  it('renders every row already in the page, in order, and counts only new ones against the chunk', () => {
    const chunks = new ChunksController(host);
    const inPage = new Set(ids(300, 500));
    const rows = [...ids(500), ...inPage];
    const shown = chunks.select(rows, (row) => inPage.has(row));
    assert.deepEqual(shown, [...ids(groupSize), ...inPage]);
  });

  describe('the pace', () => {
    afterEach(() => mock.restoreAll());

    /** Renders the first chunk of `count` new rows, as if its update took `elapsed` ms, and returns the next chunk's size. */
    function nextChunkAfter(elapsed: number, count = 5000): number {
      let now = 1000;
      mock.method(performance, 'now', () => now);
      const chunks = new ChunksController(host);
      const first = chunks.select(ids(count), () => false);
      now += elapsed;
      chunks.hostUpdated();
      const inPage = new Set(first);
      return chunks.select(ids(count), (row) => inPage.has(row)).length - first.length;
    }

    it("makes the next chunk as many whole groups as the last one's pace fits in 30 ms", () => {
      // 50 rows in 5 ms: 300 rows fit in 30 ms.
      assert.equal(nextChunkAfter(5), 6 * groupSize);
      // 50 rows in 4 ms: 375 fit, rounded to whole groups.
      assert.equal(nextChunkAfter(4), 8 * groupSize);
    });

    it('never makes a chunk of fewer than two groups, however slow the last one was', () => {
      assert.equal(nextChunkAfter(200), 2 * groupSize);
    });

    it('never makes a chunk of more than ten groups, however fast the last one was', () => {
      assert.equal(nextChunkAfter(0.1), 10 * groupSize);
    });

    it('asks for the next chunk in a task of its own, once, after the update, and not once disconnected', async () => {
      let updates = 0;
      const counting = { addController() {}, requestUpdate: () => updates++ } as unknown as ReactiveControllerHost;
      const chunks = new ChunksController(counting);
      chunks.select(ids(1000), () => false);
      chunks.hostUpdated();
      chunks.hostUpdated();
      assert.equal(updates, 0, 'not in the same task');
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(updates, 1);
      chunks.select(ids(1000), () => false);
      chunks.hostUpdated();
      chunks.hostDisconnected();
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(updates, 1, 'no update once disconnected');
    });
  });
});
