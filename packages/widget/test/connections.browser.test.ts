// <codat-connections> against the real stack over HTTP: the token-issuing handler at /api/codat
// (demo cookie sign-in) in front of the Codat emulator at /emulator, on the test origin.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/codat-connections.js';
import type { CodatConnections } from '../src/index.js';
import { createConnectionsClient, type Connection, type ConnectionsClient, type TokenGrant, type TokenProvider } from '@codat-connections/core';
import { recordFetches, recordTimers, resetEmulator, setFaults, signIn, signOut, tokenUrl, waitFor } from '../../../test/helpers/browser.js';

const shadow = (el: CodatConnections) => el.shadowRoot!;
// Row buttons that do not apply are rendered hidden; these find what the user can see.
const part = (el: CodatConnections, name: string) => shadow(el).querySelector<HTMLElement>(`[part~="${name}"]:not([hidden])`);
const parts = (el: CodatConnections, name: string) => [...shadow(el).querySelectorAll<HTMLElement>(`[part~="${name}"]:not([hidden])`)];
const rowOf = (el: CodatConnections, id: string) => shadow(el).querySelector<HTMLElement>(`[part~="item"][data-id="${id}"]`);
const statusOf = (el: CodatConnections, id: string) => rowOf(el, id)?.querySelector('[part~="status"]')?.textContent;
const liveText = (el: CodatConnections) => shadow(el).querySelector('[role="status"][aria-live="polite"]')!.textContent!;
const byStatus = (el: CodatConnections, status: string) => el.connections.find((connection) => connection.status === status) as Connection;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client for another company than the demo users': the seed's two-connection company, reached
 * at the emulator with its key (as a partner's backend reaches Codat), since the stack's token
 * endpoint only grants the demo company. Also its connections' ids, in list order.
 */
async function otherCompany(): Promise<{ client: ConnectionsClient; connectionIds: string[] }> {
  const client = createConnectionsClient({
    token: async () => ({ accessToken: 'unused', expiresIn: 600, companyId: 'c0a10000-c0da-4e55-8000-000000000004', baseUrl: `${location.origin}/emulator` }),
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('Authorization', `Basic ${btoa('emulator-api-key')}`);
      return window.fetch(input, { ...init, headers });
    },
  });
  const { results } = await client.list();
  return { client, connectionIds: results.map((connection) => connection.id) };
}

/** A client over the stack whose list pages pass through `change`: Codat answering otherwise. */
function stackClientWhere(change: (connections: Connection[]) => void): ConnectionsClient {
  const stack = createConnectionsClient({ token: tokenUrl });
  return {
    ...stack,
    list: async (params) => {
      const page = await stack.list(params);
      change(page.results);
      return page;
    },
  };
}

/** Mounts the element on the stack and waits for its first page. */
async function mount(template = html`<codat-connections token-url=${tokenUrl} actions="link reconnect unlink delete"></codat-connections>`) {
  const ready = oneEvent(document, 'codat-ready');
  const el = await fixture<CodatConnections>(template);
  await ready;
  await el.updateComplete;
  return el;
}

/** Records the windows `window.open` returns (the real popups), or makes it return null (blocked). */
function watchPopups(blocked = false) {
  const original = window.open;
  const opened: Array<Window | null> = [];
  window.open = (...args: Parameters<typeof window.open>) => {
    const popup = blocked ? null : original.apply(window, args);
    opened.push(popup);
    return popup;
  };
  return { opened, restore: () => (window.open = original) };
}

/** Clicks Authorize on the emulator's link page inside the popup (same origin in tests). */
async function authorizeIn(popup: Window): Promise<void> {
  const button = await waitFor(() => {
    try {
      if (!popup.location.pathname.startsWith('/emulator')) return undefined;
      return [...popup.document.querySelectorAll<HTMLElement>('button, input[type="submit"]')].find((candidate) =>
        /authori[sz]e/i.test(candidate.textContent || (candidate as HTMLInputElement).value || ''),
      );
    } catch {
      return undefined;
    }
  }, 'the link page in the popup');
  button.click();
}

describe('<codat-connections>', () => {
  let popups: ReturnType<typeof watchPopups> | undefined;

  beforeEach(async () => {
    await resetEmulator();
    await signIn('admin');
  });

  afterEach(() => {
    popups?.restore();
    popups?.opened.forEach((popup) => popup?.close());
    popups = undefined;
  });

  describe('accessibility', () => {
    it('is accessible while loading', async () => {
      await setFaults({ latency: 2000 });
      const el = await fixture<CodatConnections>(html`<codat-connections token-url=${tokenUrl}></codat-connections>`);
      expect(part(el, 'skeleton')).to.exist;
      await expect(el).to.be.accessible();
      el.remove();
    });

    it('is accessible with a list', async () => {
      const el = await mount();
      await expect(el).to.be.accessible();
    });

    it('is accessible in the dark theme', async () => {
      const el = await mount(html`<codat-connections token-url=${tokenUrl} theme="dark" actions="link reconnect unlink delete"></codat-connections>`);
      await expect(el).to.be.accessible();
    });

    it('is accessible when empty', async () => {
      const el = await mount(html`<codat-connections token-url=${tokenUrl} platform-keys="zzzz"></codat-connections>`);
      expect(part(el, 'empty')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('is accessible with an error', async () => {
      await setFaults({ forceStatus: { status: 500, count: 20 } });
      const error = oneEvent(document, 'codat-error');
      const el = await fixture<CodatConnections>(html`<codat-connections token-url=${tokenUrl}></codat-connections>`);
      await error;
      await el.updateComplete;
      expect(part(el, 'error')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('is accessible with the picker open', async () => {
      const el = await mount();
      part(el, 'link-button')!.click();
      await waitFor(() => part(el, 'picker-item'), 'platforms in the picker');
      await expect(el).to.be.accessible();
    });

    it('is accessible with the dialog open', async () => {
      const el = await mount();
      parts(el, 'unlink-button')[0]!.click();
      await waitFor(() => shadow(el).querySelector('dialog[open]'), 'the dialog');
      await expect(el).to.be.accessible();
    });
  });

  describe('loading', () => {
    it('lists the company\'s connections after a token and one list request', async () => {
      const fetches = recordFetches();
      try {
        const ready = oneEvent(document, 'codat-ready');
        const el = await fixture<CodatConnections>(html`<codat-connections token-url=${tokenUrl}></codat-connections>`);
        const { detail } = await ready;
        await el.updateComplete;
        expect(detail.connections.length).to.be.greaterThan(0);
        expect(detail.totalResults).to.be.at.least(detail.connections.length);
        expect(parts(el, 'item')).to.have.length(detail.connections.length);
        const paths = fetches.calls.map((call) => `${call.method} ${new URL(call.url).pathname}`);
        expect(paths.filter((path) => path.endsWith('/token'))).to.have.length(1);
        expect(paths.filter((path) => path.endsWith('/connections'))).to.have.length(1);
        expect(liveText(el)).to.contain('connections loaded');
      } finally {
        fetches.restore();
      }
    });

    it('pages with Load more until totalResults', async () => {
      const el = await mount(html`<codat-connections token-url=${tokenUrl} page-size="2"></codat-connections>`);
      expect(el.connections.length).to.equal(2);
      let shown = 2;
      while (part(el, 'load-more')) {
        part(el, 'load-more')!.click();
        await waitFor(() => el.connections.length > shown || !part(el, 'load-more'), 'the next page');
        shown = el.connections.length;
        await el.updateComplete;
      }
      expect(parts(el, 'item').length).to.equal(shown);
      expect(shown).to.be.greaterThan(2);
      expect(new Set(el.connections.map((connection) => connection.id)).size).to.equal(shown);
    });

    it('filters loaded rows by text', async () => {
      const el = await mount();
      const name = el.connections[0]!.platformName;
      const filter = part(el, 'filter') as HTMLInputElement;
      filter.value = name;
      filter.dispatchEvent(new Event('input'));
      await el.updateComplete;
      const names = parts(el, 'name').map((node) => node.textContent);
      expect(names.length).to.be.greaterThan(0);
      expect(names.every((text) => text === name)).to.equal(true);
      filter.value = 'no platform is called this';
      filter.dispatchEvent(new Event('input'));
      await el.updateComplete;
      expect(parts(el, 'item')).to.have.length(0);
    });

    it('lists only the source types asked for', async () => {
      const el = await mount(html`<codat-connections token-url=${tokenUrl} source-types="Banking"></codat-connections>`);
      expect(el.connections.length).to.be.greaterThan(0);
      expect(el.connections.every((connection) => connection.sourceType === 'Banking')).to.equal(true);
    });

    it('reloads cleanly when the company changes mid-load', async () => {
      const { companyId } = await signIn('admin');
      const other = await otherCompany();
      // The first company's list answers a second late; by then the other company is shown.
      await setFaults({ latency: 1000 });
      const fetches = recordFetches();
      try {
        const el = await fixture<CodatConnections>(html`<codat-connections token-url=${tokenUrl}></codat-connections>`);
        await waitFor(() => fetches.calls.some((call) => call.url.includes(`/companies/${companyId}/connections`)), 'the first list request');
        await setFaults({});
        const readyEvents: unknown[] = [];
        el.addEventListener('codat-ready', (event) => readyEvents.push(event));
        const ready = oneEvent(el, 'codat-ready');
        el.client = other.client;
        await ready;
        await pause(1500);
        await el.updateComplete;
        const lists = fetches.calls.filter((call) => call.url.includes('/connections'));
        expect(lists[0]!.url).to.contain(companyId);
        expect(lists[0]!.aborted()).to.equal(true);
        expect(readyEvents).to.have.length(1);
        expect(el.connections.map((connection) => connection.id)).to.deep.equal(other.connectionIds);
        expect(parts(el, 'item').map((row) => row.dataset['id'])).to.deep.equal(other.connectionIds);
      } finally {
        fetches.restore();
      }
    });

    describe('when removed', () => {
      it('aborts the list request in flight and sends nothing more', async () => {
        await setFaults({ latency: 1000 });
        const fetches = recordFetches();
        try {
          const el = await fixture<CodatConnections>(html`<codat-connections token-url=${tokenUrl}></codat-connections>`);
          await waitFor(() => fetches.calls.some((call) => call.url.includes('/connections')), 'the list request');
          el.remove();
          const sent = fetches.calls.length;
          // The list request is the element's own; integrations are one request the client shares and caches.
          const lists = fetches.calls.filter((call) => call.url.includes('/connections'));
          expect(lists).to.have.length(1);
          expect(lists[0]!.aborted()).to.equal(true);
          await pause(1500);
          expect(fetches.calls.slice(sent)).to.deep.equal([]);
        } finally {
          fetches.restore();
        }
      });

      it('stops waiting to retry a failed request: its timer is cleared and no retry is sent', async () => {
        const el = await mount();
        // The next answer is a 500: the client waits a little (a timer), then tries again.
        await setFaults({ forceStatus: { status: 500, count: 1 } });
        const fetches = recordFetches();
        const timers = recordTimers();
        try {
          void el.refresh();
          await waitFor(() => timers.pending() > 0, 'the wait before the retry');
          el.remove();
          const sent = fetches.calls.length;
          await pause(1500);
          expect(fetches.calls.slice(sent)).to.deep.equal([]);
          expect(timers.pending()).to.equal(0);
        } finally {
          timers.restore();
          fetches.restore();
        }
      });

      it('stops polling for a link in a popup, and closes the popup', async () => {
        const el = await mount();
        const pending = byStatus(el, 'PendingAuth');
        popups = watchPopups();
        const fetches = recordFetches();
        const timers = recordTimers();
        try {
          rowOf(el, pending.id)!.querySelector<HTMLElement>('[part~="reconnect-button"]:not([hidden])')!.click();
          await waitFor(() => fetches.calls.some((call) => call.url.endsWith(`/connections/${pending.id}`)), 'the first poll');
          el.remove();
          const sent = fetches.calls.length;
          // Polls come every one to five seconds, and the window is looked at every 250 ms.
          await pause(2500);
          expect(fetches.calls.slice(sent)).to.deep.equal([]);
          expect(timers.pending()).to.equal(0);
          expect(popups.opened[0]!.closed).to.equal(true);
        } finally {
          timers.restore();
          fetches.restore();
        }
      });
    });
  });

  describe('actions', () => {
    it('links a new connection through the emulator\'s link page in a popup', async () => {
      const el = await mount();
      const before = el.connections.length;
      popups = watchPopups();
      part(el, 'link-button')!.click();
      const item = await waitFor(() => part(el, 'picker-item'), 'platforms in the picker');
      const started = oneEvent(el, 'codat-link-started');
      const linked = oneEvent(el, 'codat-linked');
      item.click();
      expect(popups.opened).to.have.length(1);
      const { detail: startedDetail } = await started;
      expect(startedDetail.connection.status).to.equal('PendingAuth');
      await el.updateComplete;
      expect(rowOf(el, startedDetail.connection.id)!.querySelector('[part~="pending"]')).to.exist;
      await authorizeIn(popups.opened[0]!);
      const { detail } = await linked;
      expect(detail.connection.id).to.equal(startedDetail.connection.id);
      expect(detail.connection.status).to.equal('Linked');
      await el.updateComplete;
      expect(el.connections.length).to.equal(before + 1);
      expect(statusOf(el, detail.connection.id)).to.equal('Linked');
      expect(liveText(el)).to.contain('linked');
    });

    it('links a platform through the link() method', async () => {
      const el = await mount();
      part(el, 'link-button')!.click();
      const key = (await waitFor(() => part(el, 'picker-item'), 'platforms in the picker')).dataset['key']!;
      popups = watchPopups();
      const linked = oneEvent(el, 'codat-linked');
      const done = el.link(key);
      await authorizeIn(popups.opened[0]!);
      await done;
      const { detail } = await linked;
      expect(detail.connection.integrationKey).to.equal(key);
      expect(el.connections.some((connection) => connection.id === detail.connection.id)).to.equal(true);
    });

    it('reports a link cancelled when the user closes the popup', async () => {
      const el = await mount();
      const pending = byStatus(el, 'PendingAuth');
      popups = watchPopups();
      const cancelled = oneEvent(el, 'codat-link-cancelled');
      rowOf(el, pending.id)!.querySelector<HTMLElement>('[part~="reconnect-button"]:not([hidden])')!.click();
      await waitFor(() => rowOf(el, pending.id)?.querySelector('[part~="pending"]'), 'the waiting state');
      popups.opened[0]!.close();
      expect((await cancelled).detail.connection.id).to.equal(pending.id);
      await el.updateComplete;
      expect(statusOf(el, pending.id)).to.equal('Pending authorization');
      expect(rowOf(el, pending.id)!.querySelector('[part~="reconnect-button"]:not([hidden])')).to.exist;
      expect(liveText(el)).to.contain('was not linked');
    });

    describe('on return from Codat in link-mode="redirect"', () => {
      let restoreAddress: (() => void) | undefined;
      afterEach(() => restoreAddress?.());

      /** Puts Codat's redirect parameters in the address bar, beside one of the page's own. */
      function returnFromCodat(params: Record<string, string>): void {
        const before = location.href;
        history.replaceState(null, '', `?keep=1&${new URLSearchParams(params)}`);
        restoreAddress = () => history.replaceState(null, '', before);
      }

      /** The signed-in company and its connections, as the stack has them. */
      async function company() {
        const { companyId } = await signIn('admin');
        const { results } = await createConnectionsClient({ token: tokenUrl }).list({ pageSize: 100 });
        return { companyId, connections: results };
      }

      it('reports codat-linked and removes Codat\'s parameters from the address bar', async () => {
        const { companyId, connections } = await company();
        const linked = connections.find((connection) => connection.status === 'Linked')!;
        returnFromCodat({ statusCode: '200', connectionId: linked.id, companyId });
        const event = oneEvent(document, 'codat-linked');
        const el = await mount(html`<codat-connections token-url=${tokenUrl} link-mode="redirect"></codat-connections>`);
        expect((await event).detail.connection.id).to.equal(linked.id);
        expect(location.search).to.equal('?keep=1');
        expect(liveText(el)).to.contain(`${linked.platformName} linked`);
      });

      it('fetches the connection when it is not on the first page', async () => {
        const { companyId, connections } = await company();
        const linked = connections.slice(1).find((connection) => connection.status === 'Linked')!;
        returnFromCodat({ statusCode: '200', connectionId: linked.id, companyId });
        const event = oneEvent(document, 'codat-linked');
        const el = await mount(html`<codat-connections token-url=${tokenUrl} link-mode="redirect" page-size="1"></codat-connections>`);
        expect((await event).detail.connection.id).to.equal(linked.id);
        await el.updateComplete;
        expect(statusOf(el, linked.id)).to.equal('Linked');
        expect(liveText(el)).to.contain(`${linked.platformName} linked`);
      });

      it('handles the return when link-mode is set after the element is in the page', async () => {
        const { companyId, connections } = await company();
        const linked = connections.find((connection) => connection.status === 'Linked')!;
        returnFromCodat({ statusCode: '200', connectionId: linked.id, companyId });
        const page = await fixture<HTMLElement>(html`<div></div>`);
        const el = document.createElement('codat-connections');
        const event = oneEvent(el, 'codat-linked');
        el.tokenUrl = tokenUrl;
        page.append(el);
        // As a framework wrapper sets properties: after the element is connected.
        el.linkMode = 'redirect';
        expect((await event).detail.connection.id).to.equal(linked.id);
        expect(location.search).to.equal('?keep=1');
      });

      it('says a connection is not linked yet, without an error, when it is still pending', async () => {
        const { companyId, connections } = await company();
        const pending = connections.find((connection) => connection.status === 'PendingAuth')!;
        returnFromCodat({ statusCode: '200', connectionId: pending.id, companyId });
        const events: string[] = [];
        for (const type of ['codat-linked', 'codat-error'] as const) document.addEventListener(type, () => events.push(type), { once: true });
        const el = await mount(html`<codat-connections token-url=${tokenUrl} link-mode="redirect"></codat-connections>`);
        await waitFor(() => liveText(el).includes(`${pending.platformName} is not linked yet`), 'the announcement');
        expect(events).to.deep.equal([]);
        expect(statusOf(el, pending.id)).to.equal('Pending authorization');
      });

      it('reports the failure Codat\'s parameters describe', async () => {
        const { companyId, connections } = await company();
        const pending = connections.find((connection) => connection.status === 'PendingAuth')!;
        returnFromCodat({ statusCode: '400', statusText: 'Bad Request', errorMessage: 'The user declined', connectionId: pending.id, companyId });
        const error = oneEvent(document, 'codat-error');
        const el = await mount(html`<codat-connections token-url=${tokenUrl} link-mode="redirect"></codat-connections>`);
        const { detail } = await error;
        expect(detail.operation).to.equal('link');
        expect(detail.error.message).to.equal('The user declined');
        expect(location.search).to.equal('?keep=1');
        await el.updateComplete;
        expect(liveText(el)).to.equal('Linking failed. Please try again.');
      });
    });

    it('reconnects an unlinked connection', async () => {
      const el = await mount();
      const unlinked = byStatus(el, 'Unlinked');
      popups = watchPopups();
      const linked = oneEvent(el, 'codat-linked');
      rowOf(el, unlinked.id)!.querySelector<HTMLElement>('[part~="reconnect-button"]:not([hidden])')!.click();
      await authorizeIn(popups.opened[0]!);
      expect((await linked).detail.connection.id).to.equal(unlinked.id);
      await el.updateComplete;
      expect(statusOf(el, unlinked.id)).to.equal('Linked');
    });

    it('unlinks after confirmation', async () => {
      const el = await mount();
      const target = byStatus(el, 'Linked');
      const button = rowOf(el, target.id)!.querySelector<HTMLElement>('[part~="unlink-button"]:not([hidden])')!;
      button.click();
      const dialog = await waitFor(() => shadow(el).querySelector<HTMLDialogElement>('dialog[open]'), 'the dialog');
      expect(dialog.textContent).to.contain(target.platformName);
      const unlinked = oneEvent(el, 'codat-unlinked');
      dialog.querySelector<HTMLElement>('[part~="dialog-confirm"]')!.click();
      expect((await unlinked).detail.connection.status).to.equal('Unlinked');
      await el.updateComplete;
      expect(statusOf(el, target.id)).to.equal('Unlinked');
      expect(liveText(el)).to.contain(`${target.platformName} unlinked`);
    });

    it('deletes after confirmation and moves focus to a neighbour', async () => {
      const el = await mount();
      const target = el.connections[0]!;
      const next = el.connections[1]!;
      const button = rowOf(el, target.id)!.querySelector<HTMLElement>('[part~="delete-button"]:not([hidden])')!;
      button.focus();
      button.click();
      const dialog = await waitFor(() => shadow(el).querySelector<HTMLDialogElement>('dialog[open]'), 'the dialog');
      const deleted = oneEvent(el, 'codat-deleted');
      dialog.querySelector<HTMLElement>('[part~="dialog-confirm"]')!.click();
      expect((await deleted).detail.connectionId).to.equal(target.id);
      await el.updateComplete;
      expect(rowOf(el, target.id)).to.equal(null);
      expect(shadow(el).activeElement).to.equal(rowOf(el, next.id));
      const response = await fetch(`/api/codat/token`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'codat-connections' },
        body: '{}',
      });
      const grant = await response.json();
      const gone = await fetch(`${grant.baseUrl}/companies/${grant.companyId}/connections/${target.id}`, {
        headers: { Authorization: `Bearer ${grant.accessToken}` },
      });
      expect(gone.status).to.equal(404);
    });

    it('keeps everything as it was when the dialog is cancelled with Escape', async () => {
      const el = await mount();
      const target = byStatus(el, 'Linked');
      const button = rowOf(el, target.id)!.querySelector<HTMLElement>('[part~="unlink-button"]:not([hidden])')!;
      button.focus();
      button.click();
      const dialog = await waitFor(() => shadow(el).querySelector<HTMLDialogElement>('dialog[open]'), 'the dialog');
      await sendKeys({ press: 'Escape' });
      await waitFor(() => !dialog.open, 'the dialog to close');
      await el.updateComplete;
      expect(statusOf(el, target.id)).to.equal('Linked');
      expect(shadow(el).activeElement).to.equal(button);
    });

    it('closes the dialog as cancelled when the company changes while it is open', async () => {
      const el = await mount();
      const other = await otherCompany();
      const target = byStatus(el, 'Linked');
      const fetches = recordFetches();
      try {
        rowOf(el, target.id)!.querySelector<HTMLElement>('[part~="unlink-button"]:not([hidden])')!.click();
        const dialog = await waitFor(() => shadow(el).querySelector<HTMLDialogElement>('dialog[open]'), 'the dialog');
        const ready = oneEvent(el, 'codat-ready');
        el.client = other.client;
        await ready;
        await el.updateComplete;
        expect(dialog.open).to.equal(false);
        // Confirming now would have unlinked the first company's connection, and shown it among the other's.
        dialog.querySelector<HTMLElement>('[part~="dialog-confirm"]')!.click();
        await pause(300);
        expect(fetches.calls.filter((call) => call.method !== 'GET')).to.deep.equal([]);
        expect(el.connections.map((connection) => connection.id)).to.deep.equal(other.connectionIds);
      } finally {
        fetches.restore();
      }
    });

    it('drops the result of an unlink when the company changes while it runs', async () => {
      const el = await mount(html`<codat-connections token-url=${tokenUrl} no-confirm></codat-connections>`);
      const other = await otherCompany();
      const target = byStatus(el, 'Linked');
      await setFaults({ latency: 1000 });
      const fetches = recordFetches();
      let unlinkedEvents = 0;
      el.addEventListener('codat-unlinked', () => unlinkedEvents++);
      try {
        rowOf(el, target.id)!.querySelector<HTMLElement>('[part~="unlink-button"]:not([hidden])')!.click();
        await waitFor(() => fetches.calls.some((call) => call.method === 'PATCH'), 'the unlink request');
        await setFaults({});
        const ready = oneEvent(el, 'codat-ready');
        el.client = other.client;
        await ready;
        await pause(1500);
        await el.updateComplete;
        expect(unlinkedEvents).to.equal(0);
        expect(el.connections.map((connection) => connection.id)).to.deep.equal(other.connectionIds);
      } finally {
        fetches.restore();
      }
    });

    it('lets a host cancel an unlink or delete with codat-before-*', async () => {
      const el = await mount();
      const fetches = recordFetches();
      try {
        el.addEventListener('codat-before-unlink', (event) => event.preventDefault());
        el.addEventListener('codat-before-delete', (event) => event.preventDefault());
        const target = byStatus(el, 'Linked');
        const beforeUnlink = oneEvent(el, 'codat-before-unlink');
        rowOf(el, target.id)!.querySelector<HTMLElement>('[part~="unlink-button"]:not([hidden])')!.click();
        expect((await beforeUnlink).detail.connection.id).to.equal(target.id);
        rowOf(el, target.id)!.querySelector<HTMLElement>('[part~="delete-button"]:not([hidden])')!.click();
        await el.updateComplete;
        expect(shadow(el).querySelector('dialog[open]')).to.equal(null);
        expect(fetches.calls).to.have.length(0);
        expect(statusOf(el, target.id)).to.equal('Linked');
      } finally {
        fetches.restore();
      }
    });

    it('offers a plain link when the popup is blocked', async () => {
      const el = await mount();
      popups = watchPopups(true);
      part(el, 'link-button')!.click();
      const item = await waitFor(() => part(el, 'picker-item'), 'platforms in the picker');
      const started = oneEvent(el, 'codat-link-started');
      item.click();
      const { detail } = await started;
      const link = await waitFor(() => rowOf(el, detail.connection.id)?.querySelector<HTMLAnchorElement>('[part~="continue-link"]'), 'the continue link');
      expect(link.href).to.equal(detail.connection.linkUrl);
      expect(link.target).to.equal('_blank');
      expect(link.rel).to.contain('noopener');
      expect(liveText(el)).to.contain('blocked');
    });

    it('moves through the picker with the arrow keys', async () => {
      const el = await mount();
      part(el, 'link-button')!.click();
      await waitFor(() => part(el, 'picker-item'), 'platforms in the picker');
      const search = part(el, 'picker-search')!;
      expect(shadow(el).activeElement).to.equal(search);
      const items = parts(el, 'picker-item');
      await sendKeys({ press: 'ArrowDown' });
      expect(shadow(el).activeElement).to.equal(items[0]);
      await sendKeys({ press: 'ArrowDown' });
      expect(shadow(el).activeElement).to.equal(items[1]);
      await sendKeys({ press: 'End' });
      expect(shadow(el).activeElement).to.equal(items[items.length - 1]);
      await sendKeys({ press: 'Home' });
      await sendKeys({ press: 'ArrowUp' });
      expect(shadow(el).activeElement).to.equal(search);
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(part(el, 'picker')).to.equal(null);
      expect(shadow(el).activeElement).to.equal(part(el, 'link-button'));
    });

    it('searches the picker by name', async () => {
      const el = await mount();
      part(el, 'link-button')!.click();
      const first = await waitFor(() => part(el, 'picker-item'), 'platforms in the picker');
      const name = first.querySelector('.name')!.textContent!;
      const search = part(el, 'picker-search') as HTMLInputElement;
      search.value = name.slice(0, 4);
      search.dispatchEvent(new Event('input'));
      await el.updateComplete;
      const names = parts(el, 'picker-item').map((item) => item.querySelector('.name')!.textContent!.toLowerCase());
      expect(names.length).to.be.greaterThan(0);
      expect(names.every((text) => text.includes(name.slice(0, 4).toLowerCase()))).to.equal(true);
    });
  });

  describe('events', () => {
    it('dispatches codat-ready, bubbling and composed, with the first page', async () => {
      const ready = oneEvent(document, 'codat-ready');
      const el = await fixture<CodatConnections>(html`<codat-connections token-url=${tokenUrl}></codat-connections>`);
      const event = await ready;
      expect(event.bubbles).to.equal(true);
      expect(event.composed).to.equal(true);
      expect(event.detail.connections).to.equal(el.connections);
    });

    it('dispatches cancelable codat-before-unlink before the dialog', async () => {
      const el = await mount();
      const before = oneEvent(el, 'codat-before-unlink');
      parts(el, 'unlink-button')[0]!.click();
      const event = await before;
      expect(event.cancelable).to.equal(true);
      expect(event.composed).to.equal(true);
    });
  });

  describe('parts', () => {
    it('exposes parts on everything a partner may restyle', async () => {
      const el = await mount();
      for (const name of ['base', 'header', 'link-button', 'filter', 'list', 'item', 'logo', 'name', 'status', 'meta', 'errors', 'actions', 'reconnect-button', 'unlink-button', 'delete-button', 'dialog']) {
        expect(part(el, name), name).to.exist;
      }
      expect(parts(el, 'status-linked').length).to.be.greaterThan(0);
      part(el, 'link-button')!.click();
      await waitFor(() => part(el, 'picker-item'), 'platforms in the picker');
      expect(part(el, 'picker')).to.exist;
      const logo = part(el, 'picker-item')!.querySelector('img');
      expect(logo?.getAttribute('src')).to.match(/^http:\/\/localhost:\d+\/emulator\//);
    });

    it('shows a status it does not know as text with status-other, even one named like an Object property', async () => {
      // Codat may add statuses, and the core keeps them.
      const odd = ['constructor', '__proto__'];
      const client = stackClientWhere((connections) => odd.forEach((status, index) => (connections[index]!.status = status)));
      const el = await mount(html`<codat-connections .client=${client}></codat-connections>`);
      for (const [index, status] of odd.entries()) {
        const badge = rowOf(el, el.connections[index]!.id)!.querySelector('[part~="status"]')!;
        expect(badge.textContent).to.equal(status);
        expect(badge.getAttribute('part')).to.equal('status status-other');
      }
    });

    it('exposes empty, error, retry-button and load-more in their states', async () => {
      const empty = await mount(html`<codat-connections token-url=${tokenUrl} platform-keys="zzzz"></codat-connections>`);
      expect(part(empty, 'empty')).to.exist;
      const paged = await mount(html`<codat-connections token-url=${tokenUrl} page-size="1"></codat-connections>`);
      expect(part(paged, 'load-more')).to.exist;
      await setFaults({ forceStatus: { status: 500, count: 20 } });
      const error = oneEvent(document, 'codat-error');
      const failed = await fixture<CodatConnections>(html`<codat-connections token-url=${tokenUrl}></codat-connections>`);
      await error;
      await failed.updateComplete;
      expect(part(failed, 'error')).to.exist;
      expect(part(failed, 'retry-button')).to.exist;
    });
  });

  describe('errors', () => {
    it('shows the error with a Retry button that recovers', async () => {
      await setFaults({ forceStatus: { status: 500, count: 20 } });
      const error = oneEvent(document, 'codat-error');
      const el = await fixture<CodatConnections>(html`<codat-connections token-url=${tokenUrl}></codat-connections>`);
      const { detail } = await error;
      expect(detail.operation).to.equal('list');
      await el.updateComplete;
      // Words for the user; the error itself is for the developer, in the event.
      expect(part(el, 'error')!.textContent).to.contain('could not be loaded').and.contain('Something went wrong');
      expect(part(el, 'error')!.textContent).not.to.contain(detail.error.message);
      await setFaults({});
      const ready = oneEvent(el, 'codat-ready');
      part(el, 'retry-button')!.click();
      await ready;
      await el.updateComplete;
      expect(parts(el, 'item').length).to.be.greaterThan(0);
    });

    it('leaves the row unchanged when an unlink fails', async () => {
      const el = await mount(html`<codat-connections token-url=${tokenUrl} no-confirm></codat-connections>`);
      const target = byStatus(el, 'Linked');
      await setFaults({ forceStatus: { status: 400, count: 5 } });
      const error = oneEvent(el, 'codat-error');
      rowOf(el, target.id)!.querySelector<HTMLElement>('[part~="unlink-button"]:not([hidden])')!.click();
      const { detail } = await error;
      expect(detail.operation).to.equal('unlink');
      await el.updateComplete;
      expect(statusOf(el, target.id)).to.equal('Linked');
      expect(rowOf(el, target.id)!.querySelector('[part~="unlink-button"]:not([hidden])')).to.exist;
      expect(liveText(el)).to.contain('went wrong').and.not.contain(detail.error.message);
    });

    it('tells the user that linking failed, and the developer why, when a link URL is not safe to open', async () => {
      // Link pages on plain http on a public host.
      const client = stackClientWhere((connections) =>
        connections.forEach((connection) => (connection.linkUrl = `http://codat.example/link/${connection.id}`)),
      );
      const el = await mount(html`<codat-connections .client=${client}></codat-connections>`);
      popups = watchPopups();
      const error = oneEvent(el, 'codat-error');
      rowOf(el, byStatus(el, 'Unlinked').id)!.querySelector<HTMLElement>('[part~="reconnect-button"]:not([hidden])')!.click();
      const { detail } = await error;
      expect(detail.operation).to.equal('link');
      expect(detail.error.message).to.contain('http://codat.example');
      await el.updateComplete;
      expect(liveText(el)).to.equal('Linking failed. Please try again.');
      expect(popups.opened).to.deep.equal([]);
    });

    it('survives token expiry mid-session without a remount', async () => {
      // Grants from the real token endpoint: the first expires at once, the second is rejected by the
      // server (a 401, as for a token that expired server-side), the third is good.
      let grants = 0;
      const tokenProvider: TokenProvider = async ({ signal }) => {
        grants += 1;
        const response = await fetch(tokenUrl, {
          method: 'POST',
          credentials: 'include',
          headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'codat-connections' },
          body: '{}',
          ...(signal ? { signal } : {}),
        });
        const grant: TokenGrant = await response.json();
        if (grants === 1) return { ...grant, expiresIn: 0.001 };
        if (grants === 2) return { ...grant, accessToken: `${grant.accessToken.slice(0, -6)}AAAAAA` };
        return grant;
      };
      const el = await mount(html`<codat-connections .tokenProvider=${tokenProvider} no-confirm></codat-connections>`);
      expect(grants).to.equal(1);
      const target = byStatus(el, 'Linked');
      const unlinked = oneEvent(el, 'codat-unlinked');
      rowOf(el, target.id)!.querySelector<HTMLElement>('[part~="unlink-button"]:not([hidden])')!.click();
      await unlinked;
      await el.updateComplete;
      expect(statusOf(el, target.id)).to.equal('Unlinked');
      expect(grants).to.equal(3);
    });

    it('explains that the user is not signed in', async () => {
      await signOut();
      const error = oneEvent(document, 'codat-error');
      const el = await fixture<CodatConnections>(html`<codat-connections token-url=${tokenUrl}></codat-connections>`);
      const { detail } = await error;
      expect(detail.operation).to.equal('list');
      expect((detail.error as Error & { code?: string }).code).to.equal('unauthorized');
      await el.updateComplete;
      expect(part(el, 'error')!.textContent).to.contain('You may have been signed out');
    });
  });

  describe('i18n', () => {
    it('gives the exact time in the current locale once the locale changes', async () => {
      const el = await mount(html`<codat-connections token-url=${tokenUrl} locale="en"></codat-connections>`);
      const [focused, hovered] = shadow(el).querySelectorAll<HTMLTimeElement>('time[datetime]');
      const exact = (time: HTMLTimeElement, locale: string) =>
        new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(time.dateTime));
      hovered!.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
      focused!.focus();
      expect([focused!.title, hovered!.title]).to.deep.equal([exact(focused!, 'en'), exact(hovered!, 'en')]);

      el.locale = 'de';
      await waitFor(() => part(el, 'title')!.textContent!.trim() === 'Verbindungen', 'the German catalogue');
      await el.updateComplete;
      // The focused time shows its exact time (data-exact) at once; a hovered one when hovered again.
      expect(focused!.dataset['exact']).to.equal(exact(focused!, 'de'));
      hovered!.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
      expect(hovered!.title).to.equal(exact(hovered!, 'de'));
    });

    for (const [locale, title, linked] of [
      ['fr', 'Connexions', 'Connectée'],
      ['de', 'Verbindungen', 'Verbunden'],
      ['es', 'Conexiones', 'Conectada'],
      ['nl', 'Koppelingen', 'Gekoppeld'],
    ] as const) {
      it(`renders in ${locale}`, async () => {
        const el = await mount(html`<codat-connections token-url=${tokenUrl} locale=${locale}></codat-connections>`);
        await waitFor(() => part(el, 'title')!.textContent!.trim() === title, `the ${locale} catalogue`);
        expect(parts(el, 'status-linked')[0]!.textContent).to.equal(linked);
        await expect(el).to.be.accessible();
      });
    }
  });
});
