import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ShownMessage } from '../messages.js';

/** What a row is busy with: linking, unlinking, deleting, reading the truth again, or having its data read again. */
export type RowAction = 'link' | 'unlink' | 'delete' | 'check' | 'refresh';

/** A row's pending state; a new object on every change so the row's memoised template re-renders. */
export interface RowState {
  readonly action: RowAction;
  /** The popup was blocked: the URL to continue in a new tab (already checked as openable). */
  readonly continueUrl?: string;
}

/**
 * Per-row state: what a row is busy with, and the message left by its last failed action. Each
 * action gets its own AbortController so other rows stay usable; an action's result only applies
 * while its signal still owns the row (`owns`), so a late answer never overwrites a newer action.
 */
export class RowActionsController implements ReactiveController {
  private states = new Map<string, RowState>();
  private controllers = new Map<string, AbortController>();
  private messages = new Map<string, ShownMessage>();

  private readonly host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  get(connectionId: string): RowState | undefined {
    return this.states.get(connectionId);
  }

  message(connectionId: string): ShownMessage | undefined {
    return this.messages.get(connectionId);
  }

  /** The signal of the action a row is busy with, if any. */
  signal(connectionId: string): AbortSignal | undefined {
    return this.controllers.get(connectionId)?.signal;
  }

  /** Marks a row busy (clearing its message) and returns the signal for its requests, aborting any earlier action on it. */
  start(connectionId: string, state: RowState): AbortSignal {
    this.controllers.get(connectionId)?.abort();
    const controller = new AbortController();
    this.controllers.set(connectionId, controller);
    this.states.set(connectionId, state);
    this.messages.delete(connectionId);
    this.host.requestUpdate();
    return controller.signal;
  }

  /** Whether the action with this signal is still the row's own (no newer action, reload or removal took over). */
  owns(connectionId: string, signal: AbortSignal): boolean {
    return !signal.aborted && this.controllers.get(connectionId)?.signal === signal;
  }

  /** Updates a busy row's state, if `signal` still owns it. */
  update(connectionId: string, signal: AbortSignal, state: RowState): void {
    if (!this.owns(connectionId, signal)) return;
    this.states.set(connectionId, state);
    this.host.requestUpdate();
  }

  /** Moves a busy row to a new id (a link for a platform key gets its connection id late). */
  adopt(fromId: string, toId: string, signal: AbortSignal): void {
    const state = this.states.get(fromId);
    if (!state || !this.owns(fromId, signal)) return;
    this.controllers.get(toId)?.abort();
    this.states.delete(fromId);
    this.controllers.set(toId, this.controllers.get(fromId)!);
    this.controllers.delete(fromId);
    this.states.set(toId, state);
    this.host.requestUpdate();
  }

  /**
   * Ends a row's action, with a message when it failed, unless a newer action (another signal)
   * has taken the row over. Returns whether it did.
   */
  finish(connectionId: string, signal: AbortSignal, message?: ShownMessage): boolean {
    if (!this.owns(connectionId, signal)) return false;
    this.controllers.delete(connectionId);
    this.states.delete(connectionId);
    if (message) this.messages.set(connectionId, message);
    this.host.requestUpdate();
    return true;
  }

  dismiss(connectionId: string): void {
    if (this.messages.delete(connectionId)) this.host.requestUpdate();
  }

  abortAll(): void {
    for (const controller of this.controllers.values()) controller.abort();
    this.controllers.clear();
    this.states.clear();
    this.messages.clear();
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.abortAll();
  }
}
