// <codat-connections> unlink and delete: the confirmation dialog, its cancel paths, hosts that
// cancel with codat-before-*, rows that stay usable while another row works, and where focus goes.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { connection } from '../../../test/helpers/fixtures.js';
import { memoryClient } from '../../../test/helpers/memory-client.js';
import { existsOnStack, facts, mountOnStack, mountWithClient, stubs, type Harness } from '../../../test/helpers/harness.js';

const allActions = { actions: 'link reconnect unlink delete' };

describe('<codat-connections>', () => {
  describe('unlink and delete', () => {
    it('unlinks after confirmation', async () => {
      const h = await mountOnStack({ attributes: allActions });
      const target = h.connectionWith('Linked');
      h.button(target.id, 'unlink')!.click();
      const dialog = await h.waitForDialog();
      expect(dialog.textContent).to.contain(target.name);
      // Codat's source names Codat as who reads the data.
      expect(dialog.querySelector('#dialog-body')?.textContent).to.contain(`Codat will stop reading data from ${target.name}.`);
      const unlinked = h.next('codat-unlinked');
      h.confirm();
      expect(facts((await unlinked).detail.connection).status).to.equal('Unlinked');
      await h.el.updateComplete;
      expect(h.statusText(target.id)).to.equal('Unlinked');
      expect(h.announcement()).to.contain(`${target.name} unlinked`);
    });

    it('takes the confirm button as the answer at once, so a question asked before the dialog closes keeps its own', async () => {
      const h = await mountOnStack({ attributes: allActions });
      const first = h.connectionWith('Linked');
      const second = h.connectionWith('Unlinked');
      h.button(first.id, 'unlink')!.click();
      await h.waitForDialog();
      const unlinked = h.next('codat-unlinked');
      // A script goes on in the same task, before the dialog's close event: confirm, then another row's Delete.
      h.confirm();
      h.button(second.id, 'delete')!.click();
      expect(facts((await unlinked).detail.connection).status, 'the confirmed unlink ran').to.equal('Unlinked');
      const dialog = await h.waitForDialog();
      expect(dialog.textContent).to.contain(second.name);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(h.dialog(), 'the delete is still asked, not answered by the first dialog closing').to.equal(dialog);
      h.cancel();
      await h.el.updateComplete;
      expect(h.rowIds()).to.include(second.id);
    });

    // WebKit reported "InvalidStateError: Element is not connected" from showModal when a
    // test ended right after the click.
    it('asks nothing, and throws nothing, when removed before its dialog opens', async () => {
      const h = await mountOnStack({ attributes: allActions });
      const target = h.connectionWith('Linked');
      const rejections: unknown[] = [];
      const onRejection = (event: PromiseRejectionEvent) => {
        event.preventDefault();
        rejections.push(event.reason);
      };
      window.addEventListener('unhandledrejection', onRejection);
      stubs.add(() => window.removeEventListener('unhandledrejection', onRejection));
      // The dialog loads on first use: once loaded, the question goes on from the click without waiting.
      h.button(target.id, 'unlink')!.click();
      const dialog = await h.waitForDialog();
      h.cancel();
      await h.waitFor(() => !dialog.open, 'the dialog to close');
      const before = h.next('codat-before-unlink');
      h.button(target.id, 'unlink')!.click();
      await before;
      h.el.remove();
      await h.settle();
      // Unhandled rejections are reported in a task of their own.
      await new Promise((resolve) => setTimeout(resolve));
      expect(rejections.map(String)).to.deep.equal([]);
      expect(dialog.open).to.equal(false);
    });

    it('asks once, and emits codat-before-unlink once, for a double click on Unlink', async () => {
      const h = await mountOnStack({ attributes: allActions });
      const target = h.connectionWith('Linked');
      const asked = h.record('codat-before-unlink');
      const button = h.button(target.id, 'unlink')!;
      button.click();
      button.click();
      await h.waitForDialog();
      h.cancel();
      await h.el.updateComplete;
      expect(asked.length).to.equal(1);
    });

    it('deletes after confirmation and moves focus to a neighbour', async () => {
      const h = await mountOnStack({ attributes: allActions });
      const [target, next] = h.connections();
      const button = h.button(target!.id, 'delete')!;
      button.focus();
      button.click();
      await h.waitForDialog();
      const deleted = h.next('codat-deleted');
      h.confirm();
      expect((await deleted).detail.connectionId).to.equal(target!.id);
      await h.el.updateComplete;
      expect(h.row(target!.id)).to.equal(null);
      await h.waitForFocus(() => h.row(next!.id), 'the next row');
      expect(await existsOnStack(target!.id)).to.equal(false);
    });

    it('keeps everything as it was when the dialog is cancelled with Escape', async () => {
      const h = await mountOnStack({ attributes: allActions });
      const target = h.connectionWith('Linked');
      const button = h.button(target.id, 'unlink')!;
      button.focus();
      button.click();
      const dialog = await h.waitForDialog();
      await sendKeys({ press: 'Escape' });
      await h.waitFor(() => !dialog.open, 'the dialog to close');
      await h.el.updateComplete;
      expect(h.statusText(target.id)).to.equal('Linked');
      await h.waitForFocus(() => button, 'the Unlink button');
    });

    it("cancels with the dialog's Cancel button: nothing sent, row unchanged, focus back on Unlink", async () => {
      const h = await mountOnStack();
      const target = h.connectionWith('Linked');
      const fetches = stubs.fetches();
      const button = h.button(target.id, 'unlink')!;
      button.click();
      const dialog = await h.waitForDialog();
      const closed = new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
      h.cancel();
      await closed;
      await h.el.updateComplete;
      expect(dialog.open).to.equal(false);
      expect(h.statusText(target.id)).to.equal('Linked');
      expect(h.button(target.id, 'unlink')).to.equal(button);
      await h.waitForFocus(() => button, 'the Unlink button');
      expect(fetches.calls.filter((call) => call.method === 'PATCH')).to.have.length(0);
    });

    it('lets a host cancel an unlink or delete with codat-before-*', async () => {
      const h = await mountOnStack({ attributes: allActions });
      const fetches = stubs.fetches();
      h.el.addEventListener('codat-before-unlink', (event) => event.preventDefault());
      h.el.addEventListener('codat-before-delete', (event) => event.preventDefault());
      const target = h.connectionWith('Linked');
      const beforeUnlink = h.next('codat-before-unlink');
      h.button(target.id, 'unlink')!.click();
      expect((await beforeUnlink).detail.connection.id).to.equal(target.id);
      h.button(target.id, 'delete')!.click();
      await h.el.updateComplete;
      expect(h.dialog()).to.equal(null);
      expect(fetches.calls).to.have.length(0);
      expect(h.statusText(target.id)).to.equal('Linked');
    });

    it("keeps other rows usable while one row's unlink is pending", async () => {
      const [first, second] = [connection(1), connection(2)];
      const client = memoryClient([first, second], { late: ['unlink'] });
      const h = await mountWithClient(client, { attributes: { 'no-confirm': true, actions: 'reconnect unlink delete' } });
      h.button(first.id, 'unlink')!.click();
      const firstUnlink = await client.nextHeld('unlink');
      await h.el.updateComplete;
      expect(h.busy(first.id)).to.equal(true);
      expect(h.pending(first.id)).to.equal('Unlinking…');
      expect(h.button(first.id, 'unlink')).not.to.exist;
      expect(h.button(first.id, 'delete')).not.to.exist;

      expect(h.busy(second.id)).to.equal(false);
      client.answerLate('unlink', false);
      const unlinked = h.next('codat-unlinked');
      h.button(second.id, 'unlink')!.click();
      expect((await unlinked).detail.connection.id).to.equal(second.id);
      await h.el.updateComplete;
      expect(h.statusText(second.id)).to.equal('Unlinked');
      expect(h.statusText(first.id)).to.equal('Linked');
      expect(h.busy(first.id)).to.equal(true);

      const firstUnlinked = h.next('codat-unlinked');
      await firstUnlink.answer();
      expect((await firstUnlinked).detail.connection.id).to.equal(first.id);
      await h.el.updateComplete;
      expect(h.statusText(first.id)).to.equal('Unlinked');
      expect(h.busy(first.id)).to.equal(false);
    });

    describe('focus after an unlink', () => {
      it("moves focus to the row's Reconnect button", async () => {
        const h = await mountOnStack();
        const target = h.connectionWith('Linked');
        h.button(target.id, 'unlink')!.click();
        await h.waitForDialog();
        const unlinked = h.next('codat-unlinked');
        h.confirm();
        await unlinked;
        await h.waitForFocus(() => h.button(target.id, 'reconnect'), "the row's Reconnect button");
      });

      // Without Reconnect (not in `actions`), focus goes to the next button left, else to the row.
      const unlinkFocus: Array<[string, string, (h: Harness, id: string) => Element | null]> = [
        ["the row's Delete button when Reconnect is not offered", 'unlink delete', (h, id) => h.button(id, 'delete')],
        ['the row when no button is left in it', 'unlink', (h, id) => h.row(id)],
      ];
      for (const [where, actions, target] of unlinkFocus) {
        it(`moves focus to ${where}`, async () => {
          const h = await mountOnStack({ attributes: { actions, 'no-confirm': true } });
          const { id } = h.connectionWith('Linked');
          const unlinked = h.next('codat-unlinked');
          h.button(id, 'unlink')!.click();
          await unlinked;
          await h.waitForFocus(() => target(h, id), where);
        });
      }
    });
  });
});

describe('<codat-connections> per-connection actions', () => {
  // Xero's certification asks that the button ending a connection deletes it.
  const xeroDeletes = (row: { platformKey?: string }) => (row.platformKey === 'gbol' ? (['reconnect', 'delete'] as const) : undefined);

  it('offers Delete instead of Unlink on Xero rows, and `actions` on the others', async () => {
    const client = memoryClient([connection(1), connection(2, { integrationKey: 'qhyg', platformName: 'QuickBooks' })]);
    const h = await mountWithClient(client, { attributes: { 'no-confirm': true }, properties: { connectionActions: xeroDeletes } });
    const [xero, quickbooks] = h.rowIds() as [string, string];
    expect([h.button(xero, 'unlink'), h.button(xero, 'delete')].map(Boolean)).to.deep.equal([false, true]);
    expect([h.button(quickbooks, 'unlink'), h.button(quickbooks, 'delete')].map(Boolean)).to.deep.equal([true, false]);
    const deleted = h.next('codat-deleted');
    h.button(xero, 'delete')!.click();
    expect((await deleted).detail.connectionId).to.equal(xero);
  });

  it('never offers what the source cannot do, whatever the function asks', async () => {
    const h = await mountWithClient(memoryClient([connection(1)]), { properties: { connectionActions: () => ['refresh', 'delete'] } });
    // Refresh data needs the grant's connections:refresh, which the memory client's grant lacks.
    expect(h.parts('refresh-data-button').filter((button) => !button.hidden)).to.have.length(0);
    expect(h.button(h.rowIds()[0]!, 'delete')).to.exist;
  });

  it('follows a new function at once', async () => {
    const h = await mountWithClient(memoryClient([connection(1)]));
    const [row] = h.rowIds() as [string];
    expect(h.button(row, 'unlink')).to.exist;
    h.el.connectionActions = () => [];
    await h.settle();
    expect([h.button(row, 'unlink'), h.button(row, 'reconnect'), h.button(row, 'delete')].map(Boolean)).to.deep.equal([false, false, false]);
  });
});
