// The list's rows in groups (row-groups.ts): each group renders again only when one of its own rows
// changed, so a group must keep its rows while they stay together.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { view } from '../../../test/helpers/fixtures.js';
import { groupSize, RowGroups, type RowGroup } from '../src/row-groups.js';
import type { RowView } from '../src/row-view.js';
import { en } from '../src/strings/en.js';

const row = (n: number): RowView => ({
  connection: view(n),
  logoUrl: undefined,
  busy: undefined,
  message: undefined,
  actions: [],
  staleAfter: 1000,
  strings: en,
  locale: 'en',
});
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => row(from + index));
/** Each group's key and its rows' ids. */
const shape = (groups: RowGroup[]) => groups.map((group) => [group.key, group.rows.map((each) => each.connection.id)] as const);
/** The key of the group holding each row. */
const groupOf = (groups: RowGroup[]) => new Map(groups.flatMap((group) => group.rows.map((each) => [each.connection.id, group.key] as const)));

describe('row groups', () => {
  it('splits rows in order into groups of at most the group size', () => {
    const shown = rows(0, 2.5 * groupSize);
    const groups = new RowGroups().split(shown);
    assert.deepEqual(
      groups.map((group) => group.rows.length),
      [groupSize, groupSize, groupSize / 2],
    );
    assert.deepEqual(
      groups.flatMap((group) => group.rows),
      shown,
    );
  });

  it('rows added at the end fill the last group, then start new ones; earlier groups keep their rows', () => {
    const split = new RowGroups();
    const first = split.split(rows(0, 1.5 * groupSize));
    const next = split.split(rows(0, 4 * groupSize));
    assert.deepEqual(shape(next).slice(0, 1), shape(first).slice(0, 1));
    assert.equal(next[1]!.key, first[1]!.key);
    assert.equal(next[1]!.rows.length, groupSize);
    assert.deepEqual(
      next.map((group) => group.rows.length),
      [groupSize, groupSize, groupSize, groupSize],
    );
  });

  it('the same rows with more after them (the next chunk): the groups stay as they are, and the new rows go where a full split puts them', () => {
    const all = rows(0, 4.5 * groupSize);
    const chunks = new RowGroups();
    const first = chunks.split(all.slice(0, 1.5 * groupSize));
    const lastRows = [...first[1]!.rows];
    const next = chunks.split(all);
    assert.equal(next[0], first[0], 'a group that takes no row is the same group');
    assert.deepEqual(first[1]!.rows, lastRows, "a split's groups never change once returned");
    assert.equal(chunks.split(all.slice()), next, 'the same rows again: the same groups');
    // The same rows as new objects take the full split.
    const full = new RowGroups();
    full.split(all.slice(0, 1.5 * groupSize));
    assert.deepEqual(shape(full.split(all.map((each) => ({ ...each })))), shape(next));
    assert.ok(all.every((each) => chunks.holds(each.connection.id)));
  });

  it('adding or removing a row moves no other row to another group', () => {
    const split = new RowGroups();
    const before = groupOf(split.split(rows(0, 3 * groupSize)));
    const added = split.split([row(1000), ...rows(0, 3 * groupSize)]);
    for (const [id, key] of groupOf(added)) if (before.has(id)) assert.equal(key, before.get(id), `row ${id}`);
    const withoutFirstOfGroup = rows(0, 3 * groupSize).filter((_, index) => index !== groupSize);
    for (const [id, key] of groupOf(split.split(withoutFirstOfGroup))) if (before.has(id)) assert.equal(key, before.get(id), `row ${id}`);
  });

  it('a row that moves away from its group, first row or not, joins the group it lands in; the rest stay', () => {
    const split = new RowGroups();
    const end = 2 * groupSize;
    // A row in the middle of the second group moves near the top.
    const middle = 1.5 * groupSize;
    split.split(rows(0, end));
    const moved = [...rows(0, 10), row(middle), ...rows(10, middle), ...rows(middle + 1, end)];
    const groups = split.split(moved);
    const keys = groupOf(groups);
    assert.equal(keys.get(view(middle).id), keys.get(view(0).id));
    assert.deepEqual(
      groups.map((group) => group.key),
      [...new Set(groups.map((group) => group.key))],
      'each group once, its rows together',
    );

    const again = new RowGroups();
    const before = groupOf(again.split(rows(0, end)));
    // The first row of the second group moves to the top.
    const after = groupOf(again.split([row(groupSize), ...rows(0, groupSize), ...rows(groupSize + 1, end)]));
    for (const [id, key] of after) if (id !== view(groupSize).id) assert.equal(key, before.get(id), `row ${id}`);
  });
});
