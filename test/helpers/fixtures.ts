// One builder per shape the tests make: Codat's connections, pull operations and token grants, the
// element's connection and dataset views, and the dataholder model's connections and reads. Each
// gives a valid value with plain defaults; a test states what matters to it as overrides.
// Node and browser tests share it, so it imports types only.
import type { Connection, PullOperation, TokenGrant } from '@codat-connections/core';
import type { DataholderConnection, DatasetReadState } from '@codat-connections/core/dataholder';
import type { ConnectionView, DatasetView } from '../../packages/widget/src/index.js';

/** The company of `grant()`. */
export const COMPANY = '6b0d2c44-f675-40ba-8049-353bfcb5e171';

/** UUID number `n`: 00000000-0000-4000-8000-00000000000n. */
export const numberedId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The time `hours` ago, as ISO 8601. */
export const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString();

/** ISO 8601 `hours` after `time`, without milliseconds when `time` has none (as Codat writes them). */
const hoursAfter = (time: string, hours: number): string => {
  const later = new Date(Date.parse(time) + hours * 3_600_000).toISOString();
  return time.includes('.') ? later : later.replace('.000Z', 'Z');
};

// ----- Codat

/** Codat's `Connection` number `n`: Linked Xero (`gbol`) accounting data, made 30 days ago and synced three days ago. */
export function connection(n: number, overrides: Partial<Connection> = {}): Connection {
  const id = numberedId(n);
  return {
    id,
    integrationId: 'bf083d72-62c7-493e-aec9-81b4dbba7e2c',
    integrationKey: 'gbol',
    sourceId: '8a210b68-6988-11ed-a1eb-0242ac120002',
    sourceType: 'Accounting',
    platformName: `Platform ${n}`,
    linkUrl: `https://link.codat.io/${id}`,
    status: 'Linked',
    lastSync: hoursAgo(72),
    created: hoursAgo(720),
    ...overrides,
  };
}

let pullOperations = 0;

/**
 * Codat's `PullOperation`: a read of invoices requested on 1 January 2024, by default complete an
 * hour later; progress, `isCompleted`, `isErrored` and `completed` follow the status. Each gets an
 * id of its own unless given one.
 */
export function pullOperation(overrides: Partial<PullOperation> = {}): PullOperation {
  const { status = 'Complete', requested = '2024-01-01T00:00:00Z' } = overrides;
  const complete = status === 'Complete';
  // Given, `completed` may be anything a test needs (an invalid date after an invalid request).
  const { completed = complete ? hoursAfter(requested, 1) : undefined } = overrides;
  return {
    id: numberedId((pullOperations += 1)),
    companyId: COMPANY,
    connectionId: numberedId(1),
    dataType: 'invoices',
    status,
    requested,
    ...(completed !== undefined && { completed }),
    progress: complete ? 100 : 0,
    isCompleted: complete,
    isErrored: status.endsWith('Error'),
    ...overrides,
  };
}

/** A token grant for `COMPANY`, valid for ten minutes. */
export const grant = (overrides: Partial<TokenGrant> = {}): TokenGrant => ({ accessToken: 't', expiresIn: 600, companyId: COMPANY, ...overrides });

// ----- the element's view model

/** Row `n` as the element sees it: linked Accounting data, made a month ago and read three days ago. */
export const view = (n: number, overrides: Partial<ConnectionView> = {}): ConnectionView => ({
  id: `c${n}`,
  name: `Platform ${n}`,
  platformKey: `p${n}`,
  state: 'linked',
  status: 'Linked',
  sourceType: 'Accounting',
  created: hoursAgo(720),
  lastSync: hoursAgo(72),
  linkUrl: `https://link.example.com/c${n}`,
  errors: [],
  ...overrides,
});

/** A data type of a row, last read `hours` ago; a failed one last succeeded two days before that. */
export const dataset = (type: string, state: DatasetView['state'], hours: number, message?: string): DatasetView => ({
  type,
  state,
  lastAttempt: hoursAgo(hours),
  ...(state !== 'never' && { lastSuccess: hoursAgo(state === 'failed' ? hours + 48 : hours) }),
  ...(message && { message }),
});

// ----- the dataholder model

/** A dataholder connection: the user's active consent to ANZ, with no scopes, metrics or reads named. */
export const dataholderConnection = (id: string, overrides: Partial<DataholderConnection> = {}): DataholderConnection => ({
  id,
  app: 'app',
  dataholder: 'anz',
  user: 'user-1',
  scopes: null,
  metrics: null,
  status: 'ACTIVE',
  connectionState: {},
  ...overrides,
});

/** One dataset's read in a dataholder connection's state, `hours` ago; a failed one last succeeded two days before. */
export const dataholderRead = (status: string, hours: number, lastSuccessHours = status === 'FAILURE' ? hours + 48 : hours): DatasetReadState => ({
  status,
  referenceId: 'ref',
  lastSuccess: hoursAgo(lastSuccessHours),
  lastUpdated: hoursAgo(hours),
});
