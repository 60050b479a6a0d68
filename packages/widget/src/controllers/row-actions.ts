import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What a row is busy with. */
export type RowAction = 'link' | 'unlink' | 'delete';

/** A row's pending state; a new object on every change so the row's memoised template re-renders. */
export interface RowState {
  readonly action: RowAction;
  /** The popup was blocked: the URL to continue in a new tab (already checked as openable). */
  readonly continueUrl?: string;
}

/**
 * Per-row pending state. Each action gets its own AbortController so other rows stay usable;
 * `abortAll()` (on reload or disconnect) cancels every action in flight.
 */
export class RowActionsController implements ReactiveController {
  private states = new Map<string, RowState>();
  private controllers = new Map<string, AbortController>();

  private readonly host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  get(connectionId: string): RowState | undefined {
    return this.states.get(connectionId);
  }

  /** Marks a row busy and returns the signal for its requests (aborting any earlier action on it). */
  start(connectionId: string, state: RowState): AbortSignal {
    this.controllers.get(connectionId)?.abort();
    const controller = new AbortController();
    this.controllers.set(connectionId, controller);
    this.states.set(connectionId, state);
    this.host.requestUpdate();
    return controller.signal;
  }

  /** Updates a busy row's state without touching its signal. */
  update(connectionId: string, state: RowState): void {
    if (!this.states.has(connectionId)) return;
    this.states.set(connectionId, state);
    this.host.requestUpdate();
  }

  /** Moves a busy row to a new id (a link for a platform key gets its connection id late). */
  adopt(fromId: string, toId: string): void {
    const state = this.states.get(fromId);
    const controller = this.controllers.get(fromId);
    if (!state || !controller) return;
    this.states.delete(fromId);
    this.controllers.delete(fromId);
    this.states.set(toId, state);
    this.controllers.set(toId, controller);
    this.host.requestUpdate();
  }

  /** Clears a row, unless a newer action (another signal) has taken it over. */
  finish(connectionId: string, signal: AbortSignal): void {
    if (this.controllers.get(connectionId)?.signal !== signal) return;
    this.controllers.delete(connectionId);
    this.states.delete(connectionId);
    this.host.requestUpdate();
  }

  /** Clears a row whatever it was doing, aborting its requests. */
  clear(connectionId: string): void {
    this.controllers.get(connectionId)?.abort();
    this.controllers.delete(connectionId);
    if (this.states.delete(connectionId)) this.host.requestUpdate();
  }

  abortAll(): void {
    for (const controller of this.controllers.values()) controller.abort();
    this.controllers.clear();
    this.states.clear();
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.abortAll();
  }
}
