import type { Bus, Notice, Topic } from './bus.js';
import { baseHeaders, HandlerError } from './errors.js';

export interface StreamsOptions {
  bus: Bus;
  /** Streams one subject may hold open on this instance; one more is refused 429. */
  limit: number;
  /** Milliseconds between heartbeats, the comments that keep proxies from closing an idle stream. */
  heartbeat: number;
  log: (line: string) => void;
}

export interface StreamRequest {
  topic: Topic;
  /** Who holds the token (its `sub`): what the open-stream limit counts. */
  subject: string;
  /** When the token expires (epoch ms): the stream ends then, and the client reconnects with a fresh one. */
  expiresAt: number;
  /** The request's signal: aborted when the client goes. */
  signal: AbortSignal;
}

/** A client that has not read this many queued events is too slow to follow: its stream is ended, and it reads the truth when it reconnects. */
const MAX_QUEUED = 256;

const encoder = new TextEncoder();

/**
 * The Server-Sent Events streams of one handler. Each listens to its token's topic on the bus and
 * writes each notice as an event with its id; one shared timer writes the heartbeats, and runs
 * only while a stream is open. Ending a stream (the client going, the token expiring, a client too
 * slow to read) removes its listener, its expiry timer and its count at once.
 */
export function createStreams({ bus, limit, heartbeat, log }: StreamsOptions) {
  const open = new Set<{ beat(): void }>();
  const perSubject = new Map<string, number>();
  let beating: ReturnType<typeof setInterval> | undefined;

  const count = (subject: string, by: number) => {
    const next = (perSubject.get(subject) ?? 0) + by;
    if (next > 0) perSubject.set(subject, next);
    else perSubject.delete(subject);
  };

  async function stream({ topic, subject, expiresAt, signal }: StreamRequest): Promise<Response> {
    if ((perSubject.get(subject) ?? 0) >= limit) {
      throw new HandlerError(429, `Too many open event streams (at most ${limit})`, { headers: { 'Retry-After': '30' } });
    }
    count(subject, 1);

    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let unsubscribe: (() => void) | undefined;
    let expiry: ReturnType<typeof setTimeout> | undefined;
    let ended = false;
    const write = (text: string) => {
      if (ended) return;
      if ((controller.desiredSize ?? 0) < -MAX_QUEUED) return end();
      controller.enqueue(encoder.encode(text));
    };
    const entry = { beat: () => write(': heartbeat\n\n') };
    const end = () => {
      if (ended) return;
      ended = true;
      unsubscribe?.();
      clearTimeout(expiry);
      signal.removeEventListener('abort', end);
      open.delete(entry);
      if (open.size === 0) {
        clearInterval(beating);
        beating = undefined;
      }
      count(subject, -1);
      try {
        controller.close();
      } catch {
        // Already closed or cancelled by the client.
      }
    };
    const body = new ReadableStream<Uint8Array>({
      start: (c) => void (controller = c),
      cancel: end,
    });

    try {
      unsubscribe = await bus.subscribe(topic, (notice: Notice) => write(`id: ${notice.eventId}\nevent: notice\ndata: ${JSON.stringify(notice)}\n\n`));
    } catch (error) {
      end();
      log(`codat-connections-server: the bus could not open an event stream (${error instanceof Error ? error.message : String(error)})`);
      throw new HandlerError(503, 'Live updates are not available now', { canBeRetried: true });
    }
    if (signal.aborted) {
      end();
      throw new HandlerError(499, 'Client closed the request');
    }
    signal.addEventListener('abort', end);
    expiry = setTimeout(
      () => {
        write('event: expired\ndata: {}\n\n');
        end();
      },
      Math.min(Math.max(expiresAt - Date.now(), 0), 2 ** 31 - 1),
    );
    open.add(entry);
    beating ??= setInterval(() => {
      for (const each of open) each.beat();
    }, heartbeat);
    // The reconnection delay a standard EventSource would use; `watch()` keeps its own backoff.
    write('retry: 3000\n: open\n\n');

    return new Response(body, {
      status: 200,
      headers: { ...baseHeaders, 'Cache-Control': 'no-store, no-transform', 'Content-Type': 'text/event-stream; charset=utf-8', 'X-Accel-Buffering': 'no' },
    });
  }

  return {
    stream,
    /** Open streams on this instance, for monitoring and the leak tests. */
    get size() {
      return open.size;
    },
  };
}

export type Streams = ReturnType<typeof createStreams>;
