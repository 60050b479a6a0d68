// ofetch (through http.js) comes first in a bundle, so the code after it compresses against it.
import { createSend } from './http.js';
import { abortable, failure } from './errors.js';
import { runLink } from './link.js';
import { createRequest } from './request.js';
import { createTokenSource, type HeldGrant } from './token.js';
import type {
  Connection,
  ConnectionsClient,
  ConnectionsClientOptions,
  ConnectionsPage,
  DataStatuses,
  Integration,
  ListParams,
  Operation,
  PullOperation,
  PullOperationsPage,
} from './types.js';
import { check, checkInteger, checkPlatformKey, checkUuid, isText } from './validate.js';

/** Internal knobs, for tests. */
export interface ClientInternals {
  /** First backoff step in milliseconds (default 500). */
  backoff?: number;
}

/** The method of each operation that is not a `GET`. A `POST` is never retried automatically. */
const methods: Partial<Record<Operation, string>> = { create: 'POST', unlink: 'PATCH', delete: 'DELETE', refresh: 'POST' };

/** What `allPages` reads of a page. */
interface PageRead<T> {
  results: T[];
  totalResults: number;
  pageNumber?: unknown;
  pageSize?: unknown;
}

/**
 * Follows pages until `totalResults` results were read. A page shorter than its page size, or not
 * the page asked for (a server that ignores `page`), is the last: a server overstating its total
 * cannot keep this reading for ever.
 */
async function* allPages<T>(pageSize: number, readPage: (page: number) => Promise<PageRead<T>>): AsyncGenerator<T> {
  for (let page = 1, seen = 0; ; page++) {
    const { results, totalResults, pageNumber, pageSize: reported } = await readPage(page);
    yield* results;
    seen += results.length;
    const size = typeof reported === 'number' && reported > 0 ? reported : pageSize;
    const other = typeof pageNumber === 'number' && pageNumber !== page;
    if (results.length === 0 || results.length < size || other || seen >= totalResults) return;
  }
}

/** Codat's page size when none is asked for. */
const defaultPageSize = 100;

/** A response body before it is checked: any JSON value, so every field is read with `?.` and tested. */
type Unchecked = Fields | null | undefined;
type Fields = { readonly [field: string]: unknown };

/** The body when it has the shape Codat's description promises, else `invalid_response`. */
function checkShape<T>(operation: Operation, body: unknown, valid: boolean, what: string): T {
  if (!valid) throw failure('invalid_response', operation, `the response is not ${what}`);
  return body as T;
}

const hasIdAndStatus = (body: Unchecked) => typeof body?.id === 'string' && typeof body.status === 'string';

const checkConnection = (operation: Operation, body: Unchecked) => checkShape<Connection>(operation, body, hasIdAndStatus(body), 'a connection');

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object whose every entry is a data type's status (with its `currentStatus`) or `null`. */
const checkDataStatuses = (body: Unchecked) =>
  checkShape<DataStatuses>(
    'dataStatus',
    body,
    isObject(body) && Object.values(body).every((entry) => entry === null || (isObject(entry) && typeof entry.currentStatus === 'string')),
    'the status of each data type',
  );

const checkPage = <T>(operation: Operation, body: Unchecked) =>
  checkShape<PageRead<T>>(
    operation,
    { ...body, results: body?.results ?? [] },
    typeof body?.totalResults === 'number' && (body.results === undefined || Array.isArray(body.results)),
    'a page of results',
  );

/** Creates a client for one company's connections; see the package README. */
export function createConnectionsClient(options: ConnectionsClientOptions & ClientInternals): ConnectionsClient {
  const { token, companyId: hint, baseUrl, fetch, timeout = 30_000, tokenTimeout = timeout, retry = 2, backoff = 500 } = options;
  check('token', 'token', token, typeof token === 'function' || isText(token), 'a URL or a function returning a grant');
  checkInteger('token', 'retry', retry, 0, 10);
  const send = createSend(fetch, timeout);
  // A hung token endpoint should not hold the page for as long as a slow Codat answer may take.
  const tokens = createTokenSource(token, hint, tokenTimeout === timeout ? send : createSend(fetch, tokenTimeout), tokenTimeout);
  let grant: HeldGrant | undefined;
  let integrations: Promise<Integration[]> | undefined;

  const request = createRequest({
    tokens,
    send,
    baseUrl,
    retry,
    backoff,
    methods,
    // Paths below the company are relative (`connections/…`); `/integrations` is not.
    resolve: (path, held) => (path[0] === '/' ? path : `/companies/${encodeURIComponent(held.companyId)}/${path}`),
    granted: (held) => (grant = held),
  });

  const byId = (operation: Operation, connectionId: string, signal?: AbortSignal, body?: Record<string, unknown>) => {
    checkUuid(operation, 'connectionId', connectionId);
    return request<Unchecked>(operation, `connections/${connectionId}`, { body, signal });
  };

  /** One page of a company's list: `page` and `pageSize` checked, then the answer's shape. */
  async function readPage(operation: Operation, path: string, { page, pageSize, query, orderBy, signal }: ListParams) {
    checkInteger(operation, 'page', page, 1, Infinity);
    checkInteger(operation, 'pageSize', pageSize, 1, 5000);
    return checkPage(operation, await request(operation, path, { query: { page, pageSize, query, orderBy }, signal }));
  }

  const client: ConnectionsClient = {
    get companyId() {
      return grant?.companyId;
    },

    get permissions() {
      return grant?.permissions;
    },

    list: (params = {}) => readPage('list', 'connections', params) as Promise<ConnectionsPage>,

    listAll: (params = {}) => allPages(params.pageSize ?? defaultPageSize, (page) => client.list({ ...params, page })),

    get: async (connectionId, { signal } = {}) => checkConnection('get', await byId('get', connectionId, signal)),

    async create(platformKey, { signal } = {}) {
      checkPlatformKey('create', platformKey);
      return checkConnection('create', await request('create', 'connections', { body: { platformKey }, signal }));
    },

    unlink: async (connectionId, { signal } = {}) => checkConnection('unlink', await byId('unlink', connectionId, signal, { status: 'Unlinked' })),

    async delete(connectionId, { signal } = {}) {
      await byId('delete', connectionId, signal);
    },

    async integrations({ sourceType, signal } = {}) {
      // Every page is read once and shared by every caller for the client's life (a failure is
      // not kept); one caller aborting does not cancel it.
      const read = async () => {
        const all: Integration[] = [];
        const pages = allPages(5000, (page) =>
          request<Unchecked>('integrations', '/integrations', { query: { page, pageSize: 5000 } }).then((body) => checkPage<Integration>('integrations', body)),
        );
        for await (const integration of pages) all.push(integration);
        return all;
      };
      const all = await abortable(
        'integrations',
        () =>
          (integrations ??= read().catch((error: unknown) => {
            integrations = undefined;
            throw error;
          })),
        signal,
      );
      return all.filter((integration) => integration?.enabled === true && (!sourceType || integration.sourceType === sourceType));
    },

    link: (target, linkOptions = {}) => runLink(client, target, linkOptions),

    dataStatus: async ({ signal } = {}) => checkDataStatuses(await request('dataStatus', 'dataStatus', { signal })),

    async pullOperations({ connectionId, dataType, page, pageSize, orderBy, signal } = {}) {
      if (connectionId !== undefined) checkUuid('pullOperations', 'connectionId', connectionId);
      // Put into Codat's query language, so it may hold nothing but a data type's name.
      check('pullOperations', 'dataType', dataType, dataType === undefined || /^[a-z][a-z-]*$/i.test(dataType), 'the name of a data type');
      const filters = [connectionId && `connectionId=${connectionId}`, dataType && `dataType=${dataType}`].filter(Boolean);
      return readPage('pullOperations', 'data/history', {
        page,
        pageSize,
        query: filters.join('&&') || undefined,
        orderBy,
        signal,
      }) as Promise<PullOperationsPage>;
    },

    async pullOperation(datasetId, { signal } = {}) {
      checkUuid('pullOperation', 'datasetId', datasetId);
      const body = await request<Unchecked>('pullOperation', `data/history/${datasetId}`, { signal });
      return checkShape<PullOperation>('pullOperation', body, hasIdAndStatus(body), 'a pull operation');
    },

    async refresh({ signal } = {}) {
      await request('refresh', 'data/all', { signal });
    },
  };
  return client;
}
