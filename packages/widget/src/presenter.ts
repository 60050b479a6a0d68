/**
 * The one place where what happened becomes what the user sees and the page hears: a row finished
 * (or left busy with its progress), upserted or removed, a notice, an announcement in the polite
 * live region, the element's events, and focus. Features and controllers report outcomes; only
 * this applies them, whatever their origin.
 */
import { ConnectionsError, type Operation } from '@codat-connections/core';
import type { ReactiveControllerHost } from 'lit';
import type { ConfirmController } from './controllers/confirm.js';
import type { FocusController } from './controllers/focus.js';
import type { FreshnessController } from './controllers/freshness.js';
import type { ListController } from './controllers/list.js';
import type { RowsController } from './controllers/rows.js';
import type { CodatConnectionsEventMap } from './events.js';
import { failureKind, listFailure } from './failures.js';
import { messageText, type Message, type ShownMessage } from './messages.js';
import type { ListOutcome, Outcome, Progress, RemoteChange, RowRun } from './outcome.js';
import type { ConnectionsSource } from './source.js';
import type { ConnectionsStrings } from './strings/index.js';
import { displayName } from './labels.js';
import { sameContent } from './row-view.js';
import type { ConnectionView } from './view-model.js';

export interface PresenterParts {
  host: ReactiveControllerHost & HTMLElement;
  list: ListController;
  rows: RowsController;
  focus: FocusController;
  confirm: ConfirmController;
  freshness: FreshnessController;
  strings: () => ConnectionsStrings;
  source: () => ConnectionsSource | undefined;
  /** The rows shown now, in order (within scope and the filter). */
  visible: () => readonly ConnectionView[];
}

/** What a row says when its action could not even start (its feature's chunk could not be fetched). */
const couldNotStart = (operation: Operation, name: string): Message => {
  if (operation === 'unlink') return { key: 'unlinkFailed', name };
  if (operation === 'delete') return { key: 'deleteFailed', name };
  if (operation === 'refresh') return { key: 'refreshFailed', name };
  return { key: 'linkFailed' };
};

const retryOf = { unlink: 'unlink', delete: 'delete', refresh: 'refresh-data', link: 'reconnect' } as const;

export class Presenter {
  /** The message above the list, if any. */
  notice: ShownMessage | undefined;
  /** The polite live region's text. */
  announcement = '';
  /** Focus was in the element when the list began to load again (on a Retry, Refresh or notice): it follows the list. */
  private listHadFocus = false;

  constructor(private readonly parts: PresenterParts) {}

  private get strings(): ConnectionsStrings {
    return this.parts.strings();
  }

  // ----- the list

  applyList(outcome: ListOutcome): void {
    const { list, rows, confirm, focus } = this.parts;
    const s = this.strings;
    switch (outcome.kind) {
      case 'reloading':
        // An open question, and the rows' actions, are about what was shown until now.
        confirm.cancel();
        rows.abortAll();
        this.setNotice(undefined);
        this.listHadFocus = !!this.parts.host.shadowRoot?.activeElement;
        this.restoreListFocus(() => focus.part('skeleton') ?? focus.part('refresh-button'));
        return;
      case 'loaded': {
        this.reportSkipped(outcome.page.problems);
        if (outcome.more) {
          if (outcome.page.connections.length > 0) this.announce(s.loaded(outcome.page.connections.length));
          // Load more is gone once everything is loaded: on to the first row it added.
          const first = outcome.page.connections[0];
          void focus.restore(() => (first && focus.row(first.id)) ?? focus.part('load-more'));
          return;
        }
        this.announce(s.loaded(outcome.page.connections.length));
        this.emit('codat-ready', { connections: list.connections, totalResults: list.totalResults });
        this.restoreListFocus(() => focus.part('item') ?? focus.part('refresh-button'));
        void this.readFreshness();
        return;
      }
      case 'list-failed':
        this.emitError(outcome.error, 'list');
        if (outcome.more) return this.announce(s.failed);
        if (list.stale) {
          // The rows stay, marked: the notice says why, as the error state would.
          const reason = listFailure(outcome.error);
          this.setNotice({ message: reason.key === 'failed' ? { key: 'staleList' } : reason, retry: 'reload' });
          this.announce(messageText(s, this.notice!.message));
        } else {
          this.announce(s.errorTitle);
        }
        this.restoreListFocus(() => focus.part('retry-button') ?? focus.part('refresh-button'));
        return;
    }
  }

  private restoreListFocus(target: () => HTMLElement | null): void {
    if (this.listHadFocus) void this.parts.focus.restore(target);
  }

  /** Reads how up to date the rows' data is (a row not linked: what was last read), when the source can tell; a failure reaches developers only. */
  async readFreshness(): Promise<void> {
    const { list, freshness } = this.parts;
    const source = this.parts.source();
    if (!source) return;
    try {
      const datasets = await freshness.load(source, list.connections);
      if (datasets) list.setDatasets(datasets);
    } catch (error) {
      if (failureKind(error) !== 'aborted') this.emitError(error, (error as { operation?: Operation }).operation ?? 'pullOperations');
    }
  }

  /** Rows of an answer that could not be shown: one `codat-error` naming them, and a notice. */
  private reportSkipped(problems: readonly string[]): void {
    if (problems.length === 0) return;
    this.setNotice({ message: { key: 'skippedRows', count: problems.length } });
    const error = new ConnectionsError(`list failed: ${problems.length} row(s) could not be shown: ${problems.join('; ')}`, {
      code: 'invalid_response',
      operation: 'list',
      status: 0,
    });
    this.emitError(error, 'list');
  }

  // ----- a row's action

  /** A step along a row's action: the row stays busy and shows it. */
  progress(run: RowRun, progress: Progress): void {
    const { list, rows, focus } = this.parts;
    switch (progress.kind) {
      case 'checking':
        return rows.update(run.id, run.signal, { action: 'check' });
      case 'link-started':
        if (!rows.owns(run.id, run.signal)) return;
        rows.adopt(run.id, progress.connection.id, run.signal);
        run.id = progress.connection.id;
        list.upsert(progress.connection);
        this.emit('codat-link-started', { connection: progress.connection });
        return;
      case 'blocked':
        if (!rows.owns(run.id, run.signal)) return;
        rows.update(run.id, run.signal, { action: 'link', continueUrl: progress.continueUrl });
        this.announce(this.strings.popupBlocked);
        void focus.move(() => focus.part('continue-link', focus.row(run.id) ?? undefined));
        return;
      case 'datasets':
        if (rows.owns(run.id, run.signal)) list.setDatasets(new Map([[run.id, progress.datasets]]));
        return;
    }
  }

  /** How a row's action ended. */
  apply(run: RowRun, outcome: Outcome): void {
    const { list, rows, focus } = this.parts;
    const s = this.strings;
    const { id, signal } = run;
    switch (outcome.kind) {
      case 'none':
        return;
      case 'still-pending':
        // Back from the new tab, not linked yet: the row keeps offering to continue.
        if (rows.owns(id, signal)) list.upsert(outcome.connection);
        return;
      case 'linked':
      case 'not-linked-yet':
      case 'link-cancelled': {
        if (!rows.finish(id, signal)) return;
        const { connection } = outcome;
        const name = displayName(s, connection);
        if (outcome.kind === 'link-cancelled') {
          this.announce(s.linkCancelled(name));
          this.emit('codat-link-cancelled', { connection });
        } else {
          list.upsert(connection);
          this.announce(outcome.kind === 'linked' ? s.linked(name) : s.notLinkedYet(name));
          if (outcome.kind === 'linked') {
            this.emit('codat-linked', { connection });
            void this.readFreshness();
          }
        }
        // The invoker may be gone (a Reconnect button once its row is linked).
        void focus.restore(() =>
          run.invoker?.isConnected ? run.invoker : focus.inRow(connection.id, 'reconnect-button', 'unlink-button', 'refresh-data-button', 'delete-button'),
        );
        return;
      }
      case 'unlinked':
        if (!rows.finish(id, signal)) return;
        list.upsert(outcome.connection);
        this.announce(s.unlinked(displayName(s, outcome.connection)));
        this.emit('codat-unlinked', { connection: outcome.connection });
        void focus.move(() => focus.inRow(id, 'reconnect-button', 'delete-button'));
        return;
      case 'deleted': {
        const neighbour = this.neighbourOf(id);
        if (!rows.finish(id, signal)) return;
        list.remove(id);
        this.announce(s.deleted(displayName(s, outcome.connection)));
        this.emit('codat-deleted', { connectionId: id });
        void focus.move(() => this.afterRemoval(neighbour));
        return;
      }
      case 'data-refreshed': {
        if (!rows.finish(id, signal)) return;
        const connection = list.find(id) ?? outcome.connection;
        this.announce(s.dataRefreshed(displayName(s, connection)));
        this.emit('codat-refreshed', { connection });
        void focus.restore(() => focus.inRow(id, 'refresh-data-button'));
        return;
      }
      case 'gone': {
        const neighbour = this.neighbourOf(id);
        if (!rows.finish(id, signal)) return;
        this.removedElsewhere(outcome.connection, outcome.error, run.operation);
        if (run.operation === 'link') void focus.restore(() => this.afterRemoval(neighbour));
        else void focus.move(() => this.afterRemoval(neighbour));
        return;
      }
      case 'failed':
        if (outcome.connection) list.upsert(outcome.connection);
        this.emitError(outcome.error, run.operation);
        if (!list.find(id)) {
          // No row to carry the message: a link for a platform failed before a connection was known.
          if (rows.finish(id, signal)) this.setNotice({ message: outcome.message }, true);
          return;
        }
        if (!rows.finish(id, signal, { message: outcome.message, ...(outcome.retry && { retry: outcome.retry }) })) return;
        this.announce(messageText(s, outcome.message));
        if (run.operation === 'link' || run.operation === 'refresh') {
          void focus.restore(() => focus.inRow(id, 'row-message-retry', 'row-message-dismiss'));
        } else {
          void focus.move(() => focus.inRow(id, 'row-message-retry', 'row-message-dismiss'));
        }
        return;
    }
  }

  /** A row's action could not start: its feature's chunk could not be fetched (a `network_error`). */
  couldNotStart(run: RowRun, error: unknown): void {
    const connection = this.parts.list.find(run.id);
    const message = couldNotStart(run.operation, connection ? displayName(this.strings, connection) : '');
    const retry = connection && retryOf[run.operation as keyof typeof retryOf];
    this.apply(run, { kind: 'failed', error, message, ...(retry && { retry }) });
  }

  /** The connection no longer exists: its row goes, and a notice says so. */
  removedElsewhere(connection: ConnectionView, error: unknown, operation: Operation): void {
    this.parts.list.remove(connection.id);
    this.setNotice({ message: { key: 'removedElsewhere', name: displayName(this.strings, connection) } }, true);
    this.emitError(error, operation);
  }

  // ----- changes made elsewhere

  /**
   * A change made elsewhere (`live`): shown in place, announced politely, and told to the page as
   * the user's own change would be, with `codat-changed` besides. Focus stays where it is, unless
   * its row went.
   */
  applyRemote(change: RemoteChange): void {
    const { list, focus } = this.parts;
    const s = this.strings;
    switch (change.kind) {
      case 'changed': {
        const { connection } = change;
        const before = list.find(connection.id);
        list.upsert(connection);
        const name = displayName(s, connection);
        if (before?.state !== connection.state) {
          if (connection.state === 'linked') {
            this.announce(s.nowLinked(name));
            this.emit('codat-linked', { connection });
            void this.readFreshness();
          } else if (connection.state === 'disconnected') {
            this.announce(s.nowUnlinked(name));
            this.emit('codat-unlinked', { connection });
          } else if (connection.state === 'expired') {
            this.announce(s.nowExpired(name));
          }
        }
        this.emit('codat-changed', { connection, origin: 'remote', removed: false });
        return;
      }
      case 'removed': {
        const { connection } = change;
        const neighbour = this.neighbourOf(connection.id);
        list.remove(connection.id);
        this.announce(s.nowDeleted(displayName(s, connection)));
        this.emit('codat-deleted', { connectionId: connection.id });
        this.emit('codat-changed', { connection, origin: 'remote', removed: true });
        void focus.restore(() => this.afterRemoval(neighbour));
        return;
      }
      case 'datasets': {
        const changed = [...change.datasets.keys()].filter((id) => {
          const row = list.find(id);
          return row && !sameContent(row.datasets, change.datasets.get(id));
        });
        list.setDatasets(change.datasets);
        for (const id of changed) {
          const connection = list.find(id)!;
          this.emit('codat-refreshed', { connection });
          this.emit('codat-changed', { connection, origin: 'remote', removed: false });
        }
        if (changed.length === 1) this.announce(s.dataRefreshed(displayName(s, list.find(changed[0]!)!)));
        return;
      }
      case 'read-failed':
        this.emitError(change.error, change.operation);
        return;
    }
  }

  // ----- telling the user and the page

  /** Sets the polite live region; the same text twice is still announced (a zero-width toggle). */
  announce(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u200b` : text;
    this.parts.host.requestUpdate();
  }

  setNotice(notice: ShownMessage | undefined, announced = false): void {
    this.notice = notice;
    if (notice && announced) this.announce(messageText(this.strings, notice.message));
    this.parts.host.requestUpdate();
  }

  emit<K extends keyof CodatConnectionsEventMap>(type: K, detail: CodatConnectionsEventMap[K]['detail'], cancelable = false): boolean {
    return this.parts.host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  emitError(error: unknown, operation: Operation): void {
    this.emit('codat-error', { error: error instanceof Error ? error : new Error(String(error)), operation });
  }

  /** The row to focus after one disappears: the next visible one, else the previous. */
  private neighbourOf(id: string): string | undefined {
    const visible = this.parts.visible();
    const index = visible.findIndex((row) => row.id === id);
    return (visible[index + 1] ?? visible[index - 1])?.id;
  }

  private afterRemoval(neighbour: string | undefined): HTMLElement | null {
    const { focus } = this.parts;
    // The header's first button, Refresh.
    return (neighbour && focus.row(neighbour)) || focus.part('refresh-button');
  }
}
