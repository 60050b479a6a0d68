import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Connection, ConnectionsClient, ListParams } from '@codat-connections/core';

/** Where the list is: nothing asked yet, first page on its way, shown, or failed. */
export type ListStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface ListRequest {
  client: ConnectionsClient;
  pageSize: number;
  query?: string;
}

/**
 * The connection list as explicit async state. Each `load()` starts a new run: the previous run's
 * requests are aborted and its late responses are dropped, so a company or client change mid-load
 * can never show the old company's rows.
 */
export class ConnectionsListController implements ReactiveController {
  status: ListStatus = 'idle';
  connections: readonly Connection[] = [];
  totalResults = 0;
  error: Error | undefined;
  loadingMore = false;

  private run: AbortController | undefined;
  private request: ListRequest | undefined;
  private pages = 0;

  private readonly host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  get hasMore(): boolean {
    return this.status === 'ready' && this.connections.length < this.totalResults;
  }

  /** Loads the first page; resolves with it, or undefined when this run failed or was replaced. */
  async load(request: ListRequest): Promise<readonly Connection[] | undefined> {
    const run = this.restart();
    this.request = request;
    this.status = 'loading';
    this.host.requestUpdate();
    try {
      const page = await request.client.list(this.params(request, 1, run.signal));
      if (run !== this.run) return undefined;
      this.connections = page.results;
      this.totalResults = page.totalResults;
      this.pages = 1;
      this.status = 'ready';
      return this.connections;
    } catch (error) {
      if (run !== this.run) return undefined;
      this.error = error as Error;
      this.status = 'error';
      throw error;
    } finally {
      if (run === this.run) this.host.requestUpdate();
    }
  }

  /** Appends the next page; rows already shown (a page may shift after a delete) are not repeated. */
  async loadMore(): Promise<void> {
    const run = this.run;
    const request = this.request;
    if (!run || !request || !this.hasMore || this.loadingMore) return;
    this.loadingMore = true;
    this.host.requestUpdate();
    try {
      const page = await request.client.list(this.params(request, this.pages + 1, run.signal));
      if (run !== this.run) return;
      const known = new Set(this.connections.map((connection) => connection.id));
      this.connections = [...this.connections, ...page.results.filter((connection) => !known.has(connection.id))];
      this.totalResults = page.totalResults;
      this.pages += 1;
    } finally {
      if (run === this.run) {
        this.loadingMore = false;
        this.host.requestUpdate();
      }
    }
  }

  /** Replaces a row in place (same position), or adds it first when it is new. */
  upsert(connection: Connection): void {
    const index = this.connections.findIndex((row) => row.id === connection.id);
    if (index === -1) {
      this.connections = [connection, ...this.connections];
      this.totalResults += 1;
    } else {
      const rows = this.connections.slice();
      rows[index] = connection;
      this.connections = rows;
    }
    this.host.requestUpdate();
  }

  remove(connectionId: string): void {
    const rows = this.connections.filter((row) => row.id !== connectionId);
    if (rows.length === this.connections.length) return;
    this.connections = rows;
    this.totalResults = Math.max(0, this.totalResults - 1);
    this.host.requestUpdate();
  }

  /** Aborts the current run's requests and forgets its rows. */
  reset(): void {
    this.restart();
    this.request = undefined;
    this.status = 'idle';
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.run?.abort();
    this.run = undefined;
  }

  private restart(): AbortController {
    this.run?.abort();
    this.run = new AbortController();
    this.connections = [];
    this.totalResults = 0;
    this.pages = 0;
    this.error = undefined;
    this.loadingMore = false;
    return this.run;
  }

  private params(request: ListRequest, page: number, signal: AbortSignal): ListParams {
    return { page, pageSize: request.pageSize, signal, ...(request.query ? { query: request.query } : {}) };
  }
}
