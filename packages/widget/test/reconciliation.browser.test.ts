// <codat-connections> keeps what it shows true to the newest answer: a late answer from a replaced
// client, an earlier reload or page, or a row's older action never overwrites what came after it,
// even from a client that ignores `signal` (the `client` property allows one). Each guard test here
// fails when the guard it names is removed from the element.
import { expect } from '@open-wc/testing';
import type { Integration } from '@codat-connections/core';
import { connection } from '../../../test/helpers/fixtures.js';
import { memoryClient } from '../../../test/helpers/memory-client.js';
import { mount, mountOnStack, mountWithClient, otherCompany, prepareStack, stubs, tokenUrl } from '../../../test/helpers/harness.js';

// The first company's list answers this late (an emulator fault) in the test of a company change;
// the element must show nothing of it during LATE_ANSWER_SPAN_MS, by which it would have come.
const LATE_ANSWER_LATENCY_MS = 1000;
const LATE_ANSWER_SPAN_MS = 1500;
// Confirming a dialog a reload closed must send nothing: a request would start within this span.
const NO_REQUEST_SPAN_MS = 300;
const elapse = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const platform = (key: string, name: string, logoUrl = ''): Integration => ({ key, name, logoUrl, enabled: true, sourceType: 'Accounting' });

describe('<codat-connections>', () => {
  describe('reconciliation', () => {
    describe('stale answers to the list (a client that ignores abort)', () => {
      it("keeps the new client's rows when the replaced client's first page comes late", async () => {
        const old = memoryClient([connection(1, { platformName: 'Old company' })], { late: ['list'], ignoreAbort: true });
        const h = await mountWithClient(old, { until: 'rendered' });
        expect(h.part('skeleton')).to.exist;
        const oldAnswer = await old.nextHeld('list');
        const ready = h.record('codat-ready');
        const first = h.next('codat-ready');
        h.el.client = memoryClient([connection(2, { platformName: 'New company' })]);
        await first;
        await oldAnswer.answer();
        await h.settle();
        expect(h.names()).to.deep.equal(['New company']);
        expect(h.connections().map((row) => row.id)).to.deep.equal([connection(2).id]);
        expect(ready).to.have.length(1);
      });

      it("keeps the new client's rows when the replaced client honours abort", async () => {
        const old = memoryClient([connection(1, { platformName: 'Old company' })], { late: ['list'] });
        const h = await mountWithClient(old, { until: 'rendered' });
        const oldAnswer = await old.nextHeld('list');
        const ready = h.next('codat-ready');
        h.el.client = memoryClient([connection(2, { platformName: 'New company' })]);
        await ready;
        await oldAnswer.answer();
        await h.settle();
        expect(h.names()).to.deep.equal(['New company']);
      });

      it("keeps the second refresh()'s rows when the first one's answer comes after it", async () => {
        const client = memoryClient([connection(1, { platformName: 'First load' })], { ignoreAbort: true });
        const h = await mountWithClient(client);
        client.answerLate('list');
        client.setRows([connection(2, { platformName: 'Stale' })]);
        void h.el.refresh();
        const stale = await client.nextHeld('list');
        client.answerLate('list', false);
        client.setRows([connection(3, { platformName: 'Fresh' })]);
        const ready = h.record('codat-ready');
        await h.el.refresh();
        await h.waitFor(() => h.names().join() === 'Fresh', "the second refresh's rows");
        await stale.answer();
        await h.settle();
        expect(h.names()).to.deep.equal(['Fresh']);
        expect(h.connections().map((row) => row.id)).to.deep.equal([connection(3).id]);
        expect(ready).to.have.length(1);
      });

      it('drops a page that Load more asked for before a reload', async () => {
        const rows = Array.from({ length: 5 }, (_, index) => connection(index));
        const client = memoryClient(rows, { ignoreAbort: true });
        const h = await mountWithClient(client, { attributes: { 'page-size': 2 } });
        client.answerLate('list');
        h.loadMore()!.click();
        const secondPage = await client.nextHeld('list');
        expect(secondPage.argument).to.equal('2');
        client.answerLate('list', false);
        const ready = h.next('codat-ready');
        void h.el.refresh();
        await ready;
        await h.waitForRows(2);
        await secondPage.answer();
        await h.settle();
        expect(h.connections().map((row) => row.id)).to.deep.equal([rows[0]!.id, rows[1]!.id]);
        expect(h.rowIds()).to.deep.equal([rows[0]!.id, rows[1]!.id]);
        expect(h.loadMore()!.getAttribute('aria-disabled')).to.equal('false');
      });
    });

    describe('stale answers to the platforms (a client that ignores abort)', () => {
      it("never shows the replaced client's platforms in the picker or the rows", async () => {
        const staleLogo = `${location.origin}/stale-platform-logo.svg`;
        const old = memoryClient([connection(1)], { late: ['integrations'], ignoreAbort: true, integrations: [platform('gbol', 'Stale platform', staleLogo)] });
        const h = await mountWithClient(old);
        const oldPlatforms = await old.nextHeld('integrations');
        const fresh = memoryClient([connection(2)], { integrations: [platform('gbol', 'Xero'), platform('akxx', 'NetSuite')] });
        const ready = h.next('codat-ready');
        h.el.client = fresh;
        await ready;
        await h.openPicker();
        await oldPlatforms.answer();
        await h.settle();
        expect(h.pickerNames()).to.deep.equal(['Xero', 'NetSuite']);
        expect(h.root.querySelector(`img[src="${staleLogo}"]`)).to.equal(null);
        expect(h.root.textContent).not.to.contain('Stale platform');
      });
    });

    describe('row ownership (a client that ignores abort)', () => {
      /**
       * Rows 1 and 2 (Linked), unlink and delete answering late and ignoring abort, no dialog. Row 1's
       * unlink is left waiting; a reload takes the row from it (the client does not stop it), and the
       * user then deletes the row, whose delete is left waiting too. `record` starts recording events
       * just before the delete.
       */
      async function deleteAfterAStaleUnlink(record: string) {
        const client = memoryClient([connection(1), connection(2)], { late: ['unlink', 'delete'], ignoreAbort: true });
        const h = await mountWithClient(client, { attributes: { actions: 'reconnect unlink delete', 'no-confirm': true } });
        const id = connection(1).id;
        h.button(id, 'unlink')!.click();
        const oldUnlink = await client.nextHeld('unlink');
        const ready = h.next('codat-ready');
        void h.el.refresh();
        await ready;
        await h.waitFor(() => h.button(id, 'delete'), 'the Delete button again');
        const recorded = h.record(record);
        h.button(id, 'delete')!.click();
        const deletion = await client.nextHeld('delete');
        await h.waitFor(() => h.busy(id), 'the row busy deleting');
        return { h, id, oldUnlink, deletion, recorded, deleting: h.pending(id) };
      }

      it("keeps a newer action's busy state when an older one on the same row answers late", async () => {
        const { h, id, oldUnlink, deletion, recorded: unlinked, deleting } = await deleteAfterAStaleUnlink('codat-unlinked');

        await oldUnlink.answer();
        await h.settle();
        expect(h.busy(id), 'the row is still busy with the delete').to.equal(true);
        expect(h.pending(id)).to.equal(deleting);
        expect(h.statusText(id)).to.equal('Linked');
        expect(h.button(id, 'delete')).to.equal(null);
        expect(unlinked).to.deep.equal([]);
        expect(h.announcement()).not.to.contain('unlinked');

        const deleted = h.next('codat-deleted');
        await deletion.answer();
        expect((await deleted).detail.connectionId).to.equal(id);
        await h.waitFor(() => !h.row(id), 'the deleted row to go');
      });

      it("does not show an older action's late failure on the row's newer action", async () => {
        const { h, id, oldUnlink, deletion, recorded: errors, deleting } = await deleteAfterAStaleUnlink('codat-error');
        const announced = h.announcement();

        await oldUnlink.fail(Object.assign(new Error('unlink refused'), { code: 'bad_request', status: 400, operation: 'unlink' }));
        await h.settle();
        expect(
          errors.map((event) => event.detail.operation),
          'codat-error events',
        ).to.deep.equal([]);
        expect(h.busy(id), 'the row is still busy with the delete').to.equal(true);
        expect(h.pending(id)).to.equal(deleting);
        expect(h.inRow(id, 'row-message')).to.equal(null);
        expect(h.announcement()).to.equal(announced);

        const deleted = h.next('codat-deleted');
        await deletion.answer();
        expect((await deleted).detail.connectionId).to.equal(id);
      });
    });

    describe('a company change', () => {
      it('reloads cleanly when the company changes mid-load', async () => {
        const { companyId } = await prepareStack();
        const other = await otherCompany();
        // The first company's list answers late; by then the other company is shown.
        await stubs.faults({ latency: LATE_ANSWER_LATENCY_MS });
        const fetches = stubs.fetches();
        const h = await mount({ attributes: { 'token-url': tokenUrl }, until: 'rendered' });
        await h.waitFor(() => fetches.calls.some((call) => call.url.includes(`/companies/${companyId}/connections`)), 'the first list request');
        await stubs.faults({});
        const readyEvents = h.record('codat-ready');
        const ready = h.next('codat-ready');
        h.el.client = other.client;
        await ready;
        await elapse(LATE_ANSWER_SPAN_MS);
        await h.el.updateComplete;
        const lists = fetches.calls.filter((call) => call.url.includes('/connections'));
        expect(lists[0]!.url).to.contain(companyId);
        expect(lists[0]!.aborted()).to.equal(true);
        expect(readyEvents).to.have.length(1);
        expect(h.connections().map((row) => row.id)).to.deep.equal(other.connectionIds);
        expect(h.rowIds()).to.deep.equal(other.connectionIds);
      });

      it('closes the dialog as cancelled when the company changes while it is open', async () => {
        const h = await mountOnStack({ attributes: { actions: 'link reconnect unlink delete' } });
        const other = await otherCompany();
        const target = h.connectionWith('Linked');
        const fetches = stubs.fetches();
        h.button(target.id, 'unlink')!.click();
        const dialog = await h.waitForDialog();
        const ready = h.next('codat-ready');
        h.el.client = other.client;
        await ready;
        await h.el.updateComplete;
        expect(dialog.open).to.equal(false);
        // Confirming now would have unlinked the first company's connection, and shown it among the other's.
        h.part('dialog-confirm', dialog)!.click();
        await elapse(NO_REQUEST_SPAN_MS);
        expect(fetches.calls.filter((call) => call.method !== 'GET')).to.deep.equal([]);
        expect(h.connections().map((row) => row.id)).to.deep.equal(other.connectionIds);
      });

      it('drops the result of an unlink when the company changes while it runs', async () => {
        const h = await mountOnStack({ attributes: { 'no-confirm': true } });
        const other = await otherCompany();
        const target = h.connectionWith('Linked');
        await stubs.faults({ latency: LATE_ANSWER_LATENCY_MS });
        const fetches = stubs.fetches();
        const unlinked = h.record('codat-unlinked');
        h.button(target.id, 'unlink')!.click();
        await h.waitFor(() => fetches.calls.some((call) => call.method === 'PATCH'), 'the unlink request');
        await stubs.faults({});
        const ready = h.next('codat-ready');
        h.el.client = other.client;
        await ready;
        await elapse(LATE_ANSWER_SPAN_MS);
        await h.el.updateComplete;
        expect(unlinked).to.deep.equal([]);
        expect(h.connections().map((row) => row.id)).to.deep.equal(other.connectionIds);
      });
    });

    describe('row updates', () => {
      it("changes only the unlinked row's DOM among 1,000 rows", async () => {
        const client = memoryClient(Array.from({ length: 1000 }, (_, index) => connection(index)));
        const h = await mountWithClient(client, { attributes: { 'no-confirm': true, 'page-size': 1000 } });
        await h.waitForRows(1000);
        const changed: Node[] = [];
        const observer = new MutationObserver((records) => records.forEach((record) => changed.push(record.target)));
        observer.observe(h.root, { subtree: true, childList: true, characterData: true, attributes: true });
        const unlinked = h.next('codat-unlinked');
        h.button(h.rows()[500]!, 'unlink')!.click();
        await unlinked;
        await h.el.updateComplete;
        observer.disconnect();
        const target = h.rows()[500]!;
        const outside = changed.filter((node) => !target.contains(node) && !node.contains(target) && node !== target);
        // Only the live region (the announcement) changes outside the row.
        expect(outside.every((node) => (node instanceof Element ? node : node.parentElement)?.closest('[role="status"]'))).to.equal(true);
        expect(h.statusText(target)).to.equal('Unlinked');
      });
    });
  });
});
