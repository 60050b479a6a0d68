import type { ConnectionView, ConnectionsPageView, DatasetView, PlatformView } from './view-model.js';

export interface SourceRequest {
  signal?: AbortSignal;
}

export interface SourceListRequest extends SourceRequest {
  page: number;
  pageSize: number;
  /** Only these source types (`Accounting`, ...); all when empty. */
  sourceTypes: readonly string[];
  /** Only these platform keys; all when empty. */
  platformKeys: readonly string[];
}

export interface SourceStartRequest extends SourceRequest {
  /**
   * With `link-mode="redirect"`: this page's address, where the user should come back to after
   * authorizing. A model whose journey takes a return address passes it on (the dataholder model);
   * Codat's redirect URL is set in Codat's portal instead.
   */
  returnTo?: string;
}

/** What a redirect link's return says: which connection, and the failure the source reported (none when authorized). */
export interface ReturnedLink {
  readonly connectionId: string;
  readonly failure?: string;
}

/** How a source's link journey comes back to this page with `link-mode="redirect"`: its query parameters. */
export interface RedirectReturn {
  /** The parameters it adds to this page's address, removed from the address bar once read. */
  readonly parameters: readonly string[];
  /** What they say, or undefined when the address holds no return of this source. */
  read(params: URLSearchParams): ReturnedLink | undefined;
}

export interface SourceLinkRequest extends SourceRequest {
  /** A window opened in the user's click, or `null` when it was blocked (then the flow fails with `link_blocked`). */
  popup: Window | null;
}

/**
 * What a source's `watch` tells: `open` once it follows changes; a `notice` of a change made
 * elsewhere, naming the connection to read again (none: read the list) and the kind of change
 * (Codat's event types: `connection.connected`, `read.completed`...); a `gap` after a time when
 * changes may have been missed (a reconnection, the page shown again), when the list is read again.
 */
export type SourceChange =
  { readonly type: 'open' } | { readonly type: 'notice'; readonly kind: string; readonly connectionId?: string } | { readonly type: 'gap' };

/**
 * Where the element's connections come from, in the element's own terms: every answer is already
 * normalized into views (see `view-model.ts`), and every failure is a `ConnectionsError` naming
 * its operation. Codat's connections are one source (`codat/source.ts`), a dataholder model's
 * another (`dataholder/source.ts`); docs/writing-a-source.md shows how to write one.
 *
 * Only `list`, `get` and `platforms` are required. The element offers an action only when the
 * source can do it: linking needs `create` and `link`, reconnecting `link`, unlinking `unlink`,
 * deleting `delete`, refreshing data `refreshData`.
 */
export interface ConnectionsSource {
  /**
   * Who reads the data through these connections, as the text that says so names it (the
   * confirmation before Unlink: "Codat will stop reading data from Xero"). Codat's source says
   * `Codat`; without it that text names no one ("Data from Xero will no longer be read").
   */
  readonly provider?: string;
  list(request: SourceListRequest): Promise<ConnectionsPageView>;
  get(connectionId: string, request?: SourceRequest): Promise<ConnectionView>;
  /** Starts a new connection for a platform; it is `pending` with a `linkUrl`. Never retried by itself. */
  create?(platformKey: string, request?: SourceStartRequest): Promise<ConnectionView>;
  /**
   * Starts authorizing an existing connection again, answering it with a `linkUrl` to open (for a
   * model whose authorization pages are made per journey). Without it, the connection's own
   * `linkUrl` is opened.
   */
  reauthorize?(connection: ConnectionView, request?: SourceStartRequest): Promise<ConnectionView>;
  /**
   * With `link-mode="redirect"`: the parameters the source's journey adds to this page's address
   * when it sends the user back. Without it, Codat's (`statusCode`, `connectionId`, ...).
   */
  redirectReturn?: RedirectReturn;
  /** Ends the connection; it stays, `disconnected`. */
  unlink?(connectionId: string, request?: SourceRequest): Promise<ConnectionView>;
  delete?(connectionId: string, request?: SourceRequest): Promise<void>;
  /** The platforms a user may connect. */
  platforms(request?: SourceRequest): Promise<PlatformView[]>;
  /** Sends the popup to the connection's link page; resolves once it is `linked`. */
  link?(connection: ConnectionView, request: SourceLinkRequest): Promise<ConnectionView>;
  /**
   * How up to date the data of these connections is, by connection id: a linked one's as it updates,
   * another's as it was last read (shown as no longer updating). Optional: a source that cannot tell
   * leaves it out, and rows show no freshness.
   */
  freshness?(connections: readonly ConnectionView[], request?: SourceRequest): Promise<Map<string, DatasetView[]>>;
  /** Whether the user may ask for the data to be read again now (the grant's permissions say so). */
  canRefreshData?(): boolean;
  /** Asks the source to read the company's data again; `freshness` then shows the reads under way. */
  refreshData?(request?: SourceRequest): Promise<void>;
  /**
   * Follows changes made elsewhere until `signal` aborts. With it (and `live` not `off`) the element
   * reads again what each notice names and shows it. Ending or throwing means no changes are
   * followed any more: the element then reads the list whenever the page is shown again.
   */
  watch?(signal: AbortSignal): AsyncIterable<SourceChange>;
}
