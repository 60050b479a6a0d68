// <codat-connections> linking: which actions are offered, the picker, linking and reconnecting in
// a popup, without one (a blocked popup, link-mode="redirect") and the way back from Codat.
import { expect, fixture, html } from '@open-wc/testing';
import { isOpenableUrl, type Integration } from '@codat-connections/core';
import { callApi } from '../../../test/helpers/browser.js';
import { connection, view } from '../../../test/helpers/fixtures.js';
import { memorySource } from '../../../test/helpers/memory-source.js';
import { memoryClient } from '../../../test/helpers/memory-client.js';
import {
  authorizeIn,
  authorizeOnLinkPage,
  facts,
  follow,
  harnessFor,
  mount,
  mountOnStack,
  mountWithClient,
  prepareStack,
  stackCompany,
  stubs,
  tokenUrl,
  type CodatConnections,
  type Harness,
} from '../../../test/helpers/harness.js';

const allActions = { actions: 'link reconnect unlink delete' };

/** The first platform in the picker of which the company has no connection (picking it makes one). */
function newPlatformIn(h: Harness, items: HTMLElement[]): HTMLElement {
  const item = items.find((candidate) => !h.part('picker-item-status', candidate));
  if (!item) throw new Error('every platform in the picker already has a connection');
  return item;
}

describe('<codat-connections>', () => {
  describe('linking', () => {
    describe('which actions are offered', () => {
      it('offers link, reconnect and unlink by default, and no Delete', async () => {
        const h = await mountOnStack();
        expect(h.linkButton()).to.exist;
        expect(h.parts('reconnect-button').length).to.be.greaterThan(0);
        expect(h.parts('unlink-button').length).to.be.greaterThan(0);
        expect(h.parts('delete-button')).to.have.length(0);
      });

      it('has no link button when actions leave out link', async () => {
        const h = await mountOnStack({ attributes: { actions: 'reconnect unlink delete' } });
        expect(h.root.querySelector('[part~="link-button"]')).not.to.exist;
        expect(h.parts('delete-button').length).to.be.greaterThan(0);
      });

      it('offers Reconnect, not Unlink, on a Deauthorized connection, whose status part says expired', async () => {
        const h = await mountOnStack();
        const deauthorized = h.connections().filter((row) => row.status === 'Deauthorized');
        expect(deauthorized.length).to.be.greaterThan(0);
        for (const row of deauthorized) {
          expect(h.statusPart(row.id)).to.equal('expired');
          expect(h.statusText(row.id)).to.equal('Deauthorized');
          expect(h.button(row.id, 'reconnect')!.getAttribute('aria-label')).to.equal(`Reconnect ${row.name}`);
          expect(h.button(row.id, 'unlink')).not.to.exist;
        }
      });
    });

    describe('the picker', () => {
      it('searches the picker by name', async () => {
        const h = await mountOnStack();
        await h.openPicker();
        const name = h.pickerNames()[0]!;
        await h.type('picker-search', name.slice(0, 4));
        const names = h.pickerNames().map((text) => text.toLowerCase());
        expect(names.length).to.be.greaterThan(0);
        expect(names.every((text) => text.includes(name.slice(0, 4).toLowerCase()))).to.equal(true);
      });

      it('offers another connection of a linked banking aggregator, and none of a linked accounting platform', async () => {
        const source = memorySource([
          view(1, { name: 'Platform 1', platformKey: 'p1', sourceType: 'Accounting' }),
          view(2, { name: 'New platform', platformKey: 'new', sourceType: 'Banking' }),
        ]);
        const create = source.create!;
        const created: string[] = [];
        source.create = (key, request) => (created.push(key), create(key, request));
        const h = await mount({ properties: { source } });
        const items = await h.openPicker();
        const item = (key: string) => items.find((each) => each.dataset['key'] === key)!;
        expect(item('p1').hasAttribute('disabled')).to.equal(true);
        expect(item('new').hasAttribute('disabled')).to.equal(false);
        expect(item('new').textContent).to.contain('Add another');
        stubs.popups();
        const linked = h.next('codat-linked');
        item('new').click();
        expect((await linked).detail.connection.id).to.equal(view(99).id);
        expect(created).to.deep.equal(['new']);
        expect(h.rowIds()).to.have.length(3);
      });

      it('continues an unlinked connection of a banking aggregator rather than adding another', async () => {
        const unlinked = view(3, { name: 'New platform', platformKey: 'new', sourceType: 'Banking', state: 'disconnected', status: 'Unlinked' });
        const source = memorySource([view(2, { name: 'New platform', platformKey: 'new', sourceType: 'Banking' }), unlinked]);
        source.create = () => Promise.reject(new Error('a second connection was made'));
        const h = await mount({ properties: { source } });
        const items = await h.openPicker();
        const item = items.find((each) => each.dataset['key'] === 'new')!;
        expect(item.textContent).not.to.contain('Add another');
        expect(h.part('picker-item-status', item)!.getAttribute('part')).to.equal('picker-item-status status-disconnected');
        stubs.popups();
        const linked = h.next('codat-linked');
        item.click();
        expect((await linked).detail.connection.id).to.equal(unlinked.id);
        expect(h.rowIds()).to.have.length(2);
      });

      it('offers only the platform-keys in the picker', async () => {
        const h = await mountOnStack({ attributes: { 'platform-keys': 'gbol qhyg' } });
        const items = await h.openPicker();
        expect(items.map((item) => item.dataset['key']).sort()).to.deep.equal(['gbol', 'qhyg']);
      });

      it('offers only the enabled platforms of the source-types in the picker', async () => {
        await prepareStack();
        const response = await callApi('/integrations?page=1&pageSize=5000');
        const catalogue: Integration[] = (await response.json()).results;
        const banking = catalogue.filter((entry) => entry.sourceType === 'Banking' && entry.enabled).map((entry) => entry.key);
        expect(banking.length).to.be.greaterThan(1);
        const h = await mountOnStack({ prepare: false, attributes: { 'source-types': 'Banking' } });
        const items = await h.openPicker();
        expect(items.map((item) => item.dataset['key']).sort()).to.deep.equal(banking.sort());
        expect(items.every((item) => item.textContent!.includes('Banking'))).to.equal(true);
      });
    });

    describe('in a popup', () => {
      it("links a new connection through the emulator's link page in a popup", async () => {
        const h = await mountOnStack({ attributes: allActions });
        const before = h.connections().length;
        const popups = stubs.popups();
        const item = newPlatformIn(h, await h.openPicker());
        const started = h.next('codat-link-started');
        const linked = h.next('codat-linked');
        item!.click();
        expect(popups.opened).to.have.length(1);
        const startedConnection = facts((await started).detail.connection);
        expect(startedConnection.status).to.equal('PendingAuth');
        await h.el.updateComplete;
        expect(h.inRow(startedConnection.id, 'pending')).to.exist;
        await authorizeIn(popups.opened[0]!);
        const linkedConnection = facts((await linked).detail.connection);
        expect(linkedConnection.id).to.equal(startedConnection.id);
        expect(linkedConnection.status).to.equal('Linked');
        await h.el.updateComplete;
        expect(h.connections().length).to.equal(before + 1);
        expect(h.statusText(linkedConnection.id)).to.equal('Linked');
        expect(h.announcement()).to.contain('linked');
      });

      it('adds a second connection of a linked banking aggregator (Add another) through the link page', async () => {
        const h = await mountOnStack({ attributes: allActions });
        const plaid = h.connectionOf('ugxp');
        expect([plaid.sourceType, plaid.status]).to.deep.equal(['Banking', 'Linked']);
        const popups = stubs.popups();
        const item = (await h.openPicker()).find((each) => each.dataset['key'] === 'ugxp')!;
        expect(item.hasAttribute('disabled')).to.equal(false);
        expect(item.textContent).to.contain('Add another');
        const started = h.next('codat-link-started');
        const linked = h.next('codat-linked');
        item.click();
        const startedConnection = facts((await started).detail.connection);
        expect(startedConnection.id).not.to.equal(plaid.id);
        await authorizeIn(popups.opened[0]!);
        expect(facts((await linked).detail.connection).id).to.equal(startedConnection.id);
        await h.el.updateComplete;
        const plaids = h.connections().filter((row) => row.platformKey === 'ugxp');
        expect(plaids.map((row) => [row.id, row.status])).to.have.deep.members([
          [plaid.id, 'Linked'],
          [startedConnection.id, 'Linked'],
        ]);
      });

      it('links a platform through the link() method', async () => {
        const h = await mountOnStack({ attributes: allActions });
        const key = newPlatformIn(h, await h.openPicker()).dataset['key']!;
        const popups = stubs.popups();
        const linked = h.next('codat-linked');
        const done = h.el.link(key);
        await authorizeIn(popups.opened[0]!);
        await done;
        const linkedConnection = facts((await linked).detail.connection);
        expect(linkedConnection.platformKey).to.equal(key);
        expect(h.connections().some((row) => row.id === linkedConnection.id)).to.equal(true);
      });

      it('reconnects an unlinked connection', async () => {
        const h = await mountOnStack({ attributes: allActions });
        const unlinked = h.connectionWith('Unlinked');
        const popups = stubs.popups();
        const linked = h.next('codat-linked');
        h.button(unlinked.id, 'reconnect')!.click();
        await authorizeIn(popups.opened[0]!);
        expect((await linked).detail.connection.id).to.equal(unlinked.id);
        await h.el.updateComplete;
        expect(h.statusText(unlinked.id)).to.equal('Linked');
      });

      it('reports a link cancelled when the user closes the popup', async () => {
        const h = await mountOnStack({ attributes: allActions });
        const pending = h.connectionWith('PendingAuth');
        const popups = stubs.popups();
        const cancelled = h.next('codat-link-cancelled');
        h.button(pending.id, 'reconnect')!.click();
        await h.waitFor(() => h.inRow(pending.id, 'pending'), 'the waiting state');
        popups.opened[0]!.close();
        expect((await cancelled).detail.connection.id).to.equal(pending.id);
        await h.el.updateComplete;
        expect(h.statusText(pending.id)).to.equal('Pending authorization');
        expect(h.button(pending.id, 'reconnect')).to.exist;
        expect(h.announcement()).to.contain('was not linked');
      });
    });

    describe('when the popup is blocked', () => {
      it('offers a plain link to continue in a new tab', async () => {
        const h = await mountOnStack({ attributes: allActions });
        stubs.popups({ blocked: true });
        const item = newPlatformIn(h, await h.openPicker());
        const started = h.next('codat-link-started');
        item!.click();
        const startedConnection = facts((await started).detail.connection);
        const link = await h.waitFor(() => h.continueLink(startedConnection.id), 'the continue link');
        expect(link.href).to.equal(startedConnection.linkUrl);
        expect(link.target).to.equal('_blank');
        expect(link.rel).to.contain('noopener');
        expect(h.announcement()).to.contain('blocked');
      });

      it('checks the connection again when the user comes back, and shows it Linked once authorized', async () => {
        const h = await mountOnStack({ attributes: { 'link-mode': 'popup', actions: 'link reconnect unlink' } });
        stubs.popups({ blocked: true });
        const started = h.next('codat-link-started');
        void h.el.link('akxx');
        const startedConnection = facts((await started).detail.connection);
        const link = await h.waitFor(() => h.continueLink(startedConnection.id), 'the continue link');
        expect(link.href).to.equal(startedConnection.linkUrl);

        follow(link);
        await authorizeOnLinkPage(link.href);
        const linked = h.next('codat-linked');
        window.dispatchEvent(new Event('focus'));
        const linkedConnection = facts((await linked).detail.connection);

        expect(linkedConnection.id).to.equal(startedConnection.id);
        expect(linkedConnection.status).to.equal('Linked');
        await h.el.updateComplete;
        expect(h.statusPart(startedConnection.id)).to.equal('linked');
        expect(h.continueLink(startedConnection.id)).to.equal(null);
        expect(h.connections().find((row) => row.id === startedConnection.id)?.status).to.equal('Linked');
      });

      it('keeps offering the link when the user comes back before authorizing', async () => {
        const h = await mountOnStack({ attributes: { 'link-mode': 'popup', actions: 'link reconnect unlink' } });
        stubs.popups({ blocked: true });
        const started = h.next('codat-link-started');
        void h.el.link('akxx');
        const startedConnection = facts((await started).detail.connection);
        const linkedEvents = h.record('codat-linked');

        const fetches = stubs.rewriteResponses();
        follow(await h.waitFor(() => h.continueLink(startedConnection.id), 'the continue link'));
        window.dispatchEvent(new Event('focus'));
        const check = await h.waitFor(
          () => fetches.responses.find((entry) => entry.method === 'GET' && entry.url.endsWith(`/connections/${startedConnection.id}`)),
          'the check on return',
        );
        await check.response;
        await h.el.updateComplete;
        expect(linkedEvents).to.have.length(0);
        const link = h.continueLink(startedConnection.id);
        expect(link, 'the continue link is still offered').to.exist;

        // The user follows it again, authorizes this time, and comes back.
        follow(link!);
        await authorizeOnLinkPage(link!.href);
        const linked = h.next('codat-linked');
        window.dispatchEvent(new Event('focus'));
        expect((await linked).detail.connection.id).to.equal(startedConnection.id);
        expect(linkedEvents).to.have.length(1);
      });
    });

    describe('link-mode="redirect"', () => {
      const redirect = { 'link-mode': 'redirect', actions: 'link reconnect unlink' };

      it('sends the page to the link URL of the connection it reconnects', async () => {
        const h = await mountOnStack({ attributes: redirect });
        const sent = stubs.navigation(h.el);
        const unlinked = h.connectionWith('Unlinked');
        const started = h.next('codat-link-started');
        h.button(unlinked.id, 'reconnect')!.click();
        expect((await started).detail.connection.id).to.equal(unlinked.id);
        await h.waitFor(() => sent.length, 'the navigation');
        expect(sent).to.deep.equal([unlinked.linkUrl]);
        expect(isOpenableUrl(sent[0]!)).to.equal(true);
      });

      it('creates the connection, then sends the page to its link page', async () => {
        const h = await mountOnStack({ attributes: redirect });
        const sent = stubs.navigation(h.el);
        const started = h.next('codat-link-started');
        void h.el.link('akxx');
        const startedConnection = facts((await started).detail.connection);
        expect(startedConnection.platformKey).to.equal('akxx');
        expect(startedConnection.status).to.equal('PendingAuth');
        await h.waitFor(() => sent.length, 'the navigation');
        expect(sent).to.deep.equal([startedConnection.linkUrl]);
        expect(isOpenableUrl(sent[0]!)).to.equal(true);
        // The stack knows the new connection: its link page is served.
        expect((await fetch(sent[0]!)).status).to.equal(200);
      });

      it('never navigates to a link URL that is not https', async () => {
        await prepareStack();
        // The stack's answers, with every linkUrl moved to plain http on a public host.
        stubs.rewriteResponses((body) => body.replace(/"linkUrl":"https?:\/\/[^/"]+/g, '"linkUrl":"http://codat.example'));
        const h = await mountOnStack({ prepare: false, attributes: redirect });
        const sent = stubs.navigation(h.el);
        const started = h.record('codat-link-started');

        const unlinked = h.connectionWith('Unlinked');
        expect(unlinked.linkUrl).to.match(/^http:\/\/codat\.example\//);
        const reconnectError = h.next('codat-error');
        h.button(unlinked.id, 'reconnect')!.click();
        expect((await reconnectError).detail.operation).to.equal('link');

        const createError = h.next('codat-error');
        await h.el.link('akxx');
        expect((await createError).detail.error.message).to.contain('http://codat.example');

        expect(sent).to.deep.equal([]);
        expect(started).to.have.length(0);
      });

      describe('on return from Codat', () => {
        it("reports codat-linked and removes Codat's parameters from the address bar", async () => {
          await prepareStack();
          const { companyId, connections } = await stackCompany();
          const linked = connections.find((row) => row.status === 'Linked')!;
          stubs.address({ statusCode: '200', connectionId: linked.id, companyId });
          const event = new Promise<CustomEvent>((resolve) => document.addEventListener('codat-linked', resolve as EventListener, { once: true }));
          const h = await mountOnStack({ prepare: false, attributes: { 'link-mode': 'redirect' } });
          expect((await event).detail.connection.id).to.equal(linked.id);
          expect(location.search).to.equal('?keep=1');
          await h.waitForAnnouncement(`${linked.name} linked`);
        });

        // WebKit throws a SecurityError from the 101st replaceState in 10 seconds.
        it('reports codat-linked when the browser refuses to change the address', async () => {
          await prepareStack();
          const { companyId, connections } = await stackCompany();
          const linked = connections.find((row) => row.status === 'Linked')!;
          stubs.address({ statusCode: '200', connectionId: linked.id, companyId });
          const replaceState = history.replaceState;
          history.replaceState = () => {
            throw new DOMException('Attempt to use history.replaceState() more than 100 times per 10 seconds', 'SecurityError');
          };
          stubs.add(() => void (history.replaceState = replaceState));
          const event = new Promise<CustomEvent>((resolve) => document.addEventListener('codat-linked', resolve as EventListener, { once: true }));
          const h = await mountOnStack({ prepare: false, attributes: { 'link-mode': 'redirect' } });
          expect((await event).detail.connection.id).to.equal(linked.id);
          await h.waitForAnnouncement(`${linked.name} linked`);
        });

        it('fetches the connection when it is not on the first page', async () => {
          await prepareStack();
          const { companyId, connections } = await stackCompany();
          const linked = connections.slice(1).find((row) => row.status === 'Linked')!;
          stubs.address({ statusCode: '200', connectionId: linked.id, companyId });
          const event = new Promise<CustomEvent>((resolve) => document.addEventListener('codat-linked', resolve as EventListener, { once: true }));
          const h = await mountOnStack({ prepare: false, attributes: { 'link-mode': 'redirect', 'page-size': 1 } });
          expect((await event).detail.connection.id).to.equal(linked.id);
          await h.el.updateComplete;
          expect(h.statusText(linked.id)).to.equal('Linked');
          await h.waitForAnnouncement(`${linked.name} linked`);
        });

        it('handles the return when link-mode is set after the element is in the page', async () => {
          await prepareStack();
          const { companyId, connections } = await stackCompany();
          const linked = connections.find((row) => row.status === 'Linked')!;
          stubs.address({ statusCode: '200', connectionId: linked.id, companyId });
          const page = await fixture<HTMLElement>(html`<div></div>`);
          const el = document.createElement('codat-connections') as CodatConnections;
          const event = harnessFor(el).next('codat-linked');
          el.tokenUrl = tokenUrl;
          page.append(el);
          // As a framework wrapper sets properties: after the element is connected.
          el.linkMode = 'redirect';
          expect((await event).detail.connection.id).to.equal(linked.id);
          expect(location.search).to.equal('?keep=1');
        });

        it('says a connection is not linked yet, without an error, when it is still pending', async () => {
          await prepareStack();
          const { companyId, connections } = await stackCompany();
          const pending = connections.find((row) => row.status === 'PendingAuth')!;
          stubs.address({ statusCode: '200', connectionId: pending.id, companyId });
          const events: string[] = [];
          for (const type of ['codat-linked', 'codat-error'] as const) document.addEventListener(type, () => events.push(type), { once: true });
          const h = await mountOnStack({ prepare: false, attributes: { 'link-mode': 'redirect' } });
          await h.waitForAnnouncement(`${pending.name} is not linked yet`);
          expect(events).to.deep.equal([]);
          expect(h.statusText(pending.id)).to.equal('Pending authorization');
        });

        it("reports the failure Codat's parameters describe", async () => {
          await prepareStack();
          const { companyId, connections } = await stackCompany();
          const pending = connections.find((row) => row.status === 'PendingAuth')!;
          stubs.address({ statusCode: '400', statusText: 'Bad Request', errorMessage: 'The user declined', connectionId: pending.id, companyId });
          const error = new Promise<CustomEvent>((resolve) => document.addEventListener('codat-error', resolve as EventListener, { once: true }));
          const h = await mountOnStack({ prepare: false, attributes: { 'link-mode': 'redirect' } });
          const { detail } = await error;
          expect(detail.operation).to.equal('link');
          expect(detail.error.message).to.equal('link failed: The user declined');
          expect(location.search).to.equal('?keep=1');
          await h.waitForAnnouncement('Linking failed. Please try again.');
          expect(h.announcement()).to.equal('Linking failed. Please try again.');
        });
      });
    });

    describe('unsafe link URLs', () => {
      it('never opens a linkUrl that is not https', async () => {
        const client = memoryClient([connection(1, { status: 'Unlinked', linkUrl: 'javascript:alert(1)' })]);
        const h = await mountWithClient(client);
        const popups = stubs.popups({ blocked: true });
        const error = h.next('codat-error');
        h.part('reconnect-button')!.click();
        expect((await error).detail.operation).to.equal('link');
        expect(popups.calls).to.have.length(0);
        expect(client.calls).not.to.include('link');
      });
    });
  });
});
