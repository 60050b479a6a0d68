import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionsError } from '@codat-connections/core';
import { noSource, pageSettled } from '../configuration.js';
import { failureKind, isNetworkFailure } from '../failures.js';
import { LatestRun, sameArgs } from '../latest-run.js';
import type { ListOutcome } from '../outcome.js';
import type { ListStatus } from '../states.js';
import { sameContent } from '../row-view.js';
import type { ConnectionsSource, SourceListRequest } from '../source.js';
import type { ConnectionView, ConnectionsPageView, DatasetView } from '../view-model.js';

/** What the list is asked for; a change of any of it reads the list again from the first page, dropping the rows shown. */
export interface ListQuery {
  readonly source: ConnectionsSource | undefined;
  readonly pageSize: number;
  readonly sourceTypes: readonly string[];
  readonly platformKeys: readonly string[];
  /** Configuration that keeps the list from loading (a wrong `page-size`), as the error to show. */
  readonly misconfiguration: ConnectionsError | undefined;
}

export interface ListOptions {
  query: () => ListQuery;
  /** Every outcome of reading the list, for the presenter. */
  report: (outcome: ListOutcome) => void;
}

/**
 * A connection read again without its datasets keeps those of its previous view until freshness
 * is read again (an unlinked one still shows what was last read); a connection equal in content to the one shown keeps its object, so
 * nothing renders again for it.
 */
function carriedOver(previous: ConnectionView | undefined, next: ConnectionView): ConnectionView {
  if (!previous) return next;
  const view = previous.datasets && !next.datasets ? { ...next, datasets: previous.datasets } : next;
  return sameContent(previous, view) ? previous : view;
}

/**
 * The connection list as explicit async state. It reads the first page whenever what it is asked
 * for changes (`query`), again on `reload()` (keeping the rows shown until the answer comes, and
 * marking them `stale` when it fails), further pages on `loadMore()`, and again when the browser
 * comes back online after a load failed for want of the network. Each first-page read is a new run:
 * the previous run's requests are aborted and their late answers dropped (a source may ignore the
 * signal), so a company or source change mid-load never shows the old rows.
 */
export class ListController implements ReactiveController {
  status: ListStatus = 'idle';
  connections: readonly ConnectionView[] = [];
  totalResults = 0;
  /** The last load's failure, while its status is `error`, or while `stale`. */
  error: Error | undefined;
  /** Reading the list again failed and the rows shown are the previous load's: they may be out of date. */
  stale = false;
  /** Reading the list again while keeping the rows shown. */
  refreshing = false;
  loadingMore = false;

  private readonly run = new LatestRun();
  private args: readonly unknown[] | undefined;
  private query: ListQuery | undefined;
  private pages = 0;
  /** Rows the source gave that could not be shown: they count in its total, but will never be listed. */
  private skipped = 0;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly options: ListOptions,
  ) {
    host.addController(this);
  }

  get hasMore(): boolean {
    return this.status === 'ready' && !this.stale && this.connections.length < this.totalResults;
  }

  hostConnected(): void {
    window.addEventListener('online', this.onOnline);
    // Connected again (moved in the page): the list is read again.
    if (this.args && !this.run.signal) {
      this.args = undefined;
      this.host.requestUpdate();
    }
  }

  hostUpdate(): void {
    // A removed element renders what it has, but asks nothing more.
    if (!this.host.isConnected) return;
    const query = this.options.query();
    const args = [query.source, query.pageSize, query.sourceTypes.join(' '), query.platformKeys.join(' '), query.misconfiguration?.message];
    if (sameArgs(this.args, args)) return;
    this.args = args;
    void this.reload({ keep: false });
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.onOnline);
    this.run.abort();
  }

  /**
   * Reads the first page. With `keep` (Refresh, Retry, `refresh()`), the rows shown stay while it
   * loads and, if it fails, stay marked as possibly out of date; otherwise they go at once.
   */
  async reload({ keep }: { keep: boolean }): Promise<void> {
    const query = (this.query = this.options.query());
    const keeping = keep && this.status === 'ready';
    const signal = this.restart(keeping);
    this.options.report({ kind: 'reloading' });
    if (query.misconfiguration) return this.fail(query.misconfiguration);
    if (!query.source) return this.awaitSource(signal);
    if (!keeping) this.status = 'loading';
    this.refreshing = keeping;
    this.host.requestUpdate();
    try {
      const page = await query.source.list(this.request(query, 1, signal));
      if (!this.run.isLatest(signal)) return;
      const before = new Map(this.connections.map((row) => [row.id, row]));
      this.keep(page.connections.map((row) => carriedOver(before.get(row.id), row)));
      this.skipped = page.problems.length;
      this.totalResults = this.showable(page, query.pageSize);
      this.pages = 1;
      this.status = 'ready';
      this.stale = false;
      this.settled();
      this.options.report({ kind: 'loaded', page, more: false });
    } catch (error) {
      if (!this.run.isLatest(signal) || failureKind(error) === 'aborted') return;
      this.error = error as Error;
      if (keeping) this.stale = true;
      else this.status = 'error';
      this.settled();
      this.options.report({ kind: 'list-failed', error, more: false });
    }
  }

  /** Appends the next page; rows already shown (a page may shift after a delete) are not repeated. */
  async loadMore(): Promise<void> {
    const signal = this.run.signal;
    const query = this.query;
    if (!signal || !query?.source || !this.hasMore || this.loadingMore) return;
    this.loadingMore = true;
    this.host.requestUpdate();
    try {
      const page = await query.source.list(this.request(query, this.pages + 1, signal));
      if (!this.run.isLatest(signal)) return;
      const known = new Set(this.connections.map((connection) => connection.id));
      this.connections = [...this.connections, ...page.connections.filter((connection) => !known.has(connection.id))];
      this.skipped += page.problems.length;
      this.totalResults = this.showable(page, query.pageSize);
      this.pages += 1;
      this.settled();
      this.options.report({ kind: 'loaded', page, more: true });
    } catch (error) {
      if (!this.run.isLatest(signal) || failureKind(error) === 'aborted') return;
      this.settled();
      this.options.report({ kind: 'list-failed', error, more: true });
    }
  }

  /** Replaces a row in place (same position), or adds it first when it is new. */
  upsert(connection: ConnectionView): void {
    const index = this.connections.findIndex((row) => row.id === connection.id);
    if (index === -1) {
      this.connections = [connection, ...this.connections];
      this.totalResults += 1;
    } else {
      const rows = this.connections.slice();
      rows[index] = carriedOver(rows[index], connection);
      this.connections = rows;
    }
    this.host.requestUpdate();
  }

  /** Gives rows their datasets. */
  setDatasets(datasets: ReadonlyMap<string, readonly DatasetView[]>): void {
    this.keep(
      this.connections.map((row) => {
        const given = datasets.get(row.id);
        return given && !sameContent(row.datasets, given) ? { ...row, datasets: given } : row;
      }),
    );
    this.host.requestUpdate();
  }

  remove(id: string): void {
    const rows = this.connections.filter((row) => row.id !== id);
    const removed = this.connections.length - rows.length;
    if (removed === 0) return;
    this.connections = rows;
    this.totalResults = Math.max(0, this.totalResults - removed);
    this.host.requestUpdate();
  }

  find(id: string): ConnectionView | undefined {
    return this.connections.find((row) => row.id === id);
  }

  /**
   * No source yet. A page often sets `source`, `client` or `tokenProvider` in a script that runs
   * after the element's first update (a module script, a framework's effect): only when none is
   * set once the page has loaded, and a task later, is it a misconfiguration.
   */
  private async awaitSource(signal: AbortSignal): Promise<void> {
    this.status = 'idle';
    this.host.requestUpdate();
    await pageSettled();
    if (this.run.isLatest(signal)) this.fail(noSource());
  }

  /** The list cannot load as configured: the error state, without asking the source. */
  private fail(error: ConnectionsError): void {
    this.restart(false);
    this.status = 'error';
    this.error = error;
    this.host.requestUpdate();
    this.options.report({ kind: 'list-failed', error, more: false });
  }

  /** The browser is back online: a list that failed for want of the network is read again, as the user's Retry would. */
  private readonly onOnline = (): void => {
    if (isNetworkFailure(this.error)) void this.reload({ keep: true });
  };

  /**
   * Takes `rows` as the list, unless they are the rows it holds, in the same order: then the list
   * stays the same array, and nothing made from it is made again.
   */
  private keep(rows: readonly ConnectionView[]): void {
    if (!sameArgs(this.connections, rows)) this.connections = rows;
  }

  private settled(): void {
    this.refreshing = false;
    this.loadingMore = false;
    this.host.requestUpdate();
  }

  /**
   * How many connections can be shown in all: the source's total less the rows skipped so far, never
   * less than the rows shown. A page shorter than the page size is the last, whatever the total says.
   */
  private showable(page: ConnectionsPageView, pageSize: number): number {
    if (page.connections.length + page.problems.length < pageSize) return this.connections.length;
    return Math.max(page.totalResults - this.skipped, this.connections.length);
  }

  private restart(keepRows: boolean): AbortSignal {
    const signal = this.run.start();
    if (!keepRows) {
      this.connections = [];
      this.totalResults = 0;
      this.pages = 0;
      this.skipped = 0;
      this.stale = false;
    }
    this.error = undefined;
    this.loadingMore = false;
    this.refreshing = false;
    return signal;
  }

  private request(query: ListQuery, page: number, signal: AbortSignal): SourceListRequest {
    return { page, pageSize: query.pageSize, sourceTypes: query.sourceTypes, platformKeys: query.platformKeys, signal };
  }
}
