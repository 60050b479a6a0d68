import { baseHeaders, errorResponse } from './errors.js';

export interface Upstream {
  /** Codat's origin (and any path prefix), without a trailing slash. */
  base: string;
  /** `Basic <base64(apiKey)>`. */
  authorization: string;
  fetch: typeof fetch;
  timeout: number;
  log: (line: string) => void;
}

export interface ForwardRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below Codat's origin, built from validated values only. */
  path: string;
  query?: URLSearchParams;
  /** Validated body, serialised again here so nothing unvalidated reaches Codat. */
  body?: unknown;
  /** Aborts the upstream call when the client goes away. */
  signal?: AbortSignal;
  correlationId: string;
}

/** The only upstream headers a client sees: Codat's rate-limit advice. */
const passedThrough = (name: string): boolean => name === 'retry-after' || name.startsWith('x-rate-limit-');

/** Sends one operation to Codat with the API key and returns Codat's status and body. */
export async function forward(upstream: Upstream, request: ForwardRequest): Promise<Response> {
  const search = request.query?.size ? `?${request.query}` : '';
  const target = `${upstream.base}${request.path}${search}`;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), upstream.timeout);
  const signal = request.signal ? AbortSignal.any([timeout.signal, request.signal]) : timeout.signal;
  const headers: Record<string, string> = { Authorization: upstream.authorization, Accept: 'application/json' };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  const described = `${request.method} ${request.path} correlationId=${request.correlationId}`;
  try {
    const response = await upstream.fetch(target, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
      redirect: 'manual',
    });
    const body = await response.arrayBuffer();
    if (response.status === 401) {
      // Codat refusing the API key is the server's fault, not the caller's token: say so, and do
      // not let the client refresh its token for nothing.
      upstream.log(`codat-connections-server: upstream refused the API key (401) for ${described}`);
      return errorResponse(502, "Codat refused the server's credentials", { correlationId: request.correlationId });
    }
    return new Response(body.byteLength ? body : null, { status: response.status, headers: responseHeaders(response.headers) });
  } catch (error) {
    if (timeout.signal.aborted) {
      upstream.log(`codat-connections-server: upstream timed out after ${upstream.timeout} ms for ${described}`);
      return errorResponse(504, 'Codat did not answer in time', { correlationId: request.correlationId });
    }
    if (request.signal?.aborted) return errorResponse(499, 'Client closed the request', { correlationId: request.correlationId });
    upstream.log(`codat-connections-server: upstream unreachable for ${described}: ${describeError(error)}`);
    return errorResponse(502, 'Codat could not be reached', { correlationId: request.correlationId });
  } finally {
    clearTimeout(timer);
  }
}

function responseHeaders(upstream: Headers): Headers {
  const headers = new Headers(baseHeaders);
  const type = upstream.get('Content-Type') ?? '';
  // Only JSON is labelled as such; anything else is served as inert text on the partner's origin.
  headers.set('Content-Type', /^application\/([\w.+-]+\+)?json\b/i.test(type) ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8');
  upstream.forEach((value, name) => {
    if (passedThrough(name.toLowerCase())) headers.set(name, value);
  });
  return headers;
}

/** The error's class and code, e.g. `TypeError: fetch failed (ECONNREFUSED)`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown } | undefined;
  const code = cause && typeof cause.code === 'string' ? ` (${cause.code})` : '';
  return `${error.name}: ${error.message}${code}`;
}
