import { findIntegration, type CatalogueEntry } from './catalogue.js';
import { dataTypeOrder } from './pull-operations.js';
import type { FieldTable } from './query.js';
import type { DataType, StoredCompany, StoredConnection, StoredPullOperation } from './types.js';

/** Where the emulator is reachable (origin + basePath), for `linkUrl`, `logoUrl` and `redirect`. */
export type PublicUrl = string;

export function linkUrl(publicUrl: PublicUrl, connection: Pick<StoredConnection, 'companyId' | 'id'>): string {
  return `${publicUrl}/link/${connection.companyId}/${connection.id}`;
}

export function logoUrl(publicUrl: PublicUrl, key: string): string {
  return `${publicUrl}/integrations/${key}/logo.svg`;
}

/** Codat `Connection`. */
export function connectionJson(connection: StoredConnection, publicUrl: PublicUrl) {
  const entry = findIntegration(connection.integrationKey)!;
  return {
    id: connection.id,
    integrationId: entry.integrationId,
    integrationKey: entry.key,
    sourceId: entry.sourceId,
    sourceType: entry.sourceType,
    platformName: entry.name,
    linkUrl: linkUrl(publicUrl, connection),
    status: connection.status,
    ...(connection.lastSync ? { lastSync: connection.lastSync } : {}),
    created: connection.created,
    dataConnectionErrors: connection.dataConnectionErrors.map((error) => ({ ...error })),
  };
}

/** Codat `Integration`. */
export function integrationJson(entry: CatalogueEntry, publicUrl: PublicUrl) {
  return {
    key: entry.key,
    logoUrl: logoUrl(publicUrl, entry.key),
    name: entry.name,
    enabled: entry.enabled,
    sourceId: entry.sourceId,
    sourceType: entry.sourceType,
    integrationId: entry.integrationId,
    isOfflineConnector: entry.isOfflineConnector,
    isBeta: entry.isBeta,
    dataProvidedBy: entry.name,
  };
}

/** Codat `Branding`: every image is the emulator's own SVG logo. */
export function brandingJson(entry: CatalogueEntry, publicUrl: PublicUrl) {
  const image = (alt: string) => ({ image: { src: logoUrl(publicUrl, entry.key), alt: `${entry.name} ${alt}` } });
  return {
    logo: { full: image('full icon'), square: image('square icon') },
    button: { default: image('default button icon'), hover: image('hover button icon') },
    sourceId: entry.sourceId,
  };
}

/** Codat `Company`. */
export function companyJson(company: StoredCompany, connections: StoredConnection[], publicUrl: PublicUrl) {
  const synced = connections
    .map((connection) => connection.lastSync)
    .filter((value): value is string => Boolean(value))
    .sort();
  return {
    id: company.id,
    name: company.name,
    description: company.description,
    redirect: `${publicUrl}/link/${company.id}`,
    ...(synced.length ? { lastSync: synced[synced.length - 1] } : {}),
    created: company.created,
    products: [],
    tags: {},
    referenceSubsidiaryCompanies: [],
  };
}

export const connectionFields: FieldTable<StoredConnection> = {
  id: { kind: 'string', read: (c) => c.id },
  integrationId: { kind: 'string', read: (c) => findIntegration(c.integrationKey)?.integrationId },
  integrationKey: { kind: 'string', read: (c) => c.integrationKey },
  sourceId: { kind: 'string', read: (c) => findIntegration(c.integrationKey)?.sourceId },
  sourceType: { kind: 'string', read: (c) => findIntegration(c.integrationKey)?.sourceType },
  platformName: { kind: 'string', read: (c) => findIntegration(c.integrationKey)?.name },
  status: { kind: 'string', read: (c) => c.status },
  lastSync: { kind: 'date', read: (c) => c.lastSync },
  created: { kind: 'date', read: (c) => c.created },
};

export const integrationFields: FieldTable<CatalogueEntry> = {
  key: { kind: 'string', read: (i) => i.key },
  name: { kind: 'string', read: (i) => i.name },
  enabled: { kind: 'boolean', read: (i) => i.enabled },
  sourceId: { kind: 'string', read: (i) => i.sourceId },
  sourceType: { kind: 'string', read: (i) => i.sourceType },
  integrationId: { kind: 'string', read: (i) => i.integrationId },
  isBeta: { kind: 'boolean', read: (i) => i.isBeta },
  isOfflineConnector: { kind: 'boolean', read: (i) => i.isOfflineConnector },
};

export const companyFields: FieldTable<StoredCompany> = {
  id: { kind: 'string', read: (c) => c.id },
  name: { kind: 'string', read: (c) => c.name },
  description: { kind: 'string', read: (c) => c.description },
  created: { kind: 'date', read: (c) => c.created },
};

/** Codat `PullOperation`. Only `Complete` counts as completed; the emulator's one error status is `FetchError`. */
export function pullOperationJson(operation: StoredPullOperation) {
  return {
    id: operation.id,
    companyId: operation.companyId,
    connectionId: operation.connectionId,
    dataType: operation.dataType,
    status: operation.status,
    ...(operation.errorMessage === undefined ? {} : { errorMessage: operation.errorMessage }),
    requested: operation.requested,
    ...(operation.completed === undefined ? {} : { completed: operation.completed }),
    progress: operation.progress,
    isCompleted: operation.status === 'Complete',
    isErrored: operation.status === 'FetchError',
  };
}

/** Codat `DataStatus`: the state of a data type from its latest pull and its latest successful one. */
function dataStatusJson(dataType: DataType, operations: StoredPullOperation[]) {
  const byRequested = [...operations].sort((a, b) => Date.parse(a.requested) - Date.parse(b.requested));
  const latest = byRequested[byRequested.length - 1]!;
  const latestSuccessful = byRequested.filter((operation) => operation.status === 'Complete').pop();
  return {
    dataType,
    ...(latestSuccessful ? { lastSuccessfulSync: latestSuccessful.completed } : {}),
    currentStatus: latest.status,
    latestSyncId: latest.id,
    ...(latestSuccessful ? { latestSuccessfulSyncId: latestSuccessful.id } : {}),
  };
}

/**
 * Codat `DataStatuses`, keyed by data type: each data type the company has pulled, from all its
 * connections. A data type never pulled is left out, as Codat's API does: the description makes
 * every entry nullable, but Codat's own SDK refuses a `null` entry.
 */
export function dataStatusesJson(operations: StoredPullOperation[]) {
  const statuses: Record<string, ReturnType<typeof dataStatusJson>> = {};
  for (const dataType of dataTypeOrder) {
    const pulls = operations.filter((operation) => operation.dataType === dataType);
    if (pulls.length > 0) statuses[dataType] = dataStatusJson(dataType, pulls);
  }
  return statuses;
}

/** Queryable fields of a pull operation; Codat says `isCompleted` is not one of them. */
export const pullOperationFields: FieldTable<StoredPullOperation> = {
  id: { kind: 'string', read: (o) => o.id },
  companyId: { kind: 'string', read: (o) => o.companyId },
  connectionId: { kind: 'string', read: (o) => o.connectionId },
  dataType: { kind: 'string', read: (o) => o.dataType },
  status: { kind: 'string', read: (o) => o.status },
  requested: { kind: 'date', read: (o) => o.requested },
  completed: { kind: 'date', read: (o) => o.completed },
  progress: { kind: 'number', read: (o) => o.progress },
};
