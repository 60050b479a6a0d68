// `@codat-connections/core/watch`: live updates, in an entry of its own so that a page loads it
// only when it follows changes (the first load does not grow).
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ConnectionsError, failure } from './errors.js';
import { createSend } from './http.js';
import { retryDelay, sleep } from './retry.js';
import { createTokenSource } from './token.js';
import type { ConnectionsClientOptions } from './types.js';

/** What the backend tells of a change: what to read again, never the change itself. */
export interface ConnectionNotice {
  companyId?: string;
  userId?: string;
  /** The connection that changed, when the event names exactly one; otherwise read the list. */
  connectionId?: string;
  /** Codat's event type: `connection.connected`, `connection.disconnected`, `read.completed`… */
  kind: string;
  /** The event's id: the same event told twice has the same id. */
  eventId: string;
  /** When the change happened (ISO 8601). */
  at: string;
}

/**
 * What `watch` yields: `open` once its first stream is open; a `notice` per change; a `gap` when a
 * stream opens again after none was open (a reconnection, the page shown again after being
 * hidden): notices of the gap are not replayed, so read the truth again.
 */
export type WatchEvent = { type: 'open' } | { type: 'notice'; notice: ConnectionNotice } | { type: 'gap'; reason: 'reconnected' | 'visible' };

/** The page's visibility, as `document` tells it. */
export type VisibilitySource = Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;

export interface WatchOptions extends Pick<ConnectionsClientOptions, 'token' | 'companyId' | 'baseUrl' | 'fetch' | 'tokenTimeout'> {
  /** Ends the watch. */
  signal?: AbortSignal;
  /** First reconnection delay in milliseconds (default 1 000), doubling, with jitter, up to `maxBackoff` (default 30 000). */
  backoff?: number;
  maxBackoff?: number;
  /** A stream that sends nothing, not even a heartbeat, for this many milliseconds is taken for lost (default 45 000). */
  idleTimeout?: number;
  /** Where visibility is read (default `document`, where there is one): the stream closes while the page is hidden. */
  visibility?: VisibilitySource | null;
}

/** Statuses after which the backend has no stream to give: waiting will not change them. */
const noStream = new Set([204, 400, 403, 404, 405, 410, 501]);

/**
 * Follows a company's connections as they change elsewhere, through the handler's event stream
 * (`GET …/connections/events`), read with `fetch` and the grant's bearer token (never a token in
 * the URL, as `EventSource` would need). Reconnects with backoff and jitter, with a fresh token when
 * the stream ends at its token's expiry; closes while the page is hidden. Throws a
 * `ConnectionsError` when the backend serves no stream (the page then reads on its own, as before).
 */
export async function* watch(options: WatchOptions): AsyncGenerator<WatchEvent, void, undefined> {
  const { token, companyId, baseUrl, signal, backoff = 1000, maxBackoff = 30_000, idleTimeout = 45_000 } = options;
  const visibility = options.visibility === undefined ? (globalThis.document as VisibilitySource | undefined) : options.visibility;
  const tokenTimeout = options.tokenTimeout ?? 30_000;
  const tokens = createTokenSource(token, companyId, createSend(options.fetch, tokenTimeout), tokenTimeout);
  const fetchStream = options.fetch ?? ((input, init) => fetch(input, init));

  const hidden = () => visibility?.visibilityState === 'hidden';
  let opened = false;
  let missed: 'reconnected' | 'visible' | undefined;
  let failures = 0;
  let refreshed = false;

  while (!signal?.aborted) {
    if (visibility && hidden()) {
      await visible(visibility, signal);
      if (opened) missed = 'visible';
      continue;
    }
    const connection = new AbortController();
    const stop = () => connection.abort();
    signal?.addEventListener('abort', stop);
    const onVisibility = () => hidden() && connection.abort();
    visibility?.addEventListener('visibilitychange', onVisibility);
    let idle: ReturnType<typeof setTimeout> | undefined;
    const awake = () => {
      clearTimeout(idle);
      idle = setTimeout(stop, idleTimeout);
    };
    try {
      const held = await tokens('watch', connection.signal);
      const base = held.baseUrl ?? baseUrl ?? '';
      const url = `${base.replace(/\/+$/, '')}/companies/${encodeURIComponent(held.companyId)}/connections/events`;
      awake();
      const response = await fetchStream(url, {
        headers: { Authorization: `Bearer ${held.accessToken}`, Accept: 'text/event-stream' },
        cache: 'no-store',
        signal: connection.signal,
      });
      if (response.status === 401 && !refreshed) {
        // Revoked or expired early: a new token at once, once.
        refreshed = true;
        held.refreshAt = 0;
        void response.body?.cancel();
        continue;
      }
      if (!response.ok || !response.body || response.status === 204) {
        void response.body?.cancel();
        const described = `GET ${url} → ${response.status}`;
        if (noStream.has(response.status))
          throw failure(response.status === 403 ? 'forbidden' : 'not_found', 'watch', 'the backend serves no event stream', described, {
            status: response.status,
          });
        throw failure(response.status === 429 ? 'rate_limited' : 'server_error', 'watch', `HTTP ${response.status}`, described, { status: response.status });
      }
      refreshed = false;
      failures = 0;
      yield opened ? { type: 'gap', reason: missed ?? 'reconnected' } : { type: 'open' };
      opened = true;
      missed = undefined;

      const events: EventSourceMessage[] = [];
      const parser = createParser({ onEvent: (event) => events.push(event) });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        awake();
        parser.feed(value);
        for (const event of events.splice(0)) {
          if (event.event === 'notice') {
            const notice = parseNotice(event.data);
            if (notice) yield { type: 'notice', notice };
          }
        }
      }
      // The stream ended (its token expired, the server restarted): reconnect now with a fresh token.
    } catch (error) {
      if (signal?.aborted) return;
      if (error instanceof ConnectionsError && noStream.has(error.status)) throw error;
      if (connection.signal.aborted && hidden()) continue;
      // A network error, a 429 or 5xx, a lost stream: wait, then again.
      failures++;
      await sleep(Math.min(retryDelay(failures, undefined, backoff), maxBackoff), 'watch', signal).catch(() => undefined);
    } finally {
      clearTimeout(idle);
      signal?.removeEventListener('abort', stop);
      visibility?.removeEventListener('visibilitychange', onVisibility);
      connection.abort();
    }
  }
}

/** Resolves when the page is shown (or `signal` aborts). */
function visible(visibility: VisibilitySource, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      if (visibility.visibilityState === 'hidden' && !signal?.aborted) return;
      visibility.removeEventListener('visibilitychange', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    visibility.addEventListener('visibilitychange', done);
    signal?.addEventListener('abort', done);
    done();
  });
}

/** A notice as the stream sends it, checked: it comes from the network, so nothing of it is trusted. */
function parseNotice(data: string): ConnectionNotice | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  const fields = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { kind, eventId, at, companyId, userId, connectionId } = fields;
  if (typeof kind !== 'string' || typeof eventId !== 'string' || typeof at !== 'string') return undefined;
  const optional = (name: string, field: unknown) => (typeof field === 'string' ? { [name]: field } : {});
  return { kind, eventId, at, ...optional('companyId', companyId), ...optional('userId', userId), ...optional('connectionId', connectionId) };
}
