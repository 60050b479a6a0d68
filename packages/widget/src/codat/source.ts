import { ConnectionsError, type Connection, type ConnectionsClient, type ConnectionsClientOptions, type Operation } from '@codat-connections/core';
import type { ConnectionsSource } from '../source.js';
import type { ConnectionView } from '../view-model.js';
import { normalizeConnection, normalizePage, normalizePlatforms } from './normalize.js';
import { datasetsFromPullOperations, neverReadDataTypes, withNeverRead } from './freshness.js';

/**
 * One connection from Codat as a view, or an `invalid_response` naming what was wrong: a connection
 * that cannot be shown, or another connection than the one asked about (`expectedId`).
 */
function view(operation: Operation, value: unknown, expectedId?: string): ConnectionView {
  const normalized = normalizeConnection(value);
  if (!('view' in normalized)) throw invalid(operation, `the connection cannot be shown: ${normalized.problem}`);
  const { id } = normalized.view;
  if (expectedId !== undefined && id !== expectedId) throw invalid(operation, `the answer is about connection ${id}, not ${expectedId}`);
  return normalized.view;
}

const invalid = (operation: Operation, problem: string) =>
  new ConnectionsError(`${operation} failed: ${problem}`, { code: 'invalid_response', operation, status: 0 });

/** Codat's query language for "one of these source types and one of these platform keys". */
export function listQuery(sourceTypes: readonly string[], platformKeys: readonly string[]): string | undefined {
  const clause = (field: string, values: readonly string[]) => (values.length === 0 ? undefined : `{${values.map((value) => `${field}=${value}`).join('||')}}`);
  const clauses = [clause('sourceType', sourceTypes), clause('integrationKey', platformKeys)].filter((entry) => entry !== undefined);
  return clauses.length ? clauses.join('&&') : undefined;
}

/** How many of the company's latest pull operations are read for freshness (one request). */
const recentPullOperations = 1000;

/** What following changes needs: the same token options as the client's (the backend's event stream takes the same grant). */
export type CodatWatchOptions = Pick<ConnectionsClientOptions, 'token' | 'companyId' | 'baseUrl' | 'tokenTimeout'>;

/**
 * Codat's connections, through the core client, as the element's source. With `watch` (the
 * client's token options), it follows changes made elsewhere through the backend's event stream
 * (`@codat-connections/core/watch`, loaded on first use).
 */
export function codatSource(client: ConnectionsClient, { watch }: { watch?: CodatWatchOptions } = {}): ConnectionsSource {
  const source: ConnectionsSource = {
    provider: 'Codat',
    async list({ page, pageSize, sourceTypes, platformKeys, signal }) {
      const query = listQuery(sourceTypes, platformKeys);
      return normalizePage(await client.list({ page, pageSize, signal, ...(query && { query }) }));
    },
    get: async (connectionId, { signal } = {}) => view('get', await client.get(connectionId, { signal }), connectionId),
    create: async (platformKey, { signal } = {}) => view('create', await client.create(platformKey, { signal })),
    unlink: async (connectionId, { signal } = {}) => view('unlink', await client.unlink(connectionId, { signal }), connectionId),
    delete: (connectionId, { signal } = {}) => client.delete(connectionId, { signal }),
    platforms: async ({ signal } = {}) => normalizePlatforms(await client.integrations({ signal })),
    /**
     * The company's latest pull operations (only the connection's, for one connection) and its data
     * status, in two requests whatever the number of rows: each connection's datasets, with its
     * source type's never-read data types added.
     */
    async freshness(connections, { signal } = {}) {
      // One connection (a row waiting for its refresh): only its pull operations are asked for.
      const only = connections.length === 1 ? { connectionId: connections[0]!.id } : {};
      const [history, status] = await Promise.all([
        client.pullOperations({ page: 1, pageSize: recentPullOperations, orderBy: '-requested', ...only, signal }),
        client.dataStatus({ signal }),
      ]);
      const read = datasetsFromPullOperations(history.results);
      const never = neverReadDataTypes(status);
      return new Map(connections.map((connection) => [connection.id, withNeverRead(read.get(connection.id) ?? [], never, connection.sourceType)]));
    },
    canRefreshData: () => client.permissions?.includes('connections:refresh') ?? false,
    refreshData: ({ signal } = {}) => client.refresh({ signal }),
    async link(connection, { popup, signal }) {
      // The core's link flow needs only the id and the link URL of a connection it is given.
      const target = { id: connection.id, linkUrl: connection.linkUrl } as Connection;
      return view('link', await client.link(target, { popup, signal }), connection.id);
    },
  };
  if (watch) {
    source.watch = async function* (signal) {
      yield* (await import('./watch.js')).codatChanges(watch, signal);
    };
  }
  return source;
}
