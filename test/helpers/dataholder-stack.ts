import { createDataholderHandler, type DataholderHandlerOptions, type Permission } from '@codat-connections/server';
import {
  createDataholderEmulator,
  DEMO_USER_ID,
  EMPTY_USER_ID,
  OTHER_USER_ID,
  type DataholderEmulator,
  type DataholderEmulatorOptions,
} from '@codat-connections/emulator';
import { listen, type Listening } from './listen.js';

// Credentials unlike the emulator's defaults, so a test cannot pass by a default alone.
export const PLATFORM_API_KEY = 'platform-api-key-7c1e93b0d4';
export const CLIENT_ID = 'partner-client-51f2';
export const CLIENT_SECRET = 'partner-client-secret-a90c4e77e1';
export const SECRET = 'dataholder-test-secret-at-least-32-bytes!';

/** Demo users the fixture's `authorize` knows, by the `user` cookie. */
const users: Record<string, { userId: string; permissions?: Permission[] }> = {
  demo: { userId: DEMO_USER_ID },
  other: { userId: OTHER_USER_ID },
  empty: { userId: EMPTY_USER_ID },
  reader: { userId: DEMO_USER_ID, permissions: ['connections:read'] },
  linker: { userId: DEMO_USER_ID, permissions: ['connections:read', 'connections:link'] },
};

export interface PlatformCall {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  /** The platform's answer, once it gave one. */
  answer?: { status: number; headers: Headers; body: string };
}

export interface DataholderStack {
  /** Origin of the handler; it lives at `${url}/api/dataholder`. */
  url: string;
  api: string;
  /** The platform (the dataholder emulator, unless `upstreamHandler` replaces it) over HTTP. */
  platform: string;
  emulator: DataholderEmulator;
  /** Every request the platform received. */
  calls: PlatformCall[];
  /** Every access token the platform's token endpoint issued. */
  accessTokens: string[];
  /** Every line the handler logged. */
  logs: string[];
  /** Every response read through `call`, as status line, headers and body. */
  seen: string[];
  /** Moves the emulator's clock on. */
  advance(ms: number): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whichever field of the JSON they asked for
  call(path: string, init?: RequestInit): Promise<{ response: Response; body: string; json: () => any }>;
  /** Signs in as `user` (a key of the fixture's users) and returns an access token. */
  token(user: string): Promise<string>;
  /** `call` with the user's token. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as `call`
  callAs(user: string, path: string, init?: RequestInit): Promise<{ response: Response; body: string; json: () => any }>;
  /** The token endpoint calls the platform received. */
  tokenFetches(): number;
  close(): Promise<void>;
}

/**
 * The dataholder handler over real HTTP in front of the dataholder emulator, also over real HTTP
 * (or a stub `upstreamHandler`). The emulator's clock starts at the real time and moves by `advance`.
 */
export async function startDataholderStack(
  options: Partial<DataholderHandlerOptions> & {
    emulator?: DataholderEmulatorOptions;
    upstreamHandler?: (request: Request) => Response | Promise<Response>;
  } = {},
): Promise<DataholderStack> {
  const calls: PlatformCall[] = [];
  const accessTokens: string[] = [];
  const logs: string[] = [];
  const seen: string[] = [];
  let time = Date.now();
  const { emulator: emulatorOptions, upstreamHandler, ...handlerOptions } = options;
  const emulator = createDataholderEmulator({
    apiKey: PLATFORM_API_KEY,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    datasetDelay: 0,
    now: () => new Date(time),
    ...emulatorOptions,
  });
  const target = upstreamHandler ?? ((request: Request) => emulator.fetch(request));
  const platform = await listen(async (request) => {
    const url = new URL(request.url);
    const call: PlatformCall = { method: request.method, url, headers: request.headers, body: await request.clone().text() };
    calls.push(call);
    const response = await target(request);
    call.answer = { status: response.status, headers: response.headers, body: await response.clone().text() };
    if (url.pathname === '/oauth/token' && response.ok) accessTokens.push((await response.clone().json()).access_token);
    return response;
  });
  const handler = createDataholderHandler({
    apiKey: PLATFORM_API_KEY,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    secret: SECRET,
    upstream: platform.url,
    log: (line) => logs.push(line),
    authorize: async (request) => {
      const user = /(?:^|;\s*)user=([a-z]+)/.exec(request.headers.get('Cookie') ?? '')?.[1];
      const found = user ? users[user] : undefined;
      return found ? { subject: user, ...found } : null;
    },
    ...handlerOptions,
  });
  const server: Listening = await listen(handler);
  const api = `${server.url}/api/dataholder`;

  const call: DataholderStack['call'] = async (path, init) => {
    const response = await fetch(path.startsWith('http') ? path : `${api}${path}`, { redirect: 'manual', ...init });
    const body = await response.text();
    seen.push(`${response.status}\n${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${body}`);
    return { response, body, json: () => JSON.parse(body) };
  };
  const token = async (user: string) => {
    const { response, json } = await call('/token', {
      method: 'POST',
      headers: { Cookie: `user=${user}`, 'X-Requested-With': 'codat-connections', 'Content-Type': 'application/json' },
      body: '{}',
    });
    if (response.status !== 200) throw new Error(`token for ${user}: ${response.status}`);
    return json().accessToken as string;
  };
  const tokens = new Map<string, string>();

  return {
    url: server.url,
    api,
    platform: platform.url,
    emulator,
    calls,
    accessTokens,
    logs,
    seen,
    advance: (ms) => (time += ms),
    call,
    token,
    async callAs(user, path, init = {}) {
      if (!tokens.has(user)) tokens.set(user, await token(user));
      return call(path, { ...init, headers: { Authorization: `Bearer ${tokens.get(user)}`, ...(init.headers as Record<string, string>) } });
    },
    tokenFetches: () => calls.filter((each) => each.url.pathname === '/oauth/token').length,
    async close() {
      await server.close();
      await platform.close();
    },
  };
}
