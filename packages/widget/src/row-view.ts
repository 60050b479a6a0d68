/**
 * What one row offers and shows: pure functions of a connection, the element's settings and the
 * row's own state, tested in Node like `filter.ts`. The templates render a `RowView` as it is.
 */
import type { ConnectionAction } from './actions.js';
import { sameArgs } from './latest-run.js';
import { words } from './filter.js';
import type { ShownMessage } from './messages.js';
import type { ConnectionsSource } from './source.js';
import type { ConnectionsStrings } from './strings/index.js';
import type { ConnectionView } from './view-model.js';

export type { ConnectionAction };

/** The actions in the order a row shows their buttons. */
const rowOrder = ['reconnect', 'unlink', 'refresh-data', 'delete'] as const;

/** An action a row's button starts. */
export type RowAction = (typeof rowOrder)[number];

/** The word `refresh` in `actions` (or from `connectionActions`) still means `refresh-data`. */
const aliases: Readonly<Record<string, ConnectionAction>> = { refresh: 'refresh-data' };
const known = new Set<string>(['link', ...rowOrder]);

/** The actions named by `actions` (or returned by `connectionActions`), each once. */
export function parseActions(asked: Iterable<string>): Set<ConnectionAction> {
  const actions = new Set<ConnectionAction>();
  for (const word of asked) {
    const action = aliases[word] ?? word;
    if (known.has(action)) actions.add(action as ConnectionAction);
  }
  return actions;
}

/** The actions a source can carry out (refreshing data also needs the grant's permission). */
export function sourceActions(source: ConnectionsSource | undefined): Set<ConnectionAction> {
  const can = new Set<ConnectionAction>();
  if (!source) return can;
  if (source.link) can.add('reconnect');
  if (source.link && source.create) can.add('link');
  if (source.unlink) can.add('unlink');
  if (source.delete) can.add('delete');
  if (source.refreshData && source.canRefreshData?.()) can.add('refresh-data');
  return can;
}

/** The actions asked for (`actions` words, or a `connectionActions` answer) that the source can carry out. */
export function offeredActions(asked: Iterable<string> | string, can: ReadonlySet<ConnectionAction>): Set<ConnectionAction> {
  const parsed = parseActions(typeof asked === 'string' ? words(asked) : asked);
  return new Set([...parsed].filter((action) => can.has(action)));
}

/** What a row is busy with: an action of its own, or reading the truth again after an uncertain answer. */
export interface RowBusy {
  readonly action: RowAction | 'link' | 'check';
  /** The popup was blocked: the URL to continue in a new tab (already checked as openable). */
  readonly continueUrl?: string;
}

/** States from which Reconnect authorizes the same connection again. */
const reconnectable = new Set(['pending', 'disconnected', 'expired']);

/** The buttons a row shows, in order: none while it is busy, else what `offered` allows in the connection's state. */
export function rowActions(connection: ConnectionView, offered: ReadonlySet<ConnectionAction>, busy: RowBusy | undefined): readonly RowAction[] {
  if (busy) return [];
  const allowed: Record<RowAction, boolean> = {
    reconnect: reconnectable.has(connection.state),
    unlink: connection.state === 'linked',
    'refresh-data': connection.state === 'linked',
    delete: true,
  };
  return rowOrder.filter((action) => offered.has(action) && allowed[action]);
}

/** Everything one row shows. */
export interface RowView {
  readonly connection: ConnectionView;
  /** A logo already checked as safe to load. */
  readonly logoUrl: string | undefined;
  readonly busy: RowBusy | undefined;
  readonly message: ShownMessage | undefined;
  /** The buttons it shows, in order. */
  readonly actions: readonly RowAction[];
  /** How old a linked connection's least recent data may be before the row warns, in milliseconds. */
  readonly staleAfter: number;
  readonly strings: ConnectionsStrings;
  readonly locale: string;
}

/**
 * Whether two views of a row show the same thing, so the row need not render again: a source
 * that answers equal content with new objects changes nothing (the list keeps the objects it
 * already had for equal connections, see `sameContent`).
 */
export function sameRowView(a: RowView, b: RowView): boolean {
  return (
    a.connection === b.connection &&
    a.logoUrl === b.logoUrl &&
    a.busy === b.busy &&
    a.message === b.message &&
    a.staleAfter === b.staleAfter &&
    a.strings === b.strings &&
    a.locale === b.locale &&
    a.actions.length === b.actions.length &&
    a.actions.every((action, index) => action === b.actions[index])
  );
}

/**
 * Whether two pieces of view data (views are plain objects, arrays, strings, numbers, booleans and
 * null, made by normalization) are equal in content.
 */
export function sameContent(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, index) => sameContent(item, (b as unknown[])[index]));
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameContent((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** What every row's view is made from, besides its connection. */
export interface RowContext {
  /**
   * What `offered` and `logoUrl` answer from (the element's actions, what the source can do, the
   * page's `connectionActions`, the platforms): while each is the same, and so are a row's
   * connection, busy state and message, its view is kept without being made again.
   */
  readonly inputs: readonly unknown[];
  /** Changes whenever any row's busy state or message changes (`RowsController.version`). */
  readonly rowStates: number;
  /** The actions offered for a connection (the element's `actions`, or `connectionActions`), within what the source can do. */
  offered(connection: ConnectionView): ReadonlySet<ConnectionAction>;
  busy(id: string): RowBusy | undefined;
  message(id: string): ShownMessage | undefined;
  logoUrl(connection: ConnectionView): string | undefined;
  readonly staleAfter: number;
  readonly strings: ConnectionsStrings;
  readonly locale: string;
}

/** The views of a list of connections, in its order and by id, and what they were made from. */
export interface RowViews {
  readonly connections: readonly ConnectionView[];
  readonly context: RowContext;
  readonly list: readonly RowView[];
  readonly views: ReadonlyMap<string, RowView>;
}

function sameContext(a: RowContext, b: RowContext): boolean {
  return sameArgs(a.inputs, b.inputs) && a.staleAfter === b.staleAfter && a.strings === b.strings && a.locale === b.locale;
}

/**
 * Each connection's row view, in order and by id: the same object as in `previous` while the row
 * shows the same thing, so only rows that changed render again. A row whose inputs are all the same
 * objects keeps its view without making a new one, so an update of a long list costs little per row;
 * and when the list, the rows' states and the inputs are all the same (the next chunk of a long
 * list, an update that changed something else), `previous` is the answer, without a walk over the rows.
 */
export function rowViews(connections: readonly ConnectionView[], context: RowContext, previous: RowViews | undefined): RowViews {
  const sameInputs = previous !== undefined && sameContext(previous.context, context);
  if (sameInputs && previous.connections === connections && previous.context.rowStates === context.rowStates) return previous;
  const views = new Map<string, RowView>();
  const list: RowView[] = [];
  for (const connection of connections) {
    // A source that lists an id twice gets one row for it: a row's id is its key.
    if (views.has(connection.id)) continue;
    const busy = context.busy(connection.id);
    const message = context.message(connection.id);
    const before = previous?.views.get(connection.id);
    let view: RowView;
    if (before && sameInputs && before.connection === connection && before.busy === busy && before.message === message) {
      view = before;
    } else {
      const next: RowView = {
        connection,
        logoUrl: context.logoUrl(connection),
        busy,
        message,
        actions: rowActions(connection, context.offered(connection), busy),
        staleAfter: context.staleAfter,
        strings: context.strings,
        locale: context.locale,
      };
      view = before && sameRowView(before, next) ? before : next;
    }
    views.set(connection.id, view);
    list.push(view);
  }
  return { connections, context, list, views };
}
