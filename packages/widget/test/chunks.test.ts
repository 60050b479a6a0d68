// How a long list is cut into chunks (controllers/chunks.ts): which rows one update renders.
import { describe, it } from 'node:test';
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
});
