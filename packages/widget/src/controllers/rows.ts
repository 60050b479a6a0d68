import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LatestRun } from '../latest-run.js';
import type { ShownMessage } from '../messages.js';
import type { RowBusy } from '../row-view.js';

/**
 * Each row's own state: what it is busy with, and the message its last failed action left. Each row
 * runs one action at a time (the latest wins), so other rows stay usable; an action's outcome only
 * applies while its run still owns the row, so a late answer never overwrites a newer action.
 */
export class RowsController implements ReactiveController {
  private readonly runs = new Map<string, LatestRun>();
  private readonly busyRows = new Map<string, RowBusy>();
  private readonly messages = new Map<string, ShownMessage>();
  private changes = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** A number that changes whenever any row's busy state or message does: while it is the same, so are they. */
  get version(): number {
    return this.changes;
  }

  busy(id: string): RowBusy | undefined {
    return this.busyRows.get(id);
  }

  message(id: string): ShownMessage | undefined {
    return this.messages.get(id);
  }

  /** The signal of the action a row is busy with, if any. */
  signal(id: string): AbortSignal | undefined {
    return this.runs.get(id)?.signal;
  }

  /** Marks a row busy (clearing its message) and returns the signal of its new run, aborting any earlier one. */
  start(id: string, busy: RowBusy): AbortSignal {
    const run = this.runs.get(id) ?? new LatestRun();
    this.runs.set(id, run);
    this.busyRows.set(id, busy);
    this.messages.delete(id);
    this.changed();
    return run.start();
  }

  /** Whether the run with this signal still owns the row (no newer action, reload or removal took over). */
  owns(id: string, signal: AbortSignal): boolean {
    return this.runs.get(id)?.isLatest(signal) ?? false;
  }

  /** Changes a busy row's state, if `signal` still owns it. */
  update(id: string, signal: AbortSignal, busy: RowBusy): void {
    if (!this.owns(id, signal)) return;
    this.busyRows.set(id, busy);
    this.changed();
  }

  /** Moves a busy row to a new id (a link for a platform key gets its connection's id late). */
  adopt(fromId: string, toId: string, signal: AbortSignal): void {
    const busy = this.busyRows.get(fromId);
    const run = this.runs.get(fromId);
    if (!busy || !run || !this.owns(fromId, signal) || fromId === toId) return;
    this.runs.get(toId)?.abort();
    this.runs.set(toId, run);
    this.busyRows.set(toId, busy);
    this.runs.delete(fromId);
    this.busyRows.delete(fromId);
    this.changed();
  }

  /** Ends a row's action, with a message when it failed, unless a newer run owns the row. Returns whether it did. */
  finish(id: string, signal: AbortSignal, message?: ShownMessage): boolean {
    if (!this.owns(id, signal)) return false;
    this.runs.delete(id);
    this.busyRows.delete(id);
    if (message) this.messages.set(id, message);
    this.changed();
    return true;
  }

  dismiss(id: string): void {
    if (this.messages.delete(id)) this.changed();
  }

  abortAll(): void {
    if (this.runs.size === 0 && this.busyRows.size === 0 && this.messages.size === 0) return;
    for (const run of this.runs.values()) run.abort();
    this.runs.clear();
    this.busyRows.clear();
    this.messages.clear();
    this.changed();
  }

  hostDisconnected(): void {
    this.abortAll();
  }

  private changed(): void {
    this.changes++;
    this.host.requestUpdate();
  }
}
