// The element's own rules, checked with an in-memory `client` (the `client` property wins over
// `token-url`): rendering of hostile API strings, unsafe URLs, stale responses, row-level updates,
// i18n. The full life-cycle against the real server and emulator is in connections.browser.test.ts.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { Connection, ConnectionsClient, Integration } from '@codat-connections/core';
import '../src/codat-connections.js';
import type { CodatConnections } from '../src/index.js';
import { waitFor } from '../../../test/helpers/browser.js';
import { connection, memoryClient, type MemoryClientOptions } from '../../../test/helpers/memory-client.js';

const xero: Integration = {
  key: 'gbol',
  name: 'Xero',
  logoUrl: 'javascript:alert(1)',
  enabled: true,
  sourceType: 'Accounting',
};

/** A client over `rows` whose one integration has an unsafe (javascript:) logo URL. */
const fakeClient = (rows: Connection[], options: MemoryClientOptions = {}) => memoryClient(rows, { integrations: [xero], ...options });

const items = (el: CodatConnections) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="item"]')];
const part = (el: CodatConnections, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]:not([hidden])`);

async function mount(client: ConnectionsClient, template = html`<codat-connections .client=${client}></codat-connections>`) {
  const ready = oneEvent(document, 'codat-ready');
  const el = await fixture<CodatConnections>(template);
  await ready;
  await el.updateComplete;
  return el;
}

describe('<codat-connections>', () => {
  describe('rendering', () => {
    it('renders API strings as text, never as HTML', async () => {
      const hostile = '<img src=x onerror="window.__pwned = true">Evil';
      const el = await mount(fakeClient([connection(1, { platformName: hostile, status: '<b>Odd</b>' })]));
      const row = items(el)[0]!;
      expect(row.querySelector('[part~="name"]')!.textContent).to.equal(hostile);
      expect(row.querySelector('[part~="status"]')!.textContent).to.equal('<b>Odd</b>');
      expect(row.querySelector('img[src="x"], b')).to.equal(null);
      expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
    });

    it('shows an unknown status as text with the status-other part', async () => {
      const el = await mount(fakeClient([connection(1, { status: 'Migrating' })]));
      const status = items(el)[0]!.querySelector('[part~="status"]')!;
      expect(status.textContent).to.equal('Migrating');
      expect(status.getAttribute('part')).to.equal('status status-other');
    });

    it('says "Never synced" for a connection without a last sync, and "Last sync" with its time otherwise', async () => {
      const el = await mount(fakeClient([connection(1), connection(2, { status: 'PendingAuth', lastSync: null })]));
      const [synced, never] = items(el).map((row) => row.querySelector('[part~="meta"]')!.textContent!.replace(/\s+/g, ' '));
      expect(synced).to.match(/Last sync 3 days ago/);
      expect(never).to.contain('Never synced');
      expect(never).not.to.contain('Last sync');
      expect(items(el)[1]!.querySelector('time:not([datetime])')!.hasAttribute('tabindex')).to.equal(false);
    });

    it('loads logos only from https or its own origin', async () => {
      const el = await mount(fakeClient([connection(1)]));
      await waitFor(() => items(el)[0]!.querySelector('[part~="logo"]'), 'logo');
      // The integration's logo URL is javascript:, so a letter stands in for it.
      expect(items(el)[0]!.querySelector('img')).to.equal(null);
      expect(items(el)[0]!.querySelector('[part~="logo"]')!.textContent).to.equal('P');
    });

    it('never opens a linkUrl that is not https', async () => {
      const client = fakeClient([connection(1, { status: 'Unlinked', linkUrl: 'javascript:alert(1)' })]);
      const el = await mount(client);
      const opened: unknown[] = [];
      const open = window.open;
      window.open = (...args: unknown[]) => {
        opened.push(args);
        return null;
      };
      try {
        const error = oneEvent(el, 'codat-error');
        part(el, 'reconnect-button')!.click();
        expect((await error).detail.operation).to.equal('link');
      } finally {
        window.open = open;
      }
      expect(opened).to.have.length(0);
      expect(client.calls).not.to.include('link');
    });

    it('changes only the unlinked row\'s DOM among 1,000 rows', async () => {
      const rows = Array.from({ length: 1000 }, (_, index) => connection(index));
      const client = fakeClient(rows);
      const el = await mount(client, html`<codat-connections no-confirm page-size="1000" .client=${client}></codat-connections>`);
      expect(items(el)).to.have.length(1000);
      const changed: Node[] = [];
      const observer = new MutationObserver((records) => records.forEach((record) => changed.push(record.target)));
      observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
      const unlinked = oneEvent(el, 'codat-unlinked');
      items(el)[500]!.querySelector<HTMLElement>('[part~="unlink-button"]:not([hidden])')!.click();
      await unlinked;
      await el.updateComplete;
      observer.disconnect();
      const target = items(el)[500]!;
      const outside = changed.filter((node) => !target.contains(node) && !node.contains(target) && node !== target);
      // Only the live region (the announcement) changes outside the row.
      expect(outside.every((node) => (node instanceof Element ? node : node.parentElement)?.closest('[role="status"]'))).to.equal(true);
      expect(target.querySelector('[part~="status"]')!.textContent).to.equal('Unlinked');
    });
  });

  describe('registration', () => {
    it('survives the registration module loading twice', async () => {
      const first = customElements.get('codat-connections');
      // A second copy of the module (as from a second script tag) must not throw or redefine the tag.
      await import(`../src/codat-connections.ts?copy=${Date.now()}`);
      expect(customElements.get('codat-connections')).to.equal(first);
    });
  });

  describe('loading', () => {
    it('drops a late response from a replaced client', async () => {
      let release!: () => void;
      const slow = fakeClient([connection(1, { platformName: 'Old company' })], { holdList: new Promise<void>((resolve) => (release = resolve)) });
      const el = await fixture<CodatConnections>(html`<codat-connections .client=${slow}></codat-connections>`);
      expect(part(el, 'skeleton')).to.exist;
      const ready = oneEvent(el, 'codat-ready');
      el.client = fakeClient([connection(2, { platformName: 'New company' })]);
      await ready;
      release();
      await new Promise((resolve) => setTimeout(resolve));
      await el.updateComplete;
      expect(items(el).map((row) => row.querySelector('[part~="name"]')!.textContent)).to.deep.equal(['New company']);
    });

    it('offers Load more while more pages exist', async () => {
      const rows = Array.from({ length: 5 }, (_, index) => connection(index));
      const client = fakeClient(rows);
      const el = await mount(client, html`<codat-connections page-size="2" .client=${client}></codat-connections>`);
      expect(items(el)).to.have.length(2);
      part(el, 'load-more')!.click();
      await waitFor(() => items(el).length === 4, '4 rows');
      part(el, 'load-more')!.click();
      await waitFor(() => items(el).length === 5, '5 rows');
      await el.updateComplete;
      expect(part(el, 'load-more')).to.equal(null);
      expect(client.calls.filter((call) => call.startsWith('list'))).to.deep.equal(['list 1', 'list 2', 'list 3']);
    });
  });

  describe('i18n', () => {
    it('uses the nearest lang and formats dates with Intl', async () => {
      const client = fakeClient([connection(1)]);
      const wrapper = await fixture<HTMLElement>(html`<div lang="de"><codat-connections .client=${client}></codat-connections></div>`);
      const el = wrapper.querySelector('codat-connections')!;
      await waitFor(() => part(el, 'link-button')?.textContent?.includes('Neue Verbindung'), 'German text');
      await waitFor(() => items(el).length === 1, 'a row');
      const time = items(el)[0]!.querySelector('time')!;
      expect(time.textContent).to.equal(new Intl.RelativeTimeFormat('de', { numeric: 'auto' }).format(-3, 'day'));
      // The exact time is formatted when the date is first hovered or focused.
      expect(time.title).to.equal('');
      time.focus();
      const exact = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(time.dateTime));
      expect(time.title).to.equal(exact);
      expect(time.dataset['exact']).to.equal(exact);
    });

    it('lets `strings` override any built-in text', async () => {
      const client = fakeClient([connection(1)]);
      const el = await mount(
        client,
        html`<codat-connections locale="fr" .strings=${{ linkNew: 'Brancher', status: { Linked: 'Actif' } }} .client=${client}></codat-connections>`,
      );
      await waitFor(() => part(el, 'title')?.textContent?.trim() === 'Connexions', 'French catalogue');
      expect(part(el, 'link-button')!.textContent!.trim()).to.equal('Brancher');
      expect(part(el, 'status')!.textContent).to.equal('Actif');
      expect(part(el, 'unlink-button')!.getAttribute('aria-label')).to.equal('Déconnecter Platform 1');
    });
  });
});
