// The element's state gallery: every state `<codat-connections>` can show, each reached only
// through its public API (a source held in memory, attributes, clicks on its parts). One
// definition, shared by the page a person opens (gallery.html) and the screenshot tests
// (gallery.browser.test.ts), so both always show the same states. Nothing here knows the element's
// internals, so the states stay reachable, and their baselines comparable, whatever its inside.
import '../../packages/widget/src/codat-connections.js';
import type { CodatConnections, ConnectionView, ConnectionsSource } from '../../packages/widget/src/index.js';
import { dataholderSource, type DataholderConnection } from '../../packages/widget/src/dataholder.js';
import { dataset, hoursAgo, view } from '../helpers/fixtures.js';
import { failure, held, memorySource } from '../helpers/memory-source.js';

export interface GalleryState {
  /** Names its baselines (`<engine>/<name>.png`) and its place on the gallery page. */
  name: string;
  /** What a person should see. */
  description: string;
  /** Attributes set before the element is connected. */
  attributes?: Record<string, string | true>;
  /** The width the element is given, in CSS pixels (the widths it lays out for: wide from 36rem). Default 640. */
  width?: number;
  /** Whether it shows a modal dialog, which makes the rest of the page inert: the page shows it alone. */
  modal?: boolean;
  /** The source the element is given before it is connected. */
  source(): ConnectionsSource;
  /** From the connected element (and its source) to the state; resolves once the state shows, else rejects. */
  reach(el: CodatConnections, source: ConnectionsSource): Promise<void>;
}

const everyAction = 'link reconnect unlink delete refresh';

/** Resolves once `predicate` is truthy (polled each animation frame), else rejects naming `what`. */
export async function until<T>(predicate: () => T, what: string, timeout = 10_000): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeout;
  for (;;) {
    const value = predicate();
    if (value) return value as NonNullable<T>;
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** The first visible element of the element's shadow tree (or of `within`) with `name` among its parts. */
export function part(el: CodatConnections, name: string, within: ParentNode = el.shadowRoot!): HTMLElement | null {
  return within.querySelector<HTMLElement>(`[part~="${name}"]:not([hidden])`);
}

const parts = (el: CodatConnections, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]:not([hidden])`)];

/** The row of connection `id`. */
const row = (el: CodatConnections, id: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="item"][data-id="${id}"]`);

/** Something with part `name` in row `id`, once it shows. */
const inRow = (el: CodatConnections, id: string, name: string) => until(() => row(el, id) && part(el, name, row(el, id)!), `${name} in row ${id}`);

const rowsShown = (el: CodatConnections, count: number) => until(() => parts(el, 'item').length === count, `${count} rows`);

/** Opens a `<details>` part of a row as a user does, by its summary, and waits until its content is in. */
async function expand(el: CodatConnections, id: string, name: string): Promise<void> {
  const details = (await inRow(el, id, name)) as HTMLDetailsElement;
  details.querySelector('summary')!.click();
  await until(() => details.open && !details.hasAttribute('aria-busy') && details.querySelector('li, p'), `${name} of ${id} open with its content`);
}

/** One row in each state a connection can be in. */
const everyStatus = (): ConnectionView[] => [
  view(1, { name: 'Xero', platformKey: 'gbol', datasets: [dataset('invoices', 'fresh', 3)] }),
  view(2, { name: 'QuickBooks Online', platformKey: 'qhyg', state: 'pending', status: 'PendingAuth', lastSync: undefined }),
  view(3, { name: 'Sage Intacct', platformKey: 'knfz', state: 'disconnected', status: 'Unlinked' }),
  // Its data as last read, kept and marked as no longer updating.
  view(4, {
    name: 'FreshBooks',
    platformKey: 'dkvf',
    state: 'expired',
    status: 'Deauthorized',
    lastSync: hoursAgo(240),
    datasets: [dataset('invoices', 'fresh', 240)],
  }),
  view(5, { name: 'Zoho Books', platformKey: 'rwuv', state: 'unknown', status: 'Archived', lastSync: undefined }),
];

/** Two linked rows: the first one acted on in the states about a row's action. */
const twoLinked = (): ConnectionView[] => [
  view(1, { name: 'Xero', platformKey: 'gbol', datasets: [dataset('invoices', 'fresh', 3)] }),
  view(2, { name: 'Sage Intacct', platformKey: 'knfz', sourceType: 'Banking', datasets: [dataset('banking-transactions', 'fresh', 5)] }),
];

/** Codat's platforms, and Codat named as who reads the data, as Codat's own source does. */
const withPlatforms = (connections: ConnectionView[], operations: Partial<ConnectionsSource> = {}): ConnectionsSource =>
  memorySource(connections, {
    provider: 'Codat',
    platforms: async () => [
      { key: 'gbol', name: 'Xero', sourceType: 'Accounting' },
      { key: 'qhyg', name: 'QuickBooks Online', sourceType: 'Accounting' },
      { key: 'knfz', name: 'Sage Intacct', sourceType: 'Accounting' },
      { key: 'mqjo', name: 'Plaid', sourceType: 'Banking' },
      { key: 'gcnq', name: 'Shopify', sourceType: 'Commerce' },
    ],
    ...operations,
  });

/** A row's data: one data type failed, one older than `stale-after`, one read an hour ago. */
const mixedData = () => [
  dataset('invoices', 'failed', 4, 'The platform returned an error'),
  dataset('billCreditNotes', 'fresh', 30),
  dataset('customers', 'fresh', 1),
];

/** A user's consents to dataholders, in the dataholder model's own shape. */
function consents(): DataholderConnection[] {
  const read = (status: string, hours: number) => ({ status, referenceId: 'ref', lastSuccess: hoursAgo(hours + 48), lastUpdated: hoursAgo(hours) });
  const consent = (id: string, dataholder: string, status: string, state: Record<string, unknown>): DataholderConnection => ({
    id,
    app: 'app',
    dataholder,
    user: 'user-1',
    scopes: status === 'ACTIVE' ? ['bank:accounts.basic:read', 'bank:transactions:read'] : null,
    metrics: status === 'ACTIVE' ? ['BANK_ACCOUNT', 'BANK_TRANSACTION'] : null,
    status,
    connectionState: { status, connectedAt: hoursAgo(72), disconnectedAt: status === 'DISCONNECTED' ? hoursAgo(2) : null, ...state },
  });
  return [consent('d1', 'cba', 'ACTIVE', { BANK_ACCOUNT: read('SUCCESS', 2), BANK_TRANSACTION: read('FAILURE', 3) }), consent('d2', 'anz', 'DISCONNECTED', {})];
}

const statuses = async (el: CodatConnections) => {
  await rowsShown(el, 5);
  await until(() => part(el, 'freshness', row(el, 'c1')!), 'the freshness of the linked row');
};

export const galleryStates: GalleryState[] = [
  {
    name: 'loading',
    description: 'First load: the skeleton while the list is asked for.',
    source: () => memorySource([], { list: ({ signal }) => held(signal) }),
    reach: (el) => until(() => part(el, 'skeleton'), 'the skeleton').then(() => undefined),
  },
  {
    name: 'empty',
    description: 'The company has no connections.',
    source: () => withPlatforms([]),
    reach: (el) => until(() => part(el, 'empty'), 'the empty state').then(() => undefined),
  },
  {
    name: 'error-retry',
    description: 'The list could not be read: the error state with Retry.',
    source: () => memorySource([], { list: () => Promise.reject(failure('list', 'server_error', 500)) }),
    reach: (el) => until(() => part(el, 'error') && part(el, 'retry-button'), 'the error state with Retry').then(() => undefined),
  },
  {
    name: 'error-misconfigured',
    description: 'A page misconfigured (page-size 0): the error state, no Retry.',
    attributes: { 'page-size': '0' },
    source: () => memorySource([]),
    async reach(el) {
      await until(() => part(el, 'error'), 'the error state');
      if (part(el, 'retry-button')) throw new Error('a misconfiguration offers Retry');
    },
  },
  {
    name: 'statuses',
    description: 'A row in each state: linked, pending, disconnected, expired, unknown; every action offered.',
    attributes: { actions: everyAction },
    source: () => withPlatforms(everyStatus()),
    reach: statuses,
  },
  {
    name: 'statuses-dark',
    description: 'The same rows in the dark theme.',
    attributes: { actions: everyAction, theme: 'dark' },
    source: () => withPlatforms(everyStatus()),
    reach: statuses,
  },
  {
    name: 'statuses-narrow',
    description: 'The same rows at 320 pixels.',
    attributes: { actions: everyAction },
    width: 320,
    source: () => withPlatforms(everyStatus()),
    reach: statuses,
  },
  {
    name: 'busy-row',
    description: 'An Unlink under way: the row busy with its progress text.',
    attributes: { 'no-confirm': true },
    source: () => withPlatforms(twoLinked()),
    async reach(el, source) {
      await rowsShown(el, 2);
      source.unlink = (_id, request) => held(request?.signal);
      (await inRow(el, 'c1', 'unlink-button')).click();
      await inRow(el, 'c1', 'pending');
    },
  },
  {
    name: 'load-more-busy',
    description: 'The next page loading: Load more dimmed (load-more-busy), still focusable.',
    attributes: { 'page-size': '2' },
    source: () => withPlatforms([...twoLinked(), view(3, { name: 'QuickBooks Online', platformKey: 'qhyg', datasets: [dataset('invoices', 'fresh', 8)] })]),
    async reach(el, source) {
      await rowsShown(el, 2);
      const firstPage = source.list;
      source.list = (request) => (request.page === 1 ? firstPage(request) : held(request.signal));
      (await until(() => part(el, 'load-more'), 'Load more')).click();
      await until(() => part(el, 'load-more-busy'), 'Load more busy');
    },
  },
  {
    name: 'row-message',
    description: 'An Unlink that failed (the connection is still linked): the row message with Retry and Dismiss.',
    attributes: { 'no-confirm': true },
    source: () => withPlatforms(twoLinked(), { unlink: () => Promise.reject(failure('unlink', 'server_error', 500)) }),
    async reach(el) {
      await rowsShown(el, 2);
      (await inRow(el, 'c1', 'unlink-button')).click();
      await inRow(el, 'c1', 'row-message-retry');
      await inRow(el, 'c1', 'row-message-dismiss');
    },
  },
  {
    name: 'notice-out-of-date',
    description: 'Refresh failed: the list is kept under a notice with Retry and Dismiss.',
    source: () => withPlatforms(twoLinked()),
    async reach(el, source) {
      await rowsShown(el, 2);
      source.list = () => Promise.reject(failure('list', 'server_error', 500));
      (await until(() => part(el, 'refresh-button'), 'the Refresh button')).click();
      await until(() => part(el, 'notice-retry') && part(el, 'notice-dismiss'), 'the notice with Retry and Dismiss');
    },
  },
  {
    name: 'notice-removed',
    description: 'Unlink found the connection gone (deleted elsewhere): its row is removed, a notice says so.',
    attributes: { 'no-confirm': true },
    source: () => {
      const gone = () => Promise.reject(failure('get', 'not_found', 404));
      const source = withPlatforms(twoLinked(), { unlink: () => Promise.reject(failure('unlink', 'not_found', 404)) });
      const get = source.get.bind(source);
      source.get = (id, request) => (id === 'c1' ? gone() : get(id, request));
      return source;
    },
    async reach(el) {
      await rowsShown(el, 2);
      (await inRow(el, 'c1', 'unlink-button')).click();
      await until(() => part(el, 'notice') && parts(el, 'item').length === 1, 'the notice over the one row left');
    },
  },
  {
    name: 'notice-rows-not-shown',
    description: 'A list answer with a row that cannot be shown: the rows that can, under a notice.',
    source: () => withPlatforms([], { list: async () => ({ connections: twoLinked(), totalResults: 3, problems: ['results[2]: not an object (null)'] }) }),
    async reach(el) {
      await rowsShown(el, 2);
      await until(() => part(el, 'notice'), 'the notice');
    },
  },
  {
    name: 'picker',
    description: 'The platform picker open; the company already has Xero (linked) and QuickBooks Online (pending).',
    source: () => withPlatforms(everyStatus().slice(0, 2)),
    async reach(el) {
      await rowsShown(el, 2);
      (await until(() => part(el, 'link-button'), 'the link button')).click();
      await until(() => parts(el, 'picker-item').length === 5 && parts(el, 'picker-item-status').length === 2, 'the platforms, two with a status');
    },
  },
  {
    name: 'dialog',
    description: 'The confirmation dialog before an Unlink.',
    modal: true,
    source: () => withPlatforms(twoLinked()),
    async reach(el) {
      await rowsShown(el, 2);
      (await inRow(el, 'c1', 'unlink-button')).click();
      await until(() => el.shadowRoot!.querySelector('dialog[open]') && part(el, 'dialog-confirm'), 'the dialog open');
    },
  },
  {
    name: 'dialog-dark',
    description: 'The confirmation dialog before a Delete, in the dark theme.',
    modal: true,
    attributes: { actions: 'unlink delete', theme: 'dark' },
    source: () => withPlatforms(twoLinked()),
    async reach(el) {
      await rowsShown(el, 2);
      (await inRow(el, 'c1', 'delete-button')).click();
      await until(() => el.shadowRoot!.querySelector('dialog[open]') && part(el, 'dialog-confirm'), 'the dialog open');
    },
  },
  {
    name: 'datasets',
    description: "A linked row's data types open: one failed, one older than stale-after (24h), one fresh; a warning on the row.",
    attributes: { 'stale-after': '24h' },
    source: () =>
      withPlatforms([
        view(1, { name: 'Xero', platformKey: 'gbol', datasets: mixedData() }),
        view(2, { name: 'Sage Intacct', datasets: [dataset('invoices', 'fresh', 30)] }),
      ]),
    async reach(el) {
      await rowsShown(el, 2);
      await until(() => parts(el, 'freshness-warning').length === 2, 'a warning on both rows');
      await expand(el, 'c1', 'datasets');
    },
  },
  {
    name: 'dataholder-access',
    description: 'A consent to a dataholder (open banking), its access open: what it shares and reads; a disconnected one below.',
    attributes: { actions: 'link reconnect unlink' },
    source: () => {
      const rows = consents();
      return dataholderSource({
        list: async () => structuredClone(rows),
        get: async (id) => structuredClone(rows.find((each) => each.id === id)!),
        disconnect: async (id) => ({ ...structuredClone(rows.find((each) => each.id === id)!), status: 'DISCONNECTED' }),
        dataholders: async () => [
          { id: 'cba', name: 'Commonwealth Bank' },
          { id: 'anz', name: 'ANZ' },
        ],
      });
    },
    async reach(el) {
      await rowsShown(el, 2);
      await expand(el, 'd1', 'access');
      await until(() => part(el, 'freshness', row(el, 'd1')!), 'the freshness of the consent');
    },
  },
  {
    name: 'german',
    description: 'German, the catalogue with the longest words: every status, a row message, data types open.',
    attributes: { actions: everyAction, locale: 'de', 'no-confirm': true },
    source: () =>
      withPlatforms([view(1, { name: 'Xero', platformKey: 'gbol', datasets: mixedData() }), ...everyStatus().slice(1)], {
        unlink: () => Promise.reject(failure('unlink', 'server_error', 500)),
      }),
    async reach(el) {
      await until(() => part(el, 'title')?.textContent?.trim() === 'Verbindungen', 'the German title');
      await rowsShown(el, 5);
      (await inRow(el, 'c1', 'unlink-button')).click();
      await inRow(el, 'c1', 'row-message-retry');
      await expand(el, 'c1', 'datasets');
    },
  },
];

/**
 * Mounts `state` into `container` (the element is given the state's width) and reaches it; resolves
 * with the element once the state shows and the element has rendered all it was given.
 */
export async function mountState(state: GalleryState, container: HTMLElement): Promise<CodatConnections> {
  const el = document.createElement('codat-connections');
  for (const [name, value] of Object.entries(state.attributes ?? {})) el.setAttribute(name, value === true ? '' : value);
  const source = state.source();
  el.source = source;
  el.style.width = `${state.width ?? 640}px`;
  container.append(el);
  await state.reach(el, source);
  await el.updateComplete;
  return el;
}
