import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** What a test reads of a Server-Sent Events stream: its events and comments, in order. */
export type StreamItem = { type: 'event'; event: EventSourceMessage } | { type: 'comment'; comment: string } | { type: 'end' };

export interface OpenStream {
  response: Response;
  /** Everything read so far. */
  items: StreamItem[];
  /** The first item from the start that `matches`; rejects when the stream ends first, or after `timeout` ms. */
  next(matches: (item: StreamItem) => boolean, timeout?: number): Promise<StreamItem>;
  /** The notices read so far, parsed. */
  notices(): Array<Record<string, unknown>>;
  /** Whether the stream has ended. */
  readonly ended: boolean;
  close(): void;
}

/** Opens `url` as an event stream with `token`, as the core does (fetch and a bearer token, never a token in the URL). */
export async function openStream(url: string, token: string, init: RequestInit = {}): Promise<OpenStream> {
  const abort = new AbortController();
  const response = await fetch(url, { ...init, headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: abort.signal });
  const items: StreamItem[] = [];
  const waiting = new Set<() => void>();
  let ended = false;
  const push = (item: StreamItem) => {
    items.push(item);
    for (const wake of waiting) wake();
  };
  const parser = createParser({ onEvent: (event) => push({ type: 'event', event }), onComment: (comment) => push({ type: 'comment', comment }) });
  if (response.ok && response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
      } catch {
        // Aborted by `close`, or the server went.
      }
      ended = true;
      push({ type: 'end' });
    })();
  } else {
    ended = true;
  }
  return {
    response,
    items,
    get ended() {
      return ended;
    },
    next(matches, timeout = 20_000) {
      return new Promise((resolve, reject) => {
        let from = 0;
        // A missing item fails the test in time, instead of waiting for the token to expire.
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`no matching item in ${timeout} ms; the stream held ${JSON.stringify(items)}`));
        }, timeout);
        const check = () => {
          for (; from < items.length; from++) {
            const item = items[from]!;
            if (matches(item)) {
              waiting.delete(check);
              clearTimeout(timer);
              return resolve(item);
            }
            if (item.type === 'end') {
              waiting.delete(check);
              clearTimeout(timer);
              return reject(new Error(`the stream ended first; it held ${JSON.stringify(items)}`));
            }
          }
        };
        waiting.add(check);
        check();
      });
    },
    notices: () => items.flatMap((item) => (item.type === 'event' && item.event.event === 'notice' ? [JSON.parse(item.event.data)] : [])),
    close: () => abort.abort(),
  };
}

export const isNotice =
  (eventId?: string) =>
  (item: StreamItem): boolean =>
    item.type === 'event' && item.event.event === 'notice' && (eventId === undefined || item.event.id === eventId);
