/**
 * After "Refresh data" was asked for: following the reads until they finish. Loaded on first use:
 * most visits never refresh.
 */
import { failureKind, retryAfterOf } from '../failures.js';
import type { Message } from '../messages.js';
import type { Outcome, Report } from '../outcome.js';
import type { ConnectionsSource } from '../source.js';
import type { ReadNotices } from './live.js';
import type { ConnectionView, DatasetView } from '../view-model.js';

/** What a row says when its refresh could not be asked for: signed out, wait (the source's Retry-After), or failed. */
function refreshFailure(error: unknown, name: string, provider: string | undefined): Message {
  if (failureKind(error) === 'signed-out') return { key: 'signedOut' };
  const seconds = retryAfterOf(error);
  return seconds === undefined ? { key: 'refreshFailed', name } : { key: 'refreshLater', seconds, ...(provider && { provider }) };
}

export interface RefreshData {
  connection: ConnectionView;
  /** The row's display name, for the messages. */
  name: string;
  signal: AbortSignal;
  /** Notices of reads finished, while changes are followed: the reads are then read again only when one comes. */
  reads?: ReadNotices | undefined;
}

/**
 * Asks the source to read the data again and follows the reads until they finish, reporting them
 * as they stand; a 429 says when to try again.
 */
export async function refreshData(source: ConnectionsSource, { connection, name, signal, reads }: RefreshData, report: Report): Promise<Outcome> {
  const since = Date.now();
  try {
    await source.refreshData!({ signal });
    const datasets = await waitForReads(source, connection, since, signal, (read) => report({ kind: 'datasets', datasets: read }), { reads });
    return { kind: 'data-refreshed', connection: datasets ? { ...connection, datasets } : connection };
  } catch (error) {
    if (signal.aborted || failureKind(error) === 'aborted') return { kind: 'none' };
    const message = refreshFailure(error, name, source.provider);
    return { kind: 'failed', error, message, ...(message.key === 'refreshFailed' && { retry: 'refresh-data' as const }) };
  }
}

/**
 * After a refresh was queued at `since`: reads the connection's datasets again, with backoff, until
 * reads asked for since then have all finished (or `patience` runs out), giving each reading to
 * `shown`. While `reads` tells of reads finishing, it reads again when one does (or after `quiet`
 * without one), instead of with backoff. Resolves with the last one; an abort of `signal` stops it at once.
 */
export async function waitForReads(
  source: ConnectionsSource,
  connection: ConnectionView,
  since: number,
  signal: AbortSignal,
  shown: (datasets: DatasetView[]) => void,
  { first = 500, patience = 120_000, quiet = 10_000, reads }: { first?: number; patience?: number; quiet?: number; reads?: ReadNotices | undefined } = {},
): Promise<DatasetView[] | undefined> {
  if (!source.freshness) return undefined;
  const deadline = Date.now() + patience;
  try {
    for (let wait = first; ; wait = Math.min(wait * 1.5, 5_000)) {
      const datasets = (await source.freshness([connection], { signal })).get(connection.id) ?? [];
      if (signal.aborted) return undefined;
      shown(datasets);
      if (finishedSince(datasets, since) || Date.now() + wait > deadline) return datasets;
      // A stream lost without a word (reconnecting) must not hold the row: it reads again after `quiet` at the latest.
      if (reads?.following) await reads.next(Math.min(quiet, deadline - Date.now()), signal);
      else await pause(wait, signal);
    }
  } finally {
    reads?.close();
  }
}

/** Whether reads were asked for at or after `since`, and none is under way. */
function finishedSince(datasets: readonly DatasetView[], since: number): boolean {
  const asked = datasets.some((dataset) => dataset.lastAttempt !== undefined && Date.parse(dataset.lastAttempt) >= since);
  return asked && !datasets.some((dataset) => dataset.state === 'fetching');
}

/** Waits `ms`, or rejects at once (an AbortError) when `signal` aborts; the timer never outlives it. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal.addEventListener('abort', stop, { once: true });
  });
}
