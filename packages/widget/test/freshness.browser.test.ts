// "Is my data up to date?": each linked row says how fresh its data is, from Codat's pull
// operations and data status, over the real server and emulator (whose seed has Xero's invoices
// failing, and Plaid's banking data read five hours ago).
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { mountOnStack, mountWithClient, stubs, waitFor, type Harness } from '../../../test/helpers/harness.js';
import { fetchGrant } from '../../../test/helpers/browser.js';
import { connection, hoursAgo, pullOperation } from '../../../test/helpers/fixtures.js';
import { memoryClient } from '../../../test/helpers/memory-client.js';

/** Pull operations as one page of Codat's answer. */
const page = (results: unknown[]) => ({ results, pageNumber: 1, pageSize: 1000, totalResults: results.length, _links: { self: {}, current: {} } });

/** A row's freshness line and its parts, once the freshness has come. */
async function freshnessOf(h: Harness, id: string): Promise<{ text: string; part: string }> {
  const line = await waitFor(() => h.inRow(id, 'freshness'), `the freshness of ${id}`);
  return { text: line.textContent!.trim(), part: line.getAttribute('part')! };
}

/** A row's data types as shown once its details are open (they load then): name, state, and the message of a failed one. */
async function datasetsOf(h: Harness, id: string): Promise<string[]> {
  const details = h.inRow(id, 'datasets') as HTMLDetailsElement;
  details.open = true;
  await waitFor(() => details.querySelector('.dataset'), `the data types of ${id}`);
  return [...details.querySelectorAll('.dataset')].map((item) =>
    [item.querySelector('.dataset-name'), item.querySelector('.dataset-state'), item.querySelector('.dataset-message')]
      .map((node) => node?.textContent?.trim())
      .filter(Boolean)
      .join(' | '),
  );
}

describe('<codat-connections>', () => {
  describe('data freshness', () => {
    it('warns on a linked row whose data failed to update, and lists every data type with its state', async () => {
      const h = await mountOnStack();
      const xero = h.connectionOf('gbol');
      expect(await freshnessOf(h, xero.id)).to.deep.equal({ text: '1 data type could not be updated', part: 'freshness freshness-warning' });
      const datasets = await datasetsOf(h, xero.id);
      expect(datasets).to.include('Invoices | Failed | The platform returned an error while fetching invoices');
      expect(datasets).to.include('Customers | Up to date');
      expect(
        datasets.some((dataset) => dataset.startsWith('Tax rates')),
        'Codat leaves a data type never read out of its data status',
      ).to.equal(false);
      expect(h.inRow(xero.id, 'datasets')!.querySelector('summary')!.textContent).to.equal(`${datasets.length} data types`);
    });

    it('lists a data type that a data status gives as null as not read yet', async () => {
      const row = connection(1);
      const history = {
        results: [
          {
            id: 'd1',
            connectionId: row.id,
            dataType: 'invoices',
            status: 'Complete',
            requested: new Date().toISOString(),
            completed: new Date().toISOString(),
          },
        ],
        pageNumber: 1,
        pageSize: 1000,
        totalResults: 1,
        _links: { self: {}, current: {} },
      };
      const client = { ...memoryClient([row]), dataStatus: async () => ({ taxRates: null }), pullOperations: async () => history };
      const h = await mountWithClient(client as never);
      await freshnessOf(h, row.id);
      expect(await datasetsOf(h, row.id)).to.deep.equal(['Invoices | Up to date', 'Tax rates | Not read yet']);
    });

    it("lists a row's data types only once its details open (they load on first use), alone in their row", async () => {
      const h = await mountOnStack();
      const [xero, plaid] = [h.connectionOf('gbol'), h.connectionOf('ugxp')];
      await freshnessOf(h, xero.id);
      await freshnessOf(h, plaid.id);
      expect(h.inRow(xero.id, 'datasets')!.querySelector('ul')).to.equal(null);
      expect(await datasetsOf(h, xero.id)).to.include('Customers | Up to date');
      expect(h.inRow(plaid.id, 'datasets')!.querySelector('ul'), 'a closed row stays without its list').to.equal(null);
      expect(h.inRow(xero.id, 'datasets')!.hasAttribute('aria-busy')).to.equal(false);
    });

    it("gives the dates of a row's data types their exact times as the list opens", async () => {
      const h = await mountOnStack();
      const xero = h.connectionOf('gbol');
      await freshnessOf(h, xero.id);
      await datasetsOf(h, xero.id);
      const times = [...h.inRow(xero.id, 'datasets')!.querySelectorAll<HTMLTimeElement>('.dataset time[datetime]')];
      expect(times.length, 'dates in the list').to.be.above(0);
      const format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
      // Read as soon as the list is in: the dates are filled where the list is rendered, not in a later idle period.
      expect(times.map((time) => time.querySelector('.exact')!.textContent)).to.deep.equal(times.map((time) => ` (${format.format(new Date(time.dateTime))})`));
      expect(times.map((time) => time.title)).to.deep.equal(times.map((time) => format.format(new Date(time.dateTime))));
    });

    it('says when the data of a linked row was updated, and warns once it is older than stale-after', async () => {
      const h = await mountOnStack();
      const plaid = h.connectionOf('ugxp');
      expect(await freshnessOf(h, plaid.id)).to.deep.equal({ text: 'Data updated 5 hours ago', part: 'freshness' });
      h.el.setAttribute('stale-after', '4h');
      await h.settle();
      expect(await freshnessOf(h, plaid.id)).to.deep.equal({ text: 'Some data was last updated 5 hours ago', part: 'freshness freshness-warning' });
    });

    it('shows no freshness on rows that are not linked and never had data read', async () => {
      const h = await mountOnStack();
      await freshnessOf(h, h.connectionOf('gbol').id);
      for (const status of ['PendingAuth', 'Unlinked', 'Deauthorized']) {
        expect(h.inRow(h.connectionWith(status).id, 'freshness'), status).to.equal(null);
      }
    });

    it('shows the last-known data of a row that is not linked, marked as no longer updating, and a data type never read as not read', async () => {
      const [unlinked, deauthorized] = [connection(1, { status: 'Unlinked' }), connection(2, { status: 'Deauthorized', integrationKey: 'qhyg' })];
      const read = (connectionId: string, dataType: string, days: number) =>
        pullOperation({ connectionId, dataType, requested: hoursAgo(days * 24), completed: hoursAgo(days * 24 - 1) });
      const history = [read(unlinked.id, 'invoices', 3), read(unlinked.id, 'customers', 5), read(deauthorized.id, 'bills', 40)];
      // Tax rates were never read: the row holds none, so they are not marked as no longer updating.
      const dataStatus = async () => ({ taxRates: null });
      const client = { ...memoryClient([unlinked, deauthorized]), dataStatus, pullOperations: async () => page(history) };
      const h = await mountWithClient(client as never);
      // The most recent successful read: since when the data is stale.
      expect(await freshnessOf(h, unlinked.id)).to.deep.equal({ text: 'No longer updating: data last read 3 days ago', part: 'freshness freshness-warning' });
      expect(await freshnessOf(h, deauthorized.id)).to.deep.equal({
        text: 'No longer updating: data last read last month',
        part: 'freshness freshness-warning',
      });
      expect(await datasetsOf(h, unlinked.id)).to.deep.equal(['Customers | No longer updating', 'Invoices | No longer updating', 'Tax rates | Not read yet']);
    });

    it('keeps the data of a row it unlinks, marked as no longer updating', async () => {
      const row = connection(1);
      const history = [pullOperation({ connectionId: row.id, dataType: 'invoices', requested: hoursAgo(3), completed: hoursAgo(2) })];
      const client = { ...memoryClient([row]), dataStatus: async () => ({}), pullOperations: async () => page(history) };
      const h = await mountWithClient(client as never, { attributes: { 'no-confirm': true } });
      expect(await freshnessOf(h, row.id)).to.deep.equal({ text: 'Data updated 2 hours ago', part: 'freshness' });
      h.button(row.id, 'unlink')!.click();
      await waitFor(() => h.statusText(row.id) === 'Unlinked', 'the row unlinked');
      expect(await freshnessOf(h, row.id)).to.deep.equal({ text: 'No longer updating: data last read 2 hours ago', part: 'freshness freshness-warning' });
    });

    it('shows a refresh under way, then the data updated', async () => {
      const h = await mountOnStack();
      const plaid = h.connectionOf('ugxp');
      await freshnessOf(h, plaid.id);
      // Codat queues the reads (the emulator, asked with its key: the demo users may not refresh).
      const { companyId } = await fetchGrant();
      const queued = await fetch(`/emulator/companies/${companyId}/data/all`, {
        method: 'POST',
        headers: { Authorization: `Basic ${btoa('emulator-api-key')}` },
      });
      expect(queued.status).to.equal(204);
      await h.el.refresh();
      // The list is read again; until freshness is too, the row keeps what it knew (no flicker).
      await h.el.updateComplete;
      expect(h.inRow(plaid.id, 'freshness')?.textContent?.trim()).to.equal('Data updated 5 hours ago');
      await waitFor(() => h.inRow(plaid.id, 'freshness')?.textContent?.trim() === 'Updating data…', 'the reads under way');
      // The emulator's pull operations take a few seconds to complete.
      await waitFor(
        async () => {
          await h.el.refresh();
          return h.inRow(plaid.id, 'freshness')?.textContent?.includes('Data updated');
        },
        'the refresh to complete',
        15_000,
      );
      expect((await freshnessOf(h, plaid.id)).text).to.match(/^Data updated (now|\d+ seconds? ago)$/);
    }).timeout(25_000);

    it("drops a replaced client's late freshness (a client that ignores abort)", async () => {
      const row = connection(1);
      const read = (status: string) => ({
        results: [{ id: 'd1', connectionId: row.id, dataType: 'invoices', status, requested: new Date().toISOString(), completed: new Date().toISOString() }],
        pageNumber: 1,
        pageSize: 1000,
        totalResults: 1,
        _links: { self: {}, current: {} },
      });
      let answerLate: () => void = () => {};
      const late = new Promise<void>((resolve) => (answerLate = resolve));
      const first = { ...memoryClient([row]), dataStatus: async () => ({}), pullOperations: () => late.then(() => read('FetchError')) };
      const second = { ...memoryClient([row]), dataStatus: async () => ({}), pullOperations: async () => read('Complete') };
      const h = await mountWithClient(first as never);
      const ready = h.next('codat-ready');
      h.el.client = second as never;
      await ready;
      expect(await freshnessOf(h, row.id)).to.deep.equal({ text: 'Data updated now', part: 'freshness' });
      answerLate();
      await h.settle();
      await h.settle();
      expect(await freshnessOf(h, row.id)).to.deep.equal({ text: 'Data updated now', part: 'freshness' });
    });

    it('shows nothing about freshness when the source cannot tell', async () => {
      const h = await mountWithClient(memoryClient([connection(1)]));
      await h.settle();
      expect(h.inRow(h.rowIds()[0]!, 'freshness')).to.equal(null);
    });
  });

  describe('refreshing data', () => {
    const refreshing = { actions: 'link reconnect unlink refresh' };

    it('offers Refresh data on linked rows only with refresh in actions and the permission', async () => {
      let h = await mountOnStack();
      expect(h.parts('refresh-data-button'), 'without refresh in actions').to.deep.equal([]);
      h.el.remove();
      h = await mountOnStack({ user: 'alice', attributes: refreshing });
      expect(h.parts('refresh-data-button'), 'without connections:refresh').to.deep.equal([]);
      h.el.remove();
      h = await mountOnStack({ attributes: refreshing });
      const offered = h.parts('refresh-data-button').map((button) => button.closest<HTMLElement>('[data-id]')!.dataset['id']);
      expect(offered).to.deep.equal(
        h
          .connections()
          .filter((connection) => connection.status === 'Linked')
          .map((connection) => connection.id),
      );
      expect(h.inRow(h.connectionOf('ugxp').id, 'refresh-data-button')!.getAttribute('aria-label')).to.equal('Refresh data from Plaid');
    });

    it('shows the reads under way on the row, then the data updated, and emits codat-refreshed', async () => {
      const h = await mountOnStack({ attributes: refreshing });
      const plaid = h.connectionOf('ugxp');
      await freshnessOf(h, plaid.id);
      const refreshed = h.next('codat-refreshed');
      h.inRow(plaid.id, 'refresh-data-button')!.click();
      await waitFor(() => h.pending(plaid.id) === 'Refreshing data…', 'the row refreshing');
      await waitFor(() => h.inRow(plaid.id, 'freshness')?.textContent?.trim() === 'Updating data…', 'the reads under way');
      const { detail } = await refreshed;
      expect(detail.connection.id).to.equal(plaid.id);
      expect(detail.connection.datasets.every((dataset: { state: string }) => dataset.state === 'fresh')).to.equal(true);
      await h.settle();
      expect(h.busy(plaid.id)).to.equal(false);
      expect((await freshnessOf(h, plaid.id)).text).to.match(/^Data updated (now|\d+ seconds? ago)$/);
      expect(h.announcement()).to.equal('Plaid data refreshed');
    }).timeout(20_000);

    // The button hid while its row was busy, and focus fell to the page for good.
    it('keeps keyboard focus on the row while it refreshes, then puts it back on Refresh data', async () => {
      const h = await mountOnStack({ attributes: refreshing });
      const plaid = h.connectionOf('ugxp');
      await freshnessOf(h, plaid.id);
      const refreshed = h.next('codat-refreshed');
      h.inRow(plaid.id, 'refresh-data-button')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitFor(() => h.pending(plaid.id) === 'Refreshing data…', 'the row refreshing');
      await h.settle();
      expect(h.focused(), 'focus waits on the busy row').to.equal(h.row(plaid.id));
      await refreshed;
      await h.settle();
      expect(h.focused()).to.equal(h.inRow(plaid.id, 'refresh-data-button'));
    }).timeout(20_000);

    it('says a data type failed again when its read fails on refresh', async () => {
      const h = await mountOnStack({ attributes: refreshing });
      const xero = h.connectionOf('gbol');
      await freshnessOf(h, xero.id);
      // Open before the refresh: the open list follows the reads, and gains the data type read for the first time.
      expect((await datasetsOf(h, xero.id)).some((dataset) => dataset.startsWith('Tax rates'))).to.equal(false);
      const refreshed = h.next('codat-refreshed');
      h.inRow(xero.id, 'refresh-data-button')!.click();
      await refreshed;
      await h.settle();
      expect(await freshnessOf(h, xero.id)).to.deep.equal({ text: '1 data type could not be updated', part: 'freshness freshness-warning' });
      expect(await datasetsOf(h, xero.id)).to.include('Invoices | Failed | The platform returned an error while fetching invoices');
      expect(await datasetsOf(h, xero.id)).to.include('Tax rates | Up to date');
    }).timeout(20_000);

    it('says when to try again after a 429', async () => {
      const h = await mountOnStack({ attributes: refreshing });
      const plaid = h.connectionOf('ugxp');
      await stubs.faults({ forceStatus: { status: 429, count: 1 } });
      const error = h.next('codat-error');
      h.inRow(plaid.id, 'refresh-data-button')!.click();
      const { detail } = await error;
      expect([detail.operation, detail.error.code, detail.error.retryAfter]).to.deep.equal(['refresh', 'rate_limited', 1]);
      await h.settle();
      expect(h.inRow(plaid.id, 'row-message')?.querySelector('.message-text')?.textContent).to.equal('Codat is busy. Try again in a second.');
      expect(h.inRow(plaid.id, 'row-message-retry')).to.equal(null);
    });
  });
});
