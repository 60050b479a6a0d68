import { ConnectionsError, awaitAuthorization, type Operation } from '@codat-connections/core';
import type { DataholderClient, DataholderConsent } from '@codat-connections/core/dataholder';
import type { ConnectionsSource, RedirectReturn, SourceChange, SourceRequest } from '../source.js';
import type { ConnectionView, PlatformView } from '../view-model.js';
import { normalizeDataholderConnection, normalizeDataholderPage, normalizeDataholders } from './normalize.js';

/**
 * What `dataholderSource` reads from: the client of the partner's REST shape
 * (`createDataholderClient`), or functions of the partner's own with the same signatures. `list`
 * and `get` are required; without `disconnect` no row offers Unlink, without `consent` nothing
 * offers Link or Reconnect, without `dataholders` rows are named by the dataholder's id.
 */
export type DataholderTransport = Pick<DataholderClient, 'list' | 'get'> & Partial<Pick<DataholderClient, 'disconnect' | 'consent' | 'dataholders'>>;

export interface DataholderSourceOptions {
  /**
   * Who reads the user's data, named where the element says so (the confirmation before Unlink):
   * the app the user consented to, or the open-banking platform. Without it that text names no one.
   */
  provider?: string;
  /** Milliseconds to wait for the user to give consent (default 10 minutes). */
  timeout?: number;
  /** First step of looking at the connection while the user gives consent, in milliseconds (default 1000). */
  pollInterval?: number;
  /**
   * Milliseconds between readings of the list while the page is visible, to follow changes made
   * elsewhere (this model sends no notices); default 30 000, `0` for none (the element then reads
   * the list only when the page is shown again).
   */
  watchInterval?: number;
}

const invalid = (operation: Operation, problem: string) =>
  new ConnectionsError(`${operation} failed: ${problem}`, { code: 'invalid_response', operation, status: 0 });

/**
 * The return page's parameters with `link-mode="redirect"` (the partner handler's
 * `/consents/return` sends the user back to the page with them): a consent not given is a failure.
 */
const dataholderReturn: RedirectReturn = {
  parameters: ['connectionId', 'outcome'],
  read(params) {
    const connectionId = params.get('connectionId');
    const outcome = params.get('outcome');
    if (connectionId === null || outcome === null) return undefined;
    return outcome === 'approved' ? { connectionId } : { connectionId, failure: 'consent not given' };
  },
};

/**
 * Changes followed by reading: a `gap` (read the list) every `interval` while the page is visible,
 * and at once when it is shown again after being hidden. Nothing is read while it is hidden.
 */
async function* everyWhileVisible(interval: number, signal: AbortSignal): AsyncGenerator<SourceChange> {
  yield { type: 'open' };
  while (!signal.aborted) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        document.removeEventListener('visibilitychange', shown);
        resolve();
      };
      const shown = () => document.visibilityState === 'visible' && done();
      // While hidden, the next reading waits for the page to be shown again.
      const timer = setTimeout(() => (document.visibilityState === 'visible' ? done() : undefined), interval);
      signal.addEventListener('abort', done);
      document.addEventListener('visibilitychange', shown);
    });
    if (!signal.aborted) yield { type: 'gap' };
  }
}

/**
 * The dataholder model's connections as the element's source: a user's consents to dataholders,
 * linked by a consent journey in a popup, ended by disconnecting (never deleted). Each row's
 * datasets come with the connection. See docs/dataholder.md.
 */
export function dataholderSource(
  transport: DataholderTransport,
  { timeout = 600_000, pollInterval = 1000, watchInterval = 30_000, provider }: DataholderSourceOptions = {},
): ConnectionsSource {
  /** The dataholders by id, read once and shared (a failure is not kept). */
  let dataholders: Promise<PlatformView[]> | undefined;
  const readDataholders = (): Promise<PlatformView[]> =>
    (dataholders ??= transport.dataholders
      ? transport.dataholders().then(normalizeDataholders, (error: unknown) => {
          dataholders = undefined;
          throw error;
        })
      : Promise.resolve([]));
  /** Names for rows: without them (not offered, or failing) rows are named by the dataholder's id. */
  const names = async () => new Map((await readDataholders().catch(() => [])).map((holder) => [holder.key, holder]));

  /** One connection as a view, or `invalid_response`: one that cannot be shown, or another than the one asked about. */
  const view = async (operation: Operation, value: unknown, expectedId?: string): Promise<ConnectionView> => {
    const normalized = normalizeDataholderConnection(value, await names());
    if (!('view' in normalized)) throw invalid(operation, `the connection cannot be shown: ${normalized.problem}`);
    const { id } = normalized.view;
    if (expectedId !== undefined && id !== expectedId) throw invalid(operation, `the answer is about connection ${id}, not ${expectedId}`);
    return normalized.view;
  };
  const get = async (id: string, { signal }: SourceRequest = {}) => view('get', await transport.get(id, { signal }), id);

  const source: ConnectionsSource = {
    ...(provider && { provider }),
    async list({ page, pageSize, platformKeys, signal }) {
      const [rows, holders] = await Promise.all([transport.list({ signal }), names()]);
      const all = normalizeDataholderPage(rows, holders);
      const inScope = platformKeys.length ? all.connections.filter((row) => platformKeys.includes(row.platformKey ?? '')) : all.connections;
      // The partner's backend answers every connection of the user at once: pages are cut here.
      return { connections: inScope.slice((page - 1) * pageSize, page * pageSize), totalResults: inScope.length, problems: all.problems };
    },
    get,
    platforms: () => readDataholders(),
    async link(connection, { popup, signal }) {
      if (!popup || !connection.linkUrl)
        throw new ConnectionsError('link failed: the browser blocked the popup', { code: 'link_blocked', operation: 'link', status: 0 });
      popup.location.href = connection.linkUrl;
      // Ends the wait's timers and listener however the link ends.
      const stop = new AbortController();
      const abort = () => stop.abort();
      signal?.addEventListener('abort', abort, { once: true });
      if (signal?.aborted) stop.abort();
      const read = async () => {
        const now = await get(connection.id, { signal: stop.signal });
        return now.state === 'linked' ? now : undefined;
      };
      try {
        return await awaitAuthorization(popup, connection.id, read, { timeout, pollInterval, signal: stop.signal });
      } finally {
        signal?.removeEventListener('abort', abort);
        stop.abort();
      }
    },
  };
  if (transport.consent) {
    /** A consent journey's connection, with its page to open as the link URL. */
    const journey = async (answer: DataholderConsent, expectedId?: string) => ({
      ...(await view('consent', answer.connection, expectedId)),
      linkUrl: answer.url,
    });
    source.create = async (dataholder, { signal, returnTo } = {}) =>
      journey(await transport.consent!({ dataholder, ...(returnTo && { returnTo }) }, { signal }));
    source.reauthorize = async (connection, { signal, returnTo } = {}) =>
      journey(await transport.consent!({ connectionId: connection.id, ...(returnTo && { returnTo }) }, { signal }), connection.id);
    source.redirectReturn = dataholderReturn;
  } else {
    delete source.link;
  }
  if (watchInterval > 0) source.watch = (signal) => everyWhileVisible(watchInterval, signal);
  if (transport.disconnect) source.unlink = async (id, { signal } = {}) => view('disconnect', await transport.disconnect!(id, { signal }), id);
  return source;
}
