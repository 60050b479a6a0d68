// The element shows the truth after every uncertain outcome: answers lost between the
// partner's server and the browser after Codat applied the operation, changes made elsewhere,
// a session that ends during an action, a reload that fails, and links that must never make a
// second connection. Everything runs over the real server and emulator, but for an answer about another connection.
import { expect } from '@open-wc/testing';
import { ConnectionsError, type TokenProvider } from '@codat-connections/core';
import {
  authorizeIn,
  existsOnStack,
  mountOnStack,
  mountWithClient,
  stubs,
  tokenUrl,
  unlinkElsewhere,
  waitFor,
  type Harness,
} from '../../../test/helpers/harness.js';
import { callApi, clearAnswerFaults, loseAnswers, signOut, type AnswerFaultMode } from '../../../test/helpers/browser.js';
import { connection } from '../../../test/helpers/fixtures.js';
import { memoryClient } from '../../../test/helpers/memory-client.js';

const connectionPath = '/api/codat/companies/[^/]+/connections/[^/]+$';
const collectionPath = '/api/codat/companies/[^/]+/connections$';

/** The company's connections as the emulator has them now. */
async function truth(): Promise<Array<{ id: string; status: string; integrationKey: string }>> {
  const response = await callApi('connections?pageSize=100');
  return (await response.json()).results;
}

/** What the user sees on a row: its status badge and its message, if any. */
const seen = (h: Harness, id: string) => ({
  status: h.statusText(id),
  message: h.inRow(id, 'row-message')?.querySelector('.message-text')?.textContent ?? null,
});

describe('<codat-connections>', () => {
  afterEach(() => clearAnswerFaults());

  describe('when an unlink answer is lost after Codat applied it', () => {
    for (const mode of ['reset', 'empty', 'malformed', 'cut'] as AnswerFaultMode[]) {
      it(`shows the connection unlinked, as Codat has it (${mode})`, async () => {
        const h = await mountOnStack({ attributes: { 'no-confirm': true } });
        const target = h.connectionWith('Linked');
        const errors = h.record('codat-error');
        const unlinked = h.next('codat-unlinked');
        await loseAnswers({ method: 'PATCH', path: connectionPath, mode });
        h.button(target.id, 'unlink')!.click();
        await unlinked;
        await h.settle();
        expect((await truth()).find((row) => row.id === target.id)?.status).to.equal('Unlinked');
        expect(seen(h, target.id)).to.deep.equal({ status: 'Unlinked', message: null });
        expect(h.button(target.id, 'unlink')).to.equal(null);
        expect(h.button(target.id, 'reconnect')).to.not.equal(null);
        expect(errors).to.have.length(0);
      });
    }
  });

  describe('when a delete answer is lost after Codat applied it', () => {
    it('removes the row and reports the delete (reset)', async () => {
      const h = await mountOnStack({ attributes: { 'no-confirm': true, actions: 'unlink delete' } });
      const target = h.connectionWith('Unlinked');
      const deleted = h.next('codat-deleted');
      await loseAnswers({ method: 'DELETE', path: connectionPath, mode: 'reset' });
      h.button(target.id, 'delete')!.click();
      expect((await deleted).detail.connectionId).to.equal(target.id);
      await h.settle();
      expect(h.row(target.id)).to.equal(null);
      expect(await existsOnStack(target.id)).to.equal(false);
    });
  });

  describe('when a create answer is lost after Codat made the connection', () => {
    for (const mode of ['reset', 'cut'] as AnswerFaultMode[]) {
      it(`continues that connection in the popup, and makes no other (${mode})`, async () => {
        const h = await mountOnStack();
        const popups = stubs.popups();
        const before = (await truth()).filter((row) => row.integrationKey === 'akxx');
        expect(before).to.have.length(0);
        const errors = h.record('codat-error');
        const started = h.next('codat-link-started');
        await loseAnswers({ method: 'POST', path: collectionPath, mode });
        h.el.link('akxx');
        const connection = (await started).detail.connection;
        const made = (await truth()).filter((row) => row.integrationKey === 'akxx');
        expect(made.map((row) => [row.id, row.status])).to.deep.equal([[connection.id, 'PendingAuth']]);
        await waitFor(() => h.statusText(connection.id), 'the new pending row');
        expect(h.statusText(connection.id)).to.equal('Pending authorization');
        const linked = h.next('codat-linked');
        await authorizeIn(popups.opened[0]!);
        expect((await linked).detail.connection.id).to.equal(connection.id);
        expect((await truth()).filter((row) => row.integrationKey === 'akxx')).to.have.length(1);
        expect(errors).to.have.length(0);
      });
    }
  });

  describe('when an answer is about another connection', () => {
    it('trusts it for neither: reads the connection asked about again and shows it', async () => {
      const client = memoryClient([connection(1), connection(2)]);
      const h = await mountWithClient(client, { attributes: { 'no-confirm': true } });
      const [first, second] = h.rowIds();
      client.unlink = async () => connection(2, { status: 'Unlinked' });
      const unlinked = h.record('codat-unlinked');
      const error = h.next('codat-error');
      h.button(first!, 'unlink')!.click();
      expect((await error).detail.error.code).to.equal('invalid_response');
      await h.settle();
      expect(h.rowIds()).to.deep.equal([first, second]);
      expect(seen(h, first!).status).to.equal('Linked');
      expect(seen(h, second!).status).to.equal('Linked');
      expect(unlinked).to.deep.equal([]);
    });
  });

  describe('when the connection changed elsewhere', () => {
    it('removes a row deleted elsewhere when Unlink finds it gone (404), and says so on screen', async () => {
      const h = await mountOnStack({ attributes: { 'no-confirm': true } });
      const target = h.connectionWith('Linked');
      await callApi(`connections/${target.id}`, { method: 'DELETE' });
      const error = h.next('codat-error');
      h.button(target.id, 'unlink')!.click();
      expect((await error).detail.error.status).to.equal(404);
      await h.settle();
      expect(h.row(target.id)).to.equal(null);
      expect(h.part('notice')?.textContent).to.include(`${target.name} no longer exists`);
      expect(h.announcement()).to.include(`${target.name} no longer exists`);
    });

    it('removes a row deleted elsewhere when Delete finds it gone (404), as deleted', async () => {
      const h = await mountOnStack({ attributes: { 'no-confirm': true, actions: 'unlink delete' } });
      const target = h.connectionWith('Linked');
      await callApi(`connections/${target.id}`, { method: 'DELETE' });
      const deleted = h.next('codat-deleted');
      h.button(target.id, 'delete')!.click();
      await deleted;
      await h.settle();
      expect(h.row(target.id)).to.equal(null);
      expect(h.announcement()).to.equal(`${target.name} deleted`);
    });

    it('shows a connection unlinked elsewhere as Unlinked when Unlink gets a 400', async () => {
      const h = await mountOnStack({ attributes: { 'no-confirm': true } });
      const target = h.connectionWith('Linked');
      await unlinkElsewhere(target.id);
      const unlinked = h.next('codat-unlinked');
      h.button(target.id, 'unlink')!.click();
      await unlinked;
      await h.settle();
      expect(seen(h, target.id)).to.deep.equal({ status: 'Unlinked', message: null });
      expect(h.button(target.id, 'reconnect')).to.not.equal(null);
    });

    it('recovers with Refresh: changes made elsewhere appear without a reload of the page', async () => {
      const h = await mountOnStack();
      const target = h.connectionWith('Linked');
      await unlinkElsewhere(target.id);
      const ready = h.next('codat-ready');
      h.part('refresh-button')!.click();
      await ready;
      await h.settle();
      expect(h.statusText(target.id)).to.equal('Unlinked');
    });
  });

  describe('when an action fails', () => {
    it('shows the failure on the row, with Retry that works and Dismiss', async () => {
      const h = await mountOnStack({ attributes: { 'no-confirm': true } });
      const target = h.connectionWith('Linked');
      // 429 three times: the first try and the client's two retries.
      await stubs.faults({ forceStatus: { status: 429, count: 3 } });
      const error = h.next('codat-error');
      h.button(target.id, 'unlink')!.click();
      expect((await error).detail.error.code).to.equal('rate_limited');
      await h.settle();
      expect(seen(h, target.id)).to.deep.equal({ status: 'Linked', message: `${target.name} could not be unlinked. Please try again.` });
      expect(h.announcement()).to.equal(`${target.name} could not be unlinked. Please try again.`);
      const unlinked = h.next('codat-unlinked');
      h.inRow(target.id, 'row-message-retry')!.click();
      await unlinked;
      await h.settle();
      expect(seen(h, target.id)).to.deep.equal({ status: 'Unlinked', message: null });
    });

    it('lets the user dismiss a row message', async () => {
      const h = await mountOnStack({ attributes: { 'no-confirm': true } });
      const target = h.connectionWith('Linked');
      await stubs.faults({ forceStatus: { status: 403, count: 1 } });
      const error = h.next('codat-error');
      h.button(target.id, 'unlink')!.click();
      await error;
      await h.settle();
      expect(h.inRow(target.id, 'row-message-retry')).to.equal(null);
      h.inRow(target.id, 'row-message-dismiss')!.click();
      await h.settle();
      expect(seen(h, target.id)).to.deep.equal({ status: 'Linked', message: null });
    });

    it('says the user is signed out when the session ends during an action', async () => {
      // The first grant expires at once; by the time the unlink needs another, the user has signed out.
      let grants = 0;
      const tokenProvider: TokenProvider = async () => {
        grants += 1;
        const response = await fetch(tokenUrl, {
          method: 'POST',
          credentials: 'include',
          headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'codat-connections' },
          body: '{}',
        });
        if (response.status === 401) throw new ConnectionsError('token failed: 401', { code: 'unauthorized', operation: 'token', status: 401 });
        return { ...(await response.json()), expiresIn: 0.001 };
      };
      const h = await mountOnStack({ attributes: { 'token-url': null, 'no-confirm': true }, properties: { tokenProvider } });
      const target = h.connectionWith('Linked');
      const before = grants;
      await signOut();
      const error = h.next('codat-error');
      h.button(target.id, 'unlink')!.click();
      expect((await error).detail.error.code).to.equal('unauthorized');
      await h.settle();
      expect(grants).to.equal(before + 1);
      expect(seen(h, target.id)).to.deep.equal({ status: 'Linked', message: 'You may have been signed out. Sign in again, then retry.' });
    });
  });

  describe('when the list is read again', () => {
    it('keeps the rows shown while Refresh reads, and says the button is busy', async () => {
      const h = await mountOnStack();
      const shown = h.rowIds();
      await stubs.faults({ latency: 500 });
      const ready = h.next('codat-ready');
      h.part('refresh-button')!.click();
      await h.settle();
      expect(h.part('refresh-button')!.getAttribute('aria-busy')).to.equal('true');
      expect(h.part('skeleton')).to.equal(null);
      expect(h.rowIds()).to.deep.equal(shown);
      await ready;
      await h.settle();
      expect(h.part('refresh-button')!.getAttribute('aria-busy')).to.equal('false');
      expect(h.rowIds()).to.deep.equal(shown);
    });
  });

  describe('when a reload fails', () => {
    it('keeps the rows shown, says they may be out of date, and offers Retry', async () => {
      const h = await mountOnStack();
      const shown = h.rowIds();
      expect(shown.length).to.be.greaterThan(1);
      await stubs.faults({ forceStatus: { status: 503, count: 3 } });
      const error = h.next('codat-error');
      h.part('refresh-button')!.click();
      await error;
      await h.settle();
      expect(h.rowIds()).to.deep.equal(shown);
      expect(h.part('notice')?.textContent).to.include('The list could not be refreshed and may be out of date.');
      const target = h.connectionWith('Linked');
      await unlinkElsewhere(target.id);
      const ready = h.next('codat-ready');
      h.part('notice-retry')!.click();
      await ready;
      await h.settle();
      expect(h.part('notice')).to.equal(null);
      expect(h.statusText(target.id)).to.equal('Unlinked');
    });
  });

  describe('linking a platform the company already has', () => {
    it('reconnects its pending connection instead of making another, and the picker says which state it is in', async () => {
      const h = await mountOnStack();
      const popups = stubs.popups();
      const pending = h.connectionOf('qhyg');
      h.linkButton()!.click();
      const item = await waitFor(() => h.pickerItems().find((button) => button.dataset['key'] === 'qhyg'), 'QuickBooks in the picker');
      expect(h.part('picker-item-status', item)?.textContent?.trim()).to.equal('Pending authorization');
      const started = h.next('codat-link-started');
      item.click();
      expect((await started).detail.connection.id).to.equal(pending.id);
      const linked = h.next('codat-linked');
      await authorizeIn(popups.opened[0]!);
      expect((await linked).detail.connection.id).to.equal(pending.id);
      expect((await truth()).filter((row) => row.integrationKey === 'qhyg')).to.have.length(1);
    });

    it('offers no second connection of a linked platform', async () => {
      const h = await mountOnStack();
      h.linkButton()!.click();
      const item = await waitFor(() => h.root.querySelector<HTMLButtonElement>('[part~="picker-item"][data-key="gbol"]'), 'Xero in the picker');
      expect(item.disabled).to.equal(true);
      expect(h.part('picker-item-status', item)?.textContent?.trim()).to.equal('Linked');
    });

    it('continues an abandoned link on the next try, so abandoned links never pile up', async () => {
      const h = await mountOnStack();
      const popups = stubs.popups();
      const first = h.next('codat-link-cancelled');
      h.el.link('akxx');
      await waitFor(() => popups.opened[0]?.location.pathname.startsWith('/emulator'), 'the link page');
      popups.opened[0]!.close();
      const abandoned = (await first).detail.connection;
      const again = h.next('codat-link-started');
      h.el.link('akxx');
      expect((await again).detail.connection.id).to.equal(abandoned.id);
      await waitFor(() => popups.opened[1]?.location.pathname.startsWith('/emulator'), 'the link page again');
      popups.opened[1]!.close();
      await h.next('codat-link-cancelled');
      expect((await truth()).filter((row) => row.integrationKey === 'akxx')).to.have.length(1);
    });
  });
});
