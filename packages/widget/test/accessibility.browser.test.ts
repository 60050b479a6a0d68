// <codat-connections> is accessible in every state, can be used from the keyboard alone, and puts
// focus where the user expects it after an action.
import { expect, fixture } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ConnectionsError, type Operation } from '@codat-connections/core';
import { pressTogether } from '../../../test/helpers/browser.js';
import { authorizeIn, harnessFor, mount, mountOnStack, mountWithClient, stubs, type CodatConnections } from '../../../test/helpers/harness.js';
import { connection, view } from '../../../test/helpers/fixtures.js';
import { held, memorySource } from '../../../test/helpers/memory-source.js';
import { memoryClient } from '../../../test/helpers/memory-client.js';

const allActions = { actions: 'link reconnect unlink delete' };

describe('<codat-connections>', () => {
  describe('accessibility', () => {
    it('is accessible while loading', async () => {
      const h = await mountOnStack({ faults: { latency: 2000 }, until: 'rendered' });
      expect(h.part('skeleton')).to.exist;
      await expect(h.el).to.be.accessible();
      h.el.remove();
    });

    it('is accessible with a list', async () => {
      const h = await mountOnStack({ attributes: allActions });
      await expect(h.el).to.be.accessible();
    });

    it('is accessible in the dark theme', async () => {
      const h = await mountOnStack({ attributes: { ...allActions, theme: 'dark' } });
      await expect(h.el).to.be.accessible();
    });

    it('is accessible when empty', async () => {
      const h = await mountOnStack({ attributes: { 'platform-keys': 'zzzz' } });
      expect(h.part('empty')).to.exist;
      await expect(h.el).to.be.accessible();
    });

    it('is accessible with an error', async () => {
      const h = await mountOnStack({ faults: { forceStatus: { status: 500, count: 20 } }, until: 'error' });
      expect(h.part('error')).to.exist;
      await expect(h.el).to.be.accessible();
    });

    it('is accessible with the picker open', async () => {
      const h = await mountOnStack({ attributes: allActions });
      await h.openPicker();
      await expect(h.el).to.be.accessible();
    });

    for (const theme of ['light', 'dark']) {
      it(`is accessible with a failed row's message and a notice above the list (${theme})`, async () => {
        const client = memoryClient([connection(1), connection(2)]);
        const h = await mountWithClient(client, { attributes: { ...allActions, 'no-confirm': true, theme } });
        // From now on Codat refuses (403, so no retries): the reload leaves a notice, the unlink a message on its row.
        const refused = (operation: Operation) => new ConnectionsError(`${operation} failed: HTTP 403`, { code: 'forbidden', operation, status: 403 });
        client.unlink = () => Promise.reject(refused('unlink'));
        client.list = () => Promise.reject(refused('list'));
        const stale = h.next('codat-error');
        h.part('refresh-button')!.click();
        await stale;
        const failed = h.next('codat-error');
        h.button(h.rowIds()[0]!, 'unlink')!.click();
        await failed;
        await h.settle();
        expect(h.part('notice')).to.exist;
        expect(h.inRow(h.rowIds()[0]!, 'row-message')).to.exist;
        await expect(h.el).to.be.accessible();
      });
    }

    // Busy rows kept their text at 0.7 opacity (3.2:1 to 3.7:1 against the surface).
    for (const theme of ['light', 'dark']) {
      it(`is accessible while rows are busy: unlinking, waiting for authorization, popup blocked (${theme})`, async () => {
        const client = memoryClient([connection(1), connection(2, { status: 'Deauthorized' }), connection(3, { status: 'Unlinked' })]);
        const h = await mountWithClient(client, { attributes: { ...allActions, 'no-confirm': true, theme } });
        // The unlink never answers; the first reconnect gets a popup, the second is blocked.
        client.unlink = () => new Promise(() => {});
        const popups = stubs.popups();
        const [linked, expired, unlinked] = h.rowIds() as [string, string, string];
        h.button(linked, 'unlink')!.click();
        h.button(expired, 'reconnect')!.click();
        await h.settle();
        popups.opened.forEach((popup) => popup?.close());
        stubs.popups({ blocked: true });
        h.button(unlinked, 'reconnect')!.click();
        await h.waitFor(() => h.continueLink(unlinked), 'the continue link of the blocked popup');
        expect(h.busy(linked), 'unlinking').to.equal(true);
        await expect(h.el).to.be.accessible();
      });
    }

    it('is accessible with the dialog open', async () => {
      const h = await mountOnStack({ attributes: allActions });
      h.parts('unlink-button')[0]!.click();
      await h.waitForDialog();
      await expect(h.el).to.be.accessible();
    });

    describe('keyboard', () => {
      it("unlinks with Enter on Unlink, then Tab and Space on the dialog's confirm button", async () => {
        const h = await mountOnStack();
        const target = h.connectionWith('Linked');
        h.button(target.id, 'unlink')!.focus();
        await sendKeys({ press: 'Enter' });
        const dialog = await h.waitForDialog();
        expect(h.focused()).to.equal(h.part('dialog-cancel', dialog));
        await sendKeys({ press: 'Tab' });
        expect(h.focused()).to.equal(h.part('dialog-confirm', dialog));
        const unlinked = h.next('codat-unlinked');
        await sendKeys({ press: ' ' });
        expect((await unlinked).detail.connection.id).to.equal(target.id);
        await h.el.updateComplete;
        expect(h.statusText(target.id)).to.equal('Unlinked');
      });

      it('reconnects with Space on Reconnect', async () => {
        const h = await mountOnStack();
        const target = h.connectionWith('Unlinked');
        const popups = stubs.popups({ blocked: true });
        h.button(target.id, 'reconnect')!.focus();
        const started = h.next('codat-link-started');
        await sendKeys({ press: ' ' });
        expect((await started).detail.connection.id).to.equal(target.id);
        expect(popups.calls).to.have.length(1);
        await h.waitFor(() => h.continueLink(target.id), 'the continue link');
      });

      // Every relative date was a Tab stop (14 of 35 stops for 8 rows).
      it('does not stop on dates when tabbing, and shows the exact dates of the row that has focus', async () => {
        const h = await mountOnStack();
        expect(h.root.querySelectorAll('time[tabindex]')).to.have.length(0);
        const row = h.rows().find((item) => item.querySelector('time[datetime]') && item.querySelector('button:not([hidden])'))!;
        const time = row.querySelector<HTMLTimeElement>('time[datetime]')!;
        const button = row.querySelector<HTMLElement>('button:not([hidden])')!;
        const before = time.getBoundingClientRect().width;
        // Back from the row's first button, and forward again: no date on the way.
        button.focus();
        await pressTogether('Shift', 'Tab');
        expect(h.focused()?.localName).not.to.equal('time');
        await sendKeys({ press: 'Tab' });
        expect(h.focused()).to.equal(button);
        await h.settle();
        const exact = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(time.dateTime));
        // The date's exact time, its text for screen readers, shows while the row has focus: the width shows it rendered.
        expect(time.querySelector('.exact')!.textContent).to.equal(` (${exact})`);
        expect(time.getBoundingClientRect().width).to.be.greaterThan(before);
      });

      it('shows Load more as busy while its page loads, and focusable (aria-disabled, not disabled)', async () => {
        const rows = Array.from({ length: 4 }, (_, index) => view(index + 1));
        const source = memorySource(rows);
        const list = source.list;
        source.list = (request) => (request.page === 1 ? list(request) : held(request.signal));
        const h = await mount({ attributes: { 'page-size': 2 }, properties: { source } });
        const more = h.loadMore()!;
        const idle = getComputedStyle(more);
        expect([idle.cursor, idle.opacity]).to.deep.equal(['pointer', '1']);
        more.click();
        await h.waitFor(() => more.getAttribute('aria-disabled') === 'true', 'Load more busy');
        const busy = getComputedStyle(more);
        expect([busy.cursor, busy.opacity]).to.deep.equal(['progress', '0.6']);
        more.focus();
        expect(h.focused()).to.equal(more);
      });

      it("lets the page restyle Load more's busy look through its load-more-busy part", async () => {
        const rows = Array.from({ length: 4 }, (_, index) => view(index + 1));
        const source = memorySource(rows);
        const list = source.list;
        source.list = (request) => (request.page === 1 ? list(request) : held(request.signal));
        const theme = document.createElement('style');
        theme.textContent = 'codat-connections::part(load-more-busy) { cursor: wait; opacity: 0.4; }';
        document.head.append(theme);
        try {
          const h = await mount({ attributes: { 'page-size': 2 }, properties: { source } });
          const more = h.loadMore()!;
          expect([getComputedStyle(more).cursor, getComputedStyle(more).opacity]).to.deep.equal(['pointer', '1']);
          more.click();
          await h.waitFor(() => more.getAttribute('aria-disabled') === 'true', 'Load more busy');
          expect(more.part.contains('load-more')).to.equal(true);
          expect([getComputedStyle(more).cursor, getComputedStyle(more).opacity]).to.deep.equal(['wait', '0.4']);
        } finally {
          theme.remove();
        }
      });

      it("gives screen readers every date's exact time as text, without focus, filled in after the first render", async () => {
        const rows = Array.from({ length: 40 }, (_, index) => connection(index + 1));
        const el = document.createElement('codat-connections') as CodatConnections;
        el.client = memoryClient(rows);
        el.pageSize = 40;
        // What the first render with the rows gives (read before any other task runs): no exact time formatted yet.
        const exactTexts = () => [...el.shadowRoot!.querySelectorAll('time .exact')].map((exact) => exact.textContent!);
        const atFirstRender = new Promise<string[]>((resolve) =>
          el.addEventListener('codat-ready', () => void el.updateComplete.then(() => resolve(exactTexts())), { once: true }),
        );
        const h = harnessFor(await fixture<CodatConnections>(el));
        const first = await atFirstRender;
        expect(first.length).to.be.at.least(80);
        expect(first.every((text) => text === '')).to.equal(true);
        const format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
        const times = () => [...h.root.querySelectorAll<HTMLTimeElement>('time[datetime]')];
        await h.waitFor(
          () => times().every((time) => time.querySelector('.exact')!.textContent === ` (${format.format(new Date(time.dateTime))})`),
          'every exact time',
        );
        expect(h.root.activeElement).to.equal(null);
        // Hidden from sight while the row has no focus, but text all the same (no aria-hidden, no display: none).
        const exact = times()[0]!.querySelector<HTMLElement>('.exact')!;
        expect(exact.getBoundingClientRect().width).to.be.at.most(1);
        expect(getComputedStyle(exact).display).not.to.equal('none');
        expect(exact.closest('[aria-hidden="true"]')).to.equal(null);
        await expect(h.el).to.be.accessible();
      });

      // Focus went to <body> once the linked row hid its Reconnect button.
      it('keeps focus in the row after a reconnect from the keyboard succeeds', async () => {
        const h = await mountOnStack();
        const target = h.connectionWith('Unlinked');
        const popups = stubs.popups();
        h.button(target.id, 'reconnect')!.focus();
        const linked = h.next('codat-linked');
        await sendKeys({ press: 'Enter' });
        await authorizeIn(popups.opened[0]!);
        await linked;
        await h.settle();
        const focused = h.focused();
        expect(focused, 'focus is not lost to the page').to.exist;
        expect(h.row(target.id)!.contains(focused), `focus is in the row, not on ${focused?.outerHTML.slice(0, 80)}`).to.equal(true);
        expect((focused as HTMLElement).hidden).to.equal(false);
      });

      it('deletes with Enter on Delete', async () => {
        const h = await mountOnStack({ attributes: { actions: 'delete', 'no-confirm': true } });
        const target = h.connections()[0]!;
        h.button(target.id, 'delete')!.focus();
        const deleted = h.next('codat-deleted');
        await sendKeys({ press: 'Enter' });
        expect((await deleted).detail.connectionId).to.equal(target.id);
        await h.el.updateComplete;
        expect(h.row(target.id)).not.to.exist;
      });

      it('moves through the picker with the arrow keys, and Escape closes it', async () => {
        const h = await mountOnStack();
        // Platforms the company has linked cannot be picked, so the keys pass them by.
        const items = (await h.openPicker()).filter((item) => !(item as HTMLButtonElement).disabled);
        const search = h.part('picker-search')!;
        await h.waitForFocus(() => search, 'the picker search');
        await sendKeys({ press: 'ArrowDown' });
        expect(h.focused()).to.equal(items[0]);
        await sendKeys({ press: 'ArrowDown' });
        expect(h.focused()).to.equal(items[1]);
        await sendKeys({ press: 'End' });
        expect(h.focused()).to.equal(items[items.length - 1]);
        await sendKeys({ press: 'Home' });
        await sendKeys({ press: 'ArrowUp' });
        expect(h.focused()).to.equal(search);
        await sendKeys({ press: 'Escape' });
        await h.el.updateComplete;
        expect(h.part('picker')).to.equal(null);
        await h.waitForFocus(() => h.linkButton(), 'the link button');
      });
    });
  });
});
