import type { ReadNotices } from '../features/live.js';
import { adoptFeatureStyles, Lazy } from '../lazy.js';
import type { Outcome, Report, RowRun } from '../outcome.js';
import type { Presenter } from '../presenter.js';
import type { RowAction } from '../row-view.js';
import type { ConnectionsSource, ReturnedLink } from '../source.js';
import type { ConnectionsStrings } from '../strings/index.js';
import { existingConnection, platformLink } from '../filter.js';
import { displayName, statusLabel } from '../labels.js';
import type { ConnectionView } from '../view-model.js';
import type { ConfirmController } from './confirm.js';
import type { FocusController } from './focus.js';
import { openLinkPopup, type LinkMode } from './link-start.js';
import type { ListController } from './list.js';
import type { PlatformsController } from './platforms.js';
import type { RowsController } from './rows.js';

export interface RowActionsOptions {
  host: HTMLElement;
  list: ListController;
  rows: RowsController;
  focus: FocusController;
  confirm: ConfirmController;
  presenter: Presenter;
  source: () => ConnectionsSource | undefined;
  platforms: PlatformsController;
  strings: () => ConnectionsStrings;
  linkMode: () => LinkMode;
  noConfirm: () => boolean;
  /** Sends the page to a (checked) link URL. */
  navigate: (url: string) => void;
  /** Notices of reads finished for a row, while changes are followed (`live`). */
  reads: (connectionId: string) => ReadNotices | undefined;
}

/**
 * Starts a row's action, from the click to its outcome: the row is busy at once (focus waits on it
 * when its pressed button goes), the feature loads on first use (a chunk that cannot be fetched
 * fails the row, typed and with Retry), and the presenter applies what the feature reports.
 */
export class RowActionsController {
  /**
   * What only a user's action needs loads on first use, beside the language chunks. The dialog too:
   * in the first load it would add about 0.5 KB (min+gz) that the first paint never shows, and an
   * element keeps no more per mount with it loaded lazily than in the first load (`npm run bench`,
   * widget section).
   */
  readonly dialog = new Lazy(() => import('../templates/dialog.js'));
  private readonly features = {
    link: new Lazy(() => import('../features/link.js')),
    unlinkDelete: new Lazy(() => import('../features/unlink-delete.js')),
    refreshData: new Lazy(() => import('../features/refresh-data.js')),
  };
  /** Rows whose unlink or delete is being asked about (a double click asks once). */
  private readonly asking = new Set<string>();

  constructor(private readonly options: RowActionsOptions) {}

  /** A row's button (or its message's Retry) was pressed. */
  start(action: RowAction, connection: ConnectionView, invoker: HTMLElement): void {
    // A second click lands before the row renders busy: it would start the action again.
    if (this.options.rows.busy(connection.id)) return;
    if (action === 'reconnect') void this.link(connection, invoker);
    else if (action === 'unlink' || action === 'delete') void this.unlinkOrDelete(action, connection);
    else if (action === 'refresh-data') this.refreshData(connection);
  }

  /**
   * Links a platform by key, or reconnects a connection: a link for a platform the company has
   * continues that connection. Runs synchronously up to `window.open`, so the popup counts as
   * opened by the click.
   */
  async link(target: string | ConnectionView, invoker?: HTMLElement): Promise<void> {
    const { list, rows, focus, presenter } = this.options;
    const source = this.options.source();
    if (!source) return;
    const s = this.options.strings();
    // One connection per platform: a link for a platform the company has continues that connection
    // (a banking aggregator, whose connections are one per bank login, may add another beside a linked one).
    const sourceType =
      typeof target === 'string' ? (this.options.platforms.find(target)?.sourceType ?? existingConnection(list.connections, target)?.sourceType) : undefined;
    const planned = typeof target === 'string' ? platformLink(list.connections, target, sourceType) : { existing: target, addsAnother: false };
    const known = planned.addsAnother ? undefined : planned.existing;
    if (known?.state === 'linked') {
      presenter.announce(s.alreadyConnected(displayName(s, known), statusLabel(s, known)));
      focus.row(known.id)?.focus();
      return;
    }
    const id = known?.id ?? `platform:${target as string}`;
    // A second click while the link is under way (a double click) opens no second popup.
    if (rows.busy(id)) return;
    // Opened before any await: a popup opened later than the click is blocked.
    const popup = openLinkPopup(this.options.linkMode(), known, !!source.reauthorize);
    const navigate = this.options.linkMode() === 'redirect' ? this.options.navigate : undefined;
    const started = await this.run({ id, operation: 'link', busy: { action: 'link' }, invoker }, this.features.link, (feature, run, report) =>
      feature.link(source, { target: known ?? target, popup, navigate, signal: run.signal }, report),
    );
    if (!started) popup?.close();
  }

  /** After the user followed the continue link of a blocked popup: the connection is read again when they come back. */
  continueInTab(connection: ConnectionView): void {
    const { rows, presenter } = this.options;
    const source = this.options.source();
    const busy = rows.busy(connection.id);
    // Loaded already (the blocked link came from it): the listener is set in this click.
    const link = this.features.link.value;
    if (!source || !busy || !link) return;
    const run: RowRun = { id: connection.id, operation: 'link', busy, signal: rows.start(connection.id, busy) };
    void link.continuedInTab(source, connection, run.signal).then((outcome) => presenter.apply(run, outcome));
  }

  /** Back from a redirect link, once the list is shown: the connection Codat's parameters name. */
  async returnFromRedirect(returned: ReturnedLink): Promise<void> {
    const source = this.options.source();
    if (!source) return;
    await this.run({ id: returned.connectionId, operation: 'link', busy: { action: 'link' } }, this.features.link, (link, run) =>
      link.returnedFromRedirect(source, returned, run.signal),
    );
  }

  private async run<T>(row: Omit<RowRun, 'signal'>, lazy: Lazy<T>, start: (feature: T, run: RowRun, report: Report) => Promise<Outcome>): Promise<boolean> {
    const { rows, focus, presenter } = this.options;
    const run: RowRun = { ...row, signal: rows.start(row.id, row.busy) };
    focus.hold(row.id);
    let feature: T;
    try {
      feature = lazy.value ?? (await lazy.load(row.operation));
    } catch (error) {
      presenter.couldNotStart(run, error);
      return false;
    }
    presenter.apply(run, await start(feature, run, (progress) => presenter.progress(run, progress)));
    return true;
  }

  private async unlinkOrDelete(kind: 'unlink' | 'delete', connection: ConnectionView): Promise<void> {
    const { id } = connection;
    if (this.asking.has(id)) return;
    this.asking.add(id);
    try {
      if (!this.options.presenter.emit(`codat-before-${kind}`, { connection }, true)) return;
      // The question ends when the dialog is answered: a click right after it asks again.
      if (!this.options.noConfirm() && !(await this.confirmed(kind, connection, () => this.asking.delete(id)))) return;
    } finally {
      this.asking.delete(id);
    }
    // Read after the dialog, which a reload (a new source, perhaps another company) cancels.
    const source = this.options.source();
    if (!source) return;
    const name = displayName(this.options.strings(), connection);
    await this.run({ id, operation: kind, busy: { action: kind } }, this.features.unlinkDelete, (feature, run, report) =>
      feature.unlinkOrDelete(source, { kind, connection, name, signal: run.signal }, report),
    );
  }

  /** Asks in the dialog; a "no" puts focus back on the button that asked. */
  private async confirmed(kind: 'unlink' | 'delete', connection: ConnectionView, answered: () => void): Promise<boolean> {
    const { rows, focus, confirm, presenter } = this.options;
    try {
      const dialog = this.dialog.value ?? (await this.dialog.load(kind));
      adoptFeatureStyles(this.options.host.shadowRoot!, dialog.styles);
    } catch (error) {
      const busy = { action: kind } as const;
      presenter.couldNotStart({ id: connection.id, operation: kind, busy, signal: rows.start(connection.id, busy) }, error);
      return false;
    }
    if (await confirm.ask(kind, connection, answered)) return true;
    void focus.move(() => focus.inRow(connection.id, `${kind}-button`));
    return false;
  }

  private refreshData(connection: ConnectionView): void {
    const source = this.options.source();
    if (!source?.refreshData) return;
    const name = displayName(this.options.strings(), connection);
    void this.run({ id: connection.id, operation: 'refresh', busy: { action: 'refresh-data' } }, this.features.refreshData, (feature, run, report) =>
      feature.refreshData(source, { connection, name, signal: run.signal, reads: this.options.reads(connection.id) }, report),
    );
  }
}
