// A `ConnectionsSource` held in memory, in the element's own terms (views), for browser tests that
// need every state a row can be in: any operation can be replaced by one whose answer the test
// holds back (`held`) or settles itself (`deferred`).
import { ConnectionsError, type Operation } from '@codat-connections/core';
import type { ConnectionView, ConnectionsSource } from '../../packages/widget/src/index.js';
import { view } from './fixtures.js';

/** A promise the test settles. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Never answers; an abort (a reload, the element leaving the page) rejects it. */
export const held = (signal?: AbortSignal) =>
  new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { code: 'aborted' }))));

export const failure = (operation: Operation, code: string, status: number) =>
  new ConnectionsError(`${operation} failed: HTTP ${status}`, { code, operation, status });

/**
 * A source over `connections` that can do everything. `operations` replace its answers (e.g. one
 * that is `held`); freshness is each row's own `datasets`.
 */
export function memorySource(connections: ConnectionView[], operations: Partial<ConnectionsSource> = {}): ConnectionsSource {
  const find = (id: string) => connections.find((connection) => connection.id === id)!;
  return {
    list: async ({ page, pageSize }) => ({
      connections: connections.slice((page - 1) * pageSize, page * pageSize),
      totalResults: connections.length,
      problems: [],
    }),
    get: async (id) => find(id),
    platforms: async () => [
      { key: 'p1', name: 'Platform 1', sourceType: 'Accounting' },
      { key: 'p2', name: 'Platform 2', sourceType: 'Accounting' },
      { key: 'new', name: 'New platform', sourceType: 'Banking' },
    ],
    create: async (key) => view(99, { platformKey: key, name: 'New platform', state: 'pending', status: 'PendingAuth' }),
    link: async (connection) => ({ ...connection, state: 'linked', status: 'Linked' }),
    unlink: async (id) => ({ ...find(id), state: 'disconnected', status: 'Unlinked' }),
    delete: async () => undefined,
    freshness: async (shown) => new Map(shown.map((connection) => [connection.id, [...(connection.datasets ?? [])]])),
    canRefreshData: () => true,
    refreshData: async () => undefined,
    ...operations,
  };
}
