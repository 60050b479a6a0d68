import { ofetch } from 'ofetch';
import { ConnectionsError, abortError, abortable, errorFromResponse, invalidArgument, invalidResponse, throwIfAborted } from './errors.js';
import { runLink } from './link.js';
import { maxRetryAfter, retryDelay, retryStatuses, sleep } from './retry.js';
import { createTokenSource, urlTokenProvider, type HeldGrant } from './token.js';
import type {
  Connection,
  ConnectionsClient,
  ConnectionsClientOptions,
  ConnectionsPage,
  Integration,
  IntegrationsPage,
  Operation,
} from './types.js';
import { checkInteger, checkPlatformKey, checkUuid } from './validate.js';

interface Call {
  operation: Operation;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the company (`/connections…`), or from the base URL when `company` is false. */
  path: string;
  company?: boolean;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/** Internal knobs, for tests. */
export interface ClientInternals {
  /** First backoff step in milliseconds (default 500). */
  backoff?: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object';

/** Creates a client for one company's connections; see the package README. */
export function createConnectionsClient(options: ConnectionsClientOptions & ClientInternals): ConnectionsClient {
  const { token, companyId: hint, baseUrl, fetch: fetchImpl, timeout = 30_000, retry = 2, backoff = 500 } = options;
  if (typeof token !== 'function' && (typeof token !== 'string' || !token)) {
    throw invalidArgument('token', 'token', 'must be the token endpoint URL or a function returning a grant');
  }
  checkInteger('token', 'retry', retry, 0, 10);
  // Retries are ours (see `request`), so ofetch never retries, not even `create`.
  const $fetch = ofetch.create({ retry: 0 }, fetchImpl && { fetch: fetchImpl });
  const tokens = createTokenSource(typeof token === 'function' ? token : urlTokenProvider(token, $fetch, timeout), hint);
  let grant: HeldGrant | undefined;
  let integrationsCache: Promise<Integration[]> | undefined;

  async function request<T>(call: Call): Promise<T> {
    const { operation, method, signal } = call;
    throwIfAborted(operation, signal);
    const idempotent = method !== 'POST';
    let refreshed = false;
    let lostResponse = false;
    for (let attempt = 0; ; attempt++) {
      grant = await tokens.get(operation, signal);
      const base = (grant.baseUrl ?? baseUrl)?.replace(/\/+$/, '');
      if (!base) throw invalidArgument(operation, 'baseUrl', 'is needed when the token grant names none');
      const path = call.company === false ? call.path : `/companies/${encodeURIComponent(grant.companyId)}${call.path}`;
      const described = `${method} ${path}`;
      const timer = AbortSignal.timeout(timeout);
      let failure: ConnectionsError;
      let retryAfter: string | null = null;
      try {
        const response = await $fetch.raw<string, "text">(base + path, {
          method,
          headers: { Authorization: `Bearer ${grant.accessToken}`, Accept: 'application/json' },
          ...(call.query && { query: call.query }),
          ...(call.body !== undefined && { body: call.body }),
          responseType: 'text',
          ignoreResponseError: true,
          signal: signal ? AbortSignal.any([signal, timer]) : timer,
        });
        const text = response._data ?? '';
        if (response.ok) return parse<T>(operation, described, response.status, text);
        if (response.status === 401 && !refreshed) {
          // The token was revoked or expired early: fetch a new one and replay, once.
          refreshed = true;
          tokens.invalidate(grant);
          attempt--;
          continue;
        }
        if (response.status === 404 && operation === 'delete' && lostResponse) return undefined as T;
        failure = errorFromResponse(operation, described, response.status, text);
        retryAfter = response.headers.get('Retry-After');
      } catch (error) {
        if (error instanceof ConnectionsError) throw error;
        if (signal?.aborted) throw abortError(operation, signal);
        const timedOut = timer.aborted;
        lostResponse = true;
        failure = new ConnectionsError(
          timedOut ? `${operation} timed out after ${timeout} ms (${described})` : `${operation} failed: network error (${described})`,
          { code: timedOut ? 'timeout' : 'network_error', operation, cause: error },
        );
      }
      const canRetry = idempotent && attempt < retry && (failure.status === 0 || retryStatuses.has(failure.status));
      const wait = canRetry ? retryDelay(attempt, retryAfter, backoff) : 0;
      // A Retry-After beyond the cap means the wait is longer than anyone should sit through.
      if (!canRetry || (retryAfter && wait >= maxRetryAfter)) throw failure;
      try {
        await sleep(wait, signal);
      } catch {
        throw abortError(operation, signal);
      }
    }
  }

  function parse<T>(operation: Operation, described: string, status: number, text: string): T {
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw invalidResponse(operation, `${described} answered ${status} with a body that is not JSON`, status, cause);
    }
  }

  function checkConnection(operation: Operation, value: unknown): Connection {
    if (!isObject(value) || typeof value.id !== 'string' || typeof value.status !== 'string') {
      throw invalidResponse(operation, 'the response is not a connection');
    }
    return value as unknown as Connection;
  }

  function checkPage<T>(operation: Operation, value: unknown): T {
    if (!isObject(value) || typeof value.totalResults !== 'number' || (value.results !== undefined && !Array.isArray(value.results))) {
      throw invalidResponse(operation, 'the response is not a page of results');
    }
    return { ...value, results: value.results ?? [] } as T;
  }

  const client: ConnectionsClient = {
    get companyId() {
      return grant?.companyId;
    },

    async list({ page, pageSize, query, orderBy, signal } = {}) {
      checkInteger('list', 'page', page, 1, Number.MAX_SAFE_INTEGER);
      checkInteger('list', 'pageSize', pageSize, 1, 5000);
      const body = await request({ operation: 'list', method: 'GET', path: '/connections', query: { page, pageSize, query, orderBy }, signal });
      return checkPage<ConnectionsPage>('list', body);
    },

    async *listAll(params = {}) {
      let seen = 0;
      for (let page = 1; ; page++) {
        const { results, totalResults } = await client.list({ ...params, page });
        for (const connection of results) yield connection;
        seen += results.length;
        if (!results.length || seen >= totalResults) return;
      }
    },

    async get(connectionId, { signal } = {}) {
      checkUuid('get', 'connectionId', connectionId);
      return checkConnection('get', await request({ operation: 'get', method: 'GET', path: `/connections/${connectionId}`, signal }));
    },

    async create(platformKey, { signal } = {}) {
      checkPlatformKey('create', platformKey);
      const body = await request({ operation: 'create', method: 'POST', path: '/connections', body: { platformKey }, signal });
      return checkConnection('create', body);
    },

    async unlink(connectionId, { signal } = {}) {
      checkUuid('unlink', 'connectionId', connectionId);
      const body = await request({ operation: 'unlink', method: 'PATCH', path: `/connections/${connectionId}`, body: { status: 'Unlinked' }, signal });
      return checkConnection('unlink', body);
    },

    async delete(connectionId, { signal } = {}) {
      checkUuid('delete', 'connectionId', connectionId);
      await request({ operation: 'delete', method: 'DELETE', path: `/connections/${connectionId}`, signal });
    },

    async integrations({ sourceType, signal } = {}) {
      // Shared by every caller for the client's life; one caller aborting does not cancel it.
      integrationsCache ??= (async () => {
        const all: Integration[] = [];
        for (let page = 1; ; page++) {
          const body = await request({ operation: 'integrations', method: 'GET', path: '/integrations', company: false, query: { page, pageSize: 5000 } });
          const { results, totalResults } = checkPage<IntegrationsPage>('integrations', body);
          all.push(...results);
          if (!results.length || all.length >= totalResults) return all.filter((integration) => integration.enabled);
        }
      })();
      const cached = integrationsCache;
      cached.catch(() => {
        if (integrationsCache === cached) integrationsCache = undefined;
      });
      const enabled = await abortable('integrations', cached, signal);
      return sourceType ? enabled.filter((integration) => integration.sourceType === sourceType) : enabled;
    },

    link(target, linkOptions = {}) {
      return runLink(client, target, linkOptions);
    },
  };
  return client;
}
