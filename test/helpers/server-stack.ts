import { Hono } from 'hono';
import { createConnectionsHandler, type ConnectionsHandlerOptions, type Permission } from '@codat-connections/server';
import { listen, type Listening } from './listen.js';

export const API_KEY = 'test-api-key-5f1c0e7d9a2b';
export const SECRET = 'test-secret-that-is-at-least-32-bytes-long!';
export const COMPANY_A = '6b0d2c44-f675-40ba-8049-353bfcb5e171';
export const COMPANY_B = '9a210b68-6988-11ed-a1eb-0242ac120002';
export const CONNECTION = '2e9d2c44-f675-40ba-8049-353bfcb5e171';

/** Demo users the fixture's `authorize` knows, by the `user` cookie. */
const users: Record<string, { companyId: string; permissions?: Permission[] }> = {
  alice: { companyId: COMPANY_A },
  admin: { companyId: COMPANY_A, permissions: ['connections:read', 'connections:link', 'connections:unlink', 'connections:delete'] },
  reader: { companyId: COMPANY_A, permissions: ['connections:read'] },
  bob: { companyId: COMPANY_B },
};

export interface UpstreamCall {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

export interface ServerStack {
  /** Origin of the handler, e.g. `http://127.0.0.1:5000`; the handler lives at `${url}/api/codat`. */
  url: string;
  api: string;
  /** Every request the upstream stub received. */
  calls: UpstreamCall[];
  /** Every line the handler logged. */
  logs: string[];
  /** Every response the tests read through `call`, as status line, headers and body. */
  seen: string[];
  /** Sends a request to the handler and records the whole response. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whichever field of the JSON they asked for
  call(path: string, init?: RequestInit): Promise<{ response: Response; body: string; json: () => any }>;
  /** Signs in as `user` and returns an access token. */
  token(user: string, companyId?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The default upstream: answers every operation 200 with what it received, plus headers the
 * handler must pass through (rate limits) and must drop (everything else).
 */
export function echoUpstream(calls: UpstreamCall[]): (request: Request) => Promise<Response> {
  const app = new Hono();
  app.all('*', async (c) => {
    const body = await c.req.text();
    calls.push({ method: c.req.method, url: new URL(c.req.url), headers: c.req.raw.headers, body });
    return c.json({ echoed: true, method: c.req.method, path: new URL(c.req.url).pathname }, 200, {
      'Retry-After': '7',
      'X-Rate-Limit-Limit': '1000',
      'X-Rate-Limit-Remaining': '999',
      'X-Rate-Limit-Reset': 'Sun, 01 Jan 2034 00:00:00 GMT',
      'Set-Cookie': 'upstream=1',
      Server: 'codat-upstream',
      'X-Correlation-Id': 'upstream-correlation',
      'Access-Control-Allow-Origin': '*',
    });
  });
  return async (request) => app.fetch(request);
}

/**
 * Serves the handler over real HTTP in front of an upstream (by default a stub over real HTTP too).
 */
export async function startServerStack(
  options: Partial<ConnectionsHandlerOptions> & {
    upstreamHandler?: (request: Request) => Response | Promise<Response>;
    /** How the handler is served: `@hono/node-server`'s listener unless given (the package's `toNodeListener`). */
    adapter?: Parameters<typeof listen>[1];
  } = {},
): Promise<ServerStack> {
  const calls: UpstreamCall[] = [];
  const logs: string[] = [];
  const seen: string[] = [];
  const { upstreamHandler, adapter, ...handlerOptions } = options;
  let upstream: Listening | undefined;
  if (handlerOptions.upstream === undefined) {
    upstream = await listen(upstreamHandler ?? echoUpstream(calls));
  }
  const handler = createConnectionsHandler({
    apiKey: API_KEY,
    secret: SECRET,
    upstream: upstream?.url,
    log: (line) => logs.push(line),
    authorize: async (request) => {
      const user = /(?:^|;\s*)user=([a-z]+)/.exec(request.headers.get('Cookie') ?? '')?.[1];
      const found = user ? users[user] : undefined;
      return found ? { subject: user, ...found } : null;
    },
    ...handlerOptions,
  });
  const server = await listen(handler, adapter);
  const api = `${server.url}/api/codat`;

  const call: ServerStack['call'] = async (path, init) => {
    const response = await fetch(path.startsWith('http') ? path : `${api}${path}`, init);
    const body = await response.text();
    seen.push(`${response.status}\n${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${body}`);
    return { response, body, json: () => JSON.parse(body) };
  };

  return {
    url: server.url,
    api,
    calls,
    logs,
    seen,
    call,
    async token(user, companyId) {
      const { response, json } = await call('/token', {
        method: 'POST',
        headers: { Cookie: `user=${user}`, 'X-Requested-With': 'codat-connections', 'Content-Type': 'application/json' },
        body: JSON.stringify(companyId ? { companyId } : {}),
      });
      if (response.status !== 200) throw new Error(`token for ${user}: ${response.status}`);
      return json().accessToken;
    },
    async close() {
      await server.close();
      await upstream?.close();
    },
  };
}

/** Runs `run` against a stack started with `options`, with alice's bearer token, and closes the stack after. */
export async function withServerStack(
  options: Parameters<typeof startServerStack>[0],
  run: (stack: ServerStack, auth: RequestInit) => Promise<void>,
): Promise<void> {
  const stack = await startServerStack(options);
  try {
    await run(stack, { headers: { Authorization: `Bearer ${await stack.token('alice')}` } });
  } finally {
    await stack.close();
  }
}
