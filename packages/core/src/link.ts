import { ConnectionsError, abortError, invalidResponse, throwIfAborted } from './errors.js';
import { sleep } from './retry.js';
import type { Connection, ConnectionsClient, LinkOptions } from './types.js';
import { checkPlatformKey, checkUuid } from './validate.js';

/** What the page Codat redirects back to posts to its opener (see demo/public/codat-return.js). */
export const linkedMessageType = 'codat-connections:linked';

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Only `https:` URLs, or `http:` on this machine, may be opened: never `javascript:` or `data:`. */
export function isOpenableUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' || (protocol === 'http:' && loopback.has(hostname));
  } catch {
    return false;
  }
}

/** Internal knobs, for tests. */
interface LinkInternals {
  /** First polling step in milliseconds (default 1000; grows to 5000). */
  pollInterval?: number;
}

/**
 * Codat's link flow: create the connection for a platform key (or take the given one), send the
 * popup to its `linkUrl`, and resolve once it is `Linked`, found by polling `get` with backoff or
 * told by the return page's `postMessage` from this page's own origin.
 */
export async function runLink(
  client: ConnectionsClient,
  target: string | Connection,
  { popup, signal, timeout = 600_000, onConnection, pollInterval = 1000 }: LinkOptions & LinkInternals,
): Promise<Connection> {
  const fail = (code: 'link_cancelled' | 'link_timeout' | 'link_blocked', message: string) =>
    new ConnectionsError(`link: ${message}`, { code, operation: 'link' });
  // The window in use, ours or the caller's: closed when the flow fails.
  let window: Window | null | undefined;
  try {
    if (typeof target === 'string') checkPlatformKey('link', target);
    else checkUuid('link', 'connection.id', target?.id);
    throwIfAborted('link', signal);
    const connection = typeof target === 'string' ? await client.create(target, { ...(signal && { signal }) }) : target;
    onConnection?.(connection);
    if (!isOpenableUrl(connection.linkUrl)) {
      throw invalidResponse('link', `refusing to open linkUrl ${JSON.stringify(connection.linkUrl)}: only https (or http on localhost) is opened`);
    }
    window = popup === undefined ? globalThis.open(connection.linkUrl, '_blank', 'popup,width=600,height=720') : popup;
    if (!window) throw fail('link_blocked', 'the browser blocked the popup');
    if (popup) popup.location.href = connection.linkUrl;
    return await waitUntilLinked(connection.id, window);
  } catch (error) {
    const open = window ?? popup;
    if (open && !open.closed) open.close();
    throw error;
  }

  function waitUntilLinked(id: string, window: Window): Promise<Connection> {
    return new Promise((resolve, reject) => {
      // Aborted once the flow ends, however it ends: stops every timer, listener and request.
      const stop = new AbortController();
      const finish = (error: unknown, linked?: Connection) => {
        if (stop.signal.aborted) return;
        stop.abort();
        if (linked) resolve(linked);
        else reject(error);
      };
      const requestSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
      const check = async () => {
        const current = await client.get(id, { signal: requestSignal });
        if (current.status === 'Linked') finish(undefined, current);
      };
      // Runs `steps` until the flow ends; a failure (or the stop) ends the flow with it.
      const run = (steps: () => Promise<void>) => void steps().catch((error: unknown) => finish(error));

      signal?.addEventListener('abort', () => finish(abortError('link', signal)), { signal: stop.signal });
      run(async () => {
        await sleep(timeout, stop.signal);
        finish(fail('link_timeout', `not authorized within ${timeout} ms`));
      });
      globalThis.addEventListener?.(
        'message',
        (event: MessageEvent) => {
          const data = event.data as { type?: unknown; connectionId?: unknown } | null;
          if (event.origin === globalThis.location?.origin && data?.type === linkedMessageType && data.connectionId === id) run(check);
        },
        { signal: stop.signal },
      );
      run(async () => {
        for (let interval = pollInterval; ; interval = Math.min(interval * 1.5, 5000)) {
          await sleep(interval, stop.signal);
          await check();
        }
      });
      run(async () => {
        while (!window.closed) await sleep(250, stop.signal);
        // Closed: the user may have authorized just before closing it, so look one last time.
        await check();
        finish(fail('link_cancelled', 'the window was closed before the connection was linked'));
      });
    });
  }
}
