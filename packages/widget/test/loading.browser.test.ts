// <codat-connections> loading: where its client comes from (client, tokenProvider, token-url,
// base-url), the first page and the next ones, what the rows show, reloading when the source
// changes, and what stops when the element is removed.
import { expect } from '@open-wc/testing';
import type { TokenGrant, TokenProvider } from '@codat-connections/core';
import { fetchGrant } from '../../../test/helpers/browser.js';
import { connection } from '../../../test/helpers/fixtures.js';
import { memoryClient } from '../../../test/helpers/memory-client.js';
import {
  grantWithoutBaseUrl,
  listRequests,
  mount,
  mountOnStack,
  mountWithClient,
  prepareStack,
  stubs,
  tokenUrl,
  unlinkElsewhere,
  shownText,
} from '../../../test/helpers/harness.js';

// Spans in which a removed element must stay silent: longer than the emulator's injected latency
// (1 s) and the client's first retry delay, so a request or retry still running would show.
const QUIET_AFTER_REMOVAL_MS = 1500;
// Popup polls come every one to five seconds and the window is looked at every 250 ms: a poll
// still running after removal would show within this span.
const QUIET_AFTER_POPUP_REMOVAL_MS = 2500;
const elapse = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('<codat-connections>', () => {
  describe('loading', () => {
    it("lists the company's connections after a token and one list request", async () => {
      await prepareStack();
      const fetches = stubs.fetches();
      const h = await mountOnStack({ prepare: false });
      const { detail } = h.event!;
      expect(detail.connections.length).to.be.greaterThan(0);
      expect(detail.totalResults).to.be.at.least(detail.connections.length);
      expect(h.rows()).to.have.length(detail.connections.length);
      const paths = fetches.calls.map((call) => `${call.method} ${new URL(call.url).pathname}`);
      expect(paths.filter((path) => path.endsWith('/token'))).to.have.length(1);
      expect(paths.filter((path) => path.endsWith('/connections'))).to.have.length(1);
      expect(h.announcement()).to.contain('connections loaded');
    });

    it('asks for 50 connections a page by default', async () => {
      const fetches = stubs.fetches();
      await mountOnStack();
      const lists = listRequests(fetches.calls);
      expect(lists).to.have.length(1);
      expect(lists[0]!.searchParams.get('pageSize')).to.equal('50');
      expect(lists[0]!.searchParams.get('page')).to.equal('1');
    });

    it('pages with Load more until totalResults', async () => {
      const h = await mountOnStack({ attributes: { 'page-size': 2 } });
      expect(h.connections().length).to.equal(2);
      let shown = 2;
      while (h.loadMore()) {
        h.loadMore()!.click();
        await h.waitFor(() => h.connections().length > shown || !h.loadMore(), 'the next page');
        shown = h.connections().length;
        await h.el.updateComplete;
      }
      expect(h.rows().length).to.equal(shown);
      expect(shown).to.be.greaterThan(2);
      expect(new Set(h.connections().map((row) => row.id)).size).to.equal(shown);
    });

    it('offers Load more while more pages exist, one request a page', async () => {
      const client = memoryClient(Array.from({ length: 5 }, (_, index) => connection(index)));
      const h = await mountWithClient(client, { attributes: { 'page-size': 2 } });
      expect(h.rows()).to.have.length(2);
      h.loadMore()!.click();
      await h.waitForRows(4);
      h.loadMore()!.click();
      await h.waitForRows(5);
      await h.el.updateComplete;
      expect(h.loadMore()).to.equal(null);
      expect(client.calls.filter((call) => call.startsWith('list'))).to.deep.equal(['list 1', 'list 2', 'list 3']);
    });

    it('reloads from the first page on refresh() and shows what changed meanwhile', async () => {
      const h = await mountOnStack({ attributes: { 'page-size': 2 } });
      h.loadMore()!.click();
      await h.waitFor(() => h.connections().length === 4, 'the second page');
      const target = h
        .connections()
        .slice(0, 2)
        .find((row) => row.status === 'Linked')!;
      expect(target, 'a Linked connection on the first page').to.exist;
      await unlinkElsewhere(target.id);
      const fetches = stubs.fetches();
      const ready = h.next('codat-ready');
      await h.el.refresh();
      await ready;
      await h.el.updateComplete;
      const lists = listRequests(fetches.calls);
      expect(lists).to.have.length(1);
      expect(lists[0]!.searchParams.get('page')).to.equal('1');
      expect(h.rows()).to.have.length(2);
      expect(h.statusText(target.id)).to.equal('Unlinked');
    });

    it('filters loaded rows by text', async () => {
      const h = await mountOnStack();
      const name = h.connections()[0]!.name;
      await h.type('filter', name);
      const names = h.names();
      expect(names.length).to.be.greaterThan(0);
      expect(names.every((text) => text === name)).to.equal(true);
      await h.type('filter', 'no platform is called this');
      expect(h.rows()).to.have.length(0);
    });

    describe('where the client comes from', () => {
      it('uses a client property over token-url, without a token request', async () => {
        const client = memoryClient([connection(1, { platformName: 'From the client' })]);
        const fetches = stubs.fetches();
        const h = await mountWithClient(client, { attributes: { 'token-url': tokenUrl } });
        expect(h.names()).to.deep.equal(['From the client']);
        expect(client.calls).to.include('list 1');
        expect(fetches.calls.filter((call) => call.url.includes('/token'))).to.have.length(0);
      });

      it('uses a tokenProvider over token-url', async () => {
        let grants = 0;
        const provider: TokenProvider = async () => {
          grants += 1;
          return (await fetchGrant()) as TokenGrant;
        };
        await prepareStack();
        const fetches = stubs.fetches();
        const h = await mountOnStack({ prepare: false, attributes: { 'token-url': '/nowhere/token' }, properties: { tokenProvider: provider } });
        expect(h.rows().length).to.be.greaterThan(0);
        expect(grants).to.equal(1);
        expect(fetches.calls.filter((call) => call.url.includes('/nowhere'))).to.have.length(0);
      });

      it('sends operations to base-url when the grant names no baseUrl', async () => {
        const base = `${location.origin}/api/codat`;
        await prepareStack();
        const fetches = stubs.fetches();
        const h = await mountOnStack({
          prepare: false,
          attributes: { 'token-url': null, 'base-url': base },
          properties: { tokenProvider: grantWithoutBaseUrl },
        });
        expect(h.rows().length).to.be.greaterThan(0);
        const operations = fetches.calls.filter((call) => !call.url.endsWith('/token'));
        expect(listRequests(operations)).to.have.length(1);
        expect(
          operations.every((call) => call.url.startsWith(`${base}/`)),
          operations.map((call) => call.url).join(', '),
        ).to.equal(true);
      });

      it("prefers the grant's baseUrl to base-url", async () => {
        await prepareStack();
        const grant = await fetchGrant();
        const fetches = stubs.fetches();
        const h = await mountOnStack({ prepare: false, attributes: { 'base-url': `${location.origin}/nowhere` } });
        expect(h.rows().length).to.be.greaterThan(0);
        const lists = listRequests(fetches.calls);
        expect(lists).to.have.length(1);
        expect(lists[0]!.href.startsWith(`${grant.baseUrl}/`)).to.equal(true);
      });
    });

    describe('reloading when the source changes', () => {
      it('reloads with the new token endpoint when tokenUrl changes', async () => {
        const h = await mountOnStack();
        const target = h.connectionWith('Linked');
        await unlinkElsewhere(target.id);
        const fetches = stubs.fetches();
        const ready = h.next('codat-ready');
        h.el.tokenUrl = `${tokenUrl}?second`;
        await ready;
        await h.el.updateComplete;
        const tokens = fetches.calls.filter((call) => call.url.includes('/token'));
        expect(tokens.map((call) => `${call.method} ${new URL(call.url).pathname}${new URL(call.url).search}`)).to.deep.equal(['POST /api/codat/token?second']);
        expect(listRequests(fetches.calls)).to.have.length(1);
        expect(h.statusText(target.id)).to.equal('Unlinked');
      });

      it('reloads with the new function when tokenProvider changes', async () => {
        const calls: string[] = [];
        const provider =
          (name: string): TokenProvider =>
          async () => {
            calls.push(name);
            return (await fetchGrant()) as TokenGrant;
          };
        const h = await mountOnStack({ attributes: { 'token-url': null }, properties: { tokenProvider: provider('first') } });
        const target = h.connectionWith('Linked');
        await unlinkElsewhere(target.id);
        const fetches = stubs.fetches();
        const ready = h.next('codat-ready');
        h.el.tokenProvider = provider('second');
        await ready;
        await h.el.updateComplete;
        expect(calls).to.deep.equal(['first', 'second']);
        expect(listRequests(fetches.calls)).to.have.length(1);
        expect(h.statusText(target.id)).to.equal('Unlinked');
      });

      it('reloads against the new base when baseUrl changes', async () => {
        // Without a base anywhere the client cannot send the list request: an error first.
        const h = await mountOnStack({ attributes: { 'token-url': null }, properties: { tokenProvider: grantWithoutBaseUrl }, until: 'error' });
        expect(h.event!.detail.operation).to.equal('list');
        expect(h.part('error')).to.exist;
        const base = `${location.origin}/api/codat`;
        const fetches = stubs.fetches();
        const ready = h.next('codat-ready');
        h.el.baseUrl = base;
        await ready;
        await h.el.updateComplete;
        const lists = listRequests(fetches.calls);
        expect(lists).to.have.length(1);
        expect(lists[0]!.href.startsWith(`${base}/`)).to.equal(true);
        expect(h.part('error')).not.to.exist;
        expect(h.rows().length).to.be.greaterThan(0);
      });
    });

    describe('platform-keys and source-types', () => {
      it('asks for the platform-keys only and lists nothing else', async () => {
        await prepareStack();
        const fetches = stubs.fetches();
        const h = await mountOnStack({ prepare: false, attributes: { 'platform-keys': 'gbol qhyg' } });
        expect(listRequests(fetches.calls)[0]!.searchParams.get('query')).to.equal('{integrationKey=gbol||integrationKey=qhyg}');
        const keys = h.connections().map((row) => row.platformKey);
        expect([...new Set(keys)].sort()).to.deep.equal(['gbol', 'qhyg']);
        expect(h.rows()).to.have.length(keys.length);
      });

      it('shows only the platform-keys even when the client returns others', async () => {
        const client = memoryClient([
          connection(1, { integrationKey: 'gbol', platformName: 'Xero' }),
          connection(2, { integrationKey: 'akxx', platformName: 'NetSuite' }),
          connection(3, { integrationKey: undefined, platformName: 'No key' }),
        ]);
        const h = await mountWithClient(client, { attributes: { 'platform-keys': 'gbol' } });
        expect(h.names()).to.deep.equal(['Xero']);
      });

      it('lists only the source types asked for', async () => {
        const h = await mountOnStack({ attributes: { 'source-types': 'Banking' } });
        expect(h.connections().length).to.be.greaterThan(0);
        expect(h.connections().every((row) => row.sourceType === 'Banking')).to.equal(true);
      });
    });

    describe('rows', () => {
      it('renders API strings as text, never as HTML', async () => {
        const hostile = '<img src=x onerror="window.__pwned = true">Evil';
        const h = await mountWithClient(memoryClient([connection(1, { platformName: hostile, status: '<b>Odd</b>' })]));
        const row = h.rows()[0]!;
        expect(h.names()).to.deep.equal([hostile]);
        expect(h.statusText(row)).to.equal('<b>Odd</b>');
        expect(row.querySelector('img[src="x"], b')).to.equal(null);
        expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
      });

      it('says "Never synced" for a connection without a last sync, and "Last sync" with its time otherwise', async () => {
        const h = await mountWithClient(memoryClient([connection(1), connection(2, { status: 'PendingAuth', lastSync: null })]));
        const [synced, never] = h.rows().map((row) => shownText(h.part('meta', row)!));
        expect(synced).to.match(/Last sync 3 days ago/);
        expect(never).to.contain('Never synced');
        expect(never).not.to.contain('Last sync');
        expect(h.rows()[1]!.querySelectorAll('time[tabindex]')).to.have.length(0);
      });

      for (const logoUrl of ['javascript:alert(1)', 'data:image/svg+xml,<svg/>', 'http://evil.example/logo.png', 'constructor', '/account/delete?logo.png']) {
        it(`loads logos only from https, loopback or its own origin, never ${logoUrl}`, async () => {
          const xero = { key: 'gbol', name: 'Xero', logoUrl, enabled: true, sourceType: 'Accounting' as const };
          const h = await mountWithClient(memoryClient([connection(1)], { integrations: [xero] }));
          const logo = await h.waitFor(() => h.part('logo', h.rows()[0]!), 'the logo');
          // A letter stands in for a logo URL that is not safe to load (a relative one would be a request on the page's own site).
          expect(h.rows()[0]!.querySelector('img')).to.equal(null);
          expect(logo.textContent).to.equal('P');
        });
      }

      it('loads an https logo', async () => {
        const xero = { key: 'gbol', name: 'Xero', logoUrl: 'https://static.codat.io/xero.png', enabled: true, sourceType: 'Accounting' as const };
        const h = await mountWithClient(memoryClient([connection(1)], { integrations: [xero] }));
        const logo = await h.waitFor(() => h.rows()[0]!.querySelector('img'), 'the logo');
        expect(logo.getAttribute('src')).to.equal('https://static.codat.io/xero.png');
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

    describe('when removed', () => {
      it('aborts the list request in flight and sends nothing more', async () => {
        await prepareStack();
        await stubs.faults({ latency: 1000 });
        const fetches = stubs.fetches();
        const h = await mount({ attributes: { 'token-url': tokenUrl }, until: 'rendered' });
        await h.waitFor(() => fetches.calls.some((call) => call.url.includes('/connections')), 'the list request');
        h.el.remove();
        const sent = fetches.calls.length;
        // The list request is the element's own; integrations are one request the client shares and caches.
        const lists = fetches.calls.filter((call) => call.url.includes('/connections'));
        expect(lists).to.have.length(1);
        expect(lists[0]!.aborted()).to.equal(true);
        await elapse(QUIET_AFTER_REMOVAL_MS);
        expect(fetches.calls.slice(sent)).to.deep.equal([]);
      });

      it('stops waiting to retry a failed request: its timer is cleared and no retry is sent', async () => {
        const h = await mountOnStack();
        // The next answer is a 500: the client waits a little (a timer), then tries again.
        await stubs.faults({ forceStatus: { status: 500, count: 1 } });
        const fetches = stubs.fetches();
        const timers = stubs.timers();
        void h.el.refresh();
        await h.waitFor(() => timers.pending() > 0, 'the wait before the retry');
        h.el.remove();
        const sent = fetches.calls.length;
        await elapse(QUIET_AFTER_REMOVAL_MS);
        expect(fetches.calls.slice(sent)).to.deep.equal([]);
        expect(timers.pending()).to.equal(0);
      });

      it('stops polling for a link in a popup, and closes the popup', async () => {
        const h = await mountOnStack();
        const pending = h.connectionWith('PendingAuth');
        const popups = stubs.popups();
        const fetches = stubs.fetches();
        const timers = stubs.timers();
        h.button(pending.id, 'reconnect')!.click();
        await h.waitFor(() => fetches.calls.some((call) => call.url.endsWith(`/connections/${pending.id}`)), 'the first poll');
        h.el.remove();
        const sent = fetches.calls.length;
        await elapse(QUIET_AFTER_POPUP_REMOVAL_MS);
        expect(fetches.calls.slice(sent)).to.deep.equal([]);
        expect(timers.pending()).to.equal(0);
        expect(popups.opened[0]!.closed).to.equal(true);
      });
    });
  });
});
