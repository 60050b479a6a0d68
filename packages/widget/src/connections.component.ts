import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { guard } from 'lit/directives/guard.js';
import {
  createConnectionsClient,
  isOpenableUrl,
  type Connection,
  type ConnectionsClient,
  type Integration,
  type Operation,
  type TokenProvider,
} from '@codat-connections/core';
import { styles } from './connections.styles.js';
import type { CodatConnectionsEventMap } from './events.js';
import { ConnectionsListController } from './controllers/connections-list.js';
import { IntegrationsController } from './controllers/integrations.js';
import { RowActionsController, type RowState } from './controllers/row-actions.js';
import { en, loadStrings, mergeStrings, type ConnectionsStrings, type ConnectionsStringOverrides } from './strings/index.js';
import { exactTime, relativeTime } from './format.js';

/** An action a row or the header may offer. */
export type ConnectionAction = 'link' | 'reconnect' | 'unlink' | 'delete';
export type ConnectionsTheme = 'light' | 'dark' | 'auto';
export type LinkMode = 'popup' | 'redirect';

/** Codat's query parameters on the redirect back after linking. */
const redirectParams = ['statusCode', 'statusText', 'connectionId', 'companyId', 'errorMessage'] as const;
const reconnectable = new Set(['PendingAuth', 'Unlinked', 'Deauthorized']);
// A Map, not an object: a status from the API named like an Object property ("constructor") is just unknown.
const statusParts = new Map([
  ['PendingAuth', 'status-pending'],
  ['Linked', 'status-linked'],
  ['Unlinked', 'status-unlinked'],
  ['Deauthorized', 'status-deauthorized'],
]);
const popupFeatures = 'popup,width=600,height=720';

const words = (value: string | undefined): string[] => (value ?? '').split(/[\s,]+/).filter(Boolean);

/**
 * @summary Lists a company's Codat data connections and lets the user link, reconnect, unlink and
 * delete them, with a short-lived token from the page's own backend.
 *
 * @attr token-url - URL of the token endpoint (POSTed to with cookies); see `@codat-connections/server`.
 * @attr company-id - Company hint sent to the token endpoint; the grant decides.
 * @attr base-url - Where operations go when the grant names no `baseUrl`.
 * @attr actions - Space-separated actions to offer, from `link reconnect unlink delete`. Default `link reconnect unlink`.
 * @attr source-types - Space-separated source types (e.g. `Accounting Banking`) to list and offer; all when empty.
 * @attr platform-keys - Space-separated platform keys (e.g. `gbol qhyg`) to list and offer; all when empty.
 * @attr page-size - Connections per page (1..5000). Default `50`.
 * @attr locale - BCP 47 locale of the text and dates; else the nearest `lang`, else the document's.
 * @attr theme - `light`, `dark` or `auto` (follows `prefers-color-scheme`). Default `auto`.
 * @attr link-mode - `popup` (default) opens Codat's link page in a popup; `redirect` navigates to it and,
 *   on return, gets the connection Codat's redirect parameters name: `codat-linked` when it is `Linked`,
 *   `codat-error` when Codat reports a failure, an announcement only when it is not linked yet.
 * @attr no-confirm - Unlink and delete without the confirmation dialog.
 *
 * @slot header - The title above the list. Default: "Connections".
 * @slot empty - Shown when the company has no connections.
 *
 * @event {CustomEvent<CodatReadyDetail>} codat-ready - The first page is shown: `{connections, totalResults}`.
 * @event {CustomEvent<CodatConnectionDetail>} codat-link-started - A connection is being authorized: `{connection}`.
 * @event {CustomEvent<CodatConnectionDetail>} codat-linked - A connection became `Linked`: `{connection}`.
 * @event {CustomEvent<CodatConnectionDetail>} codat-link-cancelled - The user closed the link window first: `{connection}`.
 * @event {CustomEvent<CodatConnectionDetail>} codat-before-unlink - Cancelable; `preventDefault()` stops the unlink: `{connection}`.
 * @event {CustomEvent<CodatConnectionDetail>} codat-before-delete - Cancelable; `preventDefault()` stops the delete: `{connection}`.
 * @event {CustomEvent<CodatConnectionDetail>} codat-unlinked - A connection was unlinked: `{connection}` (the updated one).
 * @event {CustomEvent<CodatDeletedDetail>} codat-deleted - A connection was deleted: `{connectionId}`.
 * @event {CustomEvent<CodatErrorDetail>} codat-error - An operation failed: `{error, operation}`; `error` is usually a `ConnectionsError`,
 *   and its message is for developers (the user sees text from the catalogue).
 *
 * @csspart base - The component's wrapper.
 * @csspart header - The header holding the title and the link button.
 * @csspart title - The heading around the `header` slot.
 * @csspart link-button - The "Link a new connection" button.
 * @csspart picker - The platform picker panel.
 * @csspart picker-search - The picker's search box.
 * @csspart picker-list - The list of platforms in the picker.
 * @csspart picker-item - One platform button in the picker.
 * @csspart filter - The text filter over loaded connections.
 * @csspart skeleton - The loading placeholder shown on first load.
 * @csspart list - The list of connections.
 * @csspart item - One connection row.
 * @csspart logo - A platform logo (an `img`, or a letter when no safe logo URL is known).
 * @csspart name - A platform name.
 * @csspart status - A status badge; also carries `status-linked`, `status-pending`, `status-unlinked`, `status-deauthorized` or `status-other`.
 * @csspart meta - Source type and dates of a row.
 * @csspart errors - The expandable list of a row's active data connection errors.
 * @csspart actions - A row's action buttons.
 * @csspart reconnect-button - A row's Reconnect button.
 * @csspart unlink-button - A row's Unlink button.
 * @csspart delete-button - A row's Delete button.
 * @csspart pending - A row's progress text while an action runs.
 * @csspart continue-link - The "continue in a new tab" link shown when the link popup was blocked.
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
    tokenProvider: { attribute: false },
    actions: {},
    sourceTypes: { attribute: 'source-types' },
    platformKeys: { attribute: 'platform-keys' },
    pageSize: { attribute: 'page-size', type: Number },
    locale: {},
    theme: { reflect: true },
    linkMode: { attribute: 'link-mode' },
    noConfirm: { attribute: 'no-confirm', type: Boolean },
    strings: { attribute: false },
    baseCatalogue: { state: true },
    pickerOpen: { state: true },
    pickerQuery: { state: true },
    filterText: { state: true },
    announcement: { state: true },
    confirming: { state: true },
  };

  /** URL of the token endpoint (POSTed to with cookies). Ignored when `client` or `tokenProvider` is set. */
  tokenUrl?: string;
  /** Company hint sent to the token endpoint; the grant decides which company is shown. */
  companyId?: string;
  /** Where operations go when the grant names no `baseUrl`. */
  baseUrl?: string;
  /** A ready client; wins over `token-url`, `tokenProvider`, `company-id` and `base-url`. */
  client?: ConnectionsClient;
  /** A function returning a token grant; wins over `token-url`. */
  tokenProvider?: TokenProvider;
  /** Space-separated actions to offer, from `link reconnect unlink delete`. */
  actions = 'link reconnect unlink';
  /** Space-separated source types to list and offer; all when empty. */
  sourceTypes = '';
  /** Space-separated platform keys to list and offer; all when empty. */
  platformKeys = '';
  /** Connections per page. */
  pageSize = 50;
  /** Locale of text and dates; else the nearest `lang` attribute, else the document's. */
  locale?: string;
  /** Colour scheme: `light`, `dark` or `auto`. */
  theme: ConnectionsTheme = 'auto';
  /** `popup` opens Codat's link page in a popup; `redirect` navigates the page to it, and the first load handles the way back. */
  linkMode: LinkMode = 'popup';
  /** Skip the confirmation dialog before unlink and delete. */
  noConfirm = false;
  /** A partial catalogue overriding any built-in text (`status` labels merge per status). */
  strings?: ConnectionsStringOverrides;

  /** The built-in catalogue of the current locale (loaded on demand). */
  private baseCatalogue: ConnectionsStrings = en;
  /** `baseCatalogue` with the `strings` overrides applied. */
  private catalogue: ConnectionsStrings = en;
  private pickerOpen = false;
  private pickerQuery = '';
  private filterText = '';
  private announcement = '';
  private confirming?: { kind: 'unlink' | 'delete'; connection: Connection };

  private get dialog(): HTMLDialogElement | null | undefined {
    return this.renderRoot?.querySelector('dialog');
  }


  private readonly list = new ConnectionsListController(this);
  private readonly catalogueIntegrations = new IntegrationsController(this);
  private readonly rows = new RowActionsController(this);
  private activeClient?: ConnectionsClient;
  private needsLoad = true;
  private catalogueRun = 0;
  private confirmResolve?: (confirmed: boolean) => void;
  /** Listeners waiting for the user to come back from a tab opened after a blocked popup. */
  private returnWatchers = new Map<string, () => void>();
  private pendingRedirect?: URLSearchParams;

  /** The connections loaded so far (read-only; a new array after every change). */
  get connections(): readonly Connection[] {
    return this.list.connections;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.needsLoad = true;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopReturnWatchers();
    this.confirmResolve?.(false);
    this.needsLoad = true;
  }

  /** Reloads the list (and the integrations) from the first page. */
  refresh(): Promise<void> {
    return this.reload();
  }

  /**
   * Links a new connection for a platform key (e.g. `gbol`). Call it inside a click handler: the
   * popup is opened synchronously so popup blockers allow it.
   */
  link(platformKey: string): Promise<void> {
    return this.startLink(platformKey);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('locale') || !this.hasUpdated) void this.loadCatalogue();
    if (changed.has('strings') || changed.has('baseCatalogue') || !this.hasUpdated) {
      this.catalogue = mergeStrings(this.baseCatalogue, this.strings);
    }
    const source = ['client', 'tokenProvider', 'tokenUrl', 'companyId', 'baseUrl'] as const;
    if (source.some((key) => changed.has(key))) {
      this.activeClient = undefined;
      this.needsLoad = true;
    }
    if (['pageSize', 'sourceTypes', 'platformKeys'].some((key) => changed.has(key))) {
      this.needsLoad = true;
    }
    if (this.needsLoad && this.isConnected) {
      this.needsLoad = false;
      // Read here, not on connect: a framework may set `linkMode` just after appending the element.
      if (this.linkMode === 'redirect') this.pendingRedirect ??= this.takeRedirectParams();
      void this.reload();
    }
  }

  private resolveClient(): ConnectionsClient | undefined {
    if (this.client) return this.client;
    const token = this.tokenProvider ?? this.tokenUrl;
    if (!token) return undefined;
    this.activeClient ??= createConnectionsClient({ token, companyId: this.companyId, baseUrl: this.baseUrl });
    return this.activeClient;
  }

  private async reload(): Promise<void> {
    // An open dialog asks about a connection of what was shown until now.
    this.confirmResolve?.(false);
    this.rows.abortAll();
    this.stopReturnWatchers();
    this.catalogueIntegrations.reset();
    const client = this.resolveClient();
    if (!client) {
      this.list.reset();
      return;
    }
    // List and integrations start together: the client shares one token request between them.
    const first = this.list.load({ client, pageSize: this.pageSize, query: this.listQuery() });
    void this.catalogueIntegrations.load(client);
    let connections: readonly Connection[] | undefined;
    try {
      connections = await first;
    } catch (error) {
      this.announce(this.catalogue.errorTitle);
      this.emitError(error as Error, 'list');
      return;
    }
    if (!connections) return;
    this.announce(this.catalogue.loaded(connections.length));
    this.emit('codat-ready', { connections, totalResults: this.list.totalResults });
    void this.finishRedirect(client);
  }

  private async loadMore(): Promise<void> {
    const before = this.list.connections.length;
    try {
      await this.list.loadMore();
    } catch (error) {
      if ((error as { code?: string }).code === 'aborted') return;
      this.announce(this.catalogue.failed);
      this.emitError(error as Error, 'list');
      return;
    }
    const added = this.list.connections.length - before;
    if (added > 0) this.announce(this.catalogue.loaded(added));
  }

  private async loadCatalogue(): Promise<void> {
    const run = ++this.catalogueRun;
    const base = await loadStrings(this.effectiveLocale());
    if (run === this.catalogueRun) this.baseCatalogue = base;
  }

  private effectiveLocale(): string {
    return this.locale || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en';
  }

  /** The Codat query that restricts the list to `source-types` and `platform-keys`. */
  private listQuery(): string | undefined {
    const clause = (field: string, values: string[]) =>
      values.length === 0 ? undefined : `{${values.map((value) => `${field}=${value}`).join('||')}}`;
    const clauses = [clause('sourceType', words(this.sourceTypes)), clause('integrationKey', words(this.platformKeys))];
    const present = clauses.filter((entry): entry is string => Boolean(entry));
    return present.length ? present.join('&&') : undefined;
  }

  /** Loaded connections within `source-types` and `platform-keys` (also sent as a query; this guards the rest). */
  private allowedConnections(): readonly Connection[] {
    const types = words(this.sourceTypes);
    const keys = words(this.platformKeys);
    if (types.length === 0 && keys.length === 0) return this.list.connections;
    return this.list.connections.filter(
      (connection) =>
        (types.length === 0 || types.includes(connection.sourceType)) &&
        (keys.length === 0 || (connection.integrationKey !== undefined && keys.includes(connection.integrationKey))),
    );
  }

  private offered(): Integration[] {
    const types = words(this.sourceTypes);
    const keys = words(this.platformKeys);
    const search = this.pickerQuery.trim().toLowerCase();
    return this.catalogueIntegrations.integrations.filter(
      (integration) =>
        (types.length === 0 || (integration.sourceType !== undefined && types.includes(integration.sourceType))) &&
        (keys.length === 0 || keys.includes(integration.key)) &&
        (search === '' || integration.name.toLowerCase().includes(search)),
    );
  }

  private actionSet(): Set<string> {
    return new Set(words(this.actions));
  }

  // ----- events and announcements

  private emit<K extends keyof CodatConnectionsEventMap>(
    type: K,
    detail: CodatConnectionsEventMap[K]['detail'],
    cancelable = false,
  ): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  private emitError(error: Error, operation: Operation): void {
    this.emit('codat-error', { error, operation });
  }

  /** Sets the polite live region; the same text twice is still announced (a zero-width toggle). */
  private announce(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u200b` : text;
  }

  // ----- linking

  private async startLink(target: string | Connection, invoker?: HTMLElement): Promise<void> {
    const client = this.resolveClient();
    if (!client) return;
    const connection = typeof target === 'string' ? undefined : target;
    // Opened before any await: a popup opened later than the click is blocked. None for a link URL
    // already known to be unsafe: `linkWithoutPopup` refuses it.
    const popup = this.linkMode === 'redirect' || (connection && !isOpenableUrl(connection.linkUrl)) ? null : window.open('', '_blank', popupFeatures);
    const rowId = connection?.id ?? `platform:${target as string}`;
    const signal = this.rows.start(rowId, { action: 'link' });
    let current = connection;
    const started = (known: Connection) => {
      current = known;
      if (known.id !== rowId) this.rows.adopt(rowId, known.id);
      this.list.upsert(known);
      this.emit('codat-link-started', { connection: known });
    };
    if (!popup) return this.linkWithoutPopup(client, target, rowId, signal, started);
    try {
      // `onConnection` is called for a given connection too, and after `create` for a platform key.
      const linked = await client.link(target, { popup, signal, onConnection: started });
      if (signal.aborted) return;
      this.rows.finish(linked.id, signal);
      this.showLinked(linked);
    } catch (error) {
      if (current && (error as { code?: string }).code === 'link_cancelled' && !signal.aborted) {
        this.rows.finish(current.id, signal);
        this.announce(this.catalogue.linkCancelled(current.platformName));
        this.emit('codat-link-cancelled', { connection: current });
      } else {
        this.failLink(error, current?.id ?? rowId, signal);
      }
    } finally {
      if (signal.aborted && !popup.closed) popup.close();
    }
    await this.updateComplete;
    this.restoreFocus(invoker?.isConnected ? invoker : this.findInRow(current?.id ?? '', 'button:not([hidden])') ?? this.findRow(current?.id ?? ''));
  }

  /**
   * Links without a popup: creates the connection if needed and refuses a link URL that is not safe
   * to open; then, in `link-mode="redirect"`, navigates to it, or, when the popup was blocked, offers
   * it as a plain link and checks the connection again when the user comes back.
   */
  private async linkWithoutPopup(
    client: ConnectionsClient,
    target: string | Connection,
    rowId: string,
    signal: AbortSignal,
    started: (connection: Connection) => void,
  ): Promise<void> {
    try {
      const connection = typeof target === 'string' ? await client.create(target, { signal }) : target;
      if (signal.aborted) return;
      if (!isOpenableUrl(connection.linkUrl)) throw new Error(`Refusing to open a link URL that is not https: ${connection.linkUrl}`);
      started(connection);
      if (this.linkMode === 'redirect') return this.navigate(connection.linkUrl);
      this.rows.update(connection.id, { action: 'link', continueUrl: connection.linkUrl });
      this.announce(this.catalogue.popupBlocked);
      await this.updateComplete;
      this.findInRow(connection.id, '[part~="continue-link"]')?.focus();
    } catch (error) {
      this.failLink(error, rowId, signal);
    }
  }

  /** After the user followed the continue link: check the connection when they come back. */
  private watchReturn(connection: Connection): void {
    const client = this.resolveClient();
    if (!client || this.returnWatchers.has(connection.id)) return;
    const check = async () => {
      this.returnWatchers.delete(connection.id);
      window.removeEventListener('focus', check);
      const state = this.rows.get(connection.id);
      if (!state) return;
      try {
        const latest = await client.get(connection.id);
        if (this.rows.get(connection.id) !== state) return;
        if (this.showLinked(latest)) this.rows.clear(connection.id);
      } catch (error) {
        this.emitError(error as Error, 'get');
      }
    };
    window.addEventListener('focus', check);
    this.returnWatchers.set(connection.id, () => window.removeEventListener('focus', check));
  }

  private stopReturnWatchers(): void {
    for (const stop of this.returnWatchers.values()) stop();
    this.returnWatchers.clear();
  }

  /**
   * Ends a row's link with an error, unless a reload, a removal or a newer action took the row over.
   * The user hears the catalogue's words; the error itself is for the developer, in `codat-error`.
   */
  private failLink(error: unknown, rowId: string, signal: AbortSignal): void {
    if (signal.aborted) return;
    this.rows.finish(rowId, signal);
    this.announce(this.catalogue.linkFailed);
    this.emitError(error as Error, 'link');
  }

  /** Sends the page to a (checked) link URL; the one seam tests and embedders can override. */
  protected navigate(url: string): void {
    window.location.assign(url);
  }

  /** Reads Codat's redirect parameters and removes them from the address bar. */
  private takeRedirectParams(): URLSearchParams | undefined {
    const url = new URL(location.href);
    const params = url.searchParams;
    if (!params.has('connectionId') || !params.has('statusCode')) return undefined;
    const found = new URLSearchParams();
    for (const name of redirectParams) {
      const value = params.get(name);
      if (value !== null) found.set(name, value);
      params.delete(name);
    }
    history.replaceState(history.state, '', url.href);
    return found;
  }

  /**
   * After returning from a redirect link, once the list is loaded: on success, gets the connection
   * (it may be beyond the first page) and shows it; Codat's word on a failure is reported.
   */
  private async finishRedirect(client: ConnectionsClient): Promise<void> {
    const params = this.pendingRedirect;
    if (!params) return;
    this.pendingRedirect = undefined;
    const id = params.get('connectionId')!;
    const code = params.get('statusCode');
    const signal = this.rows.start(id, { action: 'link' });
    try {
      if (code !== '200') throw new Error(params.get('errorMessage') || params.get('statusText') || `statusCode ${code}`);
      const connection = await client.get(id, { signal });
      if (signal.aborted) return;
      this.rows.finish(id, signal);
      // Codat reported success, but the connection is not Linked (yet): not a failure, not a link.
      if (!this.showLinked(connection)) this.announce(this.catalogue.notLinkedYet(connection.platformName));
    } catch (error) {
      this.failLink(error, id, signal);
    }
  }

  /** Shows a connection as it is now; when it is Linked, also announces it and emits codat-linked. */
  private showLinked(connection: Connection): boolean {
    this.list.upsert(connection);
    const linked = connection.status === 'Linked';
    if (linked) {
      this.announce(this.catalogue.linked(connection.platformName));
      this.emit('codat-linked', { connection });
    }
    return linked;
  }

  // ----- unlink and delete

  private async act(kind: 'unlink' | 'delete', connection: Connection, invoker: HTMLElement): Promise<void> {
    const { id, platformName } = connection;
    if (!this.emit(`codat-before-${kind}`, { connection }, true) || !(this.noConfirm || (await this.confirm(kind, connection, invoker)))) return;
    // Resolved after the dialog, which a reload (a new client, perhaps another company) cancels.
    const client = this.resolveClient();
    if (!client) return;
    const signal = this.rows.start(id, { action: kind });
    try {
      const updated = kind === 'unlink' ? await client.unlink(id, { signal }) : await client.delete(id, { signal });
      // Aborted: a reload or a removal came first, and this result belongs to what was shown then.
      if (signal.aborted) return;
      const neighbour = this.neighbourOf(id);
      this.rows.finish(id, signal);
      if (updated) {
        this.list.upsert(updated);
        this.announce(this.catalogue.unlinked(platformName));
        this.emit('codat-unlinked', { connection: updated });
      } else {
        this.list.remove(id);
        this.announce(this.catalogue.deleted(platformName));
        this.emit('codat-deleted', { connectionId: id });
      }
      await this.updateComplete;
      (updated
        ? this.findInRow(id, '[part~="reconnect-button"]:not([hidden]), [part~="delete-button"]:not([hidden])') ?? this.findRow(id)
        : neighbour
          ? this.findRow(neighbour)
          : this.renderRoot.querySelector<HTMLElement>('[part~="link-button"]')
      )?.focus();
    } catch (error) {
      if (signal.aborted) return;
      this.rows.finish(id, signal);
      this.announce(this.catalogue.failed);
      this.emitError(error as Error, kind);
      await this.updateComplete;
      this.findInRow(id, `[part~="${kind}-button"]`)?.focus();
    }
  }

  /** Opens the confirmation dialog; resolves true only for the confirm button. */
  private async confirm(kind: 'unlink' | 'delete', connection: Connection, invoker: HTMLElement): Promise<boolean> {
    this.confirmResolve?.(false);
    this.confirming = { kind, connection };
    await this.updateComplete;
    const dialog = this.dialog;
    if (!dialog) return false;
    const confirmed = await new Promise<boolean>((resolve) => {
      this.confirmResolve = resolve;
      dialog.returnValue = '';
      dialog.showModal();
    });
    this.confirmResolve = undefined;
    if (dialog.open) dialog.close();
    this.confirming = undefined;
    if (!confirmed && invoker.isConnected) invoker.focus();
    return confirmed;
  }

  private onDialogClose(): void {
    this.confirmResolve?.(this.dialog?.returnValue === 'confirm');
  }

  // ----- focus helpers

  private findRow(connectionId: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`li[data-id="${CSS.escape(connectionId)}"]`);
  }

  private findInRow(connectionId: string, selector: string): HTMLElement | null {
    return this.findRow(connectionId)?.querySelector<HTMLElement>(selector) ?? null;
  }

  /** Moves focus only when it was lost (its element left the DOM), never away from where the user is. */
  private restoreFocus(target: HTMLElement | null | undefined): void {
    const active = document.activeElement;
    const lost = !active || active === document.body || (active === this && !this.shadowRoot?.activeElement);
    if (lost) target?.focus();
  }

  /** The row to focus after one disappears: the next visible one, else the previous. */
  private neighbourOf(connectionId: string): string | undefined {
    const visible = this.visibleConnections();
    const index = visible.findIndex((row) => row.id === connectionId);
    return (visible[index + 1] ?? visible[index - 1])?.id;
  }

  // ----- picker

  private togglePicker(): void {
    this.pickerOpen = !this.pickerOpen;
    this.pickerQuery = '';
    if (this.pickerOpen) {
      const client = this.resolveClient();
      if (client && this.catalogueIntegrations.status === 'error') void this.catalogueIntegrations.load(client);
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="picker-search"]')?.focus());
    }
  }

  private closePicker(): void {
    this.pickerOpen = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="link-button"]')?.focus());
  }

  private onPickerKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.closePicker();
      return;
    }
    // Arrow keys move between the search box and the platform buttons; Home/End jump within the buttons.
    const buttons = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="picker-item"]')];
    const index = buttons.indexOf(this.shadowRoot?.activeElement as HTMLElement);
    let target: HTMLElement | null | undefined;
    if (event.key === 'ArrowDown') target = buttons[Math.min(index + 1, buttons.length - 1)];
    else if (event.key === 'ArrowUp' && index === 0) target = this.renderRoot.querySelector<HTMLElement>('[part~="picker-search"]');
    else if (event.key === 'ArrowUp' && index > 0) target = buttons[index - 1];
    else if (event.key === 'Home' && index >= 0) target = buttons[0];
    else if (event.key === 'End' && index >= 0) target = buttons[buttons.length - 1];
    if (!target) return;
    event.preventDefault();
    target.focus();
  }

  private pick(integration: Integration): void {
    // startLink runs synchronously up to window.open, so the popup counts as opened by this click.
    void this.startLink(integration.key, this.renderRoot.querySelector<HTMLElement>('[part~="link-button"]') ?? undefined);
    this.closePicker();
  }

  // ----- rendering

  private visibleConnections(rows = this.allowedConnections()): readonly Connection[] {
    const text = this.filterText.trim().toLowerCase();
    if (!text) return rows;
    return rows.filter((connection) =>
      [connection.platformName, connection.sourceType, this.statusLabel(connection.status)].some((value) =>
        value?.toLowerCase().includes(text),
      ),
    );
  }

  private statusLabel(status: string): string {
    const labels = this.catalogue.status;
    // Own labels only: "constructor" or "__proto__" from the API must not find Object's.
    return (Object.hasOwn(labels, status) && labels[status]) || status;
  }

  protected override render(): TemplateResult {
    const s = this.catalogue;
    const canLink = this.actionSet().has('link');
    return html`
      <div part="base" class="base" lang=${s.locale}>
        <div part="header" class="header">
          <h2 part="title" class="title" id="title"><slot name="header">${s.title}</slot></h2>
          ${canLink
            ? html`<button
                part="link-button"
                class="button primary"
                type="button"
                aria-expanded=${this.pickerOpen ? 'true' : 'false'}
                aria-controls="picker"
                ?disabled=${this.list.status !== 'ready'}
                @click=${this.togglePicker}
              >
                ${s.linkNew}
              </button>`
            : nothing}
        </div>
        ${canLink && this.pickerOpen ? this.renderPicker() : nothing}
        ${this.renderBody()}
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
        ${this.renderDialog()}
      </div>
    `;
  }

  private renderBody(): TemplateResult | typeof nothing {
    const s = this.catalogue;
    switch (this.list.status) {
      case 'idle':
        return nothing;
      case 'loading':
        return html`<div part="skeleton" class="skeleton" aria-busy="true">
          <span class="visually-hidden">${s.loading}</span>
          ${[0, 1, 2].map(() => html`<div class="skeleton-row" aria-hidden="true"></div>`)}
        </div>`;
      case 'error':
        return html`<div part="error" class="error">
          <p class="error-title">${s.errorTitle}</p>
          <p class="error-message">${(this.list.error as { code?: string })?.code === 'unauthorized' ? s.signedOut : s.failed}</p>
          <button part="retry-button" class="button" type="button" @click=${this.reload}>${s.retry}</button>
        </div>`;
      case 'ready':
        return this.renderList();
    }
  }

  private renderList(): TemplateResult {
    const s = this.catalogue;
    const all = this.allowedConnections();
    if (all.length === 0 && !this.list.hasMore) {
      return html`<div part="empty" class="empty"><slot name="empty">${s.empty}</slot></div>`;
    }
    const visible = this.visibleConnections(all);
    const actions = this.actionSet();
    const actionsKey = [...actions].join(' ');
    const locale = this.effectiveLocale();
    return html`
      <div class="filter">
        <label class="visually-hidden" for="filter">${s.filterLabel}</label>
        <input
          id="filter"
          part="filter"
          class="input"
          type="search"
          placeholder=${s.filterLabel}
          .value=${this.filterText}
          @input=${(event: Event) => (this.filterText = (event.target as HTMLInputElement).value)}
        />
      </div>
      ${visible.length === 0 ? html`<p class="no-match">${s.filterEmpty}</p>` : nothing}
      <ul
        part="list"
        class="list"
        aria-labelledby="title"
        @click=${this.onListClick}
        @focusin=${this.showExactTime}
        @pointerover=${this.showExactTime}
      >
        ${repeat(
          visible,
          (connection) => connection.id,
          (connection) => {
            const state = this.rows.get(connection.id);
            const logo = this.logoFor(connection);
            // Only the row whose connection, state or logo changed re-renders.
            return guard([connection, state, logo, s, actionsKey, locale], () =>
              this.renderRow(connection, state, logo, actions, locale),
            );
          },
        )}
      </ul>
      ${this.list.hasMore
        ? html`<div class="more">
            <span class="muted">${s.loadMoreCount(this.list.connections.length, this.list.totalResults)}</span>
            <button
              part="load-more"
              class="button"
              type="button"
              ?disabled=${this.list.loadingMore}
              aria-busy=${this.list.loadingMore ? 'true' : 'false'}
              @click=${this.loadMore}
            >
              ${s.loadMore}
            </button>
          </div>`
        : nothing}
    `;
  }

  private logoFor(connection: Connection): string | undefined {
    const integrations = this.catalogueIntegrations;
    return integrations.logo(integrations.find(connection.integrationKey) ?? integrations.find(connection.integrationId));
  }

  private renderLogo(name: string, logo: string | undefined, alt: string): TemplateResult {
    return logo
      ? html`<img part="logo" class="logo" src=${logo} alt=${alt} width="32" height="32" loading="lazy" />`
      : html`<span part="logo" class="logo letter" aria-hidden="true" .textContent=${name.trim().charAt(0).toUpperCase()}></span>`;
  }

  /** A relative time; the exact time is filled in on first hover or focus (see `showExactTime`). */
  private renderTime(iso: string | null | undefined, locale: string): TemplateResult | string {
    const relative = relativeTime(iso, locale);
    return relative ? html`<time datetime=${iso ?? ''} tabindex="0">${relative}</time>` : '';
  }

  /**
   * Formats a time's exact time when someone looks (2,000 date formats per 1,000 rows would slow
   * the first render), each time, so that it follows the row's date and the locale.
   */
  private showExactTime({ target: time }: { target: EventTarget | null }): void {
    if (time instanceof HTMLTimeElement) time.title = time.dataset['exact'] = exactTime(time.dateTime, this.effectiveLocale()) ?? '';
  }

  protected override updated(): void {
    // A focused time shows its exact time (see the styles): a new locale or date must reach it at once.
    this.showExactTime({ target: this.shadowRoot!.activeElement });
  }

  /** One listener for every row's buttons, instead of closures per row. */
  private onListClick(event: Event): void {
    const button = (event.target as Element).closest<HTMLElement>('button[data-action]');
    const id = button?.closest<HTMLElement>('[data-id]')?.dataset['id'];
    const connection = id ? this.list.connections.find((row) => row.id === id) : undefined;
    if (!button || !connection) return;
    const action = button.dataset['action'];
    if (action === 'reconnect') void this.startLink(connection, button);
    else if (action === 'unlink' || action === 'delete') void this.act(action, connection, button);
  }

  private renderRow(
    connection: Connection,
    state: RowState | undefined,
    logo: string | undefined,
    actions: Set<string>,
    locale: string,
  ): TemplateResult {
    const s = this.catalogue;
    const name = connection.platformName;
    const statusPart = statusParts.get(connection.status) ?? 'status-other';
    const lastSync = relativeTime(connection.lastSync, locale);
    // The buttons are part of the row's one template (hidden when they do not apply, or while the
    // row is busy): nested templates per row make long lists slower to render.
    const canReconnect = !state && actions.has('reconnect') && reconnectable.has(connection.status);
    const canUnlink = !state && actions.has('unlink') && connection.status === 'Linked';
    const canDelete = !state && actions.has('delete');
    const errors = (connection.dataConnectionErrors ?? []).filter(
      (error) => error.status === 'Active' || (!error.status && !error.resolvedOnUtc),
    );
    // Text goes in through `.textContent` where an element holds only text (no marker comment and
    // text node per binding), and no whitespace sits between grid or flex children: cloning and
    // filling 1,000 rows is most of a long list's first render.
    return html`<li part="item" class="item" data-id=${connection.id} tabindex="-1" aria-busy=${state ? 'true' : 'false'}
      >${this.renderLogo(name, logo, s.logoAlt(name))}<div class="main"
        ><span part="name" class="name" .textContent=${name}></span
        ><span part=${`status ${statusPart}`} class=${`status ${statusPart}`} .textContent=${this.statusLabel(connection.status)}></span
        ><span part="meta" class="meta"
          >${`${connection.sourceType} · ${lastSync ? s.lastSync : s.neverSynced}`}
          <time datetime=${connection.lastSync ?? nothing} tabindex=${lastSync ? '0' : nothing} .textContent=${lastSync ?? ''}></time> ·
          ${s.created} <time datetime=${connection.created} tabindex="0" .textContent=${relativeTime(connection.created, locale) ?? ''}></time></span
        >${errors.length
          ? html`<details part="errors" class="errors">
              <summary>${s.errorsSummary(errors.length)}</summary>
              <ul>
                ${errors.map(
                  (error) =>
                    html`<li>${error.errorMessage ?? error.statusText ?? error.statusCode ?? ''} ${this.renderTime(error.erroredOnUtc, locale)}</li>`,
                )}
              </ul>
            </details>`
          : nothing}</div
      ><div part="actions" class="actions"
        >${state ? this.renderPending(connection, state) : nothing}<button part="reconnect-button" class="button primary" type="button" data-action="reconnect" ?hidden=${!canReconnect} aria-label=${s.reconnectNamed(name)} .textContent=${s.reconnect}></button
        ><button part="unlink-button" class="button" type="button" data-action="unlink" ?hidden=${!canUnlink} aria-label=${s.unlinkNamed(name)} .textContent=${s.unlink}></button
        ><button part="delete-button" class="button danger" type="button" data-action="delete" ?hidden=${!canDelete} aria-label=${s.deleteNamed(name)} .textContent=${s.delete}></button
      ></div
    ></li>`;
  }

  /** A busy row's progress text, or the continue link when the popup was blocked. */
  private renderPending(connection: Connection, state: RowState): TemplateResult {
    const s = this.catalogue;
    if (state.continueUrl) {
      return html`<span class="pending">${s.popupBlocked}</span>
        <a
          part="continue-link"
          class="button primary"
          href=${state.continueUrl}
          target="_blank"
          rel="noopener noreferrer"
          @click=${() => this.watchReturn(connection)}
          >${s.continueInNewTab(connection.platformName)}</a
        >`;
    }
    const text = state.action === 'link' ? s.waitingForAuthorization : state.action === 'unlink' ? s.unlinking : s.deleting;
    return html`<span part="pending" class="pending">${text}</span>`;
  }

  private renderPicker(): TemplateResult {
    const s = this.catalogue;
    const status = this.catalogueIntegrations.status;
    const offered = status === 'ready' ? this.offered() : [];
    return html`<div
      part="picker"
      id="picker"
      class="picker"
      role="group"
      aria-label=${s.pickerLabel}
      @keydown=${this.onPickerKeydown}
    >
      <div class="picker-head">
        <label class="visually-hidden" for="picker-search">${s.pickerSearch}</label>
        <input
          id="picker-search"
          part="picker-search"
          class="input"
          type="search"
          placeholder=${s.pickerSearch}
          .value=${this.pickerQuery}
          @input=${(event: Event) => (this.pickerQuery = (event.target as HTMLInputElement).value)}
        />
        <button class="button" type="button" @click=${this.closePicker}>${s.closePicker}</button>
      </div>
      ${status === 'loading' || status === 'idle' ? html`<p class="muted" aria-busy="true">${s.pickerLoading}</p>` : nothing}
      ${status === 'error' ? html`<p class="error-message">${s.failed}</p>` : nothing}
      ${status === 'ready' && offered.length === 0 ? html`<p class="muted">${s.pickerEmpty}</p>` : nothing}
      ${offered.length
        ? html`<ul part="picker-list" class="picker-list" aria-label=${s.pickerLabel}>
            ${repeat(
              offered,
              (integration) => integration.key,
              (integration) => html`<li>
                <button part="picker-item" class="picker-item" type="button" data-key=${integration.key} @click=${() => this.pick(integration)}>
                  ${this.renderLogo(integration.name, this.catalogueIntegrations.logo(integration), '')}
                  <span class="name">${integration.name}</span>
                  ${integration.sourceType ? html`<span class="muted">${integration.sourceType}</span>` : nothing}
                </button>
              </li>`,
            )}
          </ul>`
        : nothing}
    </div>`;
  }

  private renderDialog(): TemplateResult {
    const s = this.catalogue;
    const confirming = this.confirming;
    const name = confirming?.connection.platformName ?? '';
    const isDelete = confirming?.kind === 'delete';
    return html`<dialog
      part="dialog"
      class="dialog"
      aria-labelledby="dialog-title"
      aria-describedby="dialog-body"
      @close=${this.onDialogClose}
    >
      <h3 id="dialog-title" class="dialog-title">${isDelete ? s.confirmDeleteTitle(name) : s.confirmUnlinkTitle(name)}</h3>
      <p id="dialog-body">${isDelete ? s.confirmDeleteBody(name) : s.confirmUnlinkBody(name)}</p>
      <div class="dialog-actions">
        <button part="dialog-cancel" class="button" type="button" autofocus @click=${() => this.dialog?.close('cancel')}>
          ${s.cancel}
        </button>
        <button
          part="dialog-confirm"
          class="button ${isDelete ? 'danger-solid' : 'primary'}"
          type="button"
          @click=${() => this.dialog?.close('confirm')}
        >
          ${isDelete ? s.deleteNamed(name) : s.unlinkNamed(name)}
        </button>
      </div>
    </dialog>`;
  }
}
