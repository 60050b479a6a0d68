// Type-checks: a page giving <codat-connections> another source: the dataholder model's, over the
// partner's REST shape or over its own functions, and a source written by hand.
import '@codat-connections/widget/codat-connections.js';
import type { ConnectionView, ConnectionsSource } from '@codat-connections/widget';
import { createDataholderClient, dataholderSource, type DataholderConnection, type DataholderTransport } from '@codat-connections/widget/dataholder';

const element = document.createElement('codat-connections');
element.source = dataholderSource(createDataholderClient({ token: '/api/dataholder/token' }), { pollInterval: 500 });

const rows: DataholderConnection[] = [];
const transport: DataholderTransport = {
  list: async () => rows,
  get: async (id) => rows.find((row) => row.id === id)!,
};
element.source = dataholderSource(transport);

// A hand-written source needs list, get and platforms; every action is optional.
const readOnly: ConnectionsSource = {
  list: async () => ({ connections: [], totalResults: 0, problems: [] }),
  get: async (id): Promise<ConnectionView> => ({ id, name: 'A bank', state: 'linked', status: 'OK', errors: [], scopes: null, metrics: ['BANK_ACCOUNT'] }),
  platforms: async () => [],
};
element.source = readOnly;
