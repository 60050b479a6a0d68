import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionsSource, SourceListRequest } from '../source.js';
import type { ConnectionView, ConnectionsPageView, DatasetView } from '../view-model.js';

/** Where the list is: nothing asked yet, first page on its way, shown, or failed with nothing to show. */
export type ListStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface ListRequest extends Omit<SourceListRequest, 'page' | 'signal'> {
  source: ConnectionsSource;
}

/** The first page of a load: its rows, and what made other rows impossible to show. */
export interface FirstPage {
  connections: readonly ConnectionView[];
  problems: readonly string[];
}

/** A linked connection read again without its datasets keeps those of its previous view, until freshness is read again. */
function keepingDatasets(previous: ConnectionView | undefined, next: ConnectionView): ConnectionView {
  return previous?.datasets && !next.datasets && next.state === 'linked' ? { ...next, datasets: previous.datasets } : next;
}

/**
 * The connection list as explicit async state. Each `load()` starts a new run: the previous run's
 * requests are aborted and its late responses are dropped (a client may ignore the signal), so a
 * company or client change mid-load can never show the old company's rows.
 */
export class ConnectionsListController implements ReactiveController {
  status: ListStatus = 'idle';
  connections: readonly ConnectionView[] = [];
  totalResults = 0;
  /** The last load's failure, while its status is `error`, or while `stale`. */
  error: Error | undefined;
  /** A reload failed and the rows shown are the previous load's: they may be out of date. */
  stale = false;
  /** A reload that keeps the rows shown is on its way. */
  refreshing = false;
  loadingMore = false;

  private run: AbortController | undefined;
  private request: ListRequest | undefined;
  private pages = 0;
  /** Rows the source gave that could not be shown: they count in its total, but will never be listed. */
  private skipped = 0;

  private readonly host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  get hasMore(): boolean {
    return this.status === 'ready' && !this.stale && this.connections.length < this.totalResults;
  }

  /**
   * Loads the first page; resolves with it, or undefined when this run was replaced. With `keep`
   * (a reload of the same source), the rows shown stay until the answer comes, and stay, marked
   * `stale`, when it fails; otherwise they go at once.
   */
  async load(request: ListRequest, { keep = false } = {}): Promise<FirstPage | undefined> {
    const keeping = keep && this.status === 'ready';
    const run = this.restart(keeping);
    this.request = request;
    if (!keeping) this.status = 'loading';
    this.refreshing = keeping;
    this.host.requestUpdate();
    try {
      const page = await request.source.list(this.params(request, 1, run.signal));
      if (run !== this.run) return undefined;
      // A reload of the same source keeps what is known of the rows' data until it is read again.
      const before = new Map(this.connections.map((row) => [row.id, row]));
      this.connections = page.connections.map((row) => keepingDatasets(before.get(row.id), row));
      this.skipped = page.problems.length;
      this.totalResults = this.showable(page, request.pageSize);
      this.pages = 1;
      this.status = 'ready';
      this.stale = false;
      return page;
    } catch (error) {
      if (run !== this.run) return undefined;
      this.error = error as Error;
      if (keeping) this.stale = true;
      else this.status = 'error';
      throw error;
    } finally {
      if (run === this.run) {
        this.refreshing = false;
        this.host.requestUpdate();
      }
    }
  }

  /** Appends the next page; rows already shown (a page may shift after a delete) are not repeated. */
  async loadMore(): Promise<readonly string[]> {
    const run = this.run;
    const request = this.request;
    if (!run || !request || !this.hasMore || this.loadingMore) return [];
    this.loadingMore = true;
    this.host.requestUpdate();
    try {
      const page = await request.source.list(this.params(request, this.pages + 1, run.signal));
      if (run !== this.run) return [];
      const known = new Set(this.connections.map((connection) => connection.id));
      this.connections = [...this.connections, ...page.connections.filter((connection) => !known.has(connection.id))];
      this.skipped += page.problems.length;
      this.totalResults = this.showable(page, request.pageSize);
      this.pages += 1;
      return page.problems;
    } finally {
      if (run === this.run) {
        this.loadingMore = false;
        this.host.requestUpdate();
      }
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
      rows[index] = keepingDatasets(rows[index], connection);
      this.connections = rows;
    }
    this.host.requestUpdate();
  }

  /** Gives rows their datasets (a new view for each row whose datasets are given). */
  setDatasets(datasets: ReadonlyMap<string, DatasetView[]>): void {
    this.connections = this.connections.map((row) => {
      const given = datasets.get(row.id);
      return given ? { ...row, datasets: given } : row;
    });
    this.host.requestUpdate();
  }

  remove(connectionId: string): void {
    const rows = this.connections.filter((row) => row.id !== connectionId);
    const removed = this.connections.length - rows.length;
    if (removed === 0) return;
    this.connections = rows;
    this.totalResults = Math.max(0, this.totalResults - removed);
    this.host.requestUpdate();
  }

  /** Aborts the current run's requests and forgets its rows. */
  reset(): void {
    this.restart(false);
    this.request = undefined;
    this.status = 'idle';
    this.host.requestUpdate();
  }

  /** Aborts the current run's requests, forgets its rows and fails with `error` without asking the source (the element cannot load). */
  fail(error: Error): void {
    this.restart(false);
    this.request = undefined;
    this.status = 'error';
    this.error = error;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.run?.abort();
    this.run = undefined;
  }

  /**
   * How many connections can be shown in all: the source's total less the rows skipped so far, never
   * less than the rows shown. A page shorter than the page size is the last, whatever the total says.
   */
  private showable(page: ConnectionsPageView, pageSize: number): number {
    if (page.connections.length + page.problems.length < pageSize) return this.connections.length;
    return Math.max(page.totalResults - this.skipped, this.connections.length);
  }

  private restart(keepRows: boolean): AbortController {
    this.run?.abort();
    this.run = new AbortController();
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
    return this.run;
  }

  private params({ source: _source, ...request }: ListRequest, page: number, signal: AbortSignal): SourceListRequest {
    return { ...request, page, signal };
  }
}
