// A `ConnectionsClient` answering from memory, for browser tests of the element's own rules (the
// `client` property wins over `token-url`). Tests of the whole life-cycle use the real stack.
import type { Connection, ConnectionsClient, ConnectionsPage, Integration } from '@codat-connections/core';

/** Connection number `index`: Linked Xero, synced three days ago, with overrides. */
export function connection(index: number, overrides: Partial<Connection> = {}): Connection {
  const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  return {
    id,
    integrationId: 'bf083d72-62c7-493e-aec9-81b4dbba7e2c',
    integrationKey: 'gbol',
    sourceId: '8a210b68-6988-11ed-a1eb-0242ac120002',
    sourceType: 'Accounting',
    platformName: `Platform ${index}`,
    linkUrl: `https://link.codat.io/${id}`,
    status: 'Linked',
    lastSync: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    created: new Date(Date.now() - 30 * 86_400_000).toISOString(),
    ...overrides,
  };
}

export interface MemoryClientOptions {
  /** `list` answers once this settles (late responses); an abort rejects it first. */
  holdList?: Promise<void>;
  /** `unlink` of a connection waits for the promise this returns, if any. */
  holdUnlink?: (connectionId: string) => Promise<void> | undefined;
  /** What `integrations()` answers. */
  integrations?: Integration[];
}

/**
 * A client over `rows`. `list` pages them and ignores `query` (as a server that does not filter
 * would); `calls` records `list <page>`, `unlink <id>`, `delete <id>` and `link`.
 */
export function memoryClient(rows: Connection[], options: MemoryClientOptions = {}): ConnectionsClient & { calls: string[] } {
  const calls: string[] = [];
  const integrations = options.integrations ?? [{ key: 'gbol', name: 'Xero', logoUrl: '', enabled: true, sourceType: 'Accounting' }];
  return {
    calls,
    companyId: '8a210b68-6988-11ed-a1eb-0242ac120002',
    list: ({ page = 1, pageSize = 50, signal } = {}) => {
      calls.push(`list ${page}`);
      const results = rows.slice((page - 1) * pageSize, page * pageSize);
      const answer: ConnectionsPage = { results, pageNumber: page, pageSize, totalResults: rows.length, _links: { self: {}, current: {} } };
      return new Promise((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { code: 'aborted' })));
        void (options.holdList ?? Promise.resolve()).then(() => resolve(answer));
      });
    },
    async *listAll() {
      yield* rows;
    },
    get: async (id) => rows.find((row) => row.id === id) as Connection,
    create: async () => connection(999, { status: 'PendingAuth' }),
    unlink: async (id) => {
      calls.push(`unlink ${id}`);
      await options.holdUnlink?.(id);
      return { ...(rows.find((row) => row.id === id) as Connection), status: 'Unlinked' };
    },
    delete: async (id) => {
      calls.push(`delete ${id}`);
    },
    integrations: async () => integrations,
    link: async () => {
      calls.push('link');
      throw new Error('not used');
    },
  };
}
