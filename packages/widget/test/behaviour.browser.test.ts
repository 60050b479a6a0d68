// Documented behaviour of <codat-connections> not covered elsewhere: where its client comes from
// (client, tokenProvider, token-url, base-url) and reloading when that changes, refresh(), the
// defaults of page-size and actions, platform-keys and source-types, row actions that do not block
// each other, focus, data connection errors, slots, locale fallback, a 320 px layout and keyboard
// use. Mostly against the real stack (token handler at /api/codat in front of the emulator); an
// in-memory `client` where a test needs to hold a request open or shape the data.
import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/codat-connections.js';
import type { CodatConnections } from '../src/index.js';
import type { Connection, Integration, TokenGrant, TokenProvider } from '@codat-connections/core';
import { callApi, fetchGrant, recordFetches, resetEmulator, signIn, tokenUrl, waitFor } from '../../../test/helpers/browser.js';
import { connection, memoryClient, type MemoryClientOptions } from '../../../test/helpers/memory-client.js';

const shadow = (el: CodatConnections) => el.shadowRoot!;
// Row buttons that do not apply are rendered hidden; these find what the user can see.
const part = (el: CodatConnections, name: string) => shadow(el).querySelector<HTMLElement>(`[part~="${name}"]:not([hidden])`);
const parts = (el: CodatConnections, name: string) => [...shadow(el).querySelectorAll<HTMLElement>(`[part~="${name}"]:not([hidden])`)];
const rowOf = (el: CodatConnections, id: string) => shadow(el).querySelector<HTMLElement>(`[part~="item"][data-id="${id}"]`);
const inRow = (el: CodatConnections, id: string, name: string) => rowOf(el, id)?.querySelector<HTMLElement>(`[part~="${name}"]:not([hidden])`) ?? null;
const statusOf = (el: CodatConnections, id: string) => rowOf(el, id)?.querySelector('[part~="status"]')?.textContent;
const byStatus = (el: CodatConnections, status: string) => el.connections.find((connection) => connection.status === status) as Connection;
const byKey = (el: CodatConnections, key: string) => el.connections.find((connection) => connection.integrationKey === key) as Connection;
/** Asserts that `actual` is the element `expected`, which must exist (two nulls are not the same element). */
function expectSame(actual: Element | null | undefined, expected: Element | null | undefined, what: string): void {
  expect(expected, `${what} (expected element)`).to.exist;
  expect(actual, what).to.equal(expected);
}

const openDialog = (el: CodatConnections) => waitFor(() => shadow(el).querySelector<HTMLDialogElement>('dialog[open]'), 'the dialog');

/** Requests to the connections collection (the list), from recorded fetches. */
const listRequests = (calls: Array<{ method: string; url: string }>) =>
  calls.filter((call) => call.method === 'GET' && new URL(call.url).pathname.endsWith('/connections')).map((call) => new URL(call.url));

/** Mounts the element and waits for its first page; a codat-error instead fails at once, with its message. */
async function mount(template = html`<codat-connections token-url=${tokenUrl}></codat-connections>`) {
  const ready = Promise.race([
    oneEvent(document, 'codat-ready'),
    oneEvent(document, 'codat-error').then(({ detail }) => {
      throw new Error(`codat-error instead of codat-ready (${detail.operation}): ${detail.error.message}`);
    }),
  ]);
  const el = await fixture<CodatConnections>(template);
  await ready;
  await el.updateComplete;
  return el;
}

/** Opens the platform picker and waits for its platforms. */
async function openPicker(el: CodatConnections): Promise<HTMLElement[]> {
  part(el, 'link-button')!.click();
  await waitFor(() => part(el, 'picker-item'), 'platforms in the picker');
  return parts(el, 'picker-item');
}

/** Unlinks a connection behind the element's back, as another tab or Codat itself would. */
async function unlinkElsewhere(connectionId: string): Promise<void> {
  const response = await callApi(`connections/${connectionId}`, { method: 'PATCH', body: JSON.stringify({ status: 'Unlinked' }) });
  expect(response.status, 'the direct unlink').to.equal(200);
}

/** A grant from the stack without `baseUrl`, so the element's `base-url` decides where operations go. */
const grantWithoutBaseUrl: TokenProvider = async () => {
  const { baseUrl: _ignored, ...grant } = await fetchGrant();
  return grant as TokenGrant;
};

const integrations: Integration[] = [
  { key: 'gbol', name: 'Xero', logoUrl: '', enabled: true, sourceType: 'Accounting' },
  { key: 'akxx', name: 'NetSuite', logoUrl: '', enabled: true, sourceType: 'Accounting' },
];

/** A client over `rows` offering Xero and NetSuite; see memoryClient. */
const stubClient = (rows: Connection[], options: MemoryClientOptions = {}) => memoryClient(rows, { integrations, ...options });

/** Makes `window.open` return null (a blocked popup) and counts its calls. */
function blockPopups() {
  const original = window.open;
  const opened: unknown[][] = [];
  window.open = (...args: unknown[]) => {
    opened.push(args);
    return null;
  };
  return { opened, restore: () => (window.open = original) };
}

describe('<codat-connections>', () => {
  beforeEach(async () => {
    await resetEmulator();
    await signIn('admin');
  });

  describe('loading', () => {
    it('asks for 50 connections a page by default', async () => {
      const fetches = recordFetches();
      try {
        await mount();
        const lists = listRequests(fetches.calls);
        expect(lists).to.have.length(1);
        expect(lists[0]!.searchParams.get('pageSize')).to.equal('50');
        expect(lists[0]!.searchParams.get('page')).to.equal('1');
      } finally {
        fetches.restore();
      }
    });

    it('reloads from the first page on refresh() and shows what changed meanwhile', async () => {
      const el = await mount(html`<codat-connections token-url=${tokenUrl} page-size="2"></codat-connections>`);
      part(el, 'load-more')!.click();
      await waitFor(() => el.connections.length === 4, 'the second page');
      const target = el.connections.slice(0, 2).find((row) => row.status === 'Linked')!;
      expect(target, 'a Linked connection on the first page').to.exist;
      await unlinkElsewhere(target.id);
      const fetches = recordFetches();
      try {
        const ready = oneEvent(el, 'codat-ready');
        await el.refresh();
        await ready;
        await el.updateComplete;
        const lists = listRequests(fetches.calls);
        expect(lists).to.have.length(1);
        expect(lists[0]!.searchParams.get('page')).to.equal('1');
        expect(parts(el, 'item')).to.have.length(2);
        expect(statusOf(el, target.id)).to.equal('Unlinked');
      } finally {
        fetches.restore();
      }
    });

    it('sends operations to base-url when the grant names no baseUrl', async () => {
      const base = `${location.origin}/api/codat`;
      const fetches = recordFetches();
      try {
        const el = await mount(html`<codat-connections .tokenProvider=${grantWithoutBaseUrl} base-url=${base}></codat-connections>`);
        expect(parts(el, 'item').length).to.be.greaterThan(0);
        const operations = fetches.calls.filter((call) => !call.url.endsWith('/token'));
        expect(listRequests(operations)).to.have.length(1);
        expect(operations.every((call) => call.url.startsWith(`${base}/`)), operations.map((call) => call.url).join(', ')).to.equal(true);
      } finally {
        fetches.restore();
      }
    });

    it('prefers the grant\'s baseUrl to base-url', async () => {
      const grant = await fetchGrant();
      const fetches = recordFetches();
      try {
        const el = await mount(html`<codat-connections token-url=${tokenUrl} base-url=${`${location.origin}/nowhere`}></codat-connections>`);
        expect(parts(el, 'item').length).to.be.greaterThan(0);
        const lists = listRequests(fetches.calls);
        expect(lists).to.have.length(1);
        expect(lists[0]!.href.startsWith(`${grant.baseUrl}/`)).to.equal(true);
      } finally {
        fetches.restore();
      }
    });

    it('uses a client property over token-url, without a token request', async () => {
      const client = stubClient([connection(1, { platformName: 'From the client' })]);
      const fetches = recordFetches();
      try {
        const el = await mount(html`<codat-connections token-url=${tokenUrl} .client=${client}></codat-connections>`);
        expect(parts(el, 'name').map((name) => name.textContent)).to.deep.equal(['From the client']);
        expect(client.calls).to.include('list 1');
        expect(fetches.calls.filter((call) => call.url.includes('/token'))).to.have.length(0);
      } finally {
        fetches.restore();
      }
    });

    it('uses a tokenProvider over token-url', async () => {
      let grants = 0;
      const provider: TokenProvider = async () => {
        grants += 1;
        return (await fetchGrant()) as TokenGrant;
      };
      const fetches = recordFetches();
      try {
        const el = await mount(html`<codat-connections token-url="/nowhere/token" .tokenProvider=${provider}></codat-connections>`);
        expect(parts(el, 'item').length).to.be.greaterThan(0);
        expect(grants).to.equal(1);
        expect(fetches.calls.filter((call) => call.url.includes('/nowhere'))).to.have.length(0);
      } finally {
        fetches.restore();
      }
    });
  });

  describe('reloading when the source changes', () => {
    it('reloads with the new token endpoint when tokenUrl changes', async () => {
      const el = await mount();
      const target = byStatus(el, 'Linked');
      await unlinkElsewhere(target.id);
      const fetches = recordFetches();
      try {
        const ready = oneEvent(el, 'codat-ready');
        el.tokenUrl = `${tokenUrl}?second`;
        await ready;
        await el.updateComplete;
        const tokens = fetches.calls.filter((call) => call.url.includes('/token'));
        expect(tokens.map((call) => `${call.method} ${new URL(call.url).pathname}${new URL(call.url).search}`)).to.deep.equal(['POST /api/codat/token?second']);
        expect(listRequests(fetches.calls)).to.have.length(1);
        expect(statusOf(el, target.id)).to.equal('Unlinked');
      } finally {
        fetches.restore();
      }
    });

    it('reloads with the new function when tokenProvider changes', async () => {
      const calls: string[] = [];
      const provider = (name: string): TokenProvider => async () => {
        calls.push(name);
        return (await fetchGrant()) as TokenGrant;
      };
      const el = await mount(html`<codat-connections .tokenProvider=${provider('first')}></codat-connections>`);
      const target = byStatus(el, 'Linked');
      await unlinkElsewhere(target.id);
      const fetches = recordFetches();
      try {
        const ready = oneEvent(el, 'codat-ready');
        el.tokenProvider = provider('second');
        await ready;
        await el.updateComplete;
        expect(calls).to.deep.equal(['first', 'second']);
        expect(listRequests(fetches.calls)).to.have.length(1);
        expect(statusOf(el, target.id)).to.equal('Unlinked');
      } finally {
        fetches.restore();
      }
    });

    it('reloads against the new base when baseUrl changes', async () => {
      // Without a base anywhere the client cannot send the list request: an error first.
      const error = oneEvent(document, 'codat-error');
      const el = await fixture<CodatConnections>(html`<codat-connections .tokenProvider=${grantWithoutBaseUrl}></codat-connections>`);
      expect((await error).detail.operation).to.equal('list');
      await el.updateComplete;
      expect(part(el, 'error')).to.exist;
      const base = `${location.origin}/api/codat`;
      const fetches = recordFetches();
      try {
        const ready = oneEvent(el, 'codat-ready');
        el.baseUrl = base;
        await ready;
        await el.updateComplete;
        const lists = listRequests(fetches.calls);
        expect(lists).to.have.length(1);
        expect(lists[0]!.href.startsWith(`${base}/`)).to.equal(true);
        expect(part(el, 'error')).not.to.exist;
        expect(parts(el, 'item').length).to.be.greaterThan(0);
      } finally {
        fetches.restore();
      }
    });
  });

  describe('platform-keys and source-types', () => {
    it('asks for the platform-keys only and lists nothing else', async () => {
      const fetches = recordFetches();
      try {
        const el = await mount(html`<codat-connections token-url=${tokenUrl} platform-keys="gbol qhyg"></codat-connections>`);
        expect(listRequests(fetches.calls)[0]!.searchParams.get('query')).to.equal('{integrationKey=gbol||integrationKey=qhyg}');
        const keys = el.connections.map((row) => row.integrationKey);
        expect([...new Set(keys)].sort()).to.deep.equal(['gbol', 'qhyg']);
        expect(parts(el, 'item')).to.have.length(keys.length);
      } finally {
        fetches.restore();
      }
    });

    it('shows only the platform-keys even when the client returns others', async () => {
      const client = stubClient([
        connection(1, { integrationKey: 'gbol', platformName: 'Xero' }),
        connection(2, { integrationKey: 'akxx', platformName: 'NetSuite' }),
        connection(3, { integrationKey: undefined, platformName: 'No key' }),
      ]);
      const el = await mount(html`<codat-connections platform-keys="gbol" .client=${client}></codat-connections>`);
      expect(parts(el, 'name').map((name) => name.textContent)).to.deep.equal(['Xero']);
    });

    it('offers only the platform-keys in the picker', async () => {
      const el = await mount(html`<codat-connections token-url=${tokenUrl} platform-keys="gbol qhyg"></codat-connections>`);
      const items = await openPicker(el);
      expect(items.map((item) => item.dataset['key']).sort()).to.deep.equal(['gbol', 'qhyg']);
    });

    it('offers only the enabled platforms of the source-types in the picker', async () => {
      const response = await callApi('/integrations?page=1&pageSize=5000');
      const catalogue: Integration[] = (await response.json()).results;
      const banking = catalogue.filter((entry) => entry.sourceType === 'Banking' && entry.enabled).map((entry) => entry.key);
      expect(banking.length).to.be.greaterThan(1);
      const el = await mount(html`<codat-connections token-url=${tokenUrl} source-types="Banking"></codat-connections>`);
      const items = await openPicker(el);
      expect(items.map((item) => item.dataset['key']).sort()).to.deep.equal(banking.sort());
      expect(items.every((item) => item.textContent!.includes('Banking'))).to.equal(true);
    });
  });

  describe('actions', () => {
    it('offers link, reconnect and unlink by default, and no Delete', async () => {
      const el = await mount();
      expect(part(el, 'link-button')).to.exist;
      expect(parts(el, 'reconnect-button').length).to.be.greaterThan(0);
      expect(parts(el, 'unlink-button').length).to.be.greaterThan(0);
      expect(parts(el, 'delete-button')).to.have.length(0);
    });

    it('has no link button when actions leave out link', async () => {
      const el = await mount(html`<codat-connections token-url=${tokenUrl} actions="reconnect unlink delete"></codat-connections>`);
      expect(shadow(el).querySelector('[part~="link-button"]')).not.to.exist;
      expect(parts(el, 'delete-button').length).to.be.greaterThan(0);
    });

    it('offers Reconnect, not Unlink, on a Deauthorized connection, with the status-deauthorized part', async () => {
      const el = await mount();
      const deauthorized = el.connections.filter((row) => row.status === 'Deauthorized');
      expect(deauthorized.length).to.be.greaterThan(0);
      for (const row of deauthorized) {
        const status = rowOf(el, row.id)!.querySelector('[part~="status"]')!;
        expect(status.getAttribute('part')).to.equal('status status-deauthorized');
        expect(status.textContent).to.equal('Deauthorized');
        expect(inRow(el, row.id, 'reconnect-button')!.getAttribute('aria-label')).to.equal(`Reconnect ${row.platformName}`);
        expect(inRow(el, row.id, 'unlink-button')).not.to.exist;
      }
    });

    it('keeps other rows usable while one row\'s unlink is pending', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = connection(1);
      const second = connection(2);
      const client = stubClient([first, second], { holdUnlink: (id) => (id === first.id ? held : undefined) });
      const el = await mount(html`<codat-connections no-confirm actions="reconnect unlink delete" .client=${client}></codat-connections>`);
      inRow(el, first.id, 'unlink-button')!.click();
      await el.updateComplete;
      expect(rowOf(el, first.id)!.getAttribute('aria-busy')).to.equal('true');
      expect(inRow(el, first.id, 'pending')!.textContent).to.equal('Unlinking…');
      expect(inRow(el, first.id, 'unlink-button')).not.to.exist;
      expect(inRow(el, first.id, 'delete-button')).not.to.exist;

      expect(rowOf(el, second.id)!.getAttribute('aria-busy')).to.equal('false');
      const unlinked = oneEvent(el, 'codat-unlinked');
      inRow(el, second.id, 'unlink-button')!.click();
      expect((await unlinked).detail.connection.id).to.equal(second.id);
      await el.updateComplete;
      expect(statusOf(el, second.id)).to.equal('Unlinked');
      expect(statusOf(el, first.id)).to.equal('Linked');
      expect(rowOf(el, first.id)!.getAttribute('aria-busy')).to.equal('true');

      const firstUnlinked = oneEvent(el, 'codat-unlinked');
      release();
      expect((await firstUnlinked).detail.connection.id).to.equal(first.id);
      await el.updateComplete;
      expect(statusOf(el, first.id)).to.equal('Unlinked');
      expect(rowOf(el, first.id)!.getAttribute('aria-busy')).to.equal('false');
    });
  });

  describe('dialog and focus', () => {
    it('cancels with the dialog\'s Cancel button: nothing sent, row unchanged, focus back on Unlink', async () => {
      const el = await mount();
      const target = byStatus(el, 'Linked');
      const fetches = recordFetches();
      try {
        const button = inRow(el, target.id, 'unlink-button')!;
        button.click();
        const dialog = await openDialog(el);
        const closed = oneEvent(dialog, 'close');
        dialog.querySelector<HTMLElement>('[part~="dialog-cancel"]')!.click();
        await closed;
        await el.updateComplete;
        expect(dialog.open).to.equal(false);
        expect(statusOf(el, target.id)).to.equal('Linked');
        expectSame(inRow(el, target.id, 'unlink-button'), button, 'the Unlink button');
        expectSame(shadow(el).activeElement, button, 'focus');
        expect(fetches.calls.filter((call) => call.method === 'PATCH')).to.have.length(0);
      } finally {
        fetches.restore();
      }
    });

    it('moves focus to the row\'s Reconnect button after an unlink', async () => {
      const el = await mount();
      const target = byStatus(el, 'Linked');
      inRow(el, target.id, 'unlink-button')!.click();
      const dialog = await openDialog(el);
      const unlinked = oneEvent(el, 'codat-unlinked');
      dialog.querySelector<HTMLElement>('[part~="dialog-confirm"]')!.click();
      await unlinked;
      await el.updateComplete;
      await nextFrame();
      expectSame(shadow(el).activeElement, inRow(el, target.id, 'reconnect-button'), 'focus');
    });

    // Without Reconnect (not in `actions`), focus goes to the next button left, else to the row.
    const unlinkFocus: Array<[string, string, (el: CodatConnections, id: string) => Element | null]> = [
      ['the row\'s Delete button when Reconnect is not offered', 'unlink delete', (el, id) => inRow(el, id, 'delete-button')],
      ['the row when no button is left in it', 'unlink', rowOf],
    ];
    for (const [where, actions, target] of unlinkFocus) {
      it(`after an unlink, moves focus to ${where}`, async () => {
        const el = await mount(html`<codat-connections token-url=${tokenUrl} actions=${actions} no-confirm></codat-connections>`);
        const { id } = byStatus(el, 'Linked');
        const unlinked = oneEvent(el, 'codat-unlinked');
        inRow(el, id, 'unlink-button')!.click();
        await unlinked;
        await el.updateComplete;
        await nextFrame();
        expectSame(shadow(el).activeElement, target(el, id), 'focus');
      });
    }
  });

  describe('keyboard', () => {
    it('unlinks with Enter on Unlink, then Tab and Space on the dialog\'s confirm button', async () => {
      const el = await mount();
      const target = byStatus(el, 'Linked');
      inRow(el, target.id, 'unlink-button')!.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = await openDialog(el);
      expectSame(shadow(el).activeElement, dialog.querySelector('[part~="dialog-cancel"]'), 'focus');
      await sendKeys({ press: 'Tab' });
      expectSame(shadow(el).activeElement, dialog.querySelector('[part~="dialog-confirm"]'), 'focus');
      const unlinked = oneEvent(el, 'codat-unlinked');
      await sendKeys({ press: 'Space' });
      expect((await unlinked).detail.connection.id).to.equal(target.id);
      await el.updateComplete;
      expect(statusOf(el, target.id)).to.equal('Unlinked');
    });

    it('reconnects with Space on Reconnect', async () => {
      const el = await mount();
      const target = byStatus(el, 'Unlinked');
      const popups = blockPopups();
      try {
        inRow(el, target.id, 'reconnect-button')!.focus();
        const started = oneEvent(el, 'codat-link-started');
        await sendKeys({ press: 'Space' });
        expect((await started).detail.connection.id).to.equal(target.id);
        expect(popups.opened).to.have.length(1);
        await waitFor(() => inRow(el, target.id, 'continue-link'), 'the continue link');
      } finally {
        popups.restore();
      }
    });

    it('deletes with Enter on Delete', async () => {
      const el = await mount(html`<codat-connections token-url=${tokenUrl} actions="delete" no-confirm></codat-connections>`);
      const target = el.connections[0]!;
      inRow(el, target.id, 'delete-button')!.focus();
      const deleted = oneEvent(el, 'codat-deleted');
      await sendKeys({ press: 'Enter' });
      expect((await deleted).detail.connectionId).to.equal(target.id);
      await el.updateComplete;
      expect(rowOf(el, target.id)).not.to.exist;
    });
  });

  describe('data connection errors', () => {
    it('lists a row\'s active errors with their message and time, and never resolved ones', async () => {
      const el = await mount();
      // The seed: ugxp and cnpl have one active error each; rvtn and hcuq only resolved ones.
      for (const [key, message, erroredOn] of [
        ['ugxp', 'The bank did not respond; Codat will retry the next sync.', '2024-06-02T22:40:10Z'],
        ['cnpl', 'Access to the store was revoked; link the connection again.', '2024-04-19T05:00:00Z'],
      ] as const) {
        const errors = inRow(el, byKey(el, key).id, 'errors')!;
        expect(errors, key).to.exist;
        expect(errors.querySelector('summary')!.textContent!.trim()).to.equal('1 error');
        const items = [...errors.querySelectorAll('li')];
        expect(items).to.have.length(1);
        expect(items[0]!.textContent).to.contain(message);
        const time = items[0]!.querySelector('time')!;
        expect(time.getAttribute('datetime')).to.equal(erroredOn);
        expect(time.textContent!.trim()).not.to.equal('');
      }
      for (const key of ['rvtn', 'hcuq', 'gbol']) {
        expect(inRow(el, byKey(el, key).id, 'errors'), key).not.to.exist;
      }
    });

    it('counts an error without status and resolvedOnUtc as active, and no other', async () => {
      const erroredOnUtc = new Date(Date.now() - 2 * 3_600_000).toISOString();
      const resolvedOnUtc = new Date(Date.now() - 3_600_000).toISOString();
      const client = stubClient([
        connection(1, {
          dataConnectionErrors: [
            { errorMessage: 'Unknown state, unresolved', erroredOnUtc },
            { errorMessage: 'Unknown state, resolved', erroredOnUtc, resolvedOnUtc },
            { errorMessage: 'Marked resolved', status: 'Resolved', erroredOnUtc, resolvedOnUtc },
            { errorMessage: 'Marked active', status: 'Active', erroredOnUtc },
          ],
        }),
        connection(2, { dataConnectionErrors: [{ errorMessage: 'Only resolved', status: 'Resolved', resolvedOnUtc }] }),
        connection(3, { dataConnectionErrors: null }),
      ]);
      const el = await mount(html`<codat-connections .client=${client}></codat-connections>`);
      const errors = inRow(el, connection(1).id, 'errors')!;
      expect(errors.querySelector('summary')!.textContent!.trim()).to.equal('2 errors');
      const messages = [...errors.querySelectorAll('li')].map((item) => item.textContent!.replace(/\s+/g, ' ').trim());
      expect(messages).to.have.length(2);
      expect(messages[0]).to.match(/^Unknown state, unresolved 2 hours ago$/);
      expect(messages[1]).to.match(/^Marked active 2 hours ago$/);
      expect(inRow(el, connection(2).id, 'errors')).not.to.exist;
      expect(inRow(el, connection(3).id, 'errors')).not.to.exist;
    });
  });

  describe('slots', () => {
    it('shows the header slot\'s content as the title', async () => {
      const client = stubClient([connection(1)]);
      const el = await mount(html`<codat-connections .client=${client}><span slot="header">Bank feeds</span></codat-connections>`);
      const heading = el.querySelector('span')!;
      expectSame(heading.assignedSlot?.closest('[part~="title"]'), part(el, 'title'), 'the title around the slot');
      expect(heading.getClientRects().length).to.be.greaterThan(0);
      expect(part(el, 'title')!.getBoundingClientRect().width).to.be.at.least(heading.getBoundingClientRect().width);
    });

    it('shows the empty slot\'s content when there are no connections, and not otherwise', async () => {
      const none = stubClient([]);
      const empty = await mount(html`<codat-connections .client=${none}><p slot="empty">No bank feeds yet</p></codat-connections>`);
      const message = empty.querySelector('p')!;
      expectSame(message.assignedSlot?.closest('[part~="empty"]'), part(empty, 'empty'), 'the empty state around the slot');
      expect(message.getClientRects().length).to.be.greaterThan(0);

      const some = stubClient([connection(1)]);
      const listed = await mount(html`<codat-connections .client=${some}><p slot="empty">No bank feeds yet</p></codat-connections>`);
      expect(listed.querySelector('p')!.assignedSlot).not.to.exist;
      expect(listed.querySelector('p')!.getClientRects().length).to.equal(0);
    });
  });

  describe('i18n', () => {
    let documentLang: string;
    beforeEach(() => {
      documentLang = document.documentElement.lang;
    });
    afterEach(() => {
      document.documentElement.lang = documentLang;
    });

    it('takes the nearest ancestor\'s lang over the document\'s', async () => {
      document.documentElement.lang = 'fr';
      const client = stubClient([connection(1)]);
      const wrapper = await fixture<HTMLElement>(
        html`<div lang="nl"><div lang="de"><codat-connections .client=${client}></codat-connections></div></div>`,
      );
      const el = wrapper.querySelector<CodatConnections>('codat-connections')!;
      await waitFor(() => part(el, 'title')?.textContent?.trim() === 'Verbindungen', 'German text');
      expect(part(el, 'base')!.getAttribute('lang')).to.equal('de');
    });

    it('falls back to the document\'s lang', async () => {
      document.documentElement.lang = 'nl';
      const client = stubClient([connection(1)]);
      const el = await fixture<CodatConnections>(html`<codat-connections .client=${client}></codat-connections>`);
      await waitFor(() => part(el, 'title')?.textContent?.trim() === 'Koppelingen', 'Dutch text');
      expect(part(el, 'base')!.getAttribute('lang')).to.equal('nl');
    });

    it('takes the locale attribute over any lang', async () => {
      document.documentElement.lang = 'nl';
      const client = stubClient([connection(1)]);
      const wrapper = await fixture<HTMLElement>(html`<div lang="de"><codat-connections locale="es" .client=${client}></codat-connections></div>`);
      const el = wrapper.querySelector<CodatConnections>('codat-connections')!;
      await waitFor(() => part(el, 'title')?.textContent?.trim() === 'Conexiones', 'Spanish text');
    });
  });

  describe('layout', () => {
    for (const locale of ['en', 'de']) {
      it(`fits 320 px without horizontal scrolling (${locale})`, async () => {
        const ready = oneEvent(document, 'codat-ready');
        const wrapper = await fixture<HTMLElement>(
          html`<div style="width: 320px"><codat-connections token-url=${tokenUrl} locale=${locale} actions="link reconnect unlink delete"></codat-connections></div>`,
        );
        await ready;
        const el = wrapper.querySelector<CodatConnections>('codat-connections')!;
        await waitFor(() => part(el, 'base')!.getAttribute('lang') === locale, `the ${locale} catalogue`);
        await el.updateComplete;
        shadow(el).querySelectorAll('details').forEach((details) => (details.open = true));
        await nextFrame();
        const overflowing = [el, part(el, 'base')!, part(el, 'header')!, part(el, 'list')!, ...parts(el, 'item'), ...parts(el, 'actions')]
          .filter((node) => node.scrollWidth > node.clientWidth)
          .map((node) => `${node.getAttribute('part') ?? node.localName} (${node.scrollWidth} > ${node.clientWidth})`);
        expect(overflowing).to.deep.equal([]);
        expect(el.getBoundingClientRect().width).to.be.at.most(320);
      });
    }
  });
});
