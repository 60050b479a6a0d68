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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Every seeded date is this long before the clock at `reset()`, so the demo reads as a live account
 * (synced hours ago, created months ago) whenever it starts, and a test with its own clock gets the
 * same dates each run. Codat dates have whole seconds.
 */
type Before = (duration: number) => string;
const clockBefore =
  (now: number): Before =>
  (duration) =>
    new Date(Math.floor((now - duration) / 1000) * 1000).toISOString().replace('.000Z', 'Z');

const seededCompanies = (before: Before): StoredCompany[] => [
  { id: DEMO_COMPANY_ID, name: 'Toft Stores Ltd', description: 'Demo company: connections in every status', created: before(200 * DAY) },
  { id: EMPTY_COMPANY_ID, name: 'Empty Co', description: 'No connections yet', created: before(120 * DAY) },
  { id: PAGING_COMPANY_ID, name: 'Many Connections plc', description: `${PAGING_COMPANY_CONNECTIONS} connections, for paging`, created: before(90 * DAY) },
  { id: SMALL_COMPANY_ID, name: 'Northwind Traders', description: 'Two connections', created: before(40 * DAY) },
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

/**
 * The demo company's connections. A Linked one's `lastSync` is its latest seeded pull's completion
 * (set in {@link seed}), as a completed pull sets it during a run.
 */
const demoConnections = (before: Before): ConnectionSpec[] => [
  { integrationKey: 'gbol', status: 'Linked', created: before(199 * DAY) },
  { integrationKey: 'qhyg', status: 'PendingAuth', created: before(3 * DAY) },
  {
    integrationKey: 'ugxp',
    status: 'Linked',
    created: before(198 * DAY),
    dataConnectionErrors: [activeError('503', 'Service Unavailable', 'The bank did not respond; Codat will retry the next sync.', before(4 * HOUR))],
  },
  {
    integrationKey: 'cnpl',
    status: 'Deauthorized',
    created: before(170 * DAY),
    lastSync: before(46 * DAY),
    dataConnectionErrors: [activeError('401', 'Unauthorized', 'Access to the store was revoked; link the connection again.', before(45 * DAY))],
  },
  {
    integrationKey: 'rvtn',
    status: 'Unlinked',
    created: before(160 * DAY),
    lastSync: before(64 * DAY),
    dataConnectionErrors: [resolvedError('429', 'Too Many Requests', 'The platform rate limited the sync.', before(85 * DAY), before(85 * DAY - HOUR))],
  },
  {
    integrationKey: 'hcuq',
    status: 'Linked',
    created: before(140 * DAY),
    dataConnectionErrors: [resolvedError('500', 'Internal Server Error', 'The bank returned an error during a sync.', before(14 * DAY), before(13 * DAY))],
  },
  { integrationKey: 'sqre', status: 'PendingAuth', created: before(2 * DAY) },
  { integrationKey: 'tgff', status: 'Deauthorized', created: before(180 * DAY), lastSync: before(95 * DAY) },
];

const smallConnections = (before: Before): ConnectionSpec[] => [
  { integrationKey: 'akxx', status: 'Linked', created: before(40 * DAY - HOUR), lastSync: before(2 * DAY) },
  { integrationKey: 'dfxm', status: 'Unlinked', created: before(39 * DAY) },
];

const pagingStatuses: ConnectionStatus[] = ['Linked', 'PendingAuth', 'Unlinked', 'Deauthorized'];
const enabledKeys = catalogue.filter((entry) => entry.enabled).map((entry) => entry.key);

/** One connection an hour from the company's creation on; each synced a day after it was made. */
function pagingConnections(before: Before): ConnectionSpec[] {
  const first = 90 * DAY - HOUR;
  return Array.from({ length: PAGING_COMPANY_CONNECTIONS }, (_, index) => {
    const status = pagingStatuses[index % pagingStatuses.length]!;
    return {
      integrationKey: enabledKeys[index % enabledKeys.length]!,
      status,
      created: before(first - index * HOUR),
      ...(status === 'PendingAuth' ? {} : { lastSync: before(first - index * HOUR - DAY) }),
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

/** A fresh copy of the deterministic seed, every date relative to `now`. */
export function seed(now: Date): { companies: StoredCompany[]; connections: StoredConnection[]; pullOperations: StoredPullOperation[] } {
  const before = clockBefore(now.getTime());
  const pullOperations = demoPullOperations(now.getTime());
  let index = 0;
  const connections: StoredConnection[] = [];
  const add = (companyId: string, specs: ConnectionSpec[]) => {
    for (const spec of specs) {
      index += 1;
      const id = fixedUuid(ID_FAMILY.seededConnection, index);
      const synced = pullOperations.filter((operation) => operation.connectionId === id).map((operation) => operation.completed!);
      connections.push({
        ...spec,
        ...(synced.length > 0 ? { lastSync: synced.sort().at(-1)! } : {}),
        id,
        companyId,
        dataConnectionErrors: spec.dataConnectionErrors ?? [],
      });
    }
  };
  add(DEMO_COMPANY_ID, demoConnections(before));
  add(SMALL_COMPANY_ID, smallConnections(before));
  add(PAGING_COMPANY_ID, pagingConnections(before));
  return { companies: seededCompanies(before), connections, pullOperations };
}

export const seededCompanyList: ReadonlyArray<{ id: string; name: string }> = seededCompanies(clockBefore(0)).map(({ id, name }) => ({ id, name }));
