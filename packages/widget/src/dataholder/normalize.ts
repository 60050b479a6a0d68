/**
 * The dataholder model's connections (see docs/dataholder.md) into the element's view model: the
 * one place where that model's data is checked, as `codat/normalize.ts` is for Codat's.
 */
import { DATAHOLDER_METRICS } from '@codat-connections/core/dataholder';
import { date, isRecord, normalizeRows, rowProblem, text, type Normalized } from '../checks.js';
import { isLoadableImage } from '../safe-url.js';
import type { ConnectionState, ConnectionsPageView, DatasetState, DatasetView, PlatformView } from '../view-model.js';

const states = new Map<string, ConnectionState>([
  ['ACTIVE', 'linked'],
  ['INITIATED', 'pending'],
  ['EXPIRED', 'expired'],
  ['DISCONNECTED', 'disconnected'],
]);

/** Open banking reads bank data: the source type Codat gives its banking connections, so `source-types` filters them alike. */
const sourceType = 'Banking';

const datasetStates = new Map<string, DatasetState>([
  ['SUCCESS', 'fresh'],
  ['FAILURE', 'failed'],
]);

/** One dataset's last read; undefined when the state does not report it (it is not shown). */
function dataset(type: string, value: unknown): DatasetView | undefined {
  if (!isRecord(value)) return undefined;
  const status = text(value['status']);
  const lastSuccess = date(value['lastSuccess']);
  const lastAttempt = date(value['lastUpdated']);
  return {
    type,
    state: (status && datasetStates.get(status)) || 'unknown',
    ...(status && { status }),
    ...(lastSuccess && { lastSuccess }),
    ...(lastAttempt && { lastAttempt }),
  };
}

/** A list of names: its strings (anything else in it left out), `null` kept, any other value unknown. */
function names(value: unknown): string[] | null | undefined {
  if (value === null) return null;
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string' && entry !== '') : undefined;
}

/** The most recent of some dates. */
const latest = (dates: readonly (string | undefined)[]): string | undefined =>
  dates.reduce<string | undefined>((newest, when) => (when && (!newest || Date.parse(when) > Date.parse(newest)) ? when : newest), undefined);

/**
 * A dataholder connection as a view, named after its dataholder (`dataholders`, by id; the id when
 * it is not there), or the problem that keeps it from being shown.
 */
export function normalizeDataholderConnection(value: unknown, dataholders: ReadonlyMap<string, PlatformView> = new Map()): Normalized {
  const problem = rowProblem(value);
  if (problem) return { problem };
  const raw = value as Record<string, unknown>;
  const status = typeof raw['status'] === 'string' ? raw['status'] : '';
  const platformKey = text(raw['dataholder']);
  const holder = platformKey ? dataholders.get(platformKey) : undefined;
  const state = isRecord(raw['connectionState']) ? raw['connectionState'] : {};
  const datasets = DATAHOLDER_METRICS.map((type) => dataset(type, state[type])).filter((entry) => entry !== undefined);
  const lastSync = latest(datasets.map((entry) => entry.lastSuccess));
  const connectedAt = date(state['connectedAt']);
  const disconnectedAt = date(state['disconnectedAt']);
  const scopes = names(raw['scopes']);
  const requested = names(raw['metrics']);
  return {
    view: {
      id: raw['id'] as string,
      name: holder?.name ?? platformKey ?? '',
      ...(platformKey && { platformKey }),
      ...(holder?.logoUrl && { logoUrl: holder.logoUrl }),
      state: states.get(status) ?? 'unknown',
      status,
      sourceType,
      ...(lastSync && { lastSync }),
      errors: [],
      datasets,
      ...(scopes !== undefined && { scopes }),
      ...(requested !== undefined && { metrics: requested }),
      ...(connectedAt && { connectedAt }),
      ...(disconnectedAt && { disconnectedAt }),
    },
  };
}

/** The user's connections as one page of views; rows that cannot be shown are skipped and named. */
export function normalizeDataholderPage(rows: readonly unknown[], dataholders: ReadonlyMap<string, PlatformView>): ConnectionsPageView {
  const { connections, problems } = normalizeRows(rows, (row) => normalizeDataholderConnection(row, dataholders));
  return { connections, totalResults: connections.length, problems };
}

/** Dataholders as platforms to offer: an id and a name each (the id when none), a logo only when safe to load. */
export function normalizeDataholders(entries: readonly unknown[]): PlatformView[] {
  const platforms: PlatformView[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = isRecord(entry) ? text(entry['id']) : undefined;
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const record = entry as Record<string, unknown>;
    const logoUrl = text(record['logoUrl']);
    platforms.push({ key, name: text(record['name'])?.trim() || key, sourceType, ...(logoUrl && isLoadableImage(logoUrl) && { logoUrl }) });
  }
  return platforms;
}
