import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import { ConnectionsError, createConnectionsClient, type ConnectionsClient, type Operation, type TokenProvider } from '@codat-connections/core';
import { styles } from './connections.styles.js';
import type { CodatConnectionsEventMap } from './events.js';
import type { ElementHost } from './host.js';
import { codatSource } from './codat/source.js';
import { sourceActions, type ConnectionAction, type ConnectionsSource } from './source.js';
import type { ConnectionView, PlatformView } from './view-model.js';
import { ConnectionsListController } from './controllers/connections-list.js';
import { PlatformsController } from './controllers/platforms.js';
import { RowActionsController } from './controllers/row-actions.js';
import type { LinkFlowController } from './controllers/link-flow.js';
import { openLinkPopup, takeRedirectParams, type LinkMode } from './controllers/link-start.js';
import { ConfirmController } from './controllers/confirm.js';
import { FreshnessController } from './controllers/freshness.js';
import { PickerController } from './controllers/picker.js';
import { connectionsInScope, existingConnection, matchingConnections, platformsOffered, words, type Scope } from './filter.js';
import { failureKind, isMisconfiguration, isNetworkFailure, listFailure } from './failures.js';
import { noSource, pageSettled, pageSizeError } from './configuration.js';
import { messageText, type Message, type RetryAction, type ShownMessage } from './messages.js';
import type { RowActionKind } from './actions.js';
import { en, loadStrings, mergeStrings, resolveLocale, type ConnectionsStrings, type ConnectionsStringOverrides } from './strings/index.js';
import { exactTime } from './format.js';
import { loadFeature } from './feature-styles.js';
import { parseDuration } from './freshness.js';
import type { RowView } from './templates/row.js';
import { bodyTemplate } from './templates/list.js';
import { messageTemplate } from './templates/message.js';
import { displayName, sourceTypeName, statusLabel } from './templates/labels.js';

export type { ConnectionAction };
/** Which actions a row offers for a connection; undefined keeps the element's `actions` for that row. */
export type ConnectionActionsFor = (connection: ConnectionView) => Iterable<ConnectionAction> | undefined;
export type ConnectionsTheme = 'light' | 'dark' | 'auto';
export type { LinkMode };

/** `stale-after` when it is missing or not a duration: a day. */
const defaultStaleAfter = 24 * 3_600_000;

/** States from which Reconnect authorizes the same connection again. */
const reconnectable = new Set(['pending', 'disconnected', 'expired']);

/**
 * @summary Lists a company's Codat data connections and lets the user link, reconnect, unlink and
 * delete them, with a short-lived token from the page's own backend. With `source`, another
 * model's connections (a user's consents to dataholders) or your own.
 *
 * @attr token-url - URL of the token endpoint (POSTed to with cookies); see `@codat-connections/server`.
 * @attr company-id - Company hint sent to the token endpoint; the grant decides.
 * @attr base-url - Where operations go when the grant names no `baseUrl`.
 * @attr actions - Space-separated actions to offer, from `link reconnect unlink delete refresh`. Default `link reconnect unlink`.
 *   `refresh` ("Refresh data" on linked rows) shows only when the grant's permissions include `connections:refresh`.
 * @attr source-types - Space-separated source types (e.g. `Accounting Banking`) to list and offer; all when empty.
 * @attr platform-keys - Space-separated platform keys (e.g. `gbol qhyg`) to list and offer; all when empty.
 * @attr page-size - Connections per page (1..5000). Default `50`.
 * @attr locale - BCP 47 locale of the text and dates; else the nearest `lang`, else the document's (followed as it changes). A language without a catalogue gives English text and dates.
 * @attr theme - `light`, `dark` or `auto` (follows `prefers-color-scheme`). Default `auto`.
 * @attr link-mode - `popup` (default) opens Codat's link page in a popup; `redirect` navigates to it and,
 *   on return, gets the connection Codat's redirect parameters name: `codat-linked` when it is `Linked`,
 *   `codat-error` when Codat reports a failure, an announcement only when it is not linked yet.
 * @attr no-confirm - Unlink and delete without the confirmation dialog.
 * @attr token-timeout - Milliseconds to wait for a grant, from the token endpoint (`token-url`) or `tokenProvider`, before the error state with Retry. Default `30000`.
 * @attr stale-after - How old a linked connection's least recent data may be before its row warns: whole minutes, hours or days
 *   (`90m`, `24h`, `7d`). Default `24h`.
 *
 * @slot header - The title above the list. Default: "Connections".
 * @slot empty - Shown when the company has no connections.
 *
 * @event {CustomEvent<CodatReadyDetail>} codat-ready - The first page is shown: `{connections, totalResults}`. Every connection in
 *   events and in `connections` is a `ConnectionView`: Codat's answer, checked field by field, in one documented shape.
 * @event {CustomEvent<CodatConnectionDetail>} codat-link-started - A connection is being authorized: `{connection}`.
 * @event {CustomEvent<CodatConnectionDetail>} codat-linked - A connection became linked: `{connection}`.
 * @event {CustomEvent<CodatConnectionDetail>} codat-link-cancelled - The user closed the link window first: `{connection}`.
 * @event {CustomEvent<CodatConnectionDetail>} codat-before-unlink - Cancelable; `preventDefault()` stops the unlink: `{connection}`.
 * @event {CustomEvent<CodatConnectionDetail>} codat-before-delete - Cancelable; `preventDefault()` stops the delete: `{connection}`.
 * @event {CustomEvent<CodatConnectionDetail>} codat-unlinked - A connection was unlinked: `{connection}` (as it is now), also when the answer was lost and reading it again showed it unlinked.
 * @event {CustomEvent<CodatDeletedDetail>} codat-deleted - A connection was deleted: `{connectionId}`, also when the answer was lost and it is gone.
 * @event {CustomEvent<CodatConnectionDetail>} codat-refreshed - The reads a "Refresh data" asked for have finished: `{connection}` with its datasets.
 * @event {CustomEvent<CodatErrorDetail>} codat-error - An operation failed: `{error, operation}`; `error` is usually a `ConnectionsError`,
 *   and its message is for developers (the user sees text from the catalogue). Rows of a list answer that cannot be shown are
 *   skipped and reported once per page, with code `invalid_response` and a message naming each problem.
 *
 * @csspart base - The component's wrapper.
 * @csspart header - The header holding the title and the link button.
 * @csspart title - The heading around the `header` slot.
 * @csspart link-button - The "Link a new connection" button.
 * @csspart refresh-button - The header's Refresh button, which reads the list again.
 * @csspart notice - A message above the list (list out of date, a connection removed elsewhere, rows that could not be shown).
 * @csspart notice-retry - The notice's Retry button, when retrying makes sense.
 * @csspart notice-dismiss - The notice's Dismiss button.
 * @csspart picker - The platform picker panel.
 * @csspart picker-search - The picker's search box.
 * @csspart picker-list - The list of platforms in the picker.
 * @csspart picker-item - One platform button in the picker.
 * @csspart picker-item-status - The state of the company's connection of that platform, when it has one.
 * @csspart filter - The text filter over loaded connections.
 * @csspart skeleton - The loading placeholder shown on first load.
 * @csspart list - The list of connections.
 * @csspart item - One connection row.
 * @csspart logo - A platform logo (an `img`, or a letter when no safe logo URL is known).
 * @csspart name - A platform name.
 * @csspart status - A row's status badge; it (and `picker-item-status`) also carries one `status-…` part for the state.
 * @csspart status-linked - Beside `status` or `picker-item-status`: data can be read.
 * @csspart status-pending - Beside `status` or `picker-item-status`: waiting for the user to authorize.
 * @csspart status-disconnected - Beside `status` or `picker-item-status`: ended by the user or the partner.
 * @csspart status-expired - Beside `status` or `picker-item-status`: the authorization lapsed or was withdrawn at the platform.
 * @csspart status-unknown - Beside `status` or `picker-item-status`: a state this version does not know.
 * @csspart meta - Source type and dates of a row.
 * @csspart errors - The expandable list of a row's active data connection errors.
 * @csspart freshness - A linked row's line about its data ("Data updated 2 hours ago"); also carries `freshness-warning` when data failed or is stale.
 * @csspart freshness-warning - Beside `freshness`, when a linked row's data failed or is stale.
 * @csspart datasets - The expandable list of a linked row's data types, with their state and dates.
 * @csspart access - A consent-based connection's expandable access (its `scopes` and `metrics`; not for Codat's).
 * @csspart scopes - In `access`: what the user shares, in words ("Not active" when the model says `null`).
 * @csspart metrics - In `access`: what the connection reads, in words ("All data" when the model says `null`).
 * @csspart actions - A row's action buttons.
 * @csspart reconnect-button - A row's Reconnect button.
 * @csspart unlink-button - A row's Unlink button.
 * @csspart delete-button - A row's Delete button.
 * @csspart refresh-data-button - A linked row's "Refresh data" button (with `actions` including `refresh` and the permission).
 * @csspart pending - A row's progress text while an action runs.
 * @csspart continue-link - The "continue in a new tab" link shown when the link popup was blocked.
 * @csspart row-message - A row's message after its action failed.
 * @csspart row-message-retry - The row message's Retry button, when retrying makes sense.
 * @csspart row-message-dismiss - The row message's Dismiss button.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's Retry button.
 * @csspart load-more - The "Load more" button.
 * @csspart dialog - The confirmation dialog.
 * @csspart dialog-confirm - The dialog's confirm button.
 * @csspart dialog-cancel - The dialog's cancel button.
 *
 * @cssproperty [--codat-font=system-ui, sans-serif] - Font family.
 * @cssproperty [--codat-accent=#2456d3] - Buttons, links and focus rings (dark: #8ab4ff).
 * @cssproperty [--codat-text=#1b1f24] - Text colour (dark: #e8eaed).
 * @cssproperty [--codat-muted=#56606c] - Secondary text (dark: #a9b1bc).
 * @cssproperty [--codat-surface=#ffffff] - Background (dark: #16181d).
 * @cssproperty [--codat-border=#d5d9df] - Borders and skeletons (dark: #3a3f4a).
 * @cssproperty [--codat-danger=#b3261e] - Errors and destructive actions (dark: #ff8a80).
 * @cssproperty [--codat-success=#146c2e] - The Linked badge (dark: #7fd99a).
 * @cssproperty [--codat-warning=#8a5300] - Pending and Deauthorized badges (dark: #ffc46b).
 * @cssproperty [--codat-radius=0.5rem] - Corner radius.
 * @cssproperty [--codat-space=1rem] - Base spacing; paddings and gaps are fractions of it.
 */
export class CodatConnections extends LitElement {
  static override styles = styles;

  static override properties = {
    tokenUrl: { attribute: 'token-url' },
    companyId: { attribute: 'company-id' },
    baseUrl: { attribute: 'base-url' },
    client: { attribute: false },
    source: { attribute: false },
    tokenProvider: { attribute: false },
    tokenTimeout: { attribute: 'token-timeout', type: Number },
    actions: {},
    connectionActions: { attribute: false },
    sourceTypes: { attribute: 'source-types' },
    platformKeys: { attribute: 'platform-keys' },
    pageSize: { attribute: 'page-size', type: Number },
    locale: {},
    theme: { reflect: true },
    linkMode: { attribute: 'link-mode' },
    noConfirm: { attribute: 'no-confirm', type: Boolean },
    staleAfter: { attribute: 'stale-after' },
    strings: { attribute: false },
    baseCatalogue: { state: true },
    resolvedLocale: { state: true },
    filterText: { state: true },
    announcement: { state: true },
    notice: { state: true },
  };

  /** URL of the token endpoint (POSTed to with cookies). Ignored when `client` or `tokenProvider` is set. */
  tokenUrl?: string;
  /** Company hint sent to the token endpoint; the grant decides which company is shown. */
  companyId?: string;
  /** Where operations go when the grant names no `baseUrl`. */
  baseUrl?: string;
  /** A ready client; wins over `token-url`, `tokenProvider`, `company-id` and `base-url`. */
  client?: ConnectionsClient;
  /**
   * Where connections come from, when not Codat's through the token endpoint: another model's
   * (`dataholderSource` from `@codat-connections/widget/dataholder`) or your own (see
   * docs/writing-a-source.md). Wins over `client`, `tokenProvider` and `token-url`. Actions the
   * source cannot carry out are never offered.
   */
  source?: ConnectionsSource;
  /** A function returning a token grant; wins over `token-url`. */
  tokenProvider?: TokenProvider;
  /** Milliseconds to wait for a grant, from the token endpoint (`token-url`) or `tokenProvider`, before the list fails with Retry; the core's 30 s when unset. */
  tokenTimeout?: number;
  /** Space-separated actions to offer, from `link reconnect unlink delete refresh`. */
  actions = 'link reconnect unlink';
  /**
   * Which actions a row offers, by connection, where they differ from `actions` (undefined keeps
   * `actions` for that row). What the source cannot do, or what the row's state does not allow,
   * is never offered. E.g. Xero's certification, where ending a connection means deleting it:
   * `(connection) => connection.platformKey === 'gbol' ? ['reconnect', 'delete', 'refresh'] : undefined`.
   */
  connectionActions?: ConnectionActionsFor;
  /** Space-separated source types to list and offer; all when empty. */
  sourceTypes = '';
  /** Space-separated platform keys to list and offer; all when empty. */
  platformKeys = '';
  /** Connections per page. */
  pageSize = 50;
  /** Locale of text and dates; else the nearest `lang` attribute, else the document's (followed as it changes). */
  locale?: string;
  /** Colour scheme: `light`, `dark` or `auto`. */
  theme: ConnectionsTheme = 'auto';
  /** `popup` opens Codat's link page in a popup; `redirect` navigates the page to it, and the first load handles the way back. */
  linkMode: LinkMode = 'popup';
  /** Skip the confirmation dialog before unlink and delete. */
  noConfirm = false;
  /** How old a linked connection's least recent data may be before its row warns (`90m`, `24h`, `7d`). */
  staleAfter = '24h';
  /** A partial catalogue overriding any built-in text (`status` and `states` labels merge one by one). */
  strings?: ConnectionsStringOverrides;

  /** The built-in catalogue of the current locale (loaded on demand). */
  private baseCatalogue: ConnectionsStrings = en;
  /**
   * The locale of the text and the dates, one value so that they never differ in language: the tag
   * asked for when a catalogue has its language (`pt-BR`), else English for both (see resolveLocale).
   */
  private resolvedLocale = 'en';
  /** Sees `lang` change on the element, its ancestors and `<html>`, while the element is connected. */
  private langObserver: MutationObserver | undefined;
  /** `baseCatalogue` with the `strings` overrides applied. */
  private catalogue: ConnectionsStrings = en;
  private filterText = '';
  private announcement = '';
  /** The message above the list, if any. */
  private notice: ShownMessage | undefined;
  /** Where connections come from: `source`, or made again whenever the properties that define it change. */
  private current: ConnectionsSource | undefined;
  private catalogueRun = 0;
  private pendingRedirect?: URLSearchParams;

  private readonly list = new ConnectionsListController(this);
  /** Loads the list again whenever the source or what it is asked for changes. */
  private readonly loader = new Task(this, {
    args: () => [this.current, this.pageSize, this.sourceTypes, this.platformKeys] as const,
    task: () => this.reload({ keep: false }),
  });
  private readonly platforms = new PlatformsController(this, () => this.current);
  private readonly rows = new RowActionsController(this);
  private readonly freshness = new FreshnessController(this);
  /** The link flow, loaded on first use beside the language chunks: most visits never link. */
  private linkFlow?: LinkFlowController;
  private readonly confirmation = new ConfirmController(this, () => this.renderRoot?.querySelector('dialog'));
  private readonly picker = new PickerController(this);
  /** The picker's and the dialog's templates and styles load on first use, beside the language chunks. */
  private pickerView?: typeof import('./templates/picker.js');
  private dialogView?: typeof import('./templates/dialog.js');
  /** What the features loaded on first use may use of the element (see host.ts). */
  private readonly host: ElementHost = {
    strings: () => this.catalogue,
    list: this.list,
    rows: this.rows,
    announce: (text) => this.announce(text),
    emit: (type, detail, cancelable) => this.emit(type, detail, cancelable),
    emitError: (error, operation) => this.emitError(error, operation),
    failRow: (id, signal, message, retry) => this.failRow(id, signal, message, retry),
    notify: (message) => void (this.notice = { message }),
    removedElsewhere: (connection, error, operation) => this.removedElsewhere(connection, error, operation),
    readFreshness: () => void (this.current && this.readFreshness(this.current)),
    rendered: () => this.updateComplete,
    findRow: (id) => this.findRow(id),
    findInRow: (id, selector) => this.findInRow(id, selector),
    restoreFocus: (target) => this.restoreFocus(target),
    neighbourOf: (id) => this.neighbourOf(id),
    focusAfterRemoval: (neighbour) => this.focusAfterRemoval(neighbour),
  };

  /** The connections loaded so far, normalized (read-only; a new array after every change). */
  get connections(): readonly ConnectionView[] {
    return this.list.connections;
  }

  /**
   * Why the list is not shown (or is shown out of date): the error of the list's last `codat-error`,
   * a misconfiguration (code `invalid_argument`), a refused token or a failed load; `undefined` while
   * it loads and once it has. Read it when adding a `codat-error` listener, to see an error raised
   * before the listener was there (an element in the page's HTML fails before the page's scripts run).
   */
  get error(): Error | undefined {
    return this.list.error;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.observeLang();
    window.addEventListener('online', this.onOnline);
    // The first update loads; a node moved elsewhere in the page (or put back) loads again, and
    // takes the language of where it now is.
    if (this.hasUpdated) {
      void this.loadCatalogue();
      void this.loader.run();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.langObserver?.disconnect();
    window.removeEventListener('online', this.onOnline);
  }

  /**
   * The browser is back online: a list that failed for want of the network is read again, as the
   * user's Retry would. Focus follows only when it was in the element (on that Retry).
   */
  private readonly onOnline = (): void => {
    if (!isNetworkFailure(this.list.error)) return;
    if (!this.shadowRoot?.activeElement) void this.refresh();
    else if (this.list.status === 'error') void this.retryList();
    else this.onNoticeClick('retry');
  };

  /** Reads the list (and the platforms) again from the first page, keeping the rows shown until the answer comes. */
  refresh(): Promise<void> {
    this.platforms.retry();
    return this.reload({ keep: true });
  }

  /**
   * Links a platform by key (e.g. `gbol`): reconnects the company's connection of that platform
   * when it has one that is pending, unlinked or deauthorized, else creates one. Call it inside a
   * click handler: the popup is opened synchronously so popup blockers allow it.
   */
  link(platformKey: string): Promise<void> {
    return this.startLink(platformKey);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale') || !this.hasUpdated) void this.loadCatalogue();
    if (changed.has('strings') || changed.has('baseCatalogue' as keyof CodatConnections) || !this.hasUpdated) {
      this.catalogue = mergeStrings(this.baseCatalogue, this.strings);
    }
    const sourceProperties = ['source', 'client', 'tokenProvider', 'tokenUrl', 'tokenTimeout', 'companyId', 'baseUrl'] as const;
    if (!this.hasUpdated || sourceProperties.some((key) => changed.has(key))) this.current = this.createSource();
  }

  private createSource(): ConnectionsSource | undefined {
    if (this.source) return this.source;
    if (this.client) return codatSource(this.client);
    const token = this.tokenProvider ?? this.tokenUrl;
    if (!token) return undefined;
    // A token-timeout that is not a positive number (NaN from an attribute of words) keeps the core's default.
    const tokenTimeout = this.tokenTimeout !== undefined && this.tokenTimeout > 0 ? this.tokenTimeout : undefined;
    return codatSource(createConnectionsClient({ token, companyId: this.companyId, baseUrl: this.baseUrl, ...(tokenTimeout && { tokenTimeout }) }));
  }

  private scope(): Scope {
    return { sourceTypes: words(this.sourceTypes), platformKeys: words(this.platformKeys) };
  }

  /**
   * Loads the first page. With `keep` (Refresh, Retry, `refresh()`), the rows shown stay while it
   * loads and, if it fails, stay marked as possibly out of date; a new source clears them at once.
   */
  private async reload({ keep }: { keep: boolean }): Promise<void> {
    // An open dialog asks about a connection of what was shown until now.
    this.confirmation.cancel();
    this.rows.abortAll();
    this.notice = undefined;
    const source = this.current;
    if (!source) return this.awaitSource();
    const pageSizeProblem = pageSizeError(this.pageSize, this.getAttribute('page-size'));
    if (pageSizeProblem) return this.misconfigured(pageSizeProblem);
    // Read here, not on connect: a framework may set `linkMode` just after appending the element.
    if (this.linkMode === 'redirect' && !this.hasUpdated) this.pendingRedirect ??= takeRedirectParams();
    let page;
    try {
      page = await this.list.load({ source, pageSize: this.pageSize, ...this.scope() }, { keep });
    } catch (error) {
      if (failureKind(error) === 'aborted') return;
      if (this.list.stale) this.notice = { message: { key: 'staleList' }, retry: 'reload' };
      this.announce(this.list.stale ? this.catalogue.staleList : this.catalogue.errorTitle);
      this.emitError(error, 'list');
      return;
    }
    if (!page) return;
    this.reportSkipped(page.problems);
    this.announce(this.catalogue.loaded(page.connections.length));
    this.emit('codat-ready', { connections: page.connections, totalResults: this.list.totalResults });
    if (this.pendingRedirect) void this.finishRedirect(source, this.pendingRedirect);
    this.pendingRedirect = undefined;
    void this.readFreshness(source);
  }

  /**
   * No source yet. A page often sets `source`, `client` or `tokenProvider` in a script that runs
   * after the element's first update (a module script, a framework's effect): only when none is
   * set once the page has loaded, and a task later, is it a misconfiguration.
   */
  private async awaitSource(): Promise<void> {
    this.list.reset();
    await pageSettled();
    if (!this.current && this.isConnected && this.list.status === 'idle') this.misconfigured(noSource());
  }

  /**
   * Configuration that keeps the list from loading: the error state (without Retry, which cannot
   * help), `error`, a console warning and a `codat-error`, all saying what to change.
   */
  private misconfigured(error: ConnectionsError): void {
    this.list.fail(error);
    console.warn(error.message);
    this.emitError(error, 'list');
  }

  /**
   * Reads how up to date the linked rows' data is, when the source can tell. Rows show it once it
   * comes; a failure leaves them without it and reaches developers in `codat-error`.
   */
  private async readFreshness(source: ConnectionsSource): Promise<void> {
    try {
      const datasets = await this.freshness.load(source, this.list.connections);
      if (datasets) this.list.setDatasets(datasets);
    } catch (error) {
      if (failureKind(error) !== 'aborted') this.emitError(error, (error as { operation?: Operation }).operation ?? 'pullOperations');
    }
  }

  /** The error state's Retry, which goes with the error state: focus waits on the skeleton, then goes to the first row (or a new failure's Retry). */
  private async retryList(): Promise<void> {
    const loading = this.reload({ keep: false });
    await this.refocus(() => this.findPart('skeleton'));
    await loading;
    await this.refocus(() => this.findPart('item') ?? this.findPart('retry-button') ?? this.findPart('refresh-button'));
  }

  private async loadMore(): Promise<void> {
    const before = this.list.connections.length;
    try {
      this.reportSkipped(await this.list.loadMore());
    } catch (error) {
      if (failureKind(error) === 'aborted') return;
      this.announce(this.catalogue.failed);
      this.emitError(error, 'list');
      return;
    }
    const added = this.list.connections.length - before;
    if (added > 0) this.announce(this.catalogue.loaded(added));
    // Load more is gone once everything is loaded: on to the first row it added.
    const first = this.list.connections[before];
    void this.refocus(() => (first && this.findRow(first.id)) ?? this.findPart('load-more'));
  }

  /** Rows of an answer that could not be shown: one `codat-error` naming them, and a notice. */
  private reportSkipped(problems: readonly string[]): void {
    if (problems.length === 0) return;
    this.notice = { message: { key: 'skippedRows', count: problems.length } };
    const error = new ConnectionsError(`list failed: ${problems.length} row(s) could not be shown: ${problems.join('; ')}`, {
      code: 'invalid_response',
      operation: 'list',
      status: 0,
    });
    this.emitError(error, 'list');
  }

  private async loadCatalogue(): Promise<void> {
    const run = ++this.catalogueRun;
    const locale = resolveLocale(this.effectiveLocale());
    const base = await loadStrings(locale);
    if (run !== this.catalogueRun) return;
    this.resolvedLocale = locale;
    this.baseCatalogue = base;
  }

  /**
   * The nearest `lang` decides the language unless `locale` is set, so a change of `lang` on the
   * element, on an ancestor (up to its root: `closest` stops at a shadow root) or on `<html>` loads
   * the catalogue again. Connecting observes the ancestors of where the element now is.
   */
  private observeLang(): void {
    this.langObserver?.disconnect();
    this.langObserver ??= new MutationObserver(() => {
      if (!this.locale) void this.loadCatalogue();
    });
    const options = { attributeFilter: ['lang'] };
    this.langObserver.observe(this, options);
    for (let node = this.parentElement; node; node = node.parentElement) this.langObserver.observe(node, options);
    this.langObserver.observe(document.documentElement, options);
  }

  private effectiveLocale(): string {
    return this.locale || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en';
  }

  /** The actions asked for (by `actions`, or `asked`) that the source can carry out (`can`). */
  private actionSet(asked: Iterable<string> = words(this.actions), can = sourceActions(this.current)): Set<string> {
    return new Set([...asked].filter((action) => can.has(action as ConnectionAction)));
  }

  // ----- events and announcements

  private emit<K extends keyof CodatConnectionsEventMap>(type: K, detail: CodatConnectionsEventMap[K]['detail'], cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  private emitError(error: unknown, operation: Operation): void {
    this.emit('codat-error', { error: error instanceof Error ? error : new Error(String(error)), operation });
  }

  /** Sets the polite live region; the same text twice is still announced (a zero-width toggle). */
  private announce(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u200b` : text;
  }

  /** Ends a row's action with a message on the row, announced too, unless a newer action took the row over. */
  private failRow(id: string, signal: AbortSignal, message: Message, retry?: RetryAction): void {
    if (this.rows.finish(id, signal, { message, ...(retry && { retry }) })) this.announce(messageText(this.catalogue, message));
  }

  // ----- linking

  private async startLink(target: string | ConnectionView, invoker?: HTMLElement): Promise<void> {
    const source = this.current;
    if (!source) return;
    // One connection per platform: a link for a platform the company has continues that connection.
    const known = typeof target === 'string' ? existingConnection(this.list.connections, target) : target;
    if (known?.state === 'linked') {
      this.announce(this.catalogue.alreadyConnected(displayName(this.catalogue, known), statusLabel(this.catalogue, known)));
      this.findRow(known.id)?.focus();
      return;
    }
    const rowId = known?.id ?? `platform:${target as string}`;
    // A second click while the link is under way (a double click) opens no second popup.
    if (this.rows.get(rowId)) return;
    // Opened before any await: a popup opened later than the click is blocked.
    const popup = openLinkPopup(this.linkMode, known, !!source.reauthorize);
    const signal = this.rows.start(rowId, { action: 'link' });
    if (known) void this.holdFocus(known.id);
    const flow = await this.load(rowId, signal, 'link', () => this.loadLinkFlow());
    if (flow) await flow.start(source, known ?? (target as string), rowId, { popup, signal }, invoker);
    else popup?.close();
  }

  /** After the user followed the continue link of a blocked popup: the connection is checked when they come back. */
  private async watchReturn(connection: ConnectionView): Promise<void> {
    const source = this.current;
    const signal = this.rows.signal(connection.id);
    if (!source || !signal) return;
    // Loaded already (the blocked link came from it): the listener is set in this click, not a tick later.
    const flow = this.linkFlow ?? (await this.loadLinkFlow());
    await flow.continued(source, connection, signal);
  }

  private async loadLinkFlow(): Promise<LinkFlowController> {
    const { LinkFlowController } = await import('./controllers/link-flow.js');
    this.linkFlow ??= new LinkFlowController(this, { element: this.host, mode: () => this.linkMode, navigate: (url) => this.navigate(url) });
    return this.linkFlow;
  }

  /** Sends the page to a (checked) link URL; the one seam tests and embedders can override. */
  protected navigate(url: string): void {
    window.location.assign(url);
  }

  /** After returning from a redirect link, once the list is loaded: shows the connection Codat's parameters name. */
  private async finishRedirect(source: ConnectionsSource, params: URLSearchParams): Promise<void> {
    const id = params.get('connectionId') ?? '';
    const signal = this.rows.start(id, { action: 'link' });
    const flow = await this.load(id, signal, 'link', () => this.loadLinkFlow());
    await flow?.returned(source, params, signal);
  }

  /**
   * A feature's chunk, loaded for a row already busy with it. When it cannot be fetched (the
   * network went away), the row says its action failed and offers Retry, and nothing is left busy.
   */
  private async load<T>(rowId: string, signal: AbortSignal, kind: 'link' | RowActionKind | 'refresh', loading: () => Promise<T>): Promise<T | undefined> {
    try {
      return await loading();
    } catch (error) {
      const row = this.list.connections.find((connection) => connection.id === rowId);
      const name = row ? displayName(this.catalogue, row) : '';
      const failed: Record<typeof kind, [Message, RetryAction]> = {
        link: [{ key: 'linkFailed' }, 'reconnect'],
        unlink: [{ key: 'unlinkFailed', name }, 'unlink'],
        delete: [{ key: 'deleteFailed', name }, 'delete'],
        refresh: [{ key: 'refreshFailed', name }, 'refresh-data'],
      };
      const [message, retry] = failed[kind];
      if (row) this.failRow(rowId, signal, message, retry);
      else if (this.rows.finish(rowId, signal)) this.host.notify(message);
      this.emitError(error, kind);
      return undefined;
    }
  }

  // ----- unlink and delete

  private async act(kind: RowActionKind, connection: ConnectionView): Promise<void> {
    if (!this.emit(`codat-before-${kind}`, { connection }, true)) return;
    if (!this.noConfirm) this.dialogView ??= await loadFeature(this.shadowRoot!, import('./templates/dialog.js'));
    if (!this.noConfirm && !(await this.confirmation.ask(kind, connection))) {
      await this.updateComplete;
      this.findInRow(connection.id, `[part~="${kind}-button"]`)?.focus();
      return;
    }
    // Read after the dialog, which a reload (a new source, perhaps another company) cancels.
    const source = this.current;
    if (!source) return;
    const signal = this.rows.start(connection.id, { action: kind });
    void this.holdFocus(connection.id);
    const actions = await this.load(connection.id, signal, kind, () => import('./actions.js'));
    await actions?.unlinkOrDelete(this.host, source, kind, connection, signal);
  }

  /** The connection no longer exists: its row goes, and a notice says so. */
  private removedElsewhere(connection: ConnectionView, error: unknown, operation: Operation): void {
    this.list.remove(connection.id);
    const message: Message = { key: 'removedElsewhere', name: displayName(this.catalogue, connection) };
    this.notice = { message };
    this.announce(messageText(this.catalogue, message));
    this.emitError(error, operation);
  }

  // ----- refreshing data

  /** "Refresh data" (see refresh-data.ts): the row is busy at once, while the feature loads. */
  private async refreshData(connection: ConnectionView): Promise<void> {
    const source = this.current;
    if (!source?.refreshData) return;
    const signal = this.rows.start(connection.id, { action: 'refresh' });
    void this.holdFocus(connection.id);
    const feature = await this.load(connection.id, signal, 'refresh', () => import('./refresh-data.js'));
    await feature?.refreshData(this.host, source, connection, signal);
  }

  // ----- clicks

  /** One listener for every row's buttons and messages, and the notice's, instead of closures per row. */
  private onClick(event: Event): void {
    const control = (event.target as Element).closest<HTMLElement>('[data-action]');
    const action = control?.dataset['action'];
    const id = control?.closest<HTMLElement>('[data-id]')?.dataset['id'];
    if (!control || !action) return;
    if (id === undefined) return this.onNoticeClick(action);
    const connection = this.list.connections.find((row) => row.id === id);
    if (!connection) return;
    if (action === 'dismiss') this.dismiss(id);
    else if (action === 'continue') void this.watchReturn(connection);
    else if (action === 'retry') this.runAction(control.dataset['retry'] ?? '', connection, control);
    else this.runAction(action, connection, control);
  }

  private runAction(action: string, connection: ConnectionView, control: HTMLElement): void {
    // The row's buttons hide once it is busy, but a double click lands before the render: the
    // second click would ask codat-before-… again and abort the first request for a second one.
    if (this.rows.get(connection.id)) return;
    if (action === 'reconnect') void this.startLink(connection, control);
    else if (action === 'unlink' || action === 'delete') void this.act(action, connection);
    else if (action === 'refresh-data') void this.refreshData(connection);
  }

  /** A row's message goes, and with it the Dismiss button the user pressed: focus goes on to the row's actions. */
  private dismiss(id: string): void {
    this.rows.dismiss(id);
    void this.refocus(() => this.findInRow(id, '[part~="actions"] button:not([hidden])') ?? this.findRow(id));
  }

  private onNoticeClick(action: string): void {
    if (action === 'retry') void this.refresh();
    this.notice = undefined;
    void this.refocus(() => this.findPart('refresh-button'));
  }

  // ----- focus helpers

  private findRow(connectionId: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`li[data-id="${CSS.escape(connectionId)}"]`);
  }

  private findInRow(connectionId: string, selector: string): HTMLElement | null {
    return this.findRow(connectionId)?.querySelector<HTMLElement>(selector) ?? null;
  }

  /**
   * Moves focus only when it was lost (its element left the DOM or hid), or is held on a row while
   * that row was busy (see `holdFocus`), never away from where the user is.
   */
  private restoreFocus(target: HTMLElement | null | undefined): void {
    const heldOnRow = document.activeElement === this && this.shadowRoot?.activeElement?.matches('li.item');
    if (this.focusDropped() || heldOnRow) target?.focus();
  }

  /**
   * Whether focus has fallen to the page: on <body>, on this element with nothing inside, or still on
   * a control that just hid. Firefox and WebKit leave focus on a control that stops being rendered
   * until a later task, where Chromium moves it to <body> as the control hides.
   */
  private focusDropped(): boolean {
    const active = document.activeElement;
    const inner = this.shadowRoot?.activeElement;
    return !active || active === document.body || (active === this && (!inner || inner.getClientRects().length === 0));
  }

  /** Once what changed is rendered, focus goes to `target()` if it was lost (the control the user pressed went). */
  private async refocus(target: () => HTMLElement | null | undefined): Promise<void> {
    await this.updateComplete;
    this.restoreFocus(target());
  }

  private findPart(part: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[part~="${part}"]`);
  }

  /**
   * A row just became busy: its buttons hide, and the one the user pressed would drop focus to the
   * page. Focus waits on the row itself until the action ends and puts it back on a control.
   */
  private async holdFocus(connectionId: string): Promise<void> {
    await this.updateComplete;
    if (this.focusDropped()) this.findRow(connectionId)?.focus();
  }

  /** The row to focus after one disappears: the next visible one, else the previous. */
  private neighbourOf(connectionId: string): string | undefined {
    const visible = this.visibleConnections();
    const index = visible.findIndex((row) => row.id === connectionId);
    return (visible[index + 1] ?? visible[index - 1])?.id;
  }

  private focusAfterRemoval(neighbour: string | undefined): void {
    (neighbour ? this.findRow(neighbour) : this.renderRoot.querySelector<HTMLElement>('[part~="link-button"], [part~="refresh-button"]'))?.focus();
  }

  // ----- picker

  private async togglePicker(): Promise<void> {
    this.pickerView ??= await loadFeature(this.shadowRoot!, import('./templates/picker.js'));
    this.picker.toggle();
    if (this.picker.open) this.platforms.retry();
  }

  private pick(platform: PlatformView): void {
    // startLink runs synchronously up to window.open, so the popup counts as opened by this click.
    void this.startLink(platform.key, this.renderRoot.querySelector<HTMLElement>('[part~="link-button"]') ?? undefined);
    this.picker.close();
  }

  // ----- rendering

  /** The rows shown: within `source-types` and `platform-keys`, and matching the filter text. */
  private visibleConnections(inScope = connectionsInScope(this.list.connections, this.scope())): readonly ConnectionView[] {
    return matchingConnections(inScope, this.filterText, (connection) => [
      statusLabel(this.catalogue, connection),
      connection.sourceType ? sourceTypeName(this.catalogue, connection.sourceType) : '',
    ]);
  }

  protected override render(): TemplateResult {
    const s = this.catalogue;
    const canLink = this.actionSet().has('link');
    const ready = this.list.status === 'ready';
    // The one click listener catches clicks of the buttons and links inside (data-action), which
    // the keyboard activates as clicks too: the wrapper itself is not a control.
    /* eslint-disable lit-a11y/click-events-have-key-events */
    return html`
      <div part="base" class="base" lang=${s.locale} @click=${this.onClick}>
        <div part="header" class="header">
          <h2 part="title" class="title" id="title"><slot name="header">${s.title}</slot></h2>
          <button
            part="refresh-button"
            class="button"
            type="button"
            ?disabled=${!ready}
            aria-busy=${this.list.refreshing ? 'true' : 'false'}
            @click=${this.refresh}
          >
            ${s.refresh}
          </button>
          ${
            canLink
              ? html`<button
                part="link-button"
                class="button primary"
                type="button"
                aria-expanded=${this.picker.open ? 'true' : 'false'}
                aria-controls="picker"
                ?disabled=${!ready}
                @click=${this.togglePicker}
              >
                ${s.linkNew}
              </button>`
              : nothing
          }
        </div>
        ${canLink && this.picker.open && this.pickerView ? this.renderPicker(this.pickerView) : nothing}
        ${this.notice ? messageTemplate(s, this.notice, 'notice') : nothing}
        ${this.renderBody()}
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
        ${this.dialogView?.dialogTemplate(s, this.confirmation.request, { closed: (value) => this.confirmation.closed(value) }) ?? nothing}
      </div>
    `;
    /* eslint-enable lit-a11y/click-events-have-key-events */
  }

  private renderBody(): TemplateResult | typeof nothing {
    const s = this.catalogue;
    const inScope = connectionsInScope(this.list.connections, this.scope());
    const can = sourceActions(this.current);
    const rowActions = this.actionSet(undefined, can);
    const locale = this.resolvedLocale;
    const staleAfter = parseDuration(this.staleAfter) ?? defaultStaleAfter;
    const row = (connection: ConnectionView): RowView => {
      const busy = this.rows.get(connection.id);
      const own = this.connectionActions?.(connection);
      const actions = own ? this.actionSet(own, can) : rowActions;
      return {
        connection,
        logoUrl: connection.logoUrl ?? this.platforms.find(connection.platformKey)?.logoUrl,
        busy,
        message: this.rows.message(connection.id),
        canReconnect: !busy && actions.has('reconnect') && reconnectable.has(connection.state),
        canUnlink: !busy && actions.has('unlink') && connection.state === 'linked',
        canDelete: !busy && actions.has('delete'),
        canRefreshData: !busy && actions.has('refresh') && connection.state === 'linked',
        staleAfter,
        strings: s,
        locale,
      };
    };
    return bodyTemplate(
      {
        strings: s,
        status: this.list.status,
        failure: listFailure(this.list.error),
        canRetry: !isMisconfiguration(this.list.error),
        inScope,
        visible: this.visibleConnections(inScope),
        filterText: this.filterText,
        hasMore: this.list.hasMore,
        loadingMore: this.list.loadingMore,
        loaded: this.list.connections.length,
        totalResults: this.list.totalResults,
        row,
      },
      {
        filter: (text) => (this.filterText = text),
        retry: () => void this.retryList(),
        loadMore: () => void this.loadMore(),
        look: (event) => this.showExactTime(event),
      },
    );
  }

  private renderPicker({ pickerTemplate }: typeof import('./templates/picker.js')): TemplateResult {
    const ready = this.platforms.status === TaskStatus.COMPLETE;
    const offered = ready ? platformsOffered(this.platforms.platforms, this.scope(), this.picker.query) : [];
    return pickerTemplate(
      {
        strings: this.catalogue,
        status: this.platforms.status,
        query: this.picker.query,
        entries: offered.map((platform) => ({ platform, existing: existingConnection(this.list.connections, platform.key) })),
      },
      {
        search: (query) => this.picker.search(query),
        close: () => this.picker.close(),
        pick: (platform) => this.pick(platform),
        keydown: (event) => this.picker.keydown(event),
      },
    );
  }

  /**
   * Formats exact times when someone looks (2,000 date formats per 1,000 rows would slow the first
   * render), each time, so that they follow the row's dates and the locale: every date of a row that
   * gets focus (they show beside their relative time while it has it), or one date hovered (its title).
   */
  private showExactTime({ target }: { target: EventTarget | null }): void {
    if (!(target instanceof Element)) return;
    const times = target instanceof HTMLTimeElement ? [target] : target.closest('.item')?.querySelectorAll('time[datetime]');
    const locale = this.resolvedLocale;
    for (const time of (times ?? []) as Iterable<HTMLTimeElement>) time.title = time.dataset['exact'] = exactTime(time.dateTime, locale) ?? '';
  }

  protected override updated(): void {
    // The focused row shows its exact times (see the styles): a new locale or date must reach them at once.
    this.showExactTime({ target: this.shadowRoot!.activeElement });
  }
}
