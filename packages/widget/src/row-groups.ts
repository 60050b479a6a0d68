/**
 * The list's rows in groups, each rendered as one part that renders again only when one of its own
 * rows changed: an update (a chunk of a long list, a busy row, a refresh) then walks the groups, not
 * every row's template, and a new group is built off the page and inserted at once. Tested in Node.
 */
import type { RowView } from './row-view.js';

/**
 * How many rows a group takes in before new rows start the next group. The group on screen is laid
 * out whole, in the frame after it is first rendered, so a group is about a few screens of rows.
 */
export const groupSize = 50;

/** Rows rendered together; `key` stays the group's while it is shown. */
export interface RowGroup {
  readonly key: number;
  /** Never changed once a split has returned it (the template's `guard` compares it row by row). */
  readonly rows: RowView[];
}

/**
 * Splits rows, in order, into groups that keep their rows: each group stays where the longest run of
 * its rows is, so adding, removing or changing a row renders its own group again and never moves
 * another row's DOM, where focus may be. A row away from its group's run, or a new row, joins the
 * group before it while that holds fewer than `groupSize`, else starts a new group.
 */
export class RowGroups {
  private groupOf = new Map<string, number>();
  private nextKey = 0;
  private last: { rows: readonly RowView[]; groups: RowGroup[] } | undefined;

  /** Whether the last split placed the row of this connection: its row is in the page. */
  holds(id: string): boolean {
    return this.groupOf.has(id);
  }

  split(rows: readonly RowView[]): RowGroup[] {
    const groups = this.appended(rows) ?? this.regroup(rows);
    this.last = { rows, groups };
    return groups;
  }

  /**
   * When `rows` are the last split's rows, the same views in the same order, followed by new ones
   * (the next chunk of a long list): the groups stay as they are, and the new rows fill the last
   * group, then new ones, as a full split would place them. Undefined otherwise.
   */
  private appended(rows: readonly RowView[]): RowGroup[] | undefined {
    const last = this.last;
    if (!last || rows.length < last.rows.length || !last.rows.every((row, index) => rows[index] === row)) return undefined;
    if (rows.length === last.rows.length) return last.groups;
    const groups = last.groups.slice();
    // The last group takes new rows while it has room, in a new array: a split's groups never change once returned.
    const tail = groups.pop();
    let current = tail && tail.rows.length < groupSize ? { key: tail.key, rows: [...tail.rows] } : tail;
    if (current) groups.push(current);
    for (const row of rows.slice(last.rows.length)) {
      if (!current || current.rows.length >= groupSize) groups.push((current = { key: this.nextKey++, rows: [] }));
      current.rows.push(row);
      this.groupOf.set(row.connection.id, current.key);
    }
    return groups;
  }

  private regroup(rows: readonly RowView[]): RowGroup[] {
    const keys = rows.map((row) => this.groupOf.get(row.connection.id));
    // Each group's longest run of rows that are still together: where the group stays.
    const home = new Map<number, { start: number; end: number }>();
    for (let start = 0, end = 1; start < rows.length; start = end, end = start + 1) {
      const key = keys[start];
      while (end < rows.length && key !== undefined && keys[end] === key) end++;
      const best = key === undefined ? undefined : home.get(key);
      if (key !== undefined && (!best || end - start > best.end - best.start)) home.set(key, { start, end });
    }
    const groups: RowGroup[] = [];
    const groupOf = new Map<string, number>();
    let current: RowGroup | undefined;
    rows.forEach((row, index) => {
      const key = keys[index];
      const run = key === undefined ? undefined : home.get(key);
      if (run && index >= run.start && index < run.end) {
        if (current?.key !== key) groups.push((current = { key: key!, rows: [] }));
      } else if (!current || current.rows.length >= groupSize) {
        groups.push((current = { key: this.nextKey++, rows: [] }));
      }
      current!.rows.push(row);
      groupOf.set(row.connection.id, current!.key);
    });
    this.groupOf = groupOf;
    return groups;
  }
}
