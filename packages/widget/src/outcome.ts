/**
 * What a feature reports, and the only thing it reports: the element's presenter applies every
 * outcome in one place (presenter.ts), whatever its origin (the user's action, reading the truth
 * again after an uncertain answer, reading the list). A feature never reaches into the element.
 */
import type { Operation } from '@codat-connections/core';
import type { Message, RetryAction } from './messages.js';
import type { RowBusy } from './row-view.js';
import type { ConnectionsPageView, ConnectionView, DatasetView } from './view-model.js';

/** Steps along the way of a row's action: the row stays busy. */
export type Progress =
  /** The answer could not be trusted: the truth is being read again. */
  | { readonly kind: 'checking' }
  /** The connection to authorize is known (created, found again, or given); its row may have had a platform key as its id. */
  | { readonly kind: 'link-started'; readonly connection: ConnectionView }
  /** The popup was blocked: the user may continue in a new tab. */
  | { readonly kind: 'blocked'; readonly continueUrl: string }
  /** Reads asked for by Refresh data, as they stand now. */
  | { readonly kind: 'datasets'; readonly datasets: readonly DatasetView[] };

/** How a row's action ended. */
export type Outcome =
  | { readonly kind: 'linked'; readonly connection: ConnectionView }
  /** Authorized as far as the user knows, but the source does not say `linked` (yet). */
  | { readonly kind: 'not-linked-yet'; readonly connection: ConnectionView }
  /** Not linked yet after the user came back from a new tab: the row keeps offering the link, quietly. */
  | { readonly kind: 'still-pending'; readonly connection: ConnectionView }
  | { readonly kind: 'link-cancelled'; readonly connection: ConnectionView }
  | { readonly kind: 'unlinked'; readonly connection: ConnectionView }
  | { readonly kind: 'deleted'; readonly connection: ConnectionView }
  | { readonly kind: 'data-refreshed'; readonly connection: ConnectionView }
  /** The connection no longer exists: it was removed elsewhere. */
  | { readonly kind: 'gone'; readonly connection: ConnectionView; readonly error: unknown }
  /**
   * It did not happen. `connection` is the connection as it is now, when it was read; `message`
   * says what to tell the user; `retry` is offered when trying again makes sense.
   */
  | {
      readonly kind: 'failed';
      readonly error: unknown;
      readonly message: Message;
      readonly retry?: RetryAction;
      readonly connection?: ConnectionView;
    }
  /** Nothing to show: a reload, a removal or a newer action took over, the user was sent to the link page, or a host cancelled. */
  | { readonly kind: 'none' };

/** A row's action as the presenter knows it: which row, which run of it, and which operation. */
export interface RowRun {
  /** The row's id (a platform key for a link that has no connection yet). */
  id: string;
  signal: AbortSignal;
  operation: Operation;
  busy: RowBusy;
  /** The control the user pressed, to give focus back to when it is still there. */
  invoker?: HTMLElement | undefined;
}

/** How reading the list ended. */
export type ListOutcome =
  /** Reading the list from its first page again: what was asked about the rows shown no longer applies. */
  | { readonly kind: 'reloading' }
  | { readonly kind: 'loaded'; readonly page: ConnectionsPageView; readonly more: boolean }
  | { readonly kind: 'list-failed'; readonly error: unknown; readonly more: boolean };

/** A change made elsewhere, as read from the source after it told of one (`live`). */
export type RemoteChange =
  /** The connection as it is now: new, or different from the row shown. */
  | { readonly kind: 'changed'; readonly connection: ConnectionView }
  /** The connection no longer exists; `connection` is the row as it was shown. */
  | { readonly kind: 'removed'; readonly connection: ConnectionView }
  /** Reads finished: the datasets of these connections now. */
  | { readonly kind: 'datasets'; readonly datasets: ReadonlyMap<string, readonly DatasetView[]> }
  /** What changed could not be read. */
  | { readonly kind: 'read-failed'; readonly error: unknown; readonly operation: Operation };

/** A feature's course: it reports progress as it goes and resolves with its outcome. */
export type Report = (progress: Progress) => void;
