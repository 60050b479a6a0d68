import { catalogue } from './catalogue.js';
import { fixedUuid, ID_FAMILY } from './ids.js';
import { dataTypesBySourceType } from './pull-operations.js';
import type { ConnectionStatus, DataConnectionError, DataType, StoredCompany, StoredConnection, StoredPullOperation } from './types.js';

/** The first seeded company: connections in every status, with and without errors, of every source type. */
export const DEMO_COMPANY_ID = fixedUuid(ID_FAMILY.company, 1);
/** A company with no connections. */
export const EMPTY_COMPANY_ID = fixedUuid(ID_FAMILY.company, 2);
/** A company with 120 connections, for paging. */
export const PAGING_COMPANY_ID = fixedUuid(ID_FAMILY.company, 3);
/** A small company with two connections. */
export const SMALL_COMPANY_ID = fixedUuid(ID_FAMILY.company, 4);

export const PAGING_COMPANY_CONNECTIONS = 120;

const seededCompanies: ReadonlyArray<StoredCompany> = [
  { id: DEMO_COMPANY_ID, name: 'Toft Stores Ltd', description: 'Demo company: connections in every status', created: '2024-01-08T09:00:00Z' },
  { id: EMPTY_COMPANY_ID, name: 'Empty Co', description: 'No connections yet', created: '2024-02-12T10:30:00Z' },
  {
    id: PAGING_COMPANY_ID,
    name: 'Many Connections plc',
    description: `${PAGING_COMPANY_CONNECTIONS} connections, for paging`,
    created: '2024-03-04T08:15:00Z',
  },
  { id: SMALL_COMPANY_ID, name: 'Northwind Traders', description: 'Two connections', created: '2024-04-22T14:45:00Z' },
];

const activeError = (statusCode: string, statusText: string, errorMessage: string, erroredOnUtc: string): DataConnectionError => ({
  statusCode,
  statusText,
  errorMessage,
  erroredOnUtc,
  status: 'Active',
});

const resolvedError = (statusCode: string, statusText: string, errorMessage: string, erroredOnUtc: string, resolvedOnUtc: string): DataConnectionError => ({
  statusCode,
  statusText,
  errorMessage,
  erroredOnUtc,
  status: 'Resolved',
  resolvedOnUtc,
});

type ConnectionSpec = Omit<StoredConnection, 'id' | 'companyId' | 'dataConnectionErrors'> & { dataConnectionErrors?: DataConnectionError[] };

const demoConnections: ConnectionSpec[] = [
  { integrationKey: 'gbol', status: 'Linked', created: '2024-01-08T09:05:00Z', lastSync: '2024-06-03T07:12:44Z' },
  { integrationKey: 'qhyg', status: 'PendingAuth', created: '2024-05-30T16:20:00Z' },
  {
    integrationKey: 'ugxp',
    status: 'Linked',
    created: '2024-01-09T11:00:00Z',
    lastSync: '2024-06-02T22:40:10Z',
    dataConnectionErrors: [activeError('503', 'Service Unavailable', 'The bank did not respond; Codat will retry the next sync.', '2024-06-02T22:40:10Z')],
  },
  {
    integrationKey: 'cnpl',
    status: 'Deauthorized',
    created: '2024-02-01T13:30:00Z',
    lastSync: '2024-04-18T05:00:00Z',
    dataConnectionErrors: [activeError('401', 'Unauthorized', 'Access to the store was revoked; link the connection again.', '2024-04-19T05:00:00Z')],
  },
  {
    integrationKey: 'rvtn',
    status: 'Unlinked',
    created: '2024-02-14T10:00:00Z',
    lastSync: '2024-03-31T23:59:00Z',
    dataConnectionErrors: [resolvedError('429', 'Too Many Requests', 'The platform rate limited the sync.', '2024-03-10T03:00:00Z', '2024-03-10T04:00:00Z')],
  },
  {
    integrationKey: 'hcuq',
    status: 'Linked',
    created: '2024-03-01T09:45:00Z',
    lastSync: '2024-06-03T06:00:00Z',
    dataConnectionErrors: [
      resolvedError('500', 'Internal Server Error', 'The bank returned an error during a sync.', '2024-05-20T06:00:00Z', '2024-05-21T06:00:00Z'),
    ],
  },
  { integrationKey: 'sqre', status: 'PendingAuth', created: '2024-06-01T12:00:00Z' },
  { integrationKey: 'tgff', status: 'Deauthorized', created: '2024-01-20T15:10:00Z', lastSync: '2024-02-28T08:00:00Z' },
];

const smallConnections: ConnectionSpec[] = [
  { integrationKey: 'akxx', status: 'Linked', created: '2024-04-22T15:00:00Z', lastSync: '2024-06-01T01:00:00Z' },
  { integrationKey: 'dfxm', status: 'Unlinked', created: '2024-04-23T09:30:00Z' },
];

const pagingStatuses: ConnectionStatus[] = ['Linked', 'PendingAuth', 'Unlinked', 'Deauthorized'];
const enabledKeys = catalogue.filter((entry) => entry.enabled).map((entry) => entry.key);

function pagingConnections(): ConnectionSpec[] {
  const start = Date.parse('2024-03-04T09:00:00Z');
  return Array.from({ length: PAGING_COMPANY_CONNECTIONS }, (_, index) => {
    const created = new Date(start + index * 3_600_000).toISOString().replace('.000Z', 'Z');
    const status = pagingStatuses[index % pagingStatuses.length]!;
    return {
      integrationKey: enabledKeys[index % enabledKeys.length]!,
      status,
      created,
      ...(status === 'PendingAuth' ? {} : { lastSync: new Date(Date.parse(created) + 86_400_000).toISOString().replace('.000Z', 'Z') }),
    };
  });
}

/** A pull that fails whenever it runs: the platform answers an error for this connection's data type. */
export interface FailingPull {
  connectionId: string;
  dataType: DataType;
  errorMessage: string;
}

/** Seeded connection ids by their place in the seed (1-based), as the demo's pull operations name them. */
const seededConnectionId = (index: number) => fixedUuid(ID_FAMILY.seededConnection, index);
const XERO = seededConnectionId(1);
const PLAID = seededConnectionId(3);
const TRUELAYER = seededConnectionId(6);

/** The demo's Xero connection has never fetched this data type. */
export const NEVER_FETCHED_DATA_TYPE: DataType = 'taxRates';

/** The demo's Xero connection fails to fetch invoices, in the seed and on every refresh. */
export const failingPulls: ReadonlyArray<FailingPull> = [
  { connectionId: XERO, dataType: 'invoices', errorMessage: 'The platform returned an error while fetching invoices' },
];

const HOUR = 3_600_000;

/**
 * The demo company's pull history, oldest first, relative to `now`: two rounds for Xero (a day
 * ago and two hours ago, when invoices failed; tax rates never), one each for Plaid and TrueLayer.
 */
function demoPullOperations(now: number): StoredPullOperation[] {
  const accounting = dataTypesBySourceType.Accounting.filter((dataType) => dataType !== NEVER_FETCHED_DATA_TYPE);
  const rounds: Array<{ connectionId: string; dataTypes: readonly DataType[]; hoursAgo: number; fails: boolean }> = [
    { connectionId: XERO, dataTypes: accounting, hoursAgo: 26, fails: false },
    { connectionId: PLAID, dataTypes: dataTypesBySourceType.Banking, hoursAgo: 5, fails: false },
    { connectionId: XERO, dataTypes: accounting, hoursAgo: 2, fails: true },
    { connectionId: TRUELAYER, dataTypes: dataTypesBySourceType.Banking, hoursAgo: 1, fails: false },
  ];
  const operations: StoredPullOperation[] = [];
  for (const { connectionId, dataTypes, hoursAgo, fails } of rounds) {
    dataTypes.forEach((dataType, index) => {
      const requested = now - hoursAgo * HOUR + index * 5_000;
      const failure = fails ? failingPulls.find((pull) => pull.connectionId === connectionId && pull.dataType === dataType) : undefined;
      operations.push({
        id: fixedUuid(ID_FAMILY.seededPullOperation, operations.length + 1),
        companyId: DEMO_COMPANY_ID,
        connectionId,
        dataType,
        status: failure ? 'FetchError' : 'Complete',
        ...(failure ? { errorMessage: failure.errorMessage } : {}),
        requested: new Date(requested).toISOString(),
        completed: new Date(requested + 40_000 + index * 10_000).toISOString(),
        progress: 100,
      });
    });
  }
  return operations;
}

/** A fresh copy of the deterministic seed; pull operations are dated relative to `now`. */
export function seed(now: Date): { companies: StoredCompany[]; connections: StoredConnection[]; pullOperations: StoredPullOperation[] } {
  let index = 0;
  const connections: StoredConnection[] = [];
  const add = (companyId: string, specs: ConnectionSpec[]) => {
    for (const spec of specs) {
      index += 1;
      connections.push({
        ...spec,
        id: fixedUuid(ID_FAMILY.seededConnection, index),
        companyId,
        dataConnectionErrors: spec.dataConnectionErrors?.map((error) => ({ ...error })) ?? [],
      });
    }
  };
  add(DEMO_COMPANY_ID, demoConnections);
  add(SMALL_COMPANY_ID, smallConnections);
  add(PAGING_COMPANY_ID, pagingConnections());
  return { companies: seededCompanies.map((company) => ({ ...company })), connections, pullOperations: demoPullOperations(now.getTime()) };
}

export const seededCompanyList: ReadonlyArray<{ id: string; name: string }> = seededCompanies.map(({ id, name }) => ({ id, name }));
