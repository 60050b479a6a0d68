/**
 * "Is my data up to date?" for one connection, from its datasets: a pure function, tested in Node.
 * Any source that fills `ConnectionView.datasets` gets the same summary.
 */
import type { DatasetView } from './view-model.js';

export type Freshness =
  /** A read is under way. */
  | { readonly kind: 'updating' }
  /** The first read is under way: nothing has been read yet (a connection just linked). */
  | { readonly kind: 'reading' }
  /** Data types whose last read failed. */
  | { readonly kind: 'failed'; readonly count: number }
  /** Nothing has been read yet. */
  | { readonly kind: 'never' }
  /** Read, but the least recent data is older than `stale-after`. */
  | { readonly kind: 'stale'; readonly since: string }
  /** Read; `since` is when the least recently read data type was read. */
  | { readonly kind: 'updated'; readonly since: string }
  /** The connection is not linked: what was read is kept, but no longer updates; `since` is the last successful read. */
  | { readonly kind: 'stopped'; readonly since: string };

/**
 * The one line a row shows about its data, or undefined when the source said nothing about it.
 * A read under way comes first, then failures, then age: the least recent successful read is the
 * honest answer to "is my data up to date".
 */
export function freshnessOf(datasets: readonly DatasetView[] | undefined, staleAfterMs: number, now = Date.now()): Freshness | undefined {
  if (!datasets || datasets.length === 0) return undefined;
  const read = datasets.map((dataset) => dataset.lastSuccess).filter((when): when is string => when !== undefined && !Number.isNaN(Date.parse(when)));
  if (datasets.some((dataset) => dataset.state === 'fetching')) return { kind: read.length === 0 ? 'reading' : 'updating' };
  const failed = datasets.filter((dataset) => dataset.state === 'failed').length;
  if (failed > 0) return { kind: 'failed', count: failed };
  if (read.length === 0) return { kind: 'never' };
  const since = read.reduce((oldest, when) => (Date.parse(when) < Date.parse(oldest) ? when : oldest));
  return now - Date.parse(since) > staleAfterMs ? { kind: 'stale', since } : { kind: 'updated', since };
}

/**
 * The line of a connection that is not linked, whose data no longer updates: when data was last
 * read successfully ("since when is it stale"), or undefined when nothing was ever read.
 */
export function stoppedFreshnessOf(datasets: readonly DatasetView[] | undefined): Freshness | undefined {
  const read = (datasets ?? []).map((dataset) => dataset.lastSuccess).filter((when): when is string => when !== undefined && !Number.isNaN(Date.parse(when)));
  if (read.length === 0) return undefined;
  return { kind: 'stopped', since: read.reduce((newest, when) => (Date.parse(when) > Date.parse(newest) ? when : newest)) };
}

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A `stale-after` value in milliseconds: a whole number of minutes, hours or days (`90m`, `24h`,
 * `7d`); undefined when it is none of these.
 */
export function parseDuration(value: string | undefined): number | undefined {
  const match = /^\s*(\d+)\s*([mhd])\s*$/.exec(value ?? '');
  return match ? Number(match[1]) * units[match[2]!]! : undefined;
}
