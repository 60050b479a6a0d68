// The element over sources other than Codat's client: a custom in-memory source, the
// actions it offers following what the source can do, and the dataholder model's source over
// functions a partner passes (the real server and emulator: dataholder.browser.test.ts).
import { expect } from '@open-wc/testing';
import { dataholderConnection, dataholderRead, hoursAgo, view } from '../../../test/helpers/fixtures.js';
import { mount, shownText, stubs, waitFor, type Harness } from '../../../test/helpers/harness.js';
import type { ConnectionView, ConnectionsSource } from '../src/index.js';
import { dataholderSource, type DataholderConnection, type DataholderTransport } from '../src/dataholder.js';

/** A row of the in-memory source: a bank named after its id unless named, its status the state's name. */
const bank = (id: string, state: ConnectionView['state'], name = `Bank ${id}`): ConnectionView => view(0, { id, name, state, status: state });

/** A source held in memory: the connections given, and only the operations given. */
function memorySource(connections: ConnectionView[], operations: Partial<ConnectionsSource> = {}): ConnectionsSource {
  return {
    list: async () => ({ connections, totalResults: connections.length, problems: [] }),
    get: async (id) => {
      const found = connections.find((connection) => connection.id === id);
      if (!found) throw Object.assign(new Error(`no ${id}`), { code: 'not_found', status: 404 });
      return found;
    },
    platforms: async () => [{ key: 'bank', name: 'A bank' }],
    ...operations,
  };
}

const everything = 'link reconnect unlink delete refresh';

/** Every action control shown, as `part` names, over the whole element. */
function shownActions(h: Harness): string[] {
  const parts = ['link-button', 'reconnect-button', 'unlink-button', 'delete-button', 'refresh-data-button'];
  return parts.filter((part) => h.parts(part).some((control) => !control.hidden));
}

/** The dataholder model's connections in every status, as a partner's backend would answer them. */
function dataholderConnections(): DataholderConnection[] {
  const active = (id: string, dataholder: string, state: Record<string, unknown>): DataholderConnection =>
    dataholderConnection(id, {
      dataholder,
      scopes: ['bank:accounts.basic:read', 'bank:transactions:read', 'bank:made-up:read'],
      connectionState: { status: 'ACTIVE', connectedAt: hoursAgo(72), disconnectedAt: null, ...state },
    });
  return [
    active('c-active', 'cba', {
      BANK_ACCOUNT: dataholderRead('SUCCESS', 2),
      BANK_BALANCE: dataholderRead('SUCCESS', 2),
      BANK_TRANSACTION: dataholderRead('SUCCESS', 3),
      USER_INFO: dataholderRead('SUCCESS', 2),
    }),
    // A failed dataset, and USER_INFO missing from the state.
    active('c-failing', 'anz', {
      BANK_ACCOUNT: dataholderRead('SUCCESS', 1),
      BANK_BALANCE: dataholderRead('SUCCESS', 1),
      BANK_TRANSACTION: dataholderRead('FAILURE', 1),
    }),
    dataholderConnection('c-expired', {
      dataholder: 'wbc',
      scopes: ['bank:accounts.basic:read'],
      metrics: ['BANK_ACCOUNT', 'BANK_BALANCE'],
      status: 'EXPIRED',
      connectionState: { status: 'EXPIRED', connectedAt: hoursAgo(24 * 400), disconnectedAt: null },
    }),
    dataholderConnection('c-disconnected', {
      dataholder: 'nab',
      scopes: ['bank:accounts.basic:read'],
      status: 'DISCONNECTED',
      connectionState: { status: 'DISCONNECTED', connectedAt: hoursAgo(24 * 30), disconnectedAt: hoursAgo(24 * 2) },
    }),
    dataholderConnection('c-initiated', {
      dataholder: 'kiwi',
      status: 'INITIATED',
      connectionState: { status: 'INITIATED', connectedAt: null, disconnectedAt: null },
    }),
    dataholderConnection('c-odd', { dataholder: 'cba', metrics: ['USER_INFO'], status: 'REVOKED_BY_DATAHOLDER' }),
  ];
}

/** The functions a partner passes instead of the REST client: the model's entities, in memory. */
function memoryTransport(connections = dataholderConnections(), { disconnect = true } = {}): DataholderTransport & { calls: string[] } {
  const calls: string[] = [];
  const find = (id: string) => {
    const found = connections.find((connection) => connection.id === id);
    if (!found) throw Object.assign(new Error(`no ${id}`), { code: 'not_found', status: 404 });
    return structuredClone(found);
  };
  return {
    calls,
    list: async () => (calls.push('list'), structuredClone(connections)),
    get: async (id) => (calls.push(`get ${id}`), find(id)),
    dataholders: async () => [
      { id: 'cba', name: 'Commonwealth Bank' },
      { id: 'anz', name: 'ANZ' },
      { id: 'wbc', name: 'Westpac' },
      { id: 'nab', name: 'NAB' },
      { id: 'kiwi', name: 'Kiwibank' },
    ],
    ...(disconnect && {
      disconnect: async (id: string) => {
        calls.push(`disconnect ${id}`);
        const found = connections.find((connection) => connection.id === id)!;
        Object.assign(found, {
          status: 'DISCONNECTED',
          connectionState: { ...found.connectionState, status: 'DISCONNECTED', disconnectedAt: new Date().toISOString() },
        });
        return structuredClone(found);
      },
    }),
  };
}

const text = (node: Element | null | undefined) => (node ? shownText(node) : undefined);

describe('<codat-connections> over other sources', () => {
  it('shows the connections of a custom in-memory source, with no request to any server', async () => {
    const { calls } = stubs.fetches();
    const h = await mount({ properties: { source: memorySource([bank('a', 'linked', 'First bank'), bank('b', 'expired', 'Second bank')]) } });
    expect(h.names()).to.deep.equal(['First bank', 'Second bank']);
    expect(h.statusPart('a')).to.equal('linked');
    expect(h.statusPart('b')).to.equal('expired');
    expect(calls).to.deep.equal([]);
  });

  it('offers no action a read-only source cannot carry out, whatever `actions` asks for', async () => {
    const h = await mount({
      attributes: { actions: everything },
      properties: { source: memorySource([bank('a', 'linked'), bank('b', 'disconnected'), bank('c', 'pending')]) },
    });
    expect(shownActions(h)).to.deep.equal([]);
  });

  it('offers Unlink but never Delete for a source with unlink and no delete', async () => {
    const unlink = async (id: string) => bank(id, 'disconnected');
    const h = await mount({ attributes: { actions: everything, 'no-confirm': true }, properties: { source: memorySource([bank('a', 'linked')], { unlink }) } });
    expect(shownActions(h)).to.deep.equal(['unlink-button']);
    h.button('a', 'unlink')!.click();
    await waitFor(() => h.statusPart('a') === 'disconnected', 'the row unlinked');
    expect(shownActions(h)).to.deep.equal([]);
  });

  it('offers Link and Reconnect once the source can create and link', async () => {
    const source = memorySource([bank('a', 'expired')], { create: async () => bank('n', 'pending'), link: async (connection) => connection });
    const h = await mount({ attributes: { actions: everything }, properties: { source } });
    expect(shownActions(h)).to.deep.equal(['link-button', 'reconnect-button']);
  });

  describe('the dataholder model, over functions the partner passes', () => {
    it('maps every status to a state, keeping an unknown one as its text', async () => {
      const h = await mount({ properties: { source: dataholderSource(memoryTransport()) } });
      const states = Object.fromEntries(h.rowIds().map((id) => [id, [h.statusPart(id), h.statusText(id)]]));
      expect(states).to.deep.equal({
        'c-active': ['linked', 'Linked'],
        'c-failing': ['linked', 'Linked'],
        'c-expired': ['expired', 'Expired'],
        'c-disconnected': ['disconnected', 'Disconnected'],
        'c-initiated': ['pending', 'Pending authorization'],
        'c-odd': ['unknown', 'REVOKED_BY_DATAHOLDER'],
      });
      expect(h.names()).to.deep.equal(['Commonwealth Bank', 'ANZ', 'Westpac', 'NAB', 'Kiwibank', 'Commonwealth Bank']);
    });

    it('shows datasets with their state, a failed one as a warning, and leaves out a dataset the state does not report', async () => {
      const h = await mount({ properties: { source: dataholderSource(memoryTransport()) } });
      expect(text(h.inRow('c-active', 'freshness'))).to.equal('Data updated 3 hours ago');
      const failing = h.inRow('c-failing', 'freshness')!;
      expect(failing.getAttribute('part')).to.equal('freshness freshness-warning');
      // The list of data types loads when first opened.
      const details = h.inRow('c-failing', 'datasets') as HTMLDetailsElement;
      details.open = true;
      const datasets = await waitFor(() => {
        const shown = [...details.querySelectorAll('.dataset')].map((item) =>
          [item.querySelector('.dataset-name'), item.querySelector('.dataset-state')].map(text).join(' | '),
        );
        return shown.length ? shown : undefined;
      }, 'the data types of the failing connection');
      expect(datasets).to.deep.equal(['Bank accounts | Up to date', 'Balances | Up to date', 'Transactions | Failed']);
      expect(h.inRow('c-expired', 'freshness')).to.equal(null);
    });

    it('shows the datasets an expired or disconnected connection last read, marked as no longer updating', async () => {
      const rows = dataholderConnections().map((row) =>
        row.id === 'c-disconnected'
          ? {
              ...row,
              connectionState: { ...row.connectionState, BANK_ACCOUNT: dataholderRead('SUCCESS', 50), BANK_TRANSACTION: dataholderRead('FAILURE', 49) },
            }
          : row,
      );
      const h = await mount({ properties: { source: dataholderSource(memoryTransport(rows)) } });
      const line = h.inRow('c-disconnected', 'freshness')!;
      expect([text(line), line.getAttribute('part')]).to.deep.equal(['No longer updating: data last read 2 days ago', 'freshness freshness-warning']);
      const details = h.inRow('c-disconnected', 'datasets') as HTMLDetailsElement;
      details.open = true;
      const states = await waitFor(() => {
        const shown = [...details.querySelectorAll('.dataset')].map((item) => text(item.querySelector('.dataset-state')));
        return shown.length ? shown : undefined;
      }, 'the data types of the disconnected connection');
      expect(states).to.deep.equal(['No longer updating', 'No longer updating']);
    });

    it('shows scopes and metrics in words, null scopes as not active and null metrics as all data', async () => {
      const h = await mount({ properties: { source: dataholderSource(memoryTransport()) } });
      const access = (id: string) => [text(h.inRow(id, 'scopes')), text(h.inRow(id, 'metrics'))];
      expect(access('c-active')).to.deep.equal(['Account names, types and balances, Transactions, bank:made-up:read', 'All data']);
      expect(access('c-expired')).to.deep.equal(['Account names, types and balances', 'Bank accounts, Balances']);
      expect(access('c-initiated')).to.deep.equal(['Not active', 'All data']);
      expect(access('c-odd')).to.deep.equal(['Not active', 'Personal details']);
    });

    it('shows when a connection was connected and disconnected', async () => {
      const h = await mount({ properties: { source: dataholderSource(memoryTransport()) } });
      const meta = (id: string) => text(h.inRow(id, 'meta'));
      expect(meta('c-disconnected')).to.match(/Connected last month · Disconnected 2 days ago$/);
      expect(meta('c-active')).to.match(/Connected 3 days ago$/);
      expect(meta('c-initiated')).not.to.match(/Connected/);
      const times = [...h.inRow('c-disconnected', 'meta')!.querySelectorAll('time[datetime]')].map((time) => time.getAttribute('datetime'));
      expect(times.filter(Boolean)).to.have.length.greaterThanOrEqual(2);
    });

    it('disconnects through the source (Unlink), never offers Delete, and offers no link without consent', async () => {
      const transport = memoryTransport();
      const h = await mount({ attributes: { actions: everything, 'no-confirm': true }, properties: { source: dataholderSource(transport) } });
      expect(shownActions(h)).to.deep.equal(['unlink-button']);
      h.button('c-active', 'unlink')!.click();
      await waitFor(() => h.statusPart('c-active') === 'disconnected', 'the connection disconnected');
      expect(transport.calls).to.include('disconnect c-active');
      expect(text(h.inRow('c-active', 'meta'))).to.match(/Disconnected now|Disconnected \d+ seconds? ago/);
    });

    it('names who reads the data as the source says (its provider), never Codat, in the confirmation before Unlink', async () => {
      const body = async (provider: string | undefined) => {
        const h = await mount({ attributes: { actions: everything }, properties: { source: dataholderSource(memoryTransport(), { provider }) } });
        h.button('c-active', 'unlink')!.click();
        const shown = text((await h.waitForDialog()).querySelector('#dialog-body'));
        h.cancel();
        return shown;
      };
      const named = await body('Acme Lending');
      expect(named).to.match(/^Acme Lending will stop reading data from Commonwealth Bank\./);
      const unnamed = await body(undefined);
      expect(unnamed).to.match(/^Data from Commonwealth Bank will no longer be read\./);
      expect([named, unnamed].join(' ')).not.to.contain('Codat');
    });

    it('offers no Unlink when the partner passes no disconnect', async () => {
      const h = await mount({
        attributes: { actions: everything },
        properties: { source: dataholderSource(memoryTransport(undefined, { disconnect: false })) },
      });
      expect(shownActions(h)).to.deep.equal([]);
    });

    it('skips a row it cannot show and says so, showing the rest', async () => {
      const rows = [...dataholderConnections(), { status: 'ACTIVE' } as unknown as DataholderConnection];
      // Listened for before mounting: an in-memory source may answer before mount() returns.
      const reported = new Promise<CustomEvent>((resolve) =>
        document.addEventListener('codat-error', (event) => resolve(event as CustomEvent), { once: true }),
      );
      const h = await mount({ until: 'rendered', properties: { source: dataholderSource(memoryTransport(rows)) } });
      const error = await reported;
      expect((error.detail as { error: Error }).error.message).to.contain('results[6]: no id');
      await waitFor(() => h.rows().length === 6, 'the rows that can be shown');
    });
  });
});
