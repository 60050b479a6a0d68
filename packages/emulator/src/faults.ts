import { errorResponse, messageFor, messages } from './errors.js';
import type { FaultOptions } from './types.js';

/** A count of remaining requests a fault applies to; `Infinity` for "until cleared". */
const remaining = (value: number | boolean | undefined): number => (value === true ? Infinity : typeof value === 'number' && value > 0 ? Math.floor(value) : 0);

/** Checks fault options from code or from the admin route; throws a TypeError naming the problem. */
export function checkFaults(input: unknown): FaultOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('faults must be an object');
  const faults = input as Record<string, unknown>;
  const known = new Set(['latency', 'failureRate', 'forceStatus', 'malformed', 'drop']);
  for (const name of Object.keys(faults)) if (!known.has(name)) throw new TypeError(`unknown fault "${name}"`);
  const { latency, failureRate, forceStatus, malformed, drop } = faults;
  if (latency !== undefined && !(typeof latency === 'number' && latency >= 0 && latency <= 60_000)) {
    throw new TypeError('latency must be milliseconds from 0 to 60000');
  }
  if (failureRate !== undefined && !(typeof failureRate === 'number' && failureRate >= 0 && failureRate <= 1)) {
    throw new TypeError('failureRate must be a number from 0 to 1');
  }
  if (forceStatus !== undefined) {
    const { status, count } = (forceStatus ?? {}) as Record<string, unknown>;
    if (!(typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599)) {
      throw new TypeError('forceStatus.status must be an HTTP error status (400-599)');
    }
    if (count !== undefined && !(typeof count === 'number' && Number.isInteger(count) && count > 0)) {
      throw new TypeError('forceStatus.count must be a positive integer');
    }
  }
  for (const [name, value] of [
    ['malformed', malformed],
    ['drop', drop],
  ] as const) {
    if (value !== undefined && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
      throw new TypeError(`${name} must be a boolean or a request count`);
    }
  }
  return faults as FaultOptions;
}

/**
 * Drops the connection. Under @hono/node-server (whose `env` carries the Node request), the socket
 * is destroyed before anything is written, so the client's fetch rejects. Elsewhere the response
 * body stream fails, which closes the connection mid-response; its error carries the code Node
 * uses for closed streams so that the adapter treats it as a closed connection, not a crash.
 */
export function dropConnection(env: unknown): Response {
  const socket = (env as { incoming?: { socket?: { destroy?: () => void } } } | undefined)?.incoming?.socket;
  if (typeof socket?.destroy === 'function') {
    socket.destroy();
    return new Response(null, { status: 502 });
  }
  const body = new ReadableStream({
    pull(controller) {
      controller.error(Object.assign(new Error('connection dropped by fault injection'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
}

/** Statuses whose responses have no body, by the fetch standard. */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Injected faults, applied around the API's own handling; deterministic for a given sequence of requests. */
export function createFaults() {
  let latency = 0;
  let failureRate = 0;
  let forced: { status: number; left: number } | undefined;
  let malformedLeft = 0;
  let dropLeft = 0;
  let requests = 0;
  /** Counts `set` calls, so that a request's unused malformed body goes back only to the faults it was taken from. */
  let generation = 0;

  const set = (faults: FaultOptions): void => {
    latency = faults.latency ?? 0;
    failureRate = faults.failureRate ?? 0;
    forced = faults.forceStatus ? { status: faults.forceStatus.status, left: faults.forceStatus.count ?? 1 } : undefined;
    malformedLeft = remaining(faults.malformed);
    dropLeft = remaining(faults.drop);
    requests = 0;
    generation += 1;
  };

  /** The fault due to the request just counted: a dropped connection, a forced status, a failure, a malformed body, or none. */
  const decide = (): 'drop' | number | 'fail' | 'malformed' | undefined => {
    if (dropLeft > 0) {
      dropLeft -= 1;
      return 'drop';
    }
    if (forced && forced.left > 0) {
      forced.left -= 1;
      return forced.status;
    }
    // Fail exactly when the running count of failures due steps up: evenly spread, no randomness.
    if (Math.floor(requests * failureRate) > Math.floor((requests - 1) * failureRate)) return 'fail';
    if (malformedLeft > 0) {
      malformedLeft -= 1;
      return 'malformed';
    }
    return undefined;
  };

  return {
    set,
    clear: () => set({}),
    async apply(next: () => Promise<Response>, env: unknown): Promise<Response> {
      requests += 1;
      // A request's fault is decided when it arrives, before the latency and before any await: a
      // request still waiting out the latency of earlier faults never takes one set after it
      // arrived, and each of many concurrent requests gets its own, in the order they came.
      const fault = decide();
      const decidedUnder = generation;
      if (latency > 0) await sleep(latency);
      if (fault === 'drop') return dropConnection(env);
      if (typeof fault === 'number') {
        const headers: Record<string, string> = fault === 429 || fault === 503 ? { 'Retry-After': '1' } : {};
        return errorResponse(fault, messageFor(fault), undefined, headers);
      }
      if (fault === 'fail') return errorResponse(500, messages.internal);
      const response = await next();
      if (fault !== 'malformed') return response;
      // A status without a body (refresh-company-data's 204) cannot carry a broken one: it passes
      // and does not count, so its malformed body goes to the next request, unless faults were set since.
      if (nullBodyStatuses.has(response.status)) {
        if (decidedUnder === generation) malformedLeft += 1;
        return response;
      }
      const headers = new Headers(response.headers);
      headers.set('Content-Type', 'application/json; charset=UTF-8');
      headers.delete('Content-Length');
      return new Response('<html><body>502 Bad Gateway</body></html>', { status: response.status, headers });
    },
  };
}

export type Faults = ReturnType<typeof createFaults>;
