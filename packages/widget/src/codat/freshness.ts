/**
 * Codat's pull operations and data status as the datasets of each connection: for every data type
 * a connection has been asked to read, its latest read and its latest successful one. Like the rest
 * of normalization, every field is checked here: an entry that is not a read of a known connection
 * and data type is left out, never thrown on.
 */
import type { DatasetState, DatasetView } from '../view-model.js';

/** Codat statuses of a read still under way (queued included). */
const running = new Set(['Initial', 'Queued', 'Fetching', 'MapQueued', 'Mapping', 'ProcessingQueued', 'Processing', 'ValidationQueued', 'Validating']);
/** Codat statuses of a read that ended without data, besides every `...Error`. */
const failing = new Set(['AuthError', 'Cancelled', 'PermissionsError', 'PrerequisiteNotMet']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const time = (value: unknown): number => (typeof value === 'string' ? Date.parse(value) : NaN);

/** The state of a read with this Codat status; `undefined` for a data type the platform does not support. */
function stateOf(status: string, isErrored: unknown): DatasetState | undefined {
  if (status === 'NotSupported') return undefined;
  if (status === 'Complete') return 'fresh';
  if (running.has(status)) return 'fetching';
  if (isErrored === true || failing.has(status) || status.endsWith('Error')) return 'failed';
  return 'unknown';
}

interface Read {
  status: string;
  requested: number;
  requestedAt?: string;
  completedAt?: string;
  message?: string;
  isErrored: unknown;
}

/**
 * Groups pull operations (any order) by connection, then by data type, into datasets sorted by data
 * type. A data type whose latest read is `NotSupported` is left out.
 */
export function datasetsFromPullOperations(operations: readonly unknown[]): Map<string, DatasetView[]> {
  const reads = new Map<string, Map<string, Read[]>>();
  for (const entry of operations) {
    if (!isRecord(entry)) continue;
    const connectionId = text(entry['connectionId']);
    const type = text(entry['dataType']);
    const status = text(entry['status']);
    if (!connectionId || !type || !status) continue;
    const requested = time(entry['requested']);
    const read: Read = {
      status,
      requested: Number.isNaN(requested) ? -Infinity : requested,
      isErrored: entry['isErrored'],
      ...(!Number.isNaN(requested) && { requestedAt: entry['requested'] as string }),
      ...(!Number.isNaN(time(entry['completed'])) && { completedAt: entry['completed'] as string }),
    };
    const message = text(entry['errorMessage']) ?? text(entry['statusDescription']);
    if (message) read.message = message;
    let byType = reads.get(connectionId);
    if (!byType) reads.set(connectionId, (byType = new Map()));
    byType.set(type, [...(byType.get(type) ?? []), read]);
  }
  const datasets = new Map<string, DatasetView[]>();
  for (const [connectionId, byType] of reads) {
    const views: DatasetView[] = [];
    for (const [type, all] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
      const latest = all.reduce((a, b) => (b.requested > a.requested ? b : a));
      const state = stateOf(latest.status, latest.isErrored);
      if (!state) continue;
      const succeeded = all.filter((read) => read.status === 'Complete' && read.completedAt).sort((a, b) => time(b.completedAt) - time(a.completedAt))[0];
      views.push({
        type,
        state,
        status: latest.status,
        ...(succeeded?.completedAt && { lastSuccess: succeeded.completedAt }),
        ...(latest.requestedAt && { lastAttempt: latest.requestedAt }),
        ...(state === 'failed' && latest.message && { message: latest.message }),
      });
    }
    datasets.set(connectionId, views);
  }
  return datasets;
}

/** Data types Codat's data status lists as never read (`null`), from a get-company-data-status answer. */
export function neverReadDataTypes(dataStatus: unknown): string[] {
  if (!isRecord(dataStatus)) return [];
  return Object.keys(dataStatus)
    .filter((type) => dataStatus[type] === null)
    .sort();
}

/**
 * Whether a Codat data type belongs to a connection of this source type: Codat names banking and
 * commerce data types with their prefix (`banking-transactions`), accounting ones without.
 */
export function isDataTypeOf(type: string, sourceType: string | undefined): boolean {
  if (sourceType === 'Banking') return type.startsWith('banking-');
  if (sourceType === 'Commerce') return type.startsWith('commerce-');
  if (sourceType === 'Accounting') return !type.includes('-');
  return false;
}

/** A connection's datasets with its source type's never-read data types added as `never`. */
export function withNeverRead(datasets: readonly DatasetView[], neverRead: readonly string[], sourceType: string | undefined): DatasetView[] {
  const known = new Set(datasets.map((dataset) => dataset.type));
  const missing = neverRead.filter((type) => !known.has(type) && isDataTypeOf(type, sourceType));
  return [...datasets, ...missing.map((type): DatasetView => ({ type, state: 'never' }))].sort((a, b) => a.type.localeCompare(b.type));
}
