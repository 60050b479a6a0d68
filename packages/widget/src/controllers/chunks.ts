import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { groupSize } from '../row-groups.js';

/** The Prioritized Task Scheduling API, where the browser has it (Chromium, Firefox; not Safari). */
const scheduler = (globalThis as { scheduler?: { postTask(callback: () => void): Promise<unknown> } }).scheduler;

/** Runs `callback` in a task of its own: a scheduled task where the browser has them, else a timer (which waits at least 4 ms once chained). */
function inNextTask(callback: () => void): void {
  if (scheduler) void scheduler.postTask(callback);
  else setTimeout(callback);
}

/** How long one update that adds rows may take before the rest wait for the next task, in milliseconds. */
const budget = 30;

/** A chunk is whole groups (a new group goes into the page at once): after the first, between these many. */
const fewestGroups = 2;
const mostGroups = 10;

/**
 * Renders a long list in chunks that yield to the page in between, so that 5,000 rows never block
 * the main thread for long: each update adds as many new rows as the last one's pace fits in the
 * budget, and a task later the next chunk follows, until every row is rendered (and reachable by
 * keyboard, screen reader and find-in-page). Rows already in the page stay, and do not count
 * against a chunk, so focus and scroll stay put, and a list read again with equal rows renders at
 * once while one whose rows are all new comes in chunks like a first list.
 */
export class ChunksController implements ReactiveController {
  /** The first chunk is one group: the frame after it lays out the group on screen, whole, with its rows. */
  private chunk = groupSize;
  private started = 0;
  private added = 0;
  private more = false;
  private queued = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Whether rows are still to be rendered by the chunks to come. */
  get rendering(): boolean {
    return this.more;
  }

  /**
   * The rows this update renders, in order: every row `inPage` already holds, and new rows up to
   * this chunk's size (all of them when fewer than the smallest chunk would be left for another
   * task). A row in the page is never left out, so the row with focus stays.
   */
  select<T>(rows: readonly T[], inPage: (row: T) => boolean): T[] {
    const fresh = rows.reduce((count, row) => (inPage(row) ? count : count + 1), 0);
    const limit = fresh - this.chunk < fewestGroups * groupSize ? fresh : this.chunk;
    const shown: T[] = [];
    let added = 0;
    for (const row of rows) {
      if (inPage(row)) shown.push(row);
      else if (added < limit) {
        shown.push(row);
        added++;
      }
    }
    this.added = added;
    this.more = shown.length < rows.length;
    this.started = performance.now();
    return shown;
  }

  hostUpdated(): void {
    // Queued once the update is done, so that a frame that became due meanwhile may come first.
    if (this.more && !this.queued) {
      this.queued = true;
      inNextTask(() => this.next());
    }
    if (this.added === 0) return;
    // The next chunk is as large as this one's pace fits in the budget.
    const elapsed = Math.max(performance.now() - this.started, 1);
    const fits = Math.round((this.added * budget) / elapsed / groupSize);
    this.chunk = Math.max(fewestGroups, Math.min(mostGroups, fits)) * groupSize;
    this.added = 0;
  }

  hostDisconnected(): void {
    this.more = false;
  }

  private next(): void {
    this.queued = false;
    if (this.more) this.host.requestUpdate();
  }
}
