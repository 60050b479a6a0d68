// Focus is never lost. Every action is driven from the keyboard (a control focused, then
// Enter, as a keyboard user does), and once it has ended focus is on a sensible element inside the
// element (the row's next action, the failure's Retry, the row, the list's header), never on <body>.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { mount, stubs, waitFor, type Harness } from '../../../test/helpers/harness.js';
import { dataset, hoursAgo, view } from '../../../test/helpers/fixtures.js';
import { deferred, failure, memorySource } from '../../../test/helpers/memory-source.js';
import type { ConnectionView, ConnectionsSource } from '../src/index.js';

const everything = 'link reconnect unlink delete refresh';

/** Linked c1 (with data), pending c2, linked c3. */
const rows = () => [
  view(1, { datasets: [dataset('invoices', 'fresh', 2)] }),
  view(2, { state: 'pending', status: 'PendingAuth' }),
  view(3, { datasets: [dataset('invoices', 'fresh', 2)] }),
];

function mountOver(source: ConnectionsSource, attributes: Record<string, string | boolean> = {}): Promise<Harness> {
  return mount({ attributes: { actions: everything, 'no-confirm': true, ...attributes }, properties: { source } });
}

const linked = (connection: ConnectionView): ConnectionView => ({ ...connection, state: 'linked', status: 'Linked' });
const cancelled = () => Object.assign(new Error('link cancelled'), { code: 'link_cancelled' });

/** Focuses `control` and presses `key` on it, as a keyboard user does. */
async function press(control: HTMLElement | null, key = 'Enter'): Promise<void> {
  expect(control, 'the control to press').to.exist;
  control!.focus();
  await sendKeys({ press: key });
}

const described = (node: Element | null | undefined) => (node ? `<${node.localName} ${node.getAttribute('part') ?? node.className}>` : 'nothing');

/**
 * Waits until focus is on `expected()` inside the element; fails naming where focus is instead
 * (<body> when it was lost).
 */
async function expectFocus(h: Harness, expected: () => Element | null | undefined, what: string): Promise<void> {
  await waitFor(() => expected() && h.focused() === expected(), `focus on ${what}`, 2_000).catch(() => undefined);
  await h.settle();
  const page = document.activeElement === h.el ? 'the element' : described(document.activeElement);
  expect(page, `focus left the element for ${page}`).to.equal('the element');
  expect(expected(), what).to.exist;
  expect(described(h.focused()), `focus on ${what}`).to.equal(described(expected()));
  expect(h.focused()).to.equal(expected());
}

describe('<codat-connections>', () => {
  describe('keyboard: focus after every action', () => {
    describe('Reconnect', () => {
      it('waits on the row while authorizing, then goes to the linked row’s first action', async () => {
        stubs.popups();
        const answer = deferred<ConnectionView>();
        const h = await mountOver(memorySource(rows(), { link: () => answer.promise }));
        await press(h.button('c2', 'reconnect'));
        await waitFor(() => h.pending('c2'), 'the row waiting for authorization');
        await expectFocus(h, () => h.row('c2'), 'the busy row');
        const done = h.next('codat-linked');
        answer.resolve(linked(view(2)));
        await done;
        await expectFocus(h, () => h.inRow('c2', 'unlink-button'), "the linked row's Unlink");
      });

      it('goes back to Reconnect when the user closes the popup', async () => {
        stubs.popups();
        const h = await mountOver(memorySource(rows(), { link: () => Promise.reject(cancelled()) }));
        const done = h.next('codat-link-cancelled');
        await press(h.button('c2', 'reconnect'));
        await done;
        await expectFocus(h, () => h.button('c2', 'reconnect'), 'Reconnect');
      });

      it('goes to the continue link when the popup is blocked, and to the row’s first action once the user is back and it is linked', async () => {
        stubs.popups({ blocked: true });
        const source = memorySource(rows());
        const h = await mountOver(source);
        await press(h.button('c2', 'reconnect'));
        await expectFocus(h, () => h.continueLink('c2'), 'the continue link');
        // The user follows it (the new tab itself is not opened), authorizes there and comes back.
        h.continueLink('c2')!.addEventListener('click', (event) => event.preventDefault(), { once: true });
        await sendKeys({ press: 'Enter' });
        source.get = async (id) => linked(view(Number(id.slice(1))));
        const done = h.next('codat-linked');
        window.dispatchEvent(new Event('focus'));
        await done;
        await expectFocus(h, () => h.inRow('c2', 'unlink-button'), "the linked row's Unlink");
      });

      it('goes to the row’s first action when the link’s answer was lost and reading it again shows it linked', async () => {
        stubs.popups();
        const source = memorySource(rows(), { link: () => Promise.reject(failure('link', 'network_error', 0)) });
        source.get = async (id) => linked(view(Number(id.slice(1))));
        const h = await mountOver(source);
        const done = h.next('codat-linked');
        await press(h.button('c2', 'reconnect'));
        await done;
        await expectFocus(h, () => h.inRow('c2', 'unlink-button'), "the linked row's Unlink");
      });
    });

    describe('Link a new connection', () => {
      /**
       * Opens the picker with Enter, and picks the platform `new` (a banking aggregator) with the arrow
       * keys and Enter; answers its button.
       */
      async function pickNewPlatform(h: Harness): Promise<HTMLElement> {
        await press(h.linkButton());
        await h.waitForFocus(() => h.part('picker-search'), 'the picker search');
        await waitFor(() => h.pickerItems().length === 3, 'the platforms');
        // p1 is linked (not offered to the keys), p2 pending, then the new one. Where focus lands is
        // waited for, as after every other key here, not read the moment the keys were sent.
        await sendKeys({ press: 'ArrowDown' });
        await sendKeys({ press: 'ArrowDown' });
        const onNew = () => h.focused()?.getAttribute('data-key') === 'new';
        await waitFor(onNew, 'focus on the new platform', 2_000).catch(() => undefined);
        const item = h.focused()!;
        expect(item.getAttribute('data-key'), 'the platform focused after two ArrowDowns').to.equal('new');
        await sendKeys({ press: 'Enter' });
        return item;
      }

      it('goes back to the link button when the picker closes, and stays there once linked', async () => {
        stubs.popups();
        const answer = deferred<ConnectionView>();
        const h = await mountOver(memorySource(rows(), { link: () => answer.promise }));
        await pickNewPlatform(h);
        await waitFor(() => h.pending('c99'), 'the new row waiting for authorization');
        await expectFocus(h, () => h.linkButton(), 'the link button');
        const done = h.next('codat-linked');
        answer.resolve(linked(view(99, { name: 'New platform' })));
        await done;
        await expectFocus(h, () => h.linkButton(), 'the link button');
      });

      it('reaches a linked banking aggregator with the arrow keys and adds another connection of it with Enter', async () => {
        stubs.popups();
        const bank = view(3, { name: 'New platform', platformKey: 'new', sourceType: 'Banking' });
        const h = await mountOver(memorySource([...rows().slice(0, 2), bank]));
        const done = h.next('codat-linked');
        const item = await pickNewPlatform(h);
        expect(item.textContent).to.contain('Add another');
        expect((await done).detail.connection.id).to.equal('c99');
        expect(h.rowIds()).to.have.members(['c1', 'c2', 'c3', 'c99']);
        await expectFocus(h, () => h.linkButton(), 'the link button');
      });

      it('stays on the link button when the user closes the popup', async () => {
        stubs.popups();
        const h = await mountOver(memorySource(rows(), { link: () => Promise.reject(cancelled()) }));
        const done = h.next('codat-link-cancelled');
        await pickNewPlatform(h);
        await done;
        await expectFocus(h, () => h.linkButton(), 'the link button');
      });
    });

    describe('Unlink', () => {
      it('waits on the row while unlinking after the dialog is confirmed, then goes to the unlinked row’s Reconnect', async () => {
        const answer = deferred<ConnectionView>();
        const h = await mountOver(memorySource(rows(), { unlink: () => answer.promise }), { 'no-confirm': false });
        await press(h.button('c1', 'unlink'));
        const dialog = await h.waitForDialog();
        await sendKeys({ press: 'Tab' });
        expect(h.focused()).to.equal(h.part('dialog-confirm', dialog));
        const done = h.next('codat-unlinked');
        await sendKeys({ press: 'Enter' });
        await waitFor(() => h.pending('c1') === 'Unlinking…', 'the row unlinking');
        await expectFocus(h, () => h.row('c1'), 'the busy row');
        answer.resolve({ ...view(1), state: 'disconnected', status: 'Unlinked' });
        await done;
        await expectFocus(h, () => h.button('c1', 'reconnect'), 'Reconnect');
      });

      it('goes back to Unlink when the dialog is cancelled with Escape', async () => {
        const h = await mountOver(memorySource(rows()), { 'no-confirm': false });
        await press(h.button('c1', 'unlink'));
        await h.waitForDialog();
        await sendKeys({ press: 'Escape' });
        await waitFor(() => !h.dialog(), 'the dialog closed');
        await expectFocus(h, () => h.button('c1', 'unlink'), 'Unlink');
      });
    });

    describe('Delete', () => {
      it('waits on the row while deleting, then goes to the next row, and to the header once no row is left', async () => {
        const answer = deferred();
        const source = memorySource(rows(), { delete: () => answer.promise });
        const h = await mountOver(source);
        let done = h.next('codat-deleted');
        await press(h.button('c2', 'delete'));
        await waitFor(() => h.pending('c2') === 'Deleting…', 'the row deleting');
        await expectFocus(h, () => h.row('c2'), 'the busy row');
        answer.resolve();
        await done;
        source.delete = async () => undefined;
        await expectFocus(h, () => h.row('c3'), 'the next row');
        done = h.next('codat-deleted');
        await press(h.button('c3', 'delete'));
        await done;
        await expectFocus(h, () => h.row('c1'), 'the previous row, as no row follows');
        done = h.next('codat-deleted');
        await press(h.button('c1', 'delete'));
        await done;
        await expectFocus(h, () => h.part('refresh-button'), "the header's Refresh");
      });

      it('goes to the next row when the answer was lost and the connection is gone', async () => {
        const source = memorySource(rows(), { delete: () => Promise.reject(failure('delete', 'server_error', 503)) });
        source.get = () => Promise.reject(failure('get', 'not_found', 404));
        const h = await mountOver(source);
        const done = h.next('codat-deleted');
        await press(h.button('c1', 'delete'));
        await done;
        await expectFocus(h, () => h.row('c2'), 'the next row');
      });
    });

    describe('Refresh data', () => {
      it('waits on the row while the data is read, then goes back to Refresh data', async () => {
        const reads = deferred();
        const source = memorySource(rows());
        const h = await mountOver(source);
        source.freshness = async (shown) => {
          await reads.promise;
          return new Map(shown.map((connection) => [connection.id, [dataset('invoices', 'fresh', 0)]]));
        };
        await press(h.inRow('c1', 'refresh-data-button'));
        await waitFor(() => h.pending('c1'), 'the row refreshing');
        await expectFocus(h, () => h.row('c1'), 'the busy row');
        const done = h.next('codat-refreshed');
        reads.resolve();
        await done;
        await expectFocus(h, () => h.inRow('c1', 'refresh-data-button'), 'Refresh data');
      });

      it('goes to Retry when it fails, and back to Refresh data once Retry works', async () => {
        const source = memorySource(rows(), { refreshData: () => Promise.reject(failure('refresh', 'server_error', 500)) });
        const h = await mountOver(source);
        await press(h.inRow('c1', 'refresh-data-button'));
        await expectFocus(h, () => h.inRow('c1', 'row-message-retry'), 'Retry');
        source.refreshData = async () => undefined;
        source.freshness = async (shown) => new Map(shown.map((connection) => [connection.id, [dataset('invoices', 'fresh', 0)]]));
        const done = h.next('codat-refreshed');
        await sendKeys({ press: 'Enter' });
        await done;
        await expectFocus(h, () => h.inRow('c1', 'refresh-data-button'), 'Refresh data');
      });
    });

    describe("a failed action's message", () => {
      it('goes to Retry when an unlink fails, and to Reconnect once Retry unlinks', async () => {
        const source = memorySource(rows(), { unlink: () => Promise.reject(failure('unlink', 'rate_limited', 429)) });
        const h = await mountOver(source);
        await press(h.button('c1', 'unlink'));
        await expectFocus(h, () => h.inRow('c1', 'row-message-retry'), 'Retry');
        source.unlink = async (id) => ({ ...view(Number(id.slice(1))), state: 'disconnected', status: 'Unlinked' });
        const done = h.next('codat-unlinked');
        await sendKeys({ press: 'Enter' });
        await done;
        await expectFocus(h, () => h.button('c1', 'reconnect'), 'Reconnect');
      });

      it('goes to the row’s first action when the message is dismissed', async () => {
        const h = await mountOver(memorySource(rows(), { unlink: () => Promise.reject(failure('unlink', 'rate_limited', 429)) }));
        await press(h.button('c1', 'unlink'));
        await expectFocus(h, () => h.inRow('c1', 'row-message-retry'), 'Retry');
        await sendKeys({ press: 'Tab' });
        expect(h.focused()).to.equal(h.inRow('c1', 'row-message-dismiss'));
        await sendKeys({ press: 'Enter' });
        await waitFor(() => !h.inRow('c1', 'row-message'), 'the message gone');
        await expectFocus(h, () => h.button('c1', 'unlink'), 'Unlink');
      });
    });

    describe('reconciliation (an uncertain outcome, the connection read again)', () => {
      it('goes to Reconnect when the unlink’s answer was lost and the connection is unlinked', async () => {
        const source = memorySource(rows(), { unlink: () => Promise.reject(failure('unlink', 'server_error', 503)) });
        source.get = async (id) => ({ ...view(Number(id.slice(1))), state: 'disconnected', status: 'Unlinked' });
        const h = await mountOver(source);
        const done = h.next('codat-unlinked');
        await press(h.button('c1', 'unlink'));
        await done;
        await expectFocus(h, () => h.button('c1', 'reconnect'), 'Reconnect');
      });

      it('waits on the row while checking, then goes to Retry when the connection is still linked', async () => {
        const truth = deferred<ConnectionView>();
        const source = memorySource(rows(), { unlink: () => Promise.reject(failure('unlink', 'server_error', 503)) });
        source.get = () => truth.promise;
        const h = await mountOver(source);
        await press(h.button('c1', 'unlink'));
        await waitFor(() => h.pending('c1') === 'Checking…', 'the row checking');
        await expectFocus(h, () => h.row('c1'), 'the busy row');
        truth.resolve(view(1));
        await expectFocus(h, () => h.inRow('c1', 'row-message-retry'), 'Retry');
      });

      it('goes to the next row when the connection was removed elsewhere', async () => {
        const source = memorySource(rows(), { unlink: () => Promise.reject(failure('unlink', 'not_found', 404)) });
        source.get = () => Promise.reject(failure('get', 'not_found', 404));
        const h = await mountOver(source);
        await press(h.button('c1', 'unlink'));
        await waitFor(() => !h.row('c1'), 'the row gone');
        await expectFocus(h, () => h.row('c2'), 'the next row');
      });
    });

    describe('the list', () => {
      it('stays on Refresh while the list is read again', async () => {
        const answer = deferred();
        const source = memorySource(rows());
        const list = source.list;
        const h = await mountOver(source);
        source.list = async (request) => (await answer.promise, list(request));
        await press(h.part('refresh-button'));
        await waitFor(() => h.part('refresh-button')!.getAttribute('aria-busy') === 'true', 'Refresh busy');
        await expectFocus(h, () => h.part('refresh-button'), 'Refresh');
        const ready = h.next('codat-ready');
        answer.resolve();
        await ready;
        await expectFocus(h, () => h.part('refresh-button'), 'Refresh');
      });

      it("waits on the skeleton while the error state's Retry loads the list, then goes to the first row", async () => {
        const source = memorySource(rows(), { list: () => Promise.reject(failure('list', 'server_error', 500)) });
        const h = await mount({ attributes: { actions: everything }, properties: { source }, until: 'error' });
        const answer = deferred();
        const list = memorySource(rows()).list;
        source.list = async (request) => (await answer.promise, list(request));
        const ready = h.next('codat-ready');
        await press(h.part('retry-button'));
        await expectFocus(h, () => h.part('skeleton'), 'the skeleton');
        answer.resolve();
        await ready;
        await expectFocus(h, () => h.row('c1'), 'the first row');
      });

      it("goes to Refresh after the notice's Retry or Dismiss", async () => {
        const source = memorySource(rows());
        const list = source.list;
        const h = await mountOver(source);
        source.list = () => Promise.reject(failure('list', 'server_error', 500));
        await press(h.part('refresh-button'));
        await waitFor(() => h.part('notice-retry'), 'the notice');
        source.list = list;
        const ready = h.next('codat-ready');
        await press(h.part('notice-retry'));
        await ready;
        await expectFocus(h, () => h.part('refresh-button'), 'Refresh');
        source.list = () => Promise.reject(failure('list', 'server_error', 500));
        await press(h.part('refresh-button'));
        await press(await waitFor(() => h.part('notice-dismiss'), 'the notice'));
        await expectFocus(h, () => h.part('refresh-button'), 'Refresh');
      });

      it('stays on Load more while it loads, then goes to the first row it added', async () => {
        const answer = deferred();
        const source = memorySource(rows());
        const list = source.list;
        const h = await mountOver(source, { 'page-size': '2' });
        source.list = async (request) => (await answer.promise, list(request));
        await press(h.loadMore());
        await waitFor(() => h.loadMore()?.getAttribute('aria-busy') === 'true', 'Load more busy');
        await expectFocus(h, () => h.loadMore(), 'Load more');
        await sendKeys({ press: 'Enter' });
        answer.resolve();
        await h.waitForRows(3);
        expect(h.rowIds(), 'a second Enter while it loads loads nothing more').to.deep.equal(['c1', 'c2', 'c3']);
        await expectFocus(h, () => h.row('c3'), 'the first row added');
      });
    });

    describe('dates', () => {
      /** Rows with dates everywhere one can be: made, read, connected and disconnected, an error's, each data type's (opened). */
      async function mountWithDates(): Promise<Harness> {
        const h = await mountOver(
          memorySource([
            view(1, { datasets: [dataset('invoices', 'failed', 3, 'Refused'), dataset('customers', 'fresh', 2)] }),
            view(2, { state: 'expired', status: 'Deauthorized', errors: [{ message: 'Refused', time: hoursAgo(5) }] }),
            view(3, { state: 'disconnected', status: 'DISCONNECTED', connectedAt: hoursAgo(80), disconnectedAt: hoursAgo(4) }),
          ]),
        );
        for (const details of h.root.querySelectorAll('details')) details.open = true;
        await waitFor(() => h.root.querySelectorAll('.dataset').length === 2, 'the data types listed');
        return h;
      }

      it('are no Tab stop: Tab through the whole element meets only controls, never a date', async () => {
        const h = await mountWithDates();
        expect(h.root.querySelectorAll('time').length, 'dates shown').to.be.at.least(10);
        // The page's next control: at the end of a page, WebKit's Tab goes round to its start again.
        const next = document.createElement('button');
        next.textContent = 'after';
        h.el.after(next);
        const stops: string[] = [];
        h.part('refresh-button')!.focus();
        while (document.activeElement === h.el && stops.length < 100) {
          const focused = h.focused()!;
          stops.push(focused.closest('time') ? `a date: ${focused.outerHTML}` : focused.localName);
          await sendKeys({ press: 'Tab' });
        }
        expect(stops.length, 'Tab leaves the element at its end').to.be.below(100);
        expect(document.activeElement, 'for the page’s next control').to.equal(next);
        next.remove();
        expect(stops.filter((stop) => !['button', 'input', 'summary', 'a'].includes(stop))).to.deep.equal([]);
        expect(
          stops.filter((stop) => stop === 'summary'),
          'the data types and the errors',
        ).to.have.length(2);
      });

      it('gives every exact time of the row the keyboard is in, in its text', async function () {
        const h = await mountWithDates();
        const exact = (time: HTMLTimeElement) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(time.dateTime));
        for (const id of ['c1', 'c2', 'c3']) {
          // Into the row from the control before it, with Tab.
          const row = h.row(id)!;
          const first = row.querySelector<HTMLElement>('summary, button:not([hidden])')!;
          const controls = [...h.root.querySelectorAll<HTMLElement>('input, summary, button:not([hidden])')];
          controls[controls.indexOf(first) - 1]!.focus();
          await sendKeys({ press: 'Tab' });
          expect(row.contains(h.focused()), `focus in ${id}`).to.equal(true);
          await h.settle();
          const times = [...row.querySelectorAll<HTMLTimeElement>('time[datetime]')];
          expect(times.length, `dates in ${id}`).to.be.at.least(2);
          for (const time of times) {
            // Its text (which screen readers read), shown while the row has focus; the title is the mouse's.
            const text = time.querySelector<HTMLElement>('.exact')!;
            expect(text.textContent, `${id}: ${time.textContent}`).to.equal(` (${exact(time)})`);
            // Shown beside the row's own dates; its data types' list stays short.
            if (time.closest('.meta, .errors')) expect(text.getBoundingClientRect().width, `${id}: ${time.textContent} shown`).to.be.greaterThan(1);
            expect(time.title, `${id}: the title of ${time.textContent}`).to.equal(exact(time));
          }
        }
        // Another row's dates stay short while the keyboard is elsewhere.
        expect(h.row('c1')!.querySelector('.exact')!.getBoundingClientRect().width).to.be.at.most(1);
      });
    });
  });
});
