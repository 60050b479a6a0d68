/**
 * The checks every source's normalization uses on API data: a field of the wrong type becomes
 * absent, never an exception; a row that cannot be shown is skipped and named.
 */
import type { ConnectionView } from './view-model.js';

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A non-empty string, else undefined. */
export const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** A date string that parses, else undefined. */
export const date = (value: unknown): string | undefined => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined);

/** The problem that keeps a row from being shown at all (not an object, no id), if any. */
export function rowProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return `not an object (${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value})`;
  if (!text(value['id'])) return 'no id (`id` is missing or not a string)';
  return undefined;
}

export type Normalized = { view: ConnectionView } | { problem: string };

/**
 * Rows of an answer as views: rows that cannot be shown, or that repeat an id already seen (a
 * second row with the same id is not a second connection), are skipped and named in `problems`
 * by their place in `field` (`results[3]: ...`).
 */
export function normalizeRows(
  rows: readonly unknown[],
  normalize: (row: unknown) => Normalized,
  field = 'results',
): { connections: ConnectionView[]; problems: string[] } {
  const connections: ConnectionView[] = [];
  const problems: string[] = [];
  /** Where each id was first seen. */
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const normalized = normalize(row);
    if (!('view' in normalized)) {
      problems.push(`${field}[${index}]: ${normalized.problem}`);
    } else if (seen.has(normalized.view.id)) {
      problems.push(`${field}[${index}]: the same id as ${field}[${seen.get(normalized.view.id)}]`);
    } else {
      seen.set(normalized.view.id, index);
      connections.push(normalized.view);
    }
  });
  return { connections, problems };
}
