import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createConnectionsClient, type ConnectionsClient, type TokenProvider } from '@codat-connections/core';
import { styles } from './connections.styles.js';
import { codatSource } from './codat/source.js';
import { maxPageSize, pageSizeError } from './configuration.js';
import { ChunksController } from './controllers/chunks.js';
import { ConfirmController } from './controllers/confirm.js';
import { FocusController } from './controllers/focus.js';
import { FreshnessController } from './controllers/freshness.js';
import { takeRedirectParams, type LinkMode } from './controllers/link-start.js';
import { RowActionsController } from './controllers/row-actions.js';
import { ListController, type ListQuery } from './controllers/list.js';
import { LiveController } from './controllers/live.js';
import { LocaleController } from './controllers/locale.js';
import { PickerController } from './controllers/picker.js';
import { PlatformsController } from './controllers/platforms.js';
import { RowsController } from './controllers/rows.js';
import { isMisconfiguration, listFailure } from './failures.js';
import { connectionsInScope, matchingConnections, pickerEntries, words, type Scope } from './filter.js';
import { ExactTimesController } from './exact-times.js';
import { parseDuration } from './freshness.js';
import { adoptFeatureStyles, Lazy } from './lazy.js';
import { Memo } from './memo.js';
import { Presenter } from './presenter.js';
import { RowGroups } from './row-groups.js';
import { offeredActions, rowViews, sourceActions, type ConnectionAction, type RowAction, type RowView, type RowViews } from './row-view.js';
import type { ConnectionsSource, ReturnedLink } from './source.js';
import type { ConnectionsStringOverrides } from './strings/index.js';
import { bodyTemplate } from './templates/list.js';
import { messageTemplate } from './templates/message.js';
import { showExactTimes } from './templates/row.js';
import { sourceTypeName, statusLabel } from './labels.js';
import type { ConnectionView, PlatformView } from './view-model.js';

export type { ConnectionAction, LinkMode };
/**
 * Which actions a row offers for a connection; undefined keeps the element's `actions` for that row.
 * `refresh` is an older name for `refresh-data`.
 */
export type ConnectionActionsFor = (connection: ConnectionView) => Iterable<ConnectionAction | 'refresh'> | undefined;
export type ConnectionsTheme = 'light' | 'dark' | 'auto';

/** `stale-after` when it is missing or not a duration: a day. */
const defaultStaleAfter = 24 * 3_600_000;

/**
 * @summary Lists a company's Codat data connections and lets the user link, reconnect, unlink and
 * delete them, with a short-lived token from the page's own backend. With `source`, another
 * model's connections (a user's consents to dataholders) or your own.
 *
 * @attr token-url - URL of the token endpoint (POSTed to with cookies); see `@codat-connections/server`.
 * @attr company-id - Company hint sent to the token endpoint; the grant decides.
 * @attr base-url - Where operations go when the grant names no `baseUrl`.
 * @attr actions - Space-separated actions to offer, from `link reconnect unlink delete refresh-data`. Default `link reconnect unlink`.
 *   `refresh-data` ("Refresh data" on linked rows; `refresh` is an older name for it) shows only when the grant's permissions include `connections:refresh`.
 * @attr source-types - Space-separated source types (e.g. `Accounting Banking`) to list and offer; all when empty.
 * @attr platform-keys - Space-separated platform keys (e.g. `gbol qhyg`) to list and offer; all when empty.
 * @attr page-size - Connections per page (1..5000). Default `50`.
 * @attr locale - BCP 47 locale of the text and dates; else the nearest `lang`, else the document's (followed as it changes). A language without a catalogue gives English text and dates.
 * @attr theme - `light`, `dark` or `auto` (follows `prefers-color-scheme`). Default `auto`.
 * @attr link-mode - `popup` (default) opens Codat's link page in a popup; `redirect` navigates to it and,
 *   on return, gets the connection Codat's redirect parameters (or the source's own, `redirectReturn`) name: `codat-linked`
 *   when it is `Linked`, `codat-error` when a failure is reported, an announcement only when it is not linked yet.
 * @attr no-confirm - Unlink and delete without the confirmation dialog.
 * @attr token-timeout - Milliseconds to wait for a grant, from the token endpoint (`token-url`) or `tokenProvider`, before the error state with Retry. Default `30000`.
 * @attr live - `off` stops following changes made elsewhere (linked on another device, revoked at the platform, another
 *   admin's unlink or delete, a read finishing). By default the element follows them where the source can (Codat's through
 *   the backend's event stream), and otherwise reads the list again when the page is shown again.
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
 * @event {CustomEvent<CodatChangedDetail>} codat-changed - A connection changed elsewhere and the row shows it (with `live` not `off`):
 *   `{connection, origin: 'remote', removed}`. The event the user's own change would dispatch comes too (`codat-linked`, `codat-unlinked`,
 *   `codat-deleted`, `codat-refreshed`).
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
 * @csspart freshness - A row's line about its data ("Data updated 2 hours ago"; on a row not linked, "No longer updating: data last read 3 weeks ago"); also carries `freshness-warning` when data failed, is stale or no longer updates.
 * @csspart freshness-warning - Beside `freshness`, when a row's data failed, is stale, or no longer updates (the row is not linked).
 * @csspart datasets - The expandable list of a row's data types, with their state and dates.
 * @csspart access - A consent-based connection's expandable access (its `scopes` and `metrics`; not for Codat's).
 * @csspart scopes - In `access`: what the user shares, in words ("Not active" when the model says `null`).
 * @csspart metrics - In `access`: what the connection reads, in words ("All data" when the model says `null`).
 * @csspart actions - A row's action buttons.
 * @csspart reconnect-button - A row's Reconnect button.
 * @csspart unlink-button - A row's Unlink button.
 * @csspart delete-button - A row's Delete button.
 * @csspart refresh-data-button - A linked row's "Refresh data" button (with `actions` including `refresh-data` and the permission).
 * @csspart pending - A row's progress text while an action runs.
 * @csspart continue-link - The "continue in a new tab" link shown when the link popup was blocked.
 * @csspart row-message - A row's message after its action failed.
 * @csspart row-message-retry - The row message's Retry button, when retrying makes sense.
 * @csspart row-message-dismiss - The row message's Dismiss button.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The error state's Retry button.
 * @csspart load-more - The "Load more" button.
 * @csspart load-more-busy - Beside `load-more` while its page loads (it stays focusable, `aria-disabled`): dimmed, with a progress cursor, unless restyled.
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

  /** URL of the token endpoint (POSTed to with cookies). Ignored when `client` or `tokenProvider` is set. */
  @property({ attribute: 'token-url' }) tokenUrl?: string;
  /** Company hint sent to the token endpoint; the grant decides which company is shown. */
  @property({ attribute: 'company-id' }) companyId?: string;
  /** Where operations go when the grant names no `baseUrl`. */
  @property({ attribute: 'base-url' }) baseUrl?: string;
  /**
   * A ready client; wins over `token-url`, `tokenProvider`, `company-id` and `base-url`. It has no
   * token options to follow changes with: for `live`, give `source: codatSource(client, { watch: { token } })`.
   */
  @property({ attribute: false }) client?: ConnectionsClient;
  /**
   * Where connections come from, when not Codat's through the token endpoint: another model's
   * (`dataholderSource` from `@codat-connections/widget/dataholder`) or your own (see
   * docs/writing-a-source.md). Wins over `client`, `tokenProvider` and `token-url`. Actions the
   * source cannot carry out are never offered.
   */
  @property({ attribute: false }) source?: ConnectionsSource;
  /** A function returning a token grant; wins over `token-url`. */
  @property({ attribute: false }) tokenProvider?: TokenProvider;
  /** Milliseconds to wait for a grant, from the token endpoint (`token-url`) or `tokenProvider`, before the list fails with Retry; the core's 30 s when unset. */
  @property({ attribute: 'token-timeout', type: Number }) tokenTimeout?: number;
  /** Space-separated actions to offer, from `link reconnect unlink delete refresh-data`. */
  @property() actions = 'link reconnect unlink';
  /**
   * Which actions a row offers, by connection, where they differ from `actions` (undefined keeps
   * `actions` for that row). What the source cannot do, or what the row's state does not allow,
   * is never offered. E.g. Xero's certification, where ending a connection means deleting it:
   * `(connection) => connection.platformKey === 'gbol' ? ['reconnect', 'delete', 'refresh-data'] : undefined`.
   */
  @property({ attribute: false }) connectionActions?: ConnectionActionsFor;
  /** Space-separated source types to list and offer; all when empty. */
  @property({ attribute: 'source-types' }) sourceTypes = '';
  /** Space-separated platform keys to list and offer; all when empty. */
  @property({ attribute: 'platform-keys' }) platformKeys = '';
  /** Connections per page. */
  @property({ attribute: 'page-size', type: Number }) pageSize = 50;
  /** Locale of text and dates; else the nearest `lang` attribute, else the document's (followed as it changes). */
  @property() locale?: string;
  /** Colour scheme: `light`, `dark` or `auto`. */
  @property({ reflect: true }) theme: ConnectionsTheme = 'auto';
  /** `popup` opens Codat's link page in a popup; `redirect` navigates the page to it, and the first load handles the way back. */
  @property({ attribute: 'link-mode' }) linkMode: LinkMode = 'popup';
  /** Skip the confirmation dialog before unlink and delete. */
  @property({ attribute: 'no-confirm', type: Boolean }) noConfirm = false;
  /** How old a linked connection's least recent data may be before its row warns (`90m`, `24h`, `7d`). */
  @property({ attribute: 'stale-after' }) staleAfter = '24h';
  /**
   * `off` stops following changes made elsewhere: the rows then change only when the list is read
   * (Refresh, Retry, `refresh()`) and after the user's own actions.
   */
  @property() live: 'on' | 'off' = 'on';
  /** A partial catalogue overriding any built-in text (`status` and `states` labels merge one by one). */
  @property({ attribute: false }) strings?: ConnectionsStringOverrides;

  @state() private filterText = '';

  /** Where connections come from: `source`, or made again whenever the properties that define it change. */
  private current: ConnectionsSource | undefined;
  /** What the return from a redirect link says (the source's return parameters), handled once the first page is shown. */
  private pendingRedirect: ReturnedLink | undefined;
  /** The row views of the last render, kept while a row shows the same thing. */
  private rowViews: RowViews | undefined;
  private readonly rowGroups = new RowGroups();
  private readonly inScope = new Memo<readonly ConnectionView[]>();
  private readonly visible = new Memo<readonly ConnectionView[]>();

  private readonly language = new LocaleController(this);
  private readonly list = new ListController(this, { query: () => this.query(), report: (outcome) => this.onList(outcome) });
  private readonly platforms = new PlatformsController(this, () => this.current);
  private readonly rows = new RowsController(this);
  private readonly focusing = new FocusController(this);
  private readonly confirm = new ConfirmController(this, () => this.renderRoot?.querySelector('dialog'));
  private readonly picker = new PickerController(this);
  private readonly chunks = new ChunksController(this);
  private readonly exactTimes = new ExactTimesController(
    this,
    () => this.language.locale,
    () => this.chunks.rendering,
  );
  private readonly presenter = new Presenter({
    host: this,
    list: this.list,
    rows: this.rows,
    focus: this.focusing,
    confirm: this.confirm,
    freshness: new FreshnessController(),
    strings: () => this.language.strings,
    source: () => this.current,
    visible: () => this.visibleConnections(),
  });
  private readonly actionsOfRows = new RowActionsController({
    host: this,
    list: this.list,
    rows: this.rows,
    focus: this.focusing,
    confirm: this.confirm,
    presenter: this.presenter,
    source: () => this.current,
    platforms: this.platforms,
    strings: () => this.language.strings,
    linkMode: () => this.linkMode,
    noConfirm: () => this.noConfirm,
    navigate: (url) => this.navigate(url),
    reads: (connectionId) => this.following.reads(connectionId),
  });
  private readonly following = new LiveController(this, {
    enabled: () => this.live !== 'off',
    connections: () => this.list.connections,
    busy: (id) => this.rows.busy(id) !== undefined,
    listRequest: () => ({ page: 1, pageSize: Math.min(Math.max(this.pageSize, this.list.connections.length), maxPageSize), ...this.scope() }),
    apply: (change) => this.presenter.applyRemote(change),
    failed: (error) => this.presenter.emitError(error, 'watch'),
  });
  /** The platform picker loads on first use, beside the language chunks. */
  private readonly pickerView = new Lazy(() => import('./templates/picker.js'));

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

  /** Reads the list (and the platforms) again from the first page, keeping the rows shown until the answer comes. */
  refresh(): Promise<void> {
    this.platforms.retry();
    return this.list.reload({ keep: true });
  }

  /**
   * Links a platform by key (e.g. `gbol`): reconnects the company's connection of that platform
   * when it has one that is pending, unlinked or deauthorized, else creates one (a linked one ends
   * there, except for a banking aggregator, source type `Banking`, which gets another beside it). Call it inside a
   * click handler: the popup is opened synchronously so popup blockers allow it.
   */
  link(platformKey: string): Promise<void> {
    return this.actionsOfRows.link(platformKey);
  }

  /** Sends the page to a (checked) link URL; the one seam tests and embedders can override. */
  protected navigate(url: string): void {
    window.location.assign(url);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const sourceProperties = ['source', 'client', 'tokenProvider', 'tokenUrl', 'tokenTimeout', 'companyId', 'baseUrl'] as const;
    if (!this.hasUpdated || sourceProperties.some((key) => changed.has(key))) {
      this.current = this.createSource();
      this.following.stop();
    }
    if (this.hasUpdated && changed.has('live')) {
      if (this.live === 'off') this.following.stop();
      else if (this.list.status === 'ready' && this.current) void this.following.follow(this.current);
    }
    // Read here, not on connect: a framework may set `linkMode` just after appending the element.
    if (!this.hasUpdated && this.linkMode === 'redirect') this.pendingRedirect = takeRedirectParams(this.current?.redirectReturn);
  }

  private createSource(): ConnectionsSource | undefined {
    if (this.source) return this.source;
    if (this.client) return codatSource(this.client);
    const token = this.tokenProvider ?? this.tokenUrl;
    if (!token) return undefined;
    // A token-timeout that is not a positive number (NaN from an attribute of words) keeps the core's default.
    const tokenTimeout = this.tokenTimeout !== undefined && this.tokenTimeout > 0 ? this.tokenTimeout : undefined;
    const options = { token, companyId: this.companyId, baseUrl: this.baseUrl, ...(tokenTimeout && { tokenTimeout }) };
    return codatSource(createConnectionsClient(options), { watch: options });
  }

  private scope(): Scope {
    return { sourceTypes: words(this.sourceTypes), platformKeys: words(this.platformKeys) };
  }

  /** What the list is asked for: a change of any of it reads the list again. */
  private query(): ListQuery {
    const misconfiguration = pageSizeError(this.pageSize, this.getAttribute('page-size'));
    return { source: this.current, pageSize: this.pageSize, ...this.scope(), misconfiguration };
  }

  private onList(outcome: Parameters<Presenter['applyList']>[0]): void {
    if (outcome.kind === 'list-failed' && isMisconfiguration(outcome.error)) console.warn((outcome.error as Error).message);
    this.presenter.applyList(outcome);
    if (outcome.kind === 'loaded' && !outcome.more && this.current) void this.following.follow(this.current);
    const redirect = this.pendingRedirect;
    if (outcome.kind === 'loaded' && !outcome.more && redirect) {
      this.pendingRedirect = undefined;
      void this.actionsOfRows.returnFromRedirect(redirect);
    }
  }

  // ----- clicks

  /** One listener for every row's buttons and messages, and the notice's, instead of closures per row. */
  private onClick(event: Event): void {
    const control = (event.target as Element).closest<HTMLElement>('[data-action]');
    const action = control?.dataset['action'];
    if (!control || !action) return;
    const id = control.closest<HTMLElement>('[data-id]')?.dataset['id'];
    if (id === undefined) return this.onNoticeClick(action);
    const connection = this.list.find(id);
    if (!connection) return;
    if (action === 'dismiss') {
      this.rows.dismiss(id);
      void this.focusing.restore(() => this.focusing.inRow(id, 'reconnect-button', 'unlink-button', 'refresh-data-button', 'delete-button'));
    } else if (action === 'continue') {
      this.actionsOfRows.continueInTab(connection);
    } else {
      this.actionsOfRows.start((action === 'retry' ? control.dataset['retry'] : action) as RowAction, connection, control);
    }
  }

  private onNoticeClick(action: string): void {
    if (action === 'retry') void this.refresh();
    this.presenter.setNotice(undefined);
    void this.focusing.restore(() => this.focusing.part('refresh-button'));
  }

  // ----- picker

  private async togglePicker(): Promise<void> {
    try {
      const picker = this.pickerView.value ?? (await this.pickerView.load('integrations'));
      adoptFeatureStyles(this.shadowRoot!, picker.styles);
    } catch (error) {
      this.presenter.announce(this.language.strings.failed);
      this.presenter.emitError(error, 'integrations');
      return;
    }
    this.picker.toggle();
    if (this.picker.open) this.platforms.retry();
  }

  private pick(platform: PlatformView): void {
    // The link runs synchronously up to window.open, so the popup counts as opened by this click.
    void this.actionsOfRows.link(platform.key, this.focusing.part('link-button') ?? undefined);
    this.picker.close();
  }

  // ----- rendering

  /** The connections within `source-types` and `platform-keys`: the same array while those and the list are the same. */
  private connectionsInScope(): readonly ConnectionView[] {
    const connections = this.list.connections;
    return this.inScope.get([connections, this.sourceTypes, this.platformKeys], () => connectionsInScope(connections, this.scope()));
  }

  /** The rows shown: in scope, and matching the filter text; the same array while those and the language are the same. */
  private visibleConnections(): readonly ConnectionView[] {
    const inScope = this.connectionsInScope();
    const s = this.language.strings;
    return this.visible.get([inScope, this.filterText, s], () =>
      matchingConnections(inScope, this.filterText, (connection) => [
        statusLabel(s, connection),
        connection.sourceType ? sourceTypeName(s, connection.sourceType) : '',
      ]),
    );
  }

  /** The row views of `visible`, each kept from the last render while its row shows the same thing. */
  private buildRows(visible: readonly ConnectionView[]): readonly RowView[] {
    const can = sourceActions(this.current);
    const offered = offeredActions(this.actions, can);
    const { strings, locale } = this.language;
    this.rowViews = rowViews(
      visible,
      {
        inputs: [this.actions, [...can].join(' '), this.connectionActions, this.platforms.platforms],
        rowStates: this.rows.version,
        offered: (connection) => {
          const own = this.connectionActions?.(connection);
          return own ? offeredActions(own, can) : offered;
        },
        busy: (id) => this.rows.busy(id),
        message: (id) => this.rows.message(id),
        logoUrl: (connection) => connection.logoUrl ?? this.platforms.find(connection.platformKey)?.logoUrl,
        staleAfter: parseDuration(this.staleAfter) ?? defaultStaleAfter,
        strings,
        locale,
      },
      this.rowViews,
    );
    return this.rowViews.list;
  }

  protected override render(): TemplateResult {
    const s = this.language.strings;
    const canLink = offeredActions(this.actions, sourceActions(this.current)).has('link');
    const ready = this.list.status === 'ready';
    const inScope = this.connectionsInScope();
    const visible = this.visibleConnections();
    const rows = this.chunks.select(this.buildRows(visible), (row) => this.rowGroups.holds(row.connection.id));
    const groups = this.rowGroups.split(rows);
    const picker = canLink && this.picker.open ? this.pickerView.value : undefined;
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
        ${
          picker
            ? picker.pickerTemplate(
                {
                  strings: s,
                  status: this.platforms.status,
                  query: this.picker.query,
                  entries: pickerEntries(this.platforms.platforms, this.list.connections, this.scope(), this.picker.query),
                },
                {
                  search: (query) => this.picker.search(query),
                  close: () => this.picker.close(),
                  pick: (platform) => this.pick(platform),
                  keydown: (event) => this.picker.keydown(event),
                },
              )
            : nothing
        }
        ${this.presenter.notice ? messageTemplate(s, this.presenter.notice, 'notice') : nothing}
        ${bodyTemplate(
          {
            strings: s,
            status: this.list.status,
            failure: listFailure(this.list.error),
            canRetry: !isMisconfiguration(this.list.error),
            empty: inScope.length === 0,
            groups,
            noMatch: visible.length === 0,
            filterText: this.filterText,
            hasMore: this.list.hasMore,
            loadingMore: this.list.loadingMore,
            loaded: this.list.connections.length,
            totalResults: this.list.totalResults,
          },
          {
            filter: (text) => (this.filterText = text),
            retry: () => void this.list.reload({ keep: false }),
            loadMore: () => void this.list.loadMore(),
            look: (event) => showExactTimes(event.target, this.language.locale),
          },
        )}
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.presenter.announcement}</div>
        ${this.actionsOfRows.dialog.value?.dialogTemplate(s, this.confirm.request, { closed: (value) => this.confirm.closed(value) }, this.current?.provider) ?? nothing}
      </div>
    `;
    /* eslint-enable lit-a11y/click-events-have-key-events */
  }

  protected override updated(): void {
    // The focused row shows its exact times (see the styles): a new locale or date must reach them at once.
    showExactTimes(this.shadowRoot!.activeElement, this.language.locale);
  }
}
