// Axe (contrast included) finds nothing in any state the element or a row can be in, busy
// states included, in the light and the dark theme. Each state is reached over a source held in
// memory whose answers the test holds back, so that a busy state lasts while axe runs; each test
// first checks a fact only that state shows, so that a state that is not reached fails the test
// instead of passing over another one.
import { expect } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { mount, stubs, waitFor, type Harness } from '../../../test/helpers/harness.js';
import { dataholderConnection, dataholderRead, dataset, hoursAgo, view } from '../../../test/helpers/fixtures.js';
import { failure, held, memorySource } from '../../../test/helpers/memory-source.js';
import type { ConnectionsSource } from '../src/index.js';
import { dataholderSource, type DataholderConnection } from '../src/dataholder.js';

const everything = 'link reconnect unlink delete refresh';
const twoRows = () => [view(1, { datasets: [dataset('invoices', 'fresh', 2)] }), view(2, { state: 'pending', status: 'PendingAuth' })];

/** Mounts over `source` with every action and no confirmation unless `attributes` say otherwise. */
function mountOver(
  source: ConnectionsSource,
  theme: string,
  attributes: Record<string, string | boolean> = {},
  until: 'ready' | 'error' | 'rendered' = 'ready',
): Promise<Harness> {
  return mount({ attributes: { actions: everything, 'no-confirm': true, theme, ...attributes }, properties: { source }, until });
}

/** Clicks a row's control by part, once it shows. */
async function press(h: Harness, id: string, part: string): Promise<void> {
  (await waitFor(() => h.inRow(id, part), `${part} of ${id}`)).click();
}

/** Opens every `<details>` in the element and waits until their lists are in. */
async function openAllDetails(h: Harness): Promise<void> {
  const details = [...h.root.querySelectorAll('details')];
  for (const each of details) each.open = true;
  await waitFor(() => details.every((each) => each.querySelector('ul, p')), 'every details open with its content');
}

interface StateCase {
  name: string;
  /** Reaches the state (asserting what only it shows) and returns the harness. */
  reach(theme: string): Promise<Harness>;
}

const states: StateCase[] = [
  {
    name: 'loading (the skeleton)',
    async reach(theme) {
      const h = await mountOver(memorySource([], { list: ({ signal }) => held(signal) }), theme, {}, 'rendered');
      await waitFor(() => h.part('skeleton'), 'the skeleton');
      return h;
    },
  },
  {
    name: 'empty',
    async reach(theme) {
      const h = await mountOver(memorySource([]), theme);
      expect(h.part('empty')).to.exist;
      return h;
    },
  },
  {
    name: 'the list failed, with Retry',
    async reach(theme) {
      const h = await mountOver(memorySource([], { list: () => Promise.reject(failure('list', 'server_error', 500)) }), theme, {}, 'error');
      expect(h.part('error')).to.exist;
      expect(h.part('retry-button')).to.exist;
      return h;
    },
  },
  {
    name: 'signed out',
    async reach(theme) {
      const h = await mountOver(memorySource([], { list: () => Promise.reject(failure('list', 'unauthorized', 401)) }), theme, {}, 'error');
      expect(h.part('error')!.textContent).to.match(/sign/i);
      return h;
    },
  },
  {
    name: 'misconfigured (no Retry)',
    async reach(theme) {
      stubs.console('warn');
      const h = await mountOver(memorySource([]), theme, { 'page-size': '0' }, 'error');
      expect(h.part('error')).to.exist;
      expect(h.part('retry-button')).to.equal(null);
      return h;
    },
  },
  {
    name: 'every connection status, with every action each offers',
    async reach(theme) {
      const rows = [
        view(1),
        view(2, { state: 'pending', status: 'PendingAuth' }),
        view(3, { state: 'disconnected', status: 'Unlinked' }),
        view(4, { state: 'expired', status: 'Deauthorized' }),
        view(5, { state: 'expired', status: 'EXPIRED' }),
        view(6, { state: 'disconnected', status: 'DISCONNECTED' }),
        view(7, { state: 'unknown', status: 'Archived', lastSync: undefined }),
      ];
      const h = await mountOver(memorySource(rows), theme);
      const states = h.rowIds().map((id) => h.statusPart(id));
      expect(states).to.deep.equal(['linked', 'pending', 'disconnected', 'expired', 'expired', 'disconnected', 'unknown']);
      expect(h.parts('reconnect-button')).to.have.length(5);
      expect(h.parts('refresh-data-button')).to.have.length(1);
      return h;
    },
  },
  {
    name: "a row's connection errors, open",
    async reach(theme) {
      const errors = [{ message: 'The platform refused the credentials', time: hoursAgo(5), status: '401' }, { message: 'Rate limited' }];
      const h = await mountOver(memorySource([view(1, { state: 'expired', status: 'Deauthorized', errors })]), theme);
      await openAllDetails(h);
      expect(h.inRow('c1', 'errors')!.querySelectorAll('li')).to.have.length(2);
      return h;
    },
  },
  {
    name: 'data up to date, stale, failed, updating and never read, with every data type open',
    async reach(theme) {
      const rows = [
        view(1, { datasets: [dataset('invoices', 'fresh', 2)] }),
        view(2, { datasets: [dataset('invoices', 'fresh', 50)] }),
        view(3, { datasets: [dataset('invoices', 'failed', 3, 'The platform returned an error'), dataset('customers', 'fresh', 3)] }),
        view(4, { datasets: [dataset('invoices', 'fetching', 1)] }),
        view(5, { datasets: [dataset('taxRates', 'never', 1), dataset('made-up-type', 'unknown', 1)] }),
      ];
      const h = await mountOver(memorySource(rows), theme);
      await waitFor(() => h.parts('freshness').length === 5, 'the freshness of every row');
      expect(h.parts('freshness-warning')).to.have.length(2);
      await openAllDetails(h);
      await waitFor(() => h.root.querySelectorAll('.dataset').length === 7, 'every data type listed');
      return h;
    },
  },
  {
    name: 'reloading the list (the header Refresh busy, the rows kept)',
    async reach(theme) {
      const source = memorySource(twoRows());
      const h = await mountOver(source, theme);
      source.list = ({ signal }) => held(signal);
      h.part('refresh-button')!.click();
      await waitFor(() => h.part('refresh-button')!.getAttribute('aria-busy') === 'true', 'the Refresh button busy');
      expect(h.rows()).to.have.length(2);
      return h;
    },
  },
  {
    name: 'the reload failed: a notice with Retry over the rows',
    async reach(theme) {
      const source = memorySource(twoRows());
      const h = await mountOver(source, theme);
      source.list = () => Promise.reject(failure('list', 'server_error', 500));
      h.part('refresh-button')!.click();
      await waitFor(() => h.part('notice-retry'), 'the notice with Retry');
      return h;
    },
  },
  {
    name: 'rows that could not be shown: a notice',
    async reach(theme) {
      const source = memorySource(twoRows());
      source.list = async () => ({ connections: twoRows(), totalResults: 3, problems: ['results[2]: not an object (null)'] });
      // The rows left out are reported (codat-error) before the list is ready.
      const h = await mountOver(source, theme, {}, 'error');
      await waitFor(() => h.part('notice') && h.rows().length === 2, 'the notice over the rows');
      return h;
    },
  },
  {
    name: 'nothing matches the filter',
    async reach(theme) {
      const h = await mountOver(memorySource(twoRows()), theme);
      await h.type('filter', 'zzzz');
      expect(h.rows()).to.have.length(0);
      expect(h.root.querySelector('.no-match')).to.exist;
      return h;
    },
  },
  {
    name: 'more to load (Load more)',
    async reach(theme) {
      const rows = [1, 2, 3].map((n) => view(n));
      const h = await mountOver(memorySource(rows), theme, { 'page-size': '2' });
      expect(h.loadMore()).to.exist;
      return h;
    },
  },
  {
    name: 'loading more (Load more busy)',
    async reach(theme) {
      const rows = [1, 2, 3].map((n) => view(n));
      const source = memorySource(rows);
      const h = await mountOver(source, theme, { 'page-size': '2' });
      source.list = ({ signal }) => held(signal);
      h.loadMore()!.click();
      await waitFor(() => h.loadMore()!.getAttribute('aria-busy') === 'true', 'Load more busy');
      return h;
    },
  },
  {
    name: 'reconnecting: waiting for authorization in the popup',
    async reach(theme) {
      stubs.popups();
      const h = await mountOver(memorySource(twoRows(), { link: (_, { signal }) => held(signal) }), theme);
      await press(h, 'c2', 'reconnect-button');
      await waitFor(() => h.pending('c2'), 'the row waiting for authorization');
      expect(h.busy('c2')).to.equal(true);
      return h;
    },
  },
  {
    name: 'linking a new platform from the picker: its new row waiting for authorization',
    async reach(theme) {
      stubs.popups();
      const h = await mountOver(memorySource(twoRows(), { link: (_, { signal }) => held(signal) }), theme);
      await h.openPicker();
      h.pickerItems()
        .find((item) => item.dataset['key'] === 'new')!
        .click();
      await waitFor(() => h.row('c99') && h.pending('c99'), 'the new row waiting for authorization');
      return h;
    },
  },
  {
    name: 'the popup was blocked: continue in a new tab',
    async reach(theme) {
      stubs.popups({ blocked: true });
      const h = await mountOver(memorySource(twoRows()), theme);
      await press(h, 'c2', 'reconnect-button');
      await waitFor(() => h.continueLink('c2'), 'the continue link');
      return h;
    },
  },
  {
    name: 'unlinking',
    async reach(theme) {
      const h = await mountOver(memorySource(twoRows(), { unlink: (_, request) => held(request?.signal) }), theme);
      await press(h, 'c1', 'unlink-button');
      await waitFor(() => h.pending('c1') === 'Unlinking…', 'the row unlinking');
      return h;
    },
  },
  {
    name: 'deleting',
    async reach(theme) {
      const h = await mountOver(memorySource(twoRows(), { delete: (_, request) => held(request?.signal) }), theme);
      await press(h, 'c2', 'delete-button');
      await waitFor(() => h.pending('c2') === 'Deleting…', 'the row deleting');
      return h;
    },
  },
  {
    name: 'checking after an uncertain outcome (the connection read again)',
    async reach(theme) {
      const source = memorySource(twoRows(), { unlink: () => Promise.reject(failure('unlink', 'server_error', 503)) });
      const h = await mountOver(source, theme);
      source.get = (_, request) => held(request?.signal);
      await press(h, 'c1', 'unlink-button');
      await waitFor(() => h.pending('c1') === 'Checking…', 'the row checking');
      return h;
    },
  },
  {
    name: 'refreshing data: the request under way',
    async reach(theme) {
      const h = await mountOver(memorySource(twoRows(), { refreshData: (request) => held(request?.signal) }), theme);
      await press(h, 'c1', 'refresh-data-button');
      await waitFor(() => h.pending('c1') === 'Refreshing data…', 'the row refreshing data');
      return h;
    },
  },
  {
    name: 'refreshing data: waiting for the reads (updating data)',
    async reach(theme) {
      const source = memorySource(twoRows());
      const h = await mountOver(source, theme);
      source.freshness = async (shown) => new Map(shown.map((connection) => [connection.id, [dataset('invoices', 'fetching', 0)]]));
      await press(h, 'c1', 'refresh-data-button');
      await waitFor(() => h.inRow('c1', 'freshness')?.textContent?.includes('Updating'), 'the row updating its data');
      expect(h.busy('c1')).to.equal(true);
      return h;
    },
  },
  {
    name: "a failed action's message on its row, with Retry",
    async reach(theme) {
      const h = await mountOver(memorySource(twoRows(), { unlink: () => Promise.reject(failure('unlink', 'rate_limited', 429)) }), theme);
      await press(h, 'c1', 'unlink-button');
      await waitFor(() => h.inRow('c1', 'row-message-retry'), "the row message's Retry");
      return h;
    },
  },
  {
    name: 'the picker loading its platforms',
    async reach(theme) {
      const h = await mountOver(memorySource(twoRows(), { platforms: (request) => held(request?.signal) }), theme);
      h.linkButton()!.click();
      await waitFor(() => h.part('picker')?.querySelector('[aria-busy="true"]'), 'the picker loading');
      return h;
    },
  },
  {
    name: "the picker open, marking the company's connections",
    async reach(theme) {
      const h = await mountOver(memorySource(twoRows()), theme);
      await h.openPicker();
      expect(h.parts('picker-item-status')).to.have.length(2);
      expect(h.pickerItems().filter((item) => (item as HTMLButtonElement).disabled)).to.have.length(1);
      return h;
    },
  },
  {
    name: 'the picker finding nothing',
    async reach(theme) {
      const h = await mountOver(memorySource(twoRows()), theme);
      await h.openPicker();
      await h.type('picker-search', 'zzzz');
      expect(h.pickerItems()).to.have.length(0);
      return h;
    },
  },
  {
    name: 'the confirmation dialog before an unlink',
    async reach(theme) {
      const h = await mountOver(memorySource(twoRows()), theme, { 'no-confirm': false });
      await press(h, 'c1', 'unlink-button');
      expect((await h.waitForDialog()).textContent).to.match(/Unlink Platform 1/);
      return h;
    },
  },
  {
    name: 'the confirmation dialog before a delete',
    async reach(theme) {
      const h = await mountOver(memorySource(twoRows()), theme, { 'no-confirm': false });
      await press(h, 'c2', 'delete-button');
      expect((await h.waitForDialog()).textContent).to.match(/Delete Platform 2/);
      return h;
    },
  },
  {
    name: "the dataholder model's rows, their access and data open (a disconnected one's no longer updating)",
    async reach(theme) {
      // Both reads last succeeded two days before their last attempt.
      const read = (status: string, hours: number) => dataholderRead(status, hours, hours + 48);
      const consent = (id: string, status: string, state: Record<string, unknown>): DataholderConnection =>
        dataholderConnection(id, {
          dataholder: 'cba',
          scopes: status === 'ACTIVE' ? ['bank:accounts.basic:read', 'bank:transactions:read'] : null,
          status,
          connectionState: { status, connectedAt: hoursAgo(72), disconnectedAt: status === 'DISCONNECTED' ? hoursAgo(2) : null, ...state },
        });
      const rows = [
        consent('d1', 'ACTIVE', { BANK_ACCOUNT: read('SUCCESS', 2), BANK_TRANSACTION: read('FAILURE', 3) }),
        consent('d2', 'DISCONNECTED', { BANK_ACCOUNT: read('SUCCESS', 5) }),
        consent('d3', 'EXPIRED', {}),
        consent('d4', 'INITIATED', {}),
      ];
      const source = dataholderSource({
        list: async () => structuredClone(rows),
        get: async (id) => structuredClone(rows.find((row) => row.id === id)!),
        disconnect: async (id) => ({ ...structuredClone(rows.find((row) => row.id === id)!), status: 'DISCONNECTED' }),
      });
      const h = await mountOver(source, theme);
      expect(h.parts('access')).to.have.length(4);
      await openAllDetails(h);
      expect(h.inRow('d1', 'scopes')!.textContent).to.match(/transactions/i);
      expect(h.inRow('d2', 'datasets')!.textContent).to.match(/No longer updating/);
      return h;
    },
  },
];

describe('<codat-connections>', () => {
  describe('accessibility in every state', () => {
    // axe reads a colour's background at the element's place in the viewport: text below the fold
    // would be measured against the page (white), not the element's dark surface.
    // WebKit runs over WebDriver, which cannot set the viewport: its window is tall enough already.
    const canSetViewport = !/AppleWebKit/.test(navigator.userAgent) || /Chrome\//.test(navigator.userAgent);
    before(() => canSetViewport && setViewport({ width: 800, height: 2000 }));
    after(() => canSetViewport && setViewport({ width: 800, height: 600 }));

    // `auto` follows the system: dark here, as a page whose visitor prefers dark sees it. Only
    // Chromium's protocol can change what the system prefers (emulateMedia needs CDP); Firefox over
    // BiDi and WebKit over WebDriver check `auto` as the system is, light in their headless runs.
    const canEmulateMedia = /Chrome\//.test(navigator.userAgent);
    const systemScheme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    const themes = [
      { theme: 'light', name: 'light', scheme: 'light' },
      { theme: 'dark', name: 'dark', scheme: 'dark' },
      canEmulateMedia
        ? { theme: 'auto', name: 'auto, the system dark', scheme: 'dark', colorScheme: 'dark' as const }
        : { theme: 'auto', name: `auto, the system ${systemScheme}`, scheme: systemScheme, colorScheme: undefined },
    ];
    for (const { theme, name, scheme, colorScheme } of themes) {
      describe(name, () => {
        if (colorScheme) {
          before(() => emulateMedia({ colorScheme }));
          after(() => emulateMedia({ colorScheme: 'light' }));
        }
        for (const state of states) {
          it(`is accessible: ${state.name}`, async () => {
            const h = await state.reach(theme);
            expect(getComputedStyle(h.el).colorScheme, 'the theme in use').to.equal(scheme);
            // Rows skip their layout while off screen (content-visibility): a frame lets them take their opened size.
            await h.settle();
            await expect(h.el).to.be.accessible();
          });
        }
      });
    }
  });
});
