// The dataholder model over the real stack: the element with dataholderSource and the
// core's dataholder client, through createDataholderHandler (at /api/dataholder, scoped to the
// signed-in demo user) to the dataholder emulator (at /dataholder-emulator), whose seed has the
// demo user's connections in every status.
import { expect } from '@open-wc/testing';
import { mount, stubs, waitFor, type Harness } from '../../../test/helpers/harness.js';
import { resetEmulator, signIn } from '../../../test/helpers/browser.js';
import { createDataholderClient, dataholderSource, type DataholderConnection } from '../src/dataholder.js';

const everything = 'link reconnect unlink delete refresh';
const seeded = (n: number) => `d0a20000-c0da-4e55-8000-00000000000${n}`;
const ids = { active: seeded(1), failing: seeded(2), expired: seeded(3), disconnected: seeded(4), initiated: seeded(5), revoked: seeded(6) };
const otherUsers = [seeded(7), seeded(8)];

/** Both emulators back to their seeds, and the demo user signed in. */
async function prepare(): Promise<void> {
  const reset = await fetch('/dataholder-emulator/_emulator/reset', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  if (!reset.ok) throw new Error(`resetting the dataholder emulator answered ${reset.status}`);
  await resetEmulator();
  await signIn('alice');
}

async function mountDataholder(attributes: Record<string, string | boolean> = {}): Promise<Harness> {
  await prepare();
  const source = dataholderSource(createDataholderClient({ token: '/api/dataholder/token' }), { pollInterval: 200 });
  return mount({ attributes: { actions: everything, ...attributes }, properties: { source } });
}

/** The connection as the partner's backend has it now (the truth the element must show). */
async function truth(id: string): Promise<DataholderConnection> {
  return createDataholderClient({ token: '/api/dataholder/token' }).get(id);
}

/** Clicks a button of the emulator's consent page in the popup (same origin in tests). */
async function decideIn(popup: Window, decision: 'Approve' | 'Reject'): Promise<void> {
  const button = await waitFor(() => {
    try {
      if (!popup.location.pathname.startsWith('/dataholder-emulator/consent/')) return undefined;
      return [...popup.document.querySelectorAll<HTMLButtonElement>('button')].find((candidate) => candidate.textContent?.trim() === decision);
    } catch {
      return undefined;
    }
  }, `the consent page's ${decision} button in the popup`);
  button.click();
}

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();

describe('<codat-connections> over the dataholder model (real server and emulator)', () => {
  it("shows the signed-in user's connections only, each status as its state, an unknown one as its text", async () => {
    const h = await mountDataholder();
    expect(h.rowIds().sort()).to.deep.equal(Object.values(ids).sort());
    for (const other of otherUsers) expect(h.row(other)).to.equal(null);
    expect(h.statusPart(ids.active)).to.equal('linked');
    expect(h.statusPart(ids.failing)).to.equal('linked');
    expect(h.statusPart(ids.expired)).to.equal('expired');
    expect(h.statusPart(ids.disconnected)).to.equal('disconnected');
    expect(h.statusPart(ids.initiated)).to.equal('pending');
    expect(h.statusPart(ids.revoked)).to.equal('unknown');
    expect(h.statusText(ids.revoked)).to.equal('REVOKED_BY_DATAHOLDER');
    expect(text(h.inRow(ids.active, 'name'))).to.equal('Commonwealth Bank');
  });

  it('shows datasets (a failed one as a warning, a missing one left out), scopes and metrics in words, and consent dates', async () => {
    const h = await mountDataholder();
    expect(h.inRow(ids.failing, 'freshness')!.getAttribute('part')).to.equal('freshness freshness-warning');
    const failing = await truth(ids.failing);
    expect(failing.connectionState?.USER_INFO).to.equal(undefined);
    const details = h.inRow(ids.failing, 'datasets') as HTMLDetailsElement;
    details.open = true;
    const names = await waitFor(() => {
      const shown = [...details.querySelectorAll('.dataset-name')].map(text);
      return shown.length ? shown : undefined;
    }, 'the data types of the failing connection');
    expect(names).to.deep.equal(['Bank accounts', 'Balances', 'Transactions']);
    expect(text(h.inRow(ids.initiated, 'scopes'))).to.equal('Not active');
    expect(text(h.inRow(ids.active, 'metrics'))).to.equal('All data');
    expect(text(h.inRow(ids.active, 'scopes'))).to.contain('Transactions');
    expect(text(h.inRow(ids.disconnected, 'meta'))).to.match(/Connected .+ · Disconnected .+/);
    // An expired connection keeps what was last read, marked as no longer updating.
    expect(text(h.inRow(ids.expired, 'freshness'))).to.match(/^No longer updating: data last read /);
  });

  it('offers Link, Reconnect and Unlink, never Delete nor Refresh data', async () => {
    const h = await mountDataholder();
    expect(h.linkButton()).to.exist;
    expect(h.parts('delete-button')).to.have.length(0);
    expect(h.parts('refresh-data-button').filter((button) => !button.hidden)).to.have.length(0);
    expect(h.button(ids.active, 'unlink')).to.exist;
    expect(h.button(ids.expired, 'reconnect')).to.exist;
  });

  /**
   * Picks the dataholder `name` in the picker and approves its consent page in the popup: answers
   * the picker's item and the connection started, once its row is linked.
   */
  async function linkFromPicker(h: Harness, name: string): Promise<{ item: HTMLElement; connection: { id: string; state: string } }> {
    const popups = stubs.popups();
    const started = h.next('codat-link-started');
    const linked = h.next('codat-linked');
    const item = [...(await h.openPicker())].find((each) => text(each)?.startsWith(name))!;
    expect(item.hasAttribute('disabled'), `${name} can be picked`).to.equal(false);
    item.click();
    const connection = (await started).detail.connection as { id: string; state: string };
    await decideIn(popups.opened[0]!, 'Approve');
    expect(((await linked).detail.connection as { id: string }).id).to.equal(connection.id);
    await waitFor(() => h.statusPart(connection.id) === 'linked', 'the new row linked');
    return { item, connection };
  }

  it('links a new dataholder through the consent page in a popup: approved, the row is linked', async () => {
    const h = await mountDataholder();
    const { connection } = await linkFromPicker(h, 'Bendigo Bank');
    expect(connection.state).to.equal('pending');
    expect((await truth(connection.id)).status).to.equal('ACTIVE');
    expect(h.rowIds()).to.have.length(7);
  });

  it('adds a second connection to a bank the user has an active one with (Add another): approved, both are linked', async () => {
    const h = await mountDataholder();
    const { item, connection } = await linkFromPicker(h, 'Commonwealth Bank');
    expect(text(item)).to.contain('Add another');
    expect(connection.id).not.to.equal(ids.active);
    const made = await truth(connection.id);
    expect([made.dataholder, made.status]).to.deep.equal(['commonwealth-bank', 'ACTIVE']);
    expect((await truth(ids.active)).status).to.equal('ACTIVE');
    expect(h.rowIds()).to.have.length(7);
  });

  it('reconnects an expired connection; rejected, it stays expired and the link is cancelled', async () => {
    const h = await mountDataholder();
    const popups = stubs.popups();
    const cancelled = h.next('codat-link-cancelled');
    h.button(ids.expired, 'reconnect')!.click();
    await decideIn(popups.opened[0]!, 'Reject');
    await cancelled;
    await h.settle();
    expect(h.statusPart(ids.expired)).to.equal('expired');
    expect((await truth(ids.expired)).status).to.equal('EXPIRED');
    expect(h.busy(ids.expired)).to.equal(false);
  });

  it('reconnects a pending connection: approved, it is linked with its scopes', async () => {
    const h = await mountDataholder();
    const popups = stubs.popups();
    const linked = h.next('codat-linked');
    h.button(ids.initiated, 'reconnect')!.click();
    await decideIn(popups.opened[0]!, 'Approve');
    await linked;
    await waitFor(() => h.statusPart(ids.initiated) === 'linked', 'the pending row linked');
    expect(text(h.inRow(ids.initiated, 'scopes'))).not.to.equal('Not active');
    expect((await truth(ids.initiated)).status).to.equal('ACTIVE');
  });

  it('follows a change made elsewhere by reading the list while the page is visible (this model sends no notices)', async () => {
    await prepare();
    const source = dataholderSource(createDataholderClient({ token: '/api/dataholder/token' }), { watchInterval: 200 });
    const h = await mount({ attributes: { actions: everything, live: 'on' }, properties: { source } });
    const changed = h.next('codat-changed');
    const unlinked = h.next('codat-unlinked');
    await createDataholderClient({ token: '/api/dataholder/token' }).disconnect(ids.active);
    expect((await unlinked).detail.connection.id).to.equal(ids.active);
    expect((await changed).detail).to.include({ origin: 'remote', removed: false });
    await h.settle();
    expect(h.statusPart(ids.active)).to.equal('disconnected');
  });

  it('disconnects (Unlink), after confirmation: the row and the server both say disconnected', async () => {
    const h = await mountDataholder();
    const unlinked = h.next('codat-unlinked');
    h.button(ids.active, 'unlink')!.click();
    await h.waitForDialog();
    h.confirm();
    await unlinked;
    await waitFor(() => h.statusPart(ids.active) === 'disconnected', 'the row disconnected');
    expect((await truth(ids.active)).status).to.equal('DISCONNECTED');
    expect(text(h.inRow(ids.active, 'meta'))).to.match(/Disconnected/);
  });

  describe('link-mode="redirect"', () => {
    /**
     * Reconnects the expired connection by redirect from a page at a harmless address of this origin,
     * answers the consent page (in a window with no opener, as a page sent there by redirect has) and
     * resolves with the address the return page sent the user back to.
     */
    async function consentByRedirect(decision: 'Approve' | 'Reject'): Promise<URL> {
      const h = await mountDataholder({ 'link-mode': 'redirect' });
      const before = location.href;
      history.replaceState(null, '', '/emulator/link/icon.svg?keep=1');
      stubs.add(() => history.replaceState(null, '', before));
      const sent = stubs.navigation(h.el);
      h.button(ids.expired, 'reconnect')!.click();
      const consentPage = await waitFor(() => sent[0], 'the consent page');
      // A window of its own, as the element's popup is: a new tab would hide this page and pause its frames.
      const page = window.open(consentPage, '_blank', 'popup,width=600,height=720')!;
      stubs.add(() => page.close());
      await waitFor(() => page.document?.readyState === 'complete' && page.location.pathname.startsWith('/dataholder-emulator/consent/'), 'the consent page');
      page.opener = null;
      await decideIn(page, decision);
      await waitFor(() => {
        try {
          return page.location.pathname === '/emulator/link/icon.svg' && page.location.search.includes('outcome');
        } catch {
          return false;
        }
      }, 'the way back to the portal page');
      return new URL(page.location.href);
    }

    it("gives this page as the return address, and the return page sends the user back to it with the source's parameters", async () => {
      const back = await consentByRedirect('Approve');
      expect(Object.fromEntries(back.searchParams)).to.deep.equal({ keep: '1', connectionId: ids.expired, outcome: 'approved' });
    });

    it('on the way back, shows the connection linked and emits codat-linked, and removes its parameters from the address bar', async () => {
      const back = await consentByRedirect('Approve');
      stubs.address({ connectionId: back.searchParams.get('connectionId')!, outcome: back.searchParams.get('outcome')! });
      const source = dataholderSource(createDataholderClient({ token: '/api/dataholder/token' }));
      const h = await mount({ until: 'rendered', attributes: { 'link-mode': 'redirect' }, properties: { source } });
      const linked = await h.next('codat-linked');
      expect((linked.detail as { connection: { id: string } }).connection.id).to.equal(ids.expired);
      await waitFor(() => h.statusPart(ids.expired) === 'linked', 'the row linked');
      expect(location.search).to.equal('?keep=1');
    });

    it('on the way back from a consent not given, says linking failed and emits codat-error', async () => {
      const back = await consentByRedirect('Reject');
      expect(back.searchParams.get('outcome')).to.equal('rejected');
      stubs.address({ connectionId: back.searchParams.get('connectionId')!, outcome: 'rejected' });
      const source = dataholderSource(createDataholderClient({ token: '/api/dataholder/token' }));
      const h = await mount({ until: 'rendered', attributes: { 'link-mode': 'redirect' }, properties: { source } });
      const error = await h.next('codat-error');
      expect((error.detail as { error: Error; operation: string }).operation).to.equal('link');
      expect((error.detail as { error: Error }).error.message).to.equal('link failed: consent not given');
      await h.waitForAnnouncement('Linking failed. Please try again.');
    });
  });
});
