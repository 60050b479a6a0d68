/**
 * The list's rows in groups, each rendered as one part that renders again only when one of its own
 * rows changed: an update (a chunk of a long list, a busy row, a refresh) then walks the groups, not
 * every row's template, and a new group is built off the page and inserted at once. Tested in Node.
 */
import type { RowView } from './row-view.js';

/** How many rows a group takes in before new rows start the next group. */
export const groupSize = 100;

/** Rows rendered together; `key` stays the group's while it is shown. */
export interface RowGroup {
  readonly key: number;
  /** A new array on every split (the template's `guard` compares it row by row). */
  readonly rows: RowView[];
}

/**
 * Splits rows, in order, into groups that keep their rows: a row stays in the group it joined for as
 * long as that group's rows stay together (a row that moves away from them joins the group it lands
 * in), so adding, removing or changing a row renders its own group again and never moves another
 * row's DOM, where focus may be. New rows join the group before them until it holds `groupSize`.
 */
export class RowGroups {
  private groupOf = new Map<string, number>();
  private nextKey = 0;

  split(rows: readonly RowView[]): RowGroup[] {
    const groups: RowGroup[] = [];
    const started = new Set<number>();
    const groupOf = new Map<string, number>();
    let current: RowGroup | undefined;
    for (const row of rows) {
      const id = row.connection.id;
      const key = this.groupOf.get(id);
      if (current && (key === current.key || ((key === undefined || started.has(key)) && current.rows.length < groupSize))) {
        current.rows.push(row);
      } else {
        current = { key: key === undefined || started.has(key) ? this.nextKey++ : key, rows: [row] };
        started.add(current.key);
        groups.push(current);
      }
      groupOf.set(id, current.key);
    }
    this.groupOf = groupOf;
    return groups;
  }
}
