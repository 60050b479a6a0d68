import { readLimited } from './bytes.js';
import { baseHeaders, HandlerError } from './errors.js';
import { decodeBase64, redact, secretForms } from './redact.js';

export interface Upstream {
  /** The platform's origin (and any path prefix), without a trailing slash. */
  base: string;
  /** What errors call the platform: "Codat". */
  name: string;
  /** The credentials sent with every request, e.g. `{ Authorization: 'Basic …' }`. */
  headers: Record<string, string>;
  fetch: typeof fetch;
  timeout: number;
  /** The most bytes of an answer read; a longer one is the handler's 502. */
  bodyLimit: number;
  log: (line: string) => void;
}

export interface ForwardRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the platform's origin, built from validated values only. */
  path: string;
  query?: URLSearchParams;
  /** Validated body, serialised again here so nothing unvalidated goes upstream: a form when it is `URLSearchParams`, else JSON. */
  body?: unknown;
  /** Aborts the upstream call when the client goes away. */
  signal?: AbortSignal;
  correlationId: string;
}

/** What one upstream call came to: the platform's answer and its body, read. */
export interface Exchange {
  response: Response;
  body: Uint8Array<ArrayBuffer>;
}

/** Why an upstream call was aborted. */
const TIMED_OUT = Symbol('timed out');
const CLIENT_GONE = Symbol('client gone');

/** The only upstream headers a client sees: Codat's rate-limit advice. */
const passedThrough = (name: string): boolean => name === 'retry-after' || name.startsWith('x-rate-limit-');

/** Sends one operation to Codat with the API key and returns Codat's status and body. */
export async function forward(upstream: Upstream, request: ForwardRequest): Promise<Response> {
  const { response, body } = await exchange(upstream, request);
  if (response.status === 401) throw refusedCredentials(upstream, request, { name: 'API key', options: '`apiKey` option' });
  return new Response(body.byteLength ? body : null, { status: response.status, headers: responseHeaders(response.headers) });
}

/** Which of the server's credentials the platform refused, and the options that hold them. */
export interface Credentials {
  /** "API key", "client credentials". */
  name: string;
  /** "`apiKey`". */
  options: string;
}

/**
 * The platform refusing the server's credentials is the server's fault, not the caller's token:
 * say so, and which option to check, and do not let the client refresh its token or retry for
 * nothing (a 502 marked `canBeRetried: "False"`): the same key is refused again.
 */
export function refusedCredentials(upstream: Upstream, request: ForwardRequest, credentials: Credentials, status = 401): HandlerError {
  const fix = `check the handler's ${credentials.options}`;
  upstream.log(`codat-connections-server: upstream refused the ${credentials.name} (${status}) for ${described(request)}; ${fix}`);
  return new HandlerError(502, `${upstream.name} refused the server's ${credentials.name} (${status}): ${fix}`, {
    correlationId: request.correlationId,
    canBeRetried: false,
  });
}

/** Sends one request upstream with the credentials; a timeout, a client gone away or an unreachable platform throws the handler's 504, 499 or 502. */
export async function exchange(upstream: Upstream, request: ForwardRequest): Promise<Exchange> {
  const search = request.query?.size ? `?${request.query}` : '';
  const target = `${upstream.base}${request.path}${search}`;
  // One controller for both reasons to stop: cheaper than AbortSignal.any, which every request paid for.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(TIMED_OUT), upstream.timeout);
  const clientGone = () => abort.abort(CLIENT_GONE);
  if (request.signal?.aborted) clientGone();
  request.signal?.addEventListener('abort', clientGone, { once: true });
  const headers: Record<string, string> = { ...upstream.headers, Accept: 'application/json' };
  const form = request.body instanceof URLSearchParams;
  if (request.body !== undefined) headers['Content-Type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
  const { correlationId } = request;
  try {
    const response = await upstream.fetch(target, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : form ? String(request.body) : JSON.stringify(request.body),
      signal: abort.signal,
      redirect: 'manual',
    });
    // A redirect is never followed (the key would go with it), and a status outside 200-599 is no
    // HTTP answer a client could be given: neither reaches the client as it is.
    const { status } = response;
    if (status < 200 || status > 599 || (status >= 300 && status < 400)) {
      await response.body?.cancel().catch(() => undefined);
      upstream.log(`codat-connections-server: upstream answered status ${status} for ${described(request)}; answered 502`);
      throw new HandlerError(502, `${upstream.name} gave an unexpected answer`, { correlationId });
    }
    const body = await readBody(response, upstream.bodyLimit);
    if (body === undefined) {
      upstream.log(`codat-connections-server: upstream answer over ${upstream.bodyLimit} bytes for ${described(request)}; answered 502`);
      throw new HandlerError(502, `${upstream.name} gave an answer too large to pass on`, { correlationId });
    }
    return { response, body: scrubbed(body, credentialForms(upstream.headers)) };
  } catch (error) {
    if (error instanceof HandlerError) throw error;
    if (abort.signal.reason === TIMED_OUT) {
      upstream.log(`codat-connections-server: upstream timed out after ${upstream.timeout} ms for ${described(request)}`);
      throw new HandlerError(504, `${upstream.name} did not answer in time`, { correlationId });
    }
    if (abort.signal.reason === CLIENT_GONE) throw new HandlerError(499, 'Client closed the request', { correlationId });
    upstream.log(`codat-connections-server: upstream unreachable for ${described(request)}: ${describeError(error)}`);
    throw new HandlerError(502, `${upstream.name} could not be reached`, { correlationId });
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', clientGone);
  }
}

/** The answer's bytes, or `undefined` past `limit` (see {@link readLimited}). */
async function readBody(response: Response, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (Number(response.headers.get('Content-Length') ?? 0) > limit) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  return readLimited(response.body, limit);
}

/**
 * What the handler sent that no client may see: each credential header's value, its credential
 * without the scheme, and a Basic credential decoded (Codat's API key itself).
 */
function credentials(headers: Record<string, string>): string[] {
  return Object.values(headers).flatMap((value) => {
    const [scheme, credential] = value.split(' ', 2);
    if (credential === undefined) return [value];
    return [value, credential, ...(scheme!.toLowerCase() === 'basic' ? [decodeBase64(credential)] : [])];
  });
}

/** The forms of each upstream's credentials, worked out once for the headers it sends with every request. */
const formsOf = new WeakMap<Record<string, string>, readonly string[]>();

function credentialForms(headers: Record<string, string>): readonly string[] {
  let forms = formsOf.get(headers);
  if (!forms) formsOf.set(headers, (forms = secretForms(credentials(headers))));
  return forms;
}

/**
 * The body with the server's credentials taken out: an upstream (or a proxy before it) that echoes
 * the request's headers in an answer must not hand the API key to the browser. Left as it is,
 * byte for byte, when it holds none.
 */
function scrubbed(body: Uint8Array<ArrayBuffer>, forms: readonly string[]): Uint8Array<ArrayBuffer> {
  const text = new TextDecoder().decode(body);
  const safe = redact(text, forms);
  return safe === text ? body : new TextEncoder().encode(safe);
}

/** How log lines name a request: method, path (never the query) and correlation id. */
export const described = (request: ForwardRequest): string => `${request.method} ${request.path} correlationId=${request.correlationId}`;

/** The upstream's rate-limit advice, the only upstream headers a client sees. */
export function rateLimitHeaders(upstream: Headers): Record<string, string> {
  const headers: Record<string, string> = {};
  upstream.forEach((value, name) => {
    if (passedThrough(name.toLowerCase())) headers[name] = value;
  });
  return headers;
}

function responseHeaders(upstream: Headers): Record<string, string> {
  const type = upstream.get('Content-Type') ?? '';
  return {
    ...baseHeaders,
    // Only JSON is labelled as such; anything else is served as inert text on the partner's origin.
    'Content-Type': /^application\/([\w.+-]+\+)?json\b/i.test(type) ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    ...rateLimitHeaders(upstream),
  };
}

/** The error's class and code, e.g. `TypeError: fetch failed (ECONNREFUSED)`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown } | undefined;
  const code = cause && typeof cause.code === 'string' ? ` (${cause.code})` : '';
  return `${error.name}: ${error.message}${code}`;
}
