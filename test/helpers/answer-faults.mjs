// Test-only: loses the stack's answers between the handler and the browser, after the handler has
// fully handled the request, so Codat (the emulator) has applied the operation but the browser
// never learns how it went. The web-test-runner middleware serves the stack through `handle`;
// browser tests drive it through the control routes below (test/helpers/browser.ts:
// loseAnswers, clearAnswerFaults). Nothing here is part of the demo or any package.
//
// Control routes, on the test page's origin:
//   POST /test-faults/answers  {method, path, mode, count?}  the next `count` (default 1) requests
//        whose method is `method` and whose URL path matches the regular expression `path` lose
//        their answer by `mode`; 204, or 400 naming what is wrong. Rules add up; the first
//        matching rule with answers left applies.
//   POST /test-faults/reset    forgets every rule and the request log; 204.
//   GET  /test-faults/requests every request the stack received since the last reset, in order:
//        [{method, path, connection}], `connection` numbering the TCP connection it came on.
//
// Modes:
//   reset      the socket is reset (RST) before any byte of the answer is written;
//   cut        the status line and headers (with the Content-Length of the full body) and the
//              first half of the body are written, then the socket is destroyed;
//   empty      a 200 with an empty body (the answer's Content-Type kept);
//   malformed  a 200 whose body is an HTML error page, as a misconfigured proxy would answer.
// Three more modes change the answer rather than lose it (for the fault matrix, test/faults/):
//   status     `answer: {status, headers?, body?}` is the answer, and the request never reaches the
//              stack: a backend, or a proxy in front of it, answering that (a token endpoint's 500,
//              a 429 with its own Retry-After, a 200 that is not JSON);
//   slow       the request reaches the stack `delay` milliseconds (up to 60000) late;
//   json       the stack's JSON answer with `merge`'s fields set over its own (`null` removes one):
//              a grant without `accessToken`, or one that expires at once.
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';

const CONTROL_PREFIX = '/test-faults/';
const LOSING_MODES = ['reset', 'cut', 'empty', 'malformed'];
const MODES = [...LOSING_MODES, 'status', 'slow', 'json'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** @typedef {'reset' | 'cut' | 'empty' | 'malformed' | 'status' | 'slow' | 'json'} AnswerFaultMode */
/** @typedef {{ status: number, headers?: Record<string, string>, body?: string }} StandInAnswer */
/**
 * @typedef {{ method: string, path: RegExp, mode: AnswerFaultMode, left: number,
 *   answer?: StandInAnswer, delay?: number, merge?: Record<string, unknown> }} AnswerFaultRule
 */
/** @typedef {{ incoming: import('node:http').IncomingMessage, outgoing: import('node:http').ServerResponse }} NodeEnv */

/** Whether a path is one of the control routes (the middleware sends those to `handle` too). */
export const isAnswerFaultControl = (/** @type {string} */ path) => path.startsWith(CONTROL_PREFIX);

export function createAnswerFaults() {
  /** @type {AnswerFaultRule[]} */
  let rules = [];
  /** @type {Array<{ method: string, path: string, connection: number }>} */
  let received = [];
  /** @type {WeakMap<object, number>} */
  const connections = new WeakMap();
  let connectionCount = 0;

  /** @param {object} socket */
  const connectionOf = (socket) => {
    if (!connections.has(socket)) connections.set(socket, (connectionCount += 1));
    return /** @type {number} */ (connections.get(socket));
  };

  /**
   * Serves the control routes, or passes the request to `next` (the stack) and loses its answer
   * when a rule says so. Use under @hono/node-server's `getRequestListener`, which gives `env`.
   * @param {Request} request
   * @param {NodeEnv} env
   * @param {(request: Request) => Promise<Response>} next
   * @returns {Promise<Response>}
   */
  async function handle(request, env, next) {
    const { pathname } = new URL(request.url);
    if (isAnswerFaultControl(pathname)) return control(request, pathname);
    received.push({ method: request.method, path: pathname, connection: connectionOf(env.incoming.socket) });
    const rule = rules.find((each) => each.left > 0 && each.method === request.method && each.path.test(pathname));
    if (!rule) return next(request);
    rule.left -= 1;
    if (rule.mode === 'status' && rule.answer) return new Response(rule.answer.body ?? null, { status: rule.answer.status, headers: rule.answer.headers });
    if (rule.mode === 'slow') await new Promise((resolve) => setTimeout(resolve, rule.delay));
    const response = await next(request);
    if (rule.mode === 'slow') return response;
    if (rule.mode === 'json') return merged(response, rule.merge ?? {});
    // Reading the whole answer first means the handler is done: Codat has applied the operation.
    const body = new Uint8Array(await response.arrayBuffer());
    return lose(rule.mode, response, body, env);
  }

  /**
   * @param {Request} request
   * @param {string} pathname
   */
  async function control(request, pathname) {
    const route = `${request.method} ${pathname}`;
    if (route === `POST ${CONTROL_PREFIX}reset`) {
      rules = [];
      received = [];
      return new Response(null, { status: 204 });
    }
    if (route === `GET ${CONTROL_PREFIX}requests`) return Response.json(received, { headers: { 'Cache-Control': 'no-store' } });
    if (route !== `POST ${CONTROL_PREFIX}answers`) return new Response(`No test-fault route ${route}`, { status: 404 });
    const parsed = parseRule(await request.json().catch(() => undefined));
    if (typeof parsed === 'string') return new Response(parsed, { status: 400 });
    rules.push(parsed);
    return new Response(null, { status: 204 });
  }

  return { handle };
}

/**
 * @param {unknown} body
 * @returns {AnswerFaultRule | string} the rule, or what is wrong with the body
 */
function parseRule(body) {
  if (typeof body !== 'object' || body === null) return 'expected a JSON object {method, path, mode, count?}';
  const { method, path, mode, count = 1, answer, delay, merge, ...rest } = /** @type {Record<string, unknown>} */ (body);
  if (Object.keys(rest).length) return `unknown property ${Object.keys(rest)[0]}`;
  if (typeof method !== 'string' || !METHODS.includes(method)) return `method must be one of ${METHODS.join(', ')}`;
  if (typeof mode !== 'string' || !MODES.includes(mode)) return `mode must be one of ${MODES.join(', ')}`;
  if (!Number.isInteger(count) || /** @type {number} */ (count) < 1) return 'count must be a positive integer';
  if (typeof path !== 'string') return 'path must be a regular expression, as a string';
  const extra = modeProblem(mode, { answer, delay, merge });
  if (extra) return extra;
  try {
    return {
      method,
      path: new RegExp(path),
      mode: /** @type {AnswerFaultMode} */ (mode),
      left: /** @type {number} */ (count),
      ...(answer !== undefined && { answer: /** @type {StandInAnswer} */ (answer) }),
      ...(delay !== undefined && { delay: /** @type {number} */ (delay) }),
      ...(merge !== undefined && { merge: /** @type {Record<string, unknown>} */ (merge) }),
    };
  } catch (error) {
    return `path is not a regular expression: ${/** @type {Error} */ (error).message}`;
  }
}

/**
 * What is wrong with the options of a mode that takes some (`answer`, `delay`, `merge`), if anything.
 * @param {string} mode
 * @param {{ answer: unknown, delay: unknown, merge: unknown }} options
 */
function modeProblem(mode, { answer, delay, merge }) {
  const given = Object.entries({ answer, delay, merge })
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name);
  const takes = { status: 'answer', slow: 'delay', json: 'merge' }[mode];
  const stray = given.find((name) => name !== takes);
  if (stray) return `${stray} is not an option of mode ${mode}`;
  if (mode === 'status') {
    const { status, headers = {}, body, ...more } = /** @type {Record<string, unknown>} */ (answer ?? {});
    if (Object.keys(more).length) return `unknown answer property ${Object.keys(more)[0]}`;
    if (!(Number.isInteger(status) && /** @type {number} */ (status) >= 200 && /** @type {number} */ (status) <= 599))
      return 'answer.status must be an HTTP status';
    if (typeof headers !== 'object' || headers === null || Object.values(headers).some((value) => typeof value !== 'string'))
      return 'answer.headers must map names to strings';
    if (body !== undefined && typeof body !== 'string') return 'answer.body must be a string';
  }
  if (mode === 'slow' && !(Number.isInteger(delay) && /** @type {number} */ (delay) >= 0 && /** @type {number} */ (delay) <= 60_000)) {
    return 'delay must be milliseconds from 0 to 60000';
  }
  if (mode === 'json' && (typeof merge !== 'object' || merge === null || Array.isArray(merge))) return 'merge must be a JSON object';
  return '';
}

/**
 * The answer with `merge`'s fields set over its JSON object (`null` removes a field).
 * @param {Response} response
 * @param {Record<string, unknown>} merge
 */
async function merged(response, merge) {
  const body = await response.json();
  for (const [name, value] of Object.entries(merge)) {
    if (value === null) delete body[name];
    else body[name] = value;
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(body), { status: response.status, headers });
}

/**
 * Writes the lost answer straight to the Node response (or tears the socket down), and tells the
 * adapter it has been sent.
 * @param {AnswerFaultMode} mode
 * @param {Response} response the handler's full answer
 * @param {Uint8Array} body its body
 * @param {NodeEnv} env
 */
function lose(mode, response, body, { outgoing }) {
  const socket = outgoing.socket;
  switch (mode) {
    case 'reset':
      socket?.resetAndDestroy();
      break;
    case 'cut':
      outgoing.writeHead(response.status, { ...headersOf(response), 'content-length': body.byteLength });
      outgoing.write(body.subarray(0, Math.floor(body.byteLength / 2)), () => socket?.destroy());
      break;
    case 'empty':
      outgoing.writeHead(200, { ...headersOf(response), 'content-length': 0 });
      outgoing.end();
      break;
    case 'malformed': {
      const page = '<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
      outgoing.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
      outgoing.end(page);
      break;
    }
  }
  return RESPONSE_ALREADY_SENT;
}

/** The answer's headers, without those that describe its length. @param {Response} response */
function headersOf(response) {
  /** @type {Record<string, string>} */
  const headers = {};
  response.headers.forEach((value, name) => {
    if (name !== 'content-length' && name !== 'transfer-encoding') headers[name] = value;
  });
  return headers;
}
