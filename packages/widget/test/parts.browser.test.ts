// <codat-connections> parts and slots: everything a partner may restyle carries a part, in every
// state, and the header and empty slots show what the page puts in them.
import { expect } from '@open-wc/testing';
import { connection } from '../../../test/helpers/fixtures.js';
import { memoryClient } from '../../../test/helpers/memory-client.js';
import { mountOnStack, mountWithClient, stackClientWhere } from '../../../test/helpers/harness.js';

describe('<codat-connections>', () => {
  describe('parts', () => {
    it('exposes parts on everything a partner may restyle', async () => {
      const h = await mountOnStack({ attributes: { actions: 'link reconnect unlink delete' } });
      for (const name of [
        'base',
        'header',
        'link-button',
        'filter',
        'list',
        'item',
        'logo',
        'name',
        'status',
        'meta',
        'errors',
        'actions',
        'reconnect-button',
        'unlink-button',
        'delete-button',
      ]) {
        expect(h.part(name), name).to.exist;
      }
      expect(h.statusBadges('linked').length).to.be.greaterThan(0);
      // The dialog and the picker load on first use.
      h.parts('unlink-button')[0]!.click();
      const dialog = await h.waitForDialog();
      for (const name of ['dialog', 'dialog-confirm', 'dialog-cancel']) expect(h.part(name), name).to.exist;
      h.cancel();
      await h.waitFor(() => !dialog.open, 'the dialog to close');
      await h.openPicker();
      expect(h.part('picker')).to.exist;
      const logo = h.part('picker-item')!.querySelector('img');
      expect(logo?.getAttribute('src')).to.match(/^http:\/\/localhost:\d+\/emulator\//);
    });

    it('exposes empty, error, retry-button and load-more in their states', async () => {
      const empty = await mountOnStack({ attributes: { 'platform-keys': 'zzzz' } });
      expect(empty.part('empty')).to.exist;
      const paged = await mountOnStack({ attributes: { 'page-size': 1 } });
      expect(paged.loadMore()).to.exist;
      const failed = await mountOnStack({ faults: { forceStatus: { status: 500, count: 20 } }, until: 'error' });
      expect(failed.part('error')).to.exist;
      expect(failed.part('retry-button')).to.exist;
    });

    it('shows a status it does not know as text with the unknown status part, even one named like an Object property', async () => {
      // Codat may add statuses, and the core keeps them.
      const odd = ['Migrating', 'constructor', '__proto__'];
      const client = stackClientWhere((connections) => odd.forEach((status, index) => (connections[index]!.status = status)));
      const h = await mountOnStack({ attributes: { 'token-url': null }, properties: { client } });
      for (const [index, status] of odd.entries()) {
        const id = h.connections()[index]!.id;
        expect(h.statusText(id)).to.equal(status);
        expect(h.statusPart(id)).to.equal('unknown');
      }
    });
  });

  describe('slots', () => {
    it("shows the header slot's content as the title", async () => {
      const h = await mountWithClient(memoryClient([connection(1)]), { content: '<span slot="header">Bank feeds</span>' });
      const heading = h.el.querySelector('span')!;
      expect(h.part('title')).to.exist;
      expect(heading.assignedSlot?.closest('[part~="title"]')).to.equal(h.part('title'));
      expect(heading.getClientRects().length).to.be.greaterThan(0);
      expect(h.part('title')!.getBoundingClientRect().width).to.be.at.least(heading.getBoundingClientRect().width);
    });

    it("shows the empty slot's content when there are no connections, and not otherwise", async () => {
      const empty = await mountWithClient(memoryClient([]), { content: '<p slot="empty">No bank feeds yet</p>' });
      const message = empty.el.querySelector('p')!;
      expect(empty.part('empty')).to.exist;
      expect(message.assignedSlot?.closest('[part~="empty"]')).to.equal(empty.part('empty'));
      expect(message.getClientRects().length).to.be.greaterThan(0);

      const listed = await mountWithClient(memoryClient([connection(1)]), { content: '<p slot="empty">No bank feeds yet</p>' });
      expect(listed.el.querySelector('p')!.assignedSlot).not.to.exist;
      expect(listed.el.querySelector('p')!.getClientRects().length).to.equal(0);
    });
  });
});
