/**
 * Following changes made elsewhere (`live`): the customer finishing a link on their phone, access
 * withdrawn at the platform, another admin's unlink or delete, a read finishing. Loaded after the
 * first load, and only where `live` is not `off`: most of it waits for notices.
 */
import { failureKind, isNotFound } from '../failures.js';
import { inScope } from '../filter.js';
import type { RemoteChange } from '../outcome.js';
import { sameContent } from '../row-view.js';
import type { ConnectionsSource, SourceListRequest } from '../source.js';
import type { ConnectionView } from '../view-model.js';

/** The page's visibility, as `document` tells it. */
export type Visibility = Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;

export interface LiveParts {
  source: ConnectionsSource;
  /** Ends following. */
  signal: AbortSignal;
  /** The rows shown now. */
  connections: () => readonly ConnectionView[];
  /** Whether the user is acting on a row: a change there is read once their action has ended. */
  busy: (id: string) => boolean;
  /** How the list is read: the scope, and a page size that covers the rows shown. */
  listRequest: () => Omit<SourceListRequest, 'signal'>;
  /** Shows what was read (the presenter). */
  apply: (change: RemoteChange) => void;
  visibility?: Visibility;
  /** Milliseconds a burst of notices is gathered before it is read, as one read (default 100). */
  gather?: number;
}

/** Reads finished, as a row waiting for its "Refresh data" hears of them. */
export interface ReadNotices {
  /** Whether notices arrive: otherwise the waiting row reads on its own. */
  readonly following: boolean;
  /** Resolves at the next notice of a read finished for the row (or one already come since the last), when the stream is lost, or after `ms`. */
  next(ms: number, signal: AbortSignal): Promise<void>;
  /** Stops listening. */
  close(): void;
}

/** More connections named at once than this: the list is read instead. */
const oneByOne = 5;

/**
 * Reads again what each notice names (one connection, or the list when it names none; the
 * datasets when a read finished), a burst of notices as one read, and hands the changes to the
 * presenter. A row the user is acting on is read again once their action has ended. After a gap
 * in the stream, and whenever the page is shown again while no stream is followed, the list is
 * read once.
 */
export class LiveFollower {
  /** Whether the source's stream is open now. */
  following = false;
  /** The connections to read again, each with the kind of its latest notice ('' when a list read found its row busy). */
  private pending = { list: false, ids: new Map<string, string>(), reads: new Set<string>() };
  private readonly deferred = new Map<string, string>();
  /**
   * Connections heard deleted (a notice, or a read that answered 404). Codat never gives a deleted
   * connection's id to another, and its webhooks may come late and out of order: a later notice of
   * one that no row shows has nothing to read.
   */
  private readonly deleted = new Set<string>();
  /** Reads of one connection under way, by id: dropped when the user starts acting on its row (see `settled`). */
  private readonly reading = new Map<string, AbortController>();
  private draining = false;
  private readonly readListeners = new Set<(connectionId: string | undefined) => void>();

  constructor(private readonly parts: LiveParts) {}

  /** Follows the source's changes until the signal aborts; without a stream (none, or lost), reads the list when the page is shown again. */
  async start(): Promise<void> {
    const { source, signal, visibility } = this.parts;
    visibility?.addEventListener('visibilitychange', this.onVisibility);
    signal.addEventListener('abort', () => visibility?.removeEventListener('visibilitychange', this.onVisibility), { once: true });
    if (!source.watch) return;
    try {
      for await (const change of source.watch(signal)) {
        if (signal.aborted) return;
        if (change.type === 'open') this.setFollowing(true);
        else if (change.type === 'gap') {
          this.setFollowing(true);
          this.readList();
        } else this.notice(change.kind, change.connectionId);
      }
    } catch {
      // No stream to follow (the backend serves none, or it is lost for good): reading on visibility remains.
    } finally {
      this.setFollowing(false);
    }
  }

  /**
   * After each update: a read under way of a row the user now acts on is dropped (a client waiting
   * to retry it would ask again after their delete), to be read once the action has ended; and rows
   * whose action has ended are read now, unless the action took the row away (deleted, or found
   * gone): its answer was the truth, and nothing is left to read.
   */
  settled(): void {
    for (const [id, reading] of this.reading) if (this.parts.busy(id)) reading.abort();
    for (const [id, kind] of this.deferred) {
      if (this.parts.busy(id)) continue;
      this.deferred.delete(id);
      if (!this.shown(id)) continue;
      this.pending.ids.set(id, kind);
      this.drain();
    }
  }

  /** Finished reads of one connection, from now on (for a row's "Refresh data"). */
  reads(connectionId: string): ReadNotices {
    let heard = false;
    let wake: (() => void) | undefined;
    const listener = (id: string | undefined) => {
      if (id !== undefined && id !== connectionId) return;
      heard = true;
      wake?.();
    };
    this.readListeners.add(listener);
    const following = () => this.following;
    return {
      get following() {
        return following();
      },
      next: (ms, signal) =>
        new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            wake = undefined;
            heard = false;
            resolve();
          };
          const timer = setTimeout(done, ms);
          signal.addEventListener('abort', done, { once: true });
          wake = done;
          if (heard || !this.following || signal.aborted) done();
        }),
      close: () => this.readListeners.delete(listener),
    };
  }

  private setFollowing(following: boolean): void {
    this.following = following;
    // A row waiting on notices reads on its own from now on.
    if (!following) for (const listener of this.readListeners) listener(undefined);
  }

  private readonly onVisibility = (): void => {
    if (this.parts.visibility?.visibilityState === 'visible' && !this.following) this.readList();
  };

  private notice(kind: string, connectionId: string | undefined): void {
    if (kind.startsWith('read.completed')) {
      for (const listener of this.readListeners) listener(connectionId);
      this.pending.reads.add(connectionId ?? '*');
    } else if (connectionId) {
      if (kind === 'connection.deleted') this.deleted.add(connectionId);
      this.pending.ids.set(connectionId, kind);
    } else {
      this.pending.list = true;
    }
    this.drain();
  }

  private readList(): void {
    this.pending.list = true;
    this.drain();
  }

  /** One read at a time; the notices that arrive meanwhile are read together after it. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    void (async () => {
      const { signal, gather = 100 } = this.parts;
      try {
        while (!signal.aborted && (this.pending.list || this.pending.ids.size > 0 || this.pending.reads.size > 0)) {
          await new Promise((resolve) => setTimeout(resolve, gather));
          const work = this.pending;
          this.pending = { list: false, ids: new Map(), reads: new Set() };
          await this.read(work);
        }
      } finally {
        this.draining = false;
      }
    })();
  }

  private async read(work: { list: boolean; ids: Map<string, string>; reads: Set<string> }): Promise<void> {
    if (work.list || work.ids.size > oneByOne) await this.readAll();
    else await Promise.all([...work.ids].map(([id, kind]) => this.readOne(id, kind)));
    if (work.reads.size > 0) await this.readDatasets(work.reads.has('*') ? undefined : work.reads);
  }

  /** Reads one connection again, `kind` being its latest notice's. */
  private async readOne(id: string, kind: string): Promise<void> {
    const { source, signal, apply } = this.parts;
    if (this.defer(id, kind)) return;
    const shown = this.shown(id);
    // A connection deleted that no row shows (this page's own delete, or one out of scope) has
    // nothing to read, whatever the notice: the read would only answer 404.
    if (!shown && this.deleted.has(id)) return;
    const reading = new AbortController();
    // Dropped as the user started acting on the row: read again once their action has ended (or
    // now, if it has already ended and left the row). A source may ignore the abort, so its answer
    // is checked too.
    const dropped = () => {
      if (!this.defer(id, kind) && this.shown(id)) this.pending.ids.set(id, kind);
    };
    const stop = () => reading.abort();
    signal.addEventListener('abort', stop, { once: true });
    this.reading.set(id, reading);
    try {
      const connection = await source.get(id, { signal: reading.signal });
      if (signal.aborted) return;
      if (reading.signal.aborted) return dropped();
      if (this.defer(id, kind)) return;
      // It exists: what was heard of it before is out of date.
      this.deleted.delete(id);
      if (!shown && !this.inScope(connection)) return;
      this.show(connection);
    } catch (error) {
      if (signal.aborted) return;
      if (reading.signal.aborted) return dropped();
      if (failureKind(error) === 'aborted' || this.defer(id, kind)) return;
      const now = this.shown(id);
      if (isNotFound(error)) {
        this.deleted.add(id);
        if (now) apply({ kind: 'removed', connection: now });
      } else {
        apply({ kind: 'read-failed', error, operation: 'get' });
      }
    } finally {
      signal.removeEventListener('abort', stop);
      if (this.reading.get(id) === reading) this.reading.delete(id);
    }
  }

  /** The truth, once: every row shown is compared with the list as the source has it now. */
  private async readAll(): Promise<void> {
    const { source, signal, apply } = this.parts;
    try {
      const page = await source.list({ ...this.parts.listRequest(), signal });
      if (signal.aborted) return;
      const listed = new Set(page.connections.map((connection) => connection.id));
      const rows = new Map(this.parts.connections().map((row) => [row.id, row]));
      // Only an answer holding the whole list tells that a row is new, or gone: otherwise a row
      // may only have moved into (or out of) the part read.
      const whole = page.connections.length + page.problems.length >= page.totalResults;
      for (const connection of page.connections) {
        const shown = rows.get(connection.id);
        if ((whole || shown) && !this.defer(connection.id)) this.show(connection, shown);
      }
      if (!whole) return;
      for (const row of this.parts.connections()) if (!listed.has(row.id) && !this.defer(row.id)) apply({ kind: 'removed', connection: row });
    } catch (error) {
      if (!signal.aborted && failureKind(error) !== 'aborted') apply({ kind: 'read-failed', error, operation: 'list' });
    }
  }

  /** Reads finished: the datasets of the rows they name (every row when they name none). */
  private async readDatasets(ids: ReadonlySet<string> | undefined): Promise<void> {
    const { source, signal, apply } = this.parts;
    const rows = this.parts.connections().filter((row) => (ids ? ids.has(row.id) : true) && !this.defer(row.id));
    if (!source.freshness || rows.length === 0) return;
    try {
      const datasets = await source.freshness(rows, { signal });
      if (signal.aborted) return;
      for (const id of datasets.keys()) if (this.defer(id)) datasets.delete(id);
      apply({ kind: 'datasets', datasets });
    } catch (error) {
      if (!signal.aborted && failureKind(error) !== 'aborted') apply({ kind: 'read-failed', error, operation: 'pullOperations' });
    }
  }

  /** A row the user is acting on is left to their action, and read again once it has ended. */
  private defer(id: string, kind = ''): boolean {
    if (!this.parts.busy(id)) return false;
    // A list read that finds the row busy keeps the kind of a notice deferred before it.
    this.deferred.set(id, kind || (this.deferred.get(id) ?? ''));
    return true;
  }

  private shown(id: string): ConnectionView | undefined {
    return this.parts.connections().find((row) => row.id === id);
  }

  /** A connection read again: shown when it differs from its row `shown` (a row's datasets stay until reads finish). */
  private show(connection: ConnectionView, shown = this.shown(connection.id)): void {
    const compared = shown?.datasets && !connection.datasets ? { ...connection, datasets: shown.datasets } : connection;
    if (!shown || !sameContent(shown, compared)) this.parts.apply({ kind: 'changed', connection });
  }

  private inScope(connection: ConnectionView): boolean {
    const { sourceTypes, platformKeys } = this.parts.listRequest();
    return inScope({ sourceTypes, platformKeys }, connection.sourceType, connection.platformKey);
  }
}
