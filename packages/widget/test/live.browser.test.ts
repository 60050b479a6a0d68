// Live: an open element follows changes made elsewhere, over the real stack: the emulator tells
// the handler's webhook receiver, whose bus feeds the event stream the element reads. Then across
// two handler instances sharing Redis: the receiver is instance A's, the element reads instance
// B's stream (test/helpers/stack.mjs).
import { expect } from '@open-wc/testing';
import { callApi, changeAnswers, clearAnswerFaults } from '../../../test/helpers/browser.js';
import {
  authorizeOnLinkPage,
  mountOnStack,
  otherCompany,
  prepareStack,
  stubs,
  unlinkElsewhere,
  waitFor,
  type Harness,
  type StackOptions,
} from '../../../test/helpers/harness.js';

/** Mounts with `live` on, and resolves once its event stream is open (a change made before would go unheard). */
async function mountLive(options: StackOptions = {}): Promise<Harness> {
  const original = window.fetch;
  let open = false;
  window.fetch = async (...args: Parameters<typeof fetch>) => {
    const response = await original(...args);
    if (response.headers.get('Content-Type')?.startsWith('text/event-stream')) open = true;
    return response;
  };
  try {
    const h = await mountOnStack({ ...options, attributes: { live: 'on', ...options.attributes } });
    await waitFor(() => open, 'the event stream open');
    return h;
  } finally {
    window.fetch = original;
  }
}

/**
 * Creates a connection through the API behind the element, of a platform the company has none of (a
 * pending one would be given back instead of a new one), and waits for its row to show it pending.
 */
async function createElsewhere(h: Harness): Promise<{ id: string; linkUrl: string }> {
  const before = h.rows().length;
  const integrations: { results: Array<{ key: string; enabled: boolean }> } = await (await callApi('/integrations')).json();
  const shown = new Set(h.connections().map((connection) => connection.platformKey));
  const platformKey = integrations.results.find((integration) => integration.enabled && !shown.has(integration.key))!.key;
  const created = await (await callApi('connections', { method: 'POST', body: JSON.stringify({ platformKey }) })).json();
  await h.waitForRows(before + 1);
  expect(h.statusText(created.id)).to.equal('Pending authorization');
  return created;
}

/** Revokes a connection at the platform, as Xero would (the demo's control over the emulator's admin route). */
async function revokeAtPlatform(connectionId: string, status: 'Deauthorized' | 'Linked' = 'Deauthorized'): Promise<void> {
  const response = await fetch('/demo/revoke', {
    method: 'POST',
    credentials: 'include',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ connectionId, status }),
  });
  if (response.status !== 204) throw new Error(`/demo/revoke answered ${response.status}`);
}

/** Revokes Xero at the platform, and sees the element tell of it (codat-changed) and show it Deauthorized. */
async function revokeXeroAndSeeIt(h: Harness): Promise<void> {
  const xero = h.connectionOf('gbol');
  const changed = h.next('codat-changed');
  await revokeAtPlatform(xero.id);
  expect((await changed).detail.connection.state).to.equal('expired');
  await h.settle();
  expect(h.statusText(xero.id)).to.equal('Deauthorized');
}

/** Instance B's token route: its grants send the element to B's own API, under the same prefix. */
const instanceBTokenUrl = '/instance-b/api/codat/token';

/**
 * Resets the stack, signs in (the sign-in cookie serves both instances), and mounts with `live` on
 * against instance B. Fails with why when B is not there (redis-server not installed).
 */
async function mountLiveOnInstanceB(): Promise<Harness> {
  await prepareStack();
  const grant = await fetch(instanceBTokenUrl, {
    method: 'POST',
    credentials: 'include',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'codat-connections' },
    body: '{}',
  });
  if (!grant.ok) throw new Error(`${instanceBTokenUrl} answered ${grant.status}: ${await grant.text()}`);
  expect((await grant.json()).baseUrl).to.equal(`${location.origin}/instance-b/api/codat`);
  return mountLive({ prepare: false, attributes: { 'token-url': instanceBTokenUrl } });
}

/** Revokes a connection of another company than the signed-in user's, at the emulator with its key (as Xero would). */
async function revokeOfOtherCompany(): Promise<string> {
  const { connectionIds } = await otherCompany();
  const connectionId = connectionIds[0]!;
  const response = await fetch(`/emulator/_emulator/companies/c0a10000-c0da-4e55-8000-000000000004/connections/${connectionId}/status`, {
    method: 'POST',
    headers: { Authorization: `Basic ${btoa('emulator-api-key')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ status: 'Deauthorized' }),
  });
  if (!response.ok) throw new Error(`the emulator's revoke answered ${response.status}`);
  return connectionId;
}

/** The emulator's webhook deliveries so far that a receiver took (2xx). */
async function deliveriesTaken(): Promise<number> {
  const response = await fetch('/emulator/_emulator/webhooks/attempts', { headers: { Authorization: `Basic ${btoa('emulator-api-key')}` } });
  const { results } = (await response.json()) as { results: Array<{ status: number | string }> };
  return results.filter(({ status }) => typeof status === 'number' && status >= 200 && status < 300).length;
}

/** Faults in the emulator's webhook deliveries, for the events to come (the reset before each test clears them). */
async function setWebhookFaults(faults: { outOfOrder?: number }): Promise<void> {
  const response = await fetch('/emulator/_emulator/webhooks/faults', {
    method: 'POST',
    headers: { Authorization: `Basic ${btoa('emulator-api-key')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`the emulator's webhook faults answered ${response.status}`);
}

const readsOf = (calls: Array<{ method: string; url: string }>, path: RegExp) =>
  calls.filter((call) => call.method === 'GET' && path.test(new URL(call.url).pathname));

describe('<codat-connections>', () => {
  describe('live', () => {
    afterEach(() => clearAnswerFaults());

    it('shows a connection unlinked elsewhere, announces it, and dispatches codat-unlinked and codat-changed', async () => {
      const h = await mountLive();
      const linked = h.connectionWith('Linked');
      const unlinked = h.next('codat-unlinked');
      const changed = h.next('codat-changed');
      await unlinkElsewhere(linked.id);
      expect((await unlinked).detail.connection.id).to.equal(linked.id);
      const { detail } = await changed;
      expect(detail).to.include({ origin: 'remote', removed: false });
      expect(detail.connection.state).to.equal('disconnected');
      await h.settle();
      expect(h.statusText(linked.id)).to.equal('Unlinked');
      expect(h.announcement()).to.contain('is now unlinked');
    });

    it('shows a connection revoked at the platform as Deauthorized', async () => {
      const h = await mountLive();
      await revokeXeroAndSeeIt(h);
      expect(h.announcement()).to.equal('Xero needs to be reconnected');
    });

    it('shows a connection authorized again at the platform as Linked, with codat-linked', async () => {
      const h = await mountLive();
      await revokeXeroAndSeeIt(h);
      const xero = h.connectionOf('gbol');
      const linked = h.next('codat-linked');
      await revokeAtPlatform(xero.id, 'Linked');
      expect((await linked).detail.connection.id).to.equal(xero.id);
      await h.settle();
      expect(h.statusText(xero.id)).to.equal('Linked');
      expect(h.announcement()).to.equal('Xero is now linked');
    });

    it('reads a connection again when its authorization is denied on another page, and shows it still pending', async () => {
      const h = await mountLive();
      const created = await createElsewhere(h);
      const fetches = stubs.fetches();
      await authorizeOnLinkPage(created.linkUrl, 'deny');
      await waitFor(() => readsOf(fetches.calls, new RegExp(`/connections/${created.id}$`)).length > 0, 'the connection read again on connection.failed');
      await h.settle();
      expect(h.statusText(created.id)).to.equal('Pending authorization');
    });

    it('removes a connection deleted elsewhere and dispatches codat-deleted', async () => {
      const h = await mountLive();
      const target = h.connectionWith('Linked');
      const deleted = h.next('codat-deleted');
      const changed = h.next('codat-changed');
      const response = await callApi(`connections/${target.id}`, { method: 'DELETE' });
      expect(response.status).to.be.oneOf([200, 204]);
      expect((await deleted).detail.connectionId).to.equal(target.id);
      expect((await changed).detail).to.include({ removed: true });
      await h.settle();
      expect(h.row(target.id)).to.equal(null);
    });

    it('keeps focus where it is when another row changes, and moves it to the next row when its own row goes', async () => {
      const h = await mountLive();
      const [first, second, third] = h.rowIds();
      const button = h.row(second!)!.querySelector<HTMLElement>('[part~="actions"] button')!;
      button.focus();
      const deleted = h.record('codat-deleted');
      await callApi(`connections/${first}`, { method: 'DELETE' });
      await waitFor(() => deleted.length === 1, 'the first row deleted');
      await h.settle();
      expect(h.focused(), 'focus stays on the button').to.equal(button);
      await callApi(`connections/${second}`, { method: 'DELETE' });
      await waitFor(() => deleted.length === 2, 'the focused row deleted');
      await h.settle();
      expect(h.focused(), 'focus goes to the next row').to.equal(h.row(third!));
    });

    it('adds a connection created elsewhere, then shows it linked when authorized on another page', async () => {
      const h = await mountLive();
      const created = await createElsewhere(h);
      const linked = h.next('codat-linked');
      await authorizeOnLinkPage(created.linkUrl);
      expect((await linked).detail.connection.id).to.equal(created.id);
      await h.settle();
      expect(h.statusText(created.id)).to.equal('Linked');
      expect(h.announcement()).to.match(/ is now linked$/);
      // Its first read runs (the emulator's take 3 s), then read.completed.initial says it landed.
      await waitFor(() => h.inRow(created.id, 'freshness')?.textContent?.trim() === 'Reading your data…', 'the first read under way');
      await waitFor(() => /^Data updated/.test(h.inRow(created.id, 'freshness')?.textContent?.trim() ?? ''), 'the first read landed');
    }).timeout(20_000);

    it('updates datasets when reads asked for elsewhere finish, with codat-refreshed', async () => {
      const h = await mountLive();
      const plaid = h.connectionOf('ugxp');
      await waitFor(() => h.inRow(plaid.id, 'freshness'), 'the freshness of Plaid');
      const refreshed = h.record('codat-refreshed');
      const since = Date.now();
      expect((await callApi('data/all', { method: 'POST' })).status).to.equal(204);
      // Its reads take 3 s; the notice that they finished brings them.
      const read = (event: CustomEvent) =>
        event.detail.connection.datasets.some((dataset: { lastAttempt?: string }) => Date.parse(dataset.lastAttempt ?? '') >= since - 1000);
      await waitFor(() => refreshed.find((event) => event.detail.connection.id === plaid.id && read(event)), 'codat-refreshed with the new reads');
      await h.settle();
      expect(h.inRow(plaid.id, 'freshness')!.textContent!.trim()).to.match(/^Data updated/);
    }).timeout(20_000);

    it('ends Refresh data on the webhook, without polling', async () => {
      const h = await mountLive({ attributes: { actions: 'link reconnect unlink refresh-data' } });
      const plaid = h.connectionOf('ugxp');
      await waitFor(() => h.inRow(plaid.id, 'refresh-data-button'), 'Refresh data');
      const fetches = stubs.fetches();
      h.inRow(plaid.id, 'refresh-data-button')!.click();
      await waitFor(() => h.pending(plaid.id) === 'Refreshing data…', 'the row refreshing');
      await waitFor(() => !h.busy(plaid.id), 'the refresh ended');
      // The row's own reads: once when asked (the reads under way), once when the webhook said they finished. The
      // emulator's reads take 3 s, which polling from 500 ms with backoff would have read five times. (The other
      // rows' datasets are read once after the notice, for them.)
      const ofPlaid = readsOf(fetches.calls, /\/data\/history$/).filter((call) => new URL(call.url).searchParams.get('query')?.includes(plaid.id));
      expect(ofPlaid).to.have.length(2);
    }).timeout(20_000);

    it('leaves a busy row to its action, and shows what changed once it has ended', async () => {
      const h = await mountLive({ attributes: { actions: 'link reconnect unlink refresh-data' } });
      const plaid = h.connectionOf('ugxp');
      await waitFor(() => h.inRow(plaid.id, 'refresh-data-button'), 'Refresh data');
      const changed = h.record('codat-changed');
      h.inRow(plaid.id, 'refresh-data-button')!.click();
      // Once the reads are under way: revoked before, there would be nothing to read.
      await waitFor(() => h.inRow(plaid.id, 'freshness')?.textContent?.trim() === 'Updating data…', 'the reads under way');
      await revokeAtPlatform(plaid.id);
      // The notice arrives while the row refreshes: it stays as the user's action left it.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(h.busy(plaid.id)).to.equal(true);
      expect(h.statusText(plaid.id)).to.equal('Linked');
      await waitFor(() => !h.busy(plaid.id), 'the refresh ended');
      const ofPlaid = await waitFor(() => changed.find((event) => event.detail.connection.id === plaid.id), 'codat-changed for Plaid');
      expect(ofPlaid.detail.connection.state).to.equal('expired');
      await h.settle();
      expect(h.statusText(plaid.id)).to.equal('Deauthorized');
    }).timeout(20_000);

    it("tells of the user's own change once when its notice comes back", async () => {
      const h = await mountLive({ attributes: { 'no-confirm': true } });
      const linked = h.connectionWith('Linked');
      const unlinked = h.record('codat-unlinked');
      const changed = h.record('codat-changed');
      const fetches = stubs.fetches();
      h.button(linked.id, 'unlink')!.click();
      // The notice of the unlink is read (once the row's action has ended): it shows nothing new.
      await waitFor(() => readsOf(fetches.calls, new RegExp(`/connections/${linked.id}$`)).length === 1, 'the notice read');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(h.statusText(linked.id)).to.equal('Unlinked');
      expect(unlinked).to.have.length(1);
      expect(changed).to.have.length(0);
    });

    it("reads nothing for the user's own delete when its notice comes back", async () => {
      const h = await mountLive({ attributes: { actions: 'link reconnect unlink delete', 'no-confirm': true } });
      const linked = h.connectionWith('Linked');
      const deliveries = await deliveriesTaken();
      const deleted = h.next('codat-deleted');
      const fetches = stubs.fetches();
      h.button(linked.id, 'delete')!.click();
      await deleted;
      // The deletion's webhook reaches the stream; a read of it would come a gathering (100 ms) later.
      await waitFor(async () => (await deliveriesTaken()) > deliveries, 'the deletion delivered to the receiver');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(readsOf(fetches.calls, new RegExp(`/connections/${linked.id}$`)), 'reads of the deleted connection').to.have.length(0);
      expect(h.rowIds()).not.to.include(linked.id);
    });

    it("reads nothing for a late notice about a connection the user deleted, once the deletion's notice came", async () => {
      const h = await mountLive({ attributes: { actions: 'link reconnect unlink delete', 'no-confirm': true } });
      const linked = h.connectionWith('Linked');
      // Codat's webhooks may come out of order: the unlink's notice is held back until the deletion's is delivered.
      await setWebhookFaults({ outOfOrder: 1 });
      await unlinkElsewhere(linked.id);
      const deliveries = await deliveriesTaken();
      const deleted = h.next('codat-deleted');
      const fetches = stubs.fetches();
      h.button(linked.id, 'delete')!.click();
      await deleted;
      await waitFor(async () => (await deliveriesTaken()) >= deliveries + 2, 'the deletion, then the unlink, delivered to the receiver');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(readsOf(fetches.calls, new RegExp(`/connections/${linked.id}$`)), 'reads of the deleted connection').to.have.length(0);
      expect(h.rowIds()).not.to.include(linked.id);
    });

    it('reads a burst of notices about one connection once', async () => {
      const h = await mountLive();
      const xero = h.connectionOf('gbol');
      const fetches = stubs.fetches();
      const changed = h.record('codat-changed');
      await revokeAtPlatform(xero.id);
      await revokeAtPlatform(xero.id, 'Linked');
      await revokeAtPlatform(xero.id);
      await waitFor(() => changed.length > 0 && h.statusText(xero.id) === 'Deauthorized', 'Xero deauthorized');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(readsOf(fetches.calls, new RegExp(`/connections/${xero.id}$`))).to.have.length(1);
      expect(changed).to.have.length(1);
    });

    it('with live="off", shows none of it', async () => {
      // A second element, live, hears the change: once it shows it, the first would have too.
      const off = await mountOnStack();
      const witness = await mountLive({ prepare: false });
      const xero = off.connectionOf('gbol');
      const changed = off.record('codat-changed');
      const fetches = stubs.fetches();
      await revokeAtPlatform(xero.id);
      await waitFor(() => witness.statusText(xero.id) === 'Deauthorized', 'the live element showing the change');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(off.statusText(xero.id)).to.equal('Linked');
      expect(changed).to.have.length(0);
      expect(readsOf(fetches.calls, /\/connections\//)).to.have.length(1);
    });

    it('closes the stream while the page is hidden, and reads the list once when it is shown again', async () => {
      const h = await mountLive();
      const linked = h.connectionWith('Linked');
      const fetches = stubs.fetches();
      const setVisibility = (state: DocumentVisibilityState) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
        document.dispatchEvent(new Event('visibilitychange'));
      };
      try {
        setVisibility('hidden');
        await unlinkElsewhere(linked.id);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(h.statusText(linked.id), 'nothing is heard while hidden').to.equal('Linked');
        const unlinked = h.next('codat-unlinked');
        setVisibility('visible');
        expect((await unlinked).detail.connection.id).to.equal(linked.id);
      } finally {
        delete (document as { visibilityState?: unknown }).visibilityState;
      }
      await h.settle();
      expect(h.statusText(linked.id)).to.equal('Unlinked');
      expect(readsOf(fetches.calls, /\/connections$/), 'the list, once').to.have.length(1);
      expect(readsOf(fetches.calls, /\/connections\/events$/), 'the stream, again').to.have.length(1);
    });

    it('without a stream, reads the list when the page is shown again', async () => {
      await changeAnswers({ method: 'GET', path: '/connections/events$', mode: 'status', answer: { status: 404 }, count: 5 });
      const fetches = stubs.fetches();
      const h = await mountOnStack({ attributes: { live: 'on' } });
      await waitFor(() => fetches.calls.some((call) => call.url.endsWith('/connections/events')), 'the event stream asked for');
      const linked = h.connectionWith('Linked');
      await unlinkElsewhere(linked.id);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(h.statusText(linked.id), 'nothing tells of it').to.equal('Linked');
      const unlinked = h.next('codat-unlinked');
      document.dispatchEvent(new Event('visibilitychange'));
      await unlinked;
      await h.settle();
      expect(h.statusText(linked.id)).to.equal('Unlinked');
    });
  });

  describe('live, across two instances sharing Redis', () => {
    it('shows a connection revoked at the platform, heard by the other instance', async () => {
      const fetches = stubs.fetches();
      const h = await mountLiveOnInstanceB();
      // The emulator's admin route, through the demo's control: its webhook reaches instance A's receiver only.
      await revokeXeroAndSeeIt(h);
      const api = fetches.calls.filter((call) => /\/api\/codat\//.test(new URL(call.url).pathname));
      expect(api.length, 'the element talked to an API').to.be.greaterThan(0);
      expect(
        api.filter((call) => !new URL(call.url).pathname.startsWith('/instance-b/')),
        'requests to instance A',
      ).to.deep.equal([]);
    });

    it("shows a connection unlinked through the other instance's API", async () => {
      const h = await mountLiveOnInstanceB();
      const linked = h.connectionWith('Linked');
      const unlinked = h.next('codat-unlinked');
      // callApi reads instance A's grant: the unlink goes through A.
      await unlinkElsewhere(linked.id);
      expect((await unlinked).detail.connection.id).to.equal(linked.id);
      await h.settle();
      expect(h.statusText(linked.id)).to.equal('Unlinked');
    });

    it("tells the page nothing of another company's change", async () => {
      const h = await mountLiveOnInstanceB();
      const changed = h.record('codat-changed');
      const fetches = stubs.fetches();
      const before = await deliveriesTaken();
      const theirs = await revokeOfOtherCompany();
      // Instance A has taken (and so published) it before the page's own change is made: B hears
      // both in that order, so the page's own change showing means the other's would have by then.
      await waitFor(async () => (await deliveriesTaken()) > before, "instance A taking the other company's webhook");
      const xero = h.connectionOf('gbol');
      await revokeAtPlatform(xero.id);
      await waitFor(() => h.statusText(xero.id) === 'Deauthorized', 'the own change shown');
      expect(changed.map((event) => event.detail.connection.id)).to.deep.equal([xero.id]);
      const toInstanceB = fetches.calls.filter((call) => new URL(call.url).pathname.startsWith('/instance-b/'));
      expect(
        toInstanceB.filter((call) => call.url.includes(theirs)),
        'reads of their connection',
      ).to.deep.equal([]);
    });
  });
});
