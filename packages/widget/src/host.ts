import type { Operation } from '@codat-connections/core';
import type { ConnectionsListController } from './controllers/connections-list.js';
import type { RowActionsController } from './controllers/row-actions.js';
import type { CodatConnectionsEventMap } from './events.js';
import type { Message, RetryAction } from './messages.js';
import type { ConnectionsStrings } from './strings/index.js';
import type { ConnectionView } from './view-model.js';

/**
 * What `<codat-connections>` lends the features it loads on first use (the link flow, unlink and
 * delete, Refresh data): its state, and its ways of telling the user and the page. The element
 * stays the composition root; each feature's whole course (from the request to the row's state,
 * the announcement, the event and the focus) lives in its own chunk.
 */
export interface ElementHost {
  /** The catalogue in use now (it may change while an action runs). */
  strings(): ConnectionsStrings;
  readonly list: ConnectionsListController;
  readonly rows: RowActionsController;
  /** Says `text` in the polite live region. */
  announce(text: string): void;
  /** Dispatches one of the element's events (bubbling, composed); false when a listener cancelled it. */
  emit<K extends keyof CodatConnectionsEventMap>(type: K, detail: CodatConnectionsEventMap[K]['detail'], cancelable?: boolean): boolean;
  emitError(error: unknown, operation: Operation): void;
  /** Ends a row's action with a message on the row, announced too, unless a newer action took the row over. */
  failRow(id: string, signal: AbortSignal, message: Message, retry?: RetryAction): void;
  /** The message above the list. */
  notify(message: Message): void;
  /** The connection no longer exists: its row goes, and a notice says so. */
  removedElsewhere(connection: ConnectionView, error: unknown, operation: Operation): void;
  /** Reads how up to date the linked rows' data is, when the source can tell. */
  readFreshness(): void;
  /** Resolves once what changed is rendered. */
  rendered(): Promise<unknown>;
  findRow(connectionId: string): HTMLElement | null;
  findInRow(connectionId: string, selector: string): HTMLElement | null;
  /** Moves focus to `target` only when it was lost (its element left the DOM). */
  restoreFocus(target: HTMLElement | null | undefined): void;
  /** The row to focus after `connectionId`'s disappears: the next visible one, else the previous. */
  neighbourOf(connectionId: string): string | undefined;
  /** Focuses that neighbour, or the header's buttons when there is none. */
  focusAfterRemoval(neighbour: string | undefined): void;
}
