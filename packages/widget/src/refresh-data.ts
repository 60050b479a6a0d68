/**
 * After "Refresh data" was asked for: following the reads until they finish. Loaded on first use,
 * as a chunk beside the language chunks: most visits never refresh.
 */
import { failureKind, retryAfterOf } from './failures.js';
import type { ElementHost } from './host.js';
import type { Message } from './messages.js';
import type { ConnectionsSource } from './source.js';
import { displayName } from './templates/labels.js';
import type { ConnectionView, DatasetView } from './view-model.js';

/** What a row says when its refresh could not be asked for: signed out, wait (Codat's Retry-After), or failed. */
function refreshFailure(error: unknown, name: string): Message {
  if (failureKind(error) === 'signed-out') return { key: 'signedOut' };
  const seconds = retryAfterOf(error);
  return seconds === undefined ? { key: 'refreshFailed', name } : { key: 'refreshLater', seconds };
}

/**
 * "Refresh data" on a row already busy with it (`signal`): asks the source to read the data again,
 * shows the reads under way on the row until they finish, then their outcome, and emits
 * codat-refreshed. A 429 says when to try again.
 */
export async function refreshData(host: ElementHost, source: ConnectionsSource, connection: ConnectionView, signal: AbortSignal): Promise<void> {
  const { id } = connection;
  const name = displayName(host.strings(), connection);
  const since = Date.now();
  try {
    await source.refreshData!({ signal });
    const datasets = await waitForReads(source, connection, since, signal, (read) => host.list.setDatasets(new Map([[id, read]])));
    if (!host.rows.finish(id, signal)) return;
    const now = host.list.connections.find((row) => row.id === id) ?? { ...connection, ...(datasets && { datasets }) };
    host.announce(host.strings().dataRefreshed(name));
    host.emit('codat-refreshed', { connection: now });
  } catch (error) {
    if (signal.aborted || failureKind(error) === 'aborted') return;
    const message = refreshFailure(error, name);
    host.failRow(id, signal, message, message.key === 'refreshFailed' ? 'refresh-data' : undefined);
    host.emitError(error, 'refresh');
  }
  // Back on the row's button (or the failure's Retry, else Dismiss) when focus waited on the row.
  await host.rendered();
  const controls = ['row-message-retry', 'row-message-dismiss', 'refresh-data-button'].map((part) => host.findInRow(id, `[part~="${part}"]:not([hidden])`));
  host.restoreFocus(controls.find(Boolean) ?? host.findRow(id));
}

/**
 * After a refresh was queued at `since`: reads the connection's datasets again, with backoff, until
 * reads asked for since then have all finished (or `patience` runs out), giving each reading to
 * `shown`. Resolves with the last one; an abort of `signal` stops it at once.
 */
export async function waitForReads(
  source: ConnectionsSource,
  connection: ConnectionView,
  since: number,
  signal: AbortSignal,
  shown: (datasets: DatasetView[]) => void,
  { first = 500, patience = 120_000 } = {},
): Promise<DatasetView[] | undefined> {
  if (!source.freshness) return undefined;
  const deadline = Date.now() + patience;
  let datasets: DatasetView[] | undefined;
  for (let wait = first; ; wait = Math.min(wait * 1.5, 5_000)) {
    datasets = (await source.freshness([connection], { signal })).get(connection.id) ?? [];
    if (signal.aborted) return undefined;
    shown(datasets);
    if (finishedSince(datasets, since) || Date.now() + wait > deadline) return datasets;
    await pause(wait, signal);
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
