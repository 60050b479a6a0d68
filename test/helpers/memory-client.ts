// A `ConnectionsClient` answering from memory, for browser tests of the element's own rules (the
// `client` property wins over `token-url`). Tests of the whole life-cycle use the real stack.
import type { Connection, ConnectionsClient, ConnectionsPage, Integration } from '@codat-connections/core';
import { waitFor } from './browser.js';
import { connection } from './fixtures.js';

/** The client's methods whose answers a test may hold back. */
export type HeldMethod = 'list' | 'integrations' | 'get' | 'create' | 'unlink' | 'delete';

/** A call whose answer waits until the test lets it go. */
export interface HeldCall {
  readonly method: HeldMethod;
  /** What it was called with: the page number for `list`, the connection id or platform key otherwise. */
  readonly argument: string;
  /** Lets the answer go; resolves once the caller has it (its promise settled). */
  answer(): Promise<void>;
  /** Makes the call fail with `error`; resolves once the caller has the failure. */
  fail(error?: Error): Promise<void>;
}

export interface MemoryClientOptions {
  /** `list` answers once this settles (late responses); an abort rejects it first. */
  holdList?: Promise<void>;
  /** `unlink` of a connection waits for the promise this returns, if any. */
  holdUnlink?: (connectionId: string) => Promise<void> | undefined;
  /** What `integrations()` answers. */
  integrations?: Integration[];
  /** Methods whose answers wait in `held` until the test lets them go (see `answerLate` to change it later). */
  late?: readonly HeldMethod[];
  /**
   * Answers even after the caller aborted, as a client that ignores `signal` may (the `client`
   * property allows one). By default an abort rejects a waiting call at once with code `aborted`.
   */
  ignoreAbort?: boolean;
}

export interface MemoryClient extends ConnectionsClient {
  /** `list <page>`, `integrations`, `get <id>`, `create <key>`, `unlink <id>`, `delete <id>` and `link`, in call order. */
  calls: string[];
  /** Calls waiting for the test, oldest first (an answered call stays listed). */
  held: HeldCall[];
  /** From now on, calls of `method` wait in `held` (or, with `late = false`, answer at once). */
  answerLate(method: HeldMethod, late?: boolean): void;
  /** Resolves with the `count`th held call of `method` (1 = the first) once it has been made. */
  nextHeld(method: HeldMethod, count?: number): Promise<HeldCall>;
  /** Replaces the connections the client answers with, for the calls made from now on. */
  setRows(rows: Connection[]): void;
}

const aborted = () => Object.assign(new Error('aborted'), { code: 'aborted' });

/**
 * A client over `rows`. `list` pages them and ignores `query` (as a server that does not filter
 * would); `calls` records every call.
 */
export function memoryClient(initialRows: Connection[], options: MemoryClientOptions = {}): MemoryClient {
  let rows = initialRows;
  const calls: string[] = [];
  const held: HeldCall[] = [];
  const late = new Set(options.late ?? []);
  const integrations = options.integrations ?? [{ key: 'gbol', name: 'Xero', logoUrl: '', enabled: true, sourceType: 'Accounting' }];

  /**
   * Answers with `produce()` (computed at call time), after `wait` and, for a late method, after the
   * test lets it go; an abort rejects first unless the client ignores aborts.
   */
  function answer<T>(method: HeldMethod, argument: string, signal: AbortSignal | undefined, produce: () => T, wait?: Promise<void>): Promise<T> {
    const value = produce();
    let settle!: (outcome: { error?: Error }) => void;
    const gate = new Promise<{ error?: Error }>((resolve) => (settle = resolve));
    const result = new Promise<T>((resolve, reject) => {
      if (signal && !options.ignoreAbort) {
        if (signal.aborted) return reject(aborted());
        signal.addEventListener('abort', () => reject(aborted()), { once: true });
      }
      void gate.then(({ error }) => (error ? reject(error) : resolve(value)));
    });
    const delivered = result.then(
      () => undefined,
      () => undefined,
    );
    const letGo = (error?: Error) => {
      settle(error ? { error } : {});
      return delivered;
    };
    if (late.has(method)) {
      held.push({ method, argument, answer: () => letGo(), fail: (error = new Error(`${method} failed`)) => letGo(error) });
    } else {
      void (wait ?? Promise.resolve()).then(() => letGo());
    }
    return result;
  }

  return {
    calls,
    held,
    answerLate: (method, isLate = true) => void (isLate ? late.add(method) : late.delete(method)),
    nextHeld: (method, count = 1) => waitFor(() => held.filter((call) => call.method === method)[count - 1], `held call ${count} of ${method}`),
    setRows: (next) => void (rows = next),
    companyId: '8a210b68-6988-11ed-a1eb-0242ac120002',
    permissions: undefined,
    list: ({ page = 1, pageSize = 50, signal } = {}) => {
      calls.push(`list ${page}`);
      return answer(
        'list',
        String(page),
        signal,
        (): ConnectionsPage => ({
          results: rows.slice((page - 1) * pageSize, page * pageSize),
          pageNumber: page,
          pageSize,
          totalResults: rows.length,
          _links: { self: {}, current: {} },
        }),
        options.holdList,
      );
    },
    async *listAll() {
      yield* rows;
    },
    get: (id, { signal } = {}) => {
      calls.push(`get ${id}`);
      return answer('get', id, signal, () => rows.find((row) => row.id === id) as Connection);
    },
    create: (key, { signal } = {}) => {
      calls.push(`create ${key}`);
      return answer('create', key, signal, () => connection(999, { status: 'PendingAuth', integrationKey: key }));
    },
    unlink: (id, { signal } = {}) => {
      calls.push(`unlink ${id}`);
      const found = rows.find((row) => row.id === id) as Connection;
      return answer('unlink', id, signal, () => ({ ...found, status: 'Unlinked' }), options.holdUnlink?.(id));
    },
    delete: (id, { signal } = {}) => {
      calls.push(`delete ${id}`);
      return answer('delete', id, signal, () => undefined);
    },
    integrations: ({ signal } = {}) => {
      calls.push('integrations');
      // Like the core's (shared and cached for the client's life), this ignores an abort by default.
      return answer('integrations', '', options.ignoreAbort === false ? signal : undefined, () => integrations);
    },
    link: async () => {
      calls.push('link');
      throw new Error('not used');
    },
  };
}
