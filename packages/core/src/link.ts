import { abortable, failure } from './errors.js';
import { sleep } from './retry.js';
import type { Connection, ConnectionsClient, LinkOptions } from './types.js';
import { checkPlatformKey, checkUuid } from './validate.js';

/** What the page Codat redirects back to posts to its opener (see demo/public/codat-return.js). */
export const linkedMessageType = 'codat-connections:linked';

/** Host names that always name this machine (`*.localhost` too, RFC 6761). */
const isLoopback = (hostname: string): boolean =>
  hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '127.0.0.1' || hostname === '[::1]';

/** Only `https:` URLs, or `http:` on this machine, may be opened: never `javascript:` or `data:`. */
export function isOpenableUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' || (protocol === 'http:' && isLoopback(hostname));
  } catch {
    return false;
  }
}

/** Internal knobs, for tests. */
interface LinkInternals {
  /** First polling step in milliseconds (default 1000; grows to 5000). */
  pollInterval?: number;
}

export interface AuthorizationWait {
  /** Milliseconds to wait for the user to authorize. */
  timeout: number;
  /** First polling step in milliseconds (grows to 5000). */
  pollInterval: number;
  /** Ends the wait (rejecting with `aborted`) and removes its timers and listener. */
  signal: AbortSignal;
}

/**
 * Waits for the user to authorize connection `id` in `window`: `read` answers the connection once
 * it is authorized (else undefined), and is called with backoff, looking at the window every
 * 250 ms in between, and at once when the return page posts `linkedMessageType` for it from this
 * page's own origin. Rejects with `link_cancelled` once the window is closed (after a last look),
 * or `link_timeout`.
 */
export function awaitAuthorization<T>(
  window: Window,
  id: string,
  read: () => Promise<T | undefined>,
  { timeout, pollInterval, signal }: AuthorizationWait,
): Promise<T> {
  const deadline = Date.now() + timeout;
  return new Promise<T>((resolve, reject) => {
    const check = () =>
      read().then((authorized) => {
        if (authorized !== undefined) resolve(authorized);
      });
    // The return page's word is only a reason to look at once, never trusted by itself.
    globalThis.addEventListener?.(
      'message',
      ({ origin, data }: MessageEvent<{ type?: unknown; connectionId?: unknown } | null>) => {
        if (origin === globalThis.location?.origin && data?.type === linkedMessageType && data.connectionId === id) check().catch(reject);
      },
      { signal },
    );
    (async () => {
      for (let interval = pollInterval; ; interval = Math.min(interval * 1.5, 5000)) {
        for (let waited = 0; waited < interval && !window.closed; waited += 250) {
          if (Date.now() >= deadline) throw failure('link_timeout', 'link', `not authorized within ${timeout} ms`);
          await sleep(Math.min(interval - waited, 250), 'link', signal);
        }
        await check();
        // The user may have authorized just before closing the window: that was the last look.
        if (window.closed) throw failure('link_cancelled', 'link', 'the window was closed before the connection was linked');
      }
    })().catch(reject);
  });
}

/**
 * Codat's link flow: create the connection for a platform key (or take the given one), send the
 * popup to its `linkUrl`, and resolve once it is `Linked`, found by polling `get` with backoff or
 * told by the return page's `postMessage` from this page's own origin.
 */
export function runLink(
  client: ConnectionsClient,
  target: string | Connection,
  { popup, signal, timeout = 600_000, onConnection, pollInterval = 1000 }: LinkOptions & LinkInternals,
): Promise<Connection> {
  // The window in use, ours or the caller's: closed when the flow fails.
  let window = popup;
  // Aborted once the flow is over, however it ends: stops every timer, listener and request of it.
  const stop = new AbortController();
  const flow = async () => {
    try {
      if (typeof target === 'string') checkPlatformKey('link', target);
      else checkUuid('link', 'connection.id', target?.id);
      const connection = typeof target === 'string' ? await client.create(target, { signal: stop.signal }) : target;
      const { id, linkUrl } = connection;
      onConnection?.(connection);
      if (!isOpenableUrl(linkUrl)) {
        throw failure('invalid_response', 'link', `linkUrl ${JSON.stringify(linkUrl)} is not https (or http on localhost), so it is not opened`);
      }
      if (popup === undefined) window = globalThis.open(linkUrl, '_blank', 'popup,width=600,height=720');
      else if (popup) popup.location.href = linkUrl;
      if (!window) throw failure('link_blocked', 'link', 'the browser blocked the popup');
      return await awaitAuthorization(
        window,
        id,
        async () => {
          const current = await client.get(id, { signal: stop.signal });
          return current.status === 'Linked' ? current : undefined;
        },
        { timeout, pollInterval, signal: stop.signal },
      );
    } catch (error) {
      // Closing a window that is already closed does nothing.
      window?.close();
      throw error;
    }
  };
  return abortable('link', flow, signal).finally(() => stop.abort());
}
