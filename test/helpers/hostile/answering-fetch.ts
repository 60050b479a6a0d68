// The fake `fetch` of the hostile-answers runs: it answers Codat's paths from a scenario's answers,
// one task later (as a network would), counts what it delivered, and honours abort.
import { pageLinks, type Answer, type Answers } from './answers.js';

/** Answers delivered so far, per operation; `other` counts requests nobody expected. */
export interface Delivered {
  list: number;
  get: number;
  unlink: number;
  integrations: number;
  other: number;
}

const INFINITY = '\u0000Infinity';

/** The JSON text of a generated body: `Infinity` is sent as `1e999` (which `JSON.parse` reads back as Infinity). */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) => (item === Infinity ? INFINITY : item === -Infinity ? `-${INFINITY}` : item)) ?? '';
  return text.replaceAll(JSON.stringify(`-${INFINITY}`), '-1e999').replaceAll(JSON.stringify(INFINITY), '1e999');
}

const emptyPage = JSON.stringify({ results: [], pageNumber: 2, pageSize: 50, totalResults: 0, _links: pageLinks });

/** The next task (after microtasks and rendering work already queued), without the 4 ms clamp of nested timeouts. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      // Closed, so that ports do not pile up: WebKit slows with every port left open.
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * A `fetch` that answers Codat's paths from `answers`, one task later (as a network would), and
 * honours abort. `pending()` is how many requests are not answered yet.
 */
export function answeringFetch(answers: Answers): { fetch: typeof fetch; delivered: Delivered; pending: () => number } {
  const delivered: Delivered = { list: 0, get: 0, unlink: 0, integrations: 0, other: 0 };
  let pending = 0;
  const respond = (answer: Answer): Response => {
    if ('networkError' in answer) throw new TypeError('Failed to fetch');
    const body = 'text' in answer ? answer.text : jsonText(answer.json);
    return new Response(body, { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  };
  const route = (method: string, url: URL): Response => {
    const path = url.pathname;
    const firstPage = (url.searchParams.get('page') ?? '1') === '1';
    if (method === 'GET' && /^\/companies\/[^/]+\/connections$/.test(path)) {
      if (!firstPage) return new Response(emptyPage);
      delivered.list++;
      return respond(answers.list);
    }
    if (/^\/companies\/[^/]+\/connections\/[^/]+$/.test(path)) {
      if (method === 'GET') {
        delivered.get++;
        return respond(answers.get);
      }
      if (method === 'PATCH') {
        delivered.unlink++;
        return respond(answers.unlink);
      }
      if (method === 'DELETE') return new Response(null, { status: 204 });
    }
    if (method === 'GET' && path === '/integrations') {
      if (!firstPage) return new Response(emptyPage);
      delivered.integrations++;
      return respond(answers.integrations);
    }
    delivered.other++;
    return new Response('{"error":"not expected"}', { status: 404 });
  };
  const answering: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request?.url ?? String(input));
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const signal = init?.signal ?? request?.signal;
    pending++;
    try {
      await nextTask();
      signal?.throwIfAborted();
      return route(method, url);
    } finally {
      pending--;
    }
  };
  return { fetch: answering, delivered, pending: () => pending };
}
