/**
 * Codat's answers into the element's view model. This is the one place where Codat's data is
 * checked: a field of the wrong type becomes absent (or the `unknown` state), never an exception,
 * and a row that cannot be shown at all (not an object, no id) is skipped and named in `problems`.
 */
import type { ConnectionErrorView, ConnectionState, ConnectionsPageView, PlatformView } from '../view-model.js';
import { isLoadableImage } from '../safe-url.js';
import { date, isRecord, normalizeRows, rowProblem, text, type Normalized } from '../checks.js';

const states = new Map<string, ConnectionState>([
  ['Linked', 'linked'],
  ['PendingAuth', 'pending'],
  ['Unlinked', 'disconnected'],
  ['Deauthorized', 'expired'],
]);

/**
 * Codat's `dataConnectionErrors`, active ones only: `status: "Active"`, or no status and no
 * `resolvedOnUtc` (older answers). Entries that are not objects are left out.
 */
function activeErrors(value: unknown): ConnectionErrorView[] {
  if (!Array.isArray(value)) return [];
  const errors: ConnectionErrorView[] = [];
  for (const entry of value) {
    if (!isRecord(entry)) continue;
    const active = entry['status'] === 'Active' || (entry['status'] === undefined && entry['resolvedOnUtc'] === undefined);
    if (!active) continue;
    const status = text(entry['statusCode']) ?? (typeof entry['statusCode'] === 'number' ? String(entry['statusCode']) : undefined);
    const time = date(entry['erroredOnUtc']);
    errors.push({
      message: text(entry['errorMessage']) ?? text(entry['statusText']) ?? status ?? '',
      ...(time && { time }),
      ...(status && { status }),
    });
  }
  return errors;
}

/** A Codat `Connection` as a view, or the problem that keeps it from being shown. */
export function normalizeConnection(value: unknown): Normalized {
  const problem = rowProblem(value);
  if (problem) return { problem };
  const raw = value as Record<string, unknown>;
  const status = typeof raw['status'] === 'string' ? raw['status'] : '';
  const platformKey = text(raw['integrationKey']);
  const sourceType = text(raw['sourceType']);
  const created = date(raw['created']);
  const lastSync = date(raw['lastSync']);
  const linkUrl = text(raw['linkUrl']);
  return {
    view: {
      id: raw['id'] as string,
      name: text(raw['platformName'])?.trim() ?? '',
      ...(platformKey && { platformKey }),
      state: states.get(status) ?? 'unknown',
      status,
      ...(sourceType && { sourceType }),
      ...(created && { created }),
      ...(lastSync && { lastSync }),
      ...(linkUrl && { linkUrl }),
      errors: activeErrors(raw['dataConnectionErrors']),
    },
  };
}

/**
 * A page of Codat connections as views. The core has checked the envelope (`results` an array,
 * `totalResults` a number); each row is checked here, and rows that cannot be shown (or repeat an
 * id already on the page) are skipped.
 */
export function normalizePage(page: { results?: unknown; totalResults?: unknown }): ConnectionsPageView {
  const results: unknown[] = Array.isArray(page.results) ? page.results : [];
  const { connections, problems } = normalizeRows(results, normalizeConnection);
  const total = page.totalResults;
  const totalResults = typeof total === 'number' && Number.isSafeInteger(total) && total >= results.length ? total : results.length;
  return { connections, totalResults, problems };
}

/**
 * Codat's integrations as platforms to offer: enabled ones with a valid key (four lower-case
 * letters), named by `name` or else by key, with a logo only when it is safe to load.
 */
export function normalizePlatforms(integrations: readonly unknown[]): PlatformView[] {
  const platforms: PlatformView[] = [];
  const seen = new Set<string>();
  for (const entry of integrations) {
    if (!isRecord(entry) || entry['enabled'] === false) continue;
    const key = entry['key'];
    if (typeof key !== 'string' || !/^[a-z]{4}$/.test(key) || seen.has(key)) continue;
    seen.add(key);
    const logoUrl = text(entry['logoUrl']);
    const sourceType = text(entry['sourceType']);
    platforms.push({
      key,
      name: text(entry['name'])?.trim() || key,
      ...(logoUrl && isLoadableImage(logoUrl) && { logoUrl }),
      ...(sourceType && { sourceType }),
    });
  }
  return platforms;
}
