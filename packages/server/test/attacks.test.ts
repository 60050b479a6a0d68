// The attack table (packages/server/test/attacks.ts), each row sent over real HTTP to the
// handler served through toNodeListener, with its exact answer, whether Codat was called, and,
// after the whole table, no key or secret in any answer or log line. SECURITY.md's table is
// generated from the same rows and must not drift from them.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { createDataholderHandler } from '@codat-connections/server';
import { toNodeListener } from '@codat-connections/server/node';
import { listen, type Listening } from '../../../test/helpers/listen.js';
import { API_KEY, SECRET, startServerStack, type ServerStack } from '../../../test/helpers/server-stack.js';
import { PARTNER, attacks, attackClasses, renderAttackTable, setups, tableEnd, tableStart, updateSecurityDocument } from './attacks.js';
import type { Attack, AttackContext, AttackRequest, RawUpstream, SetupName } from './attacks.js';

const securityPath = new URL('../../../SECURITY.md', import.meta.url);
const DATAHOLDER = { apiKey: 'dataholder-api-key-3e8a61', clientId: 'dataholder-client-9f04', clientSecret: 'dataholder-client-secret-c27d5b' };
const SERVICE = 'codat-connections-server';

/** A handler under attack: the stack, and the Codat paths its upstream `fetch` was asked for. */
interface Target {
  stack: ServerStack;
  upstreamCalls: string[];
  close(): Promise<void>;
}

/** An upstream on a bare socket: it answers bytes no `Response` can hold (status 999), or drops the connection. */
async function rawUpstream(behaviour: RawUpstream): Promise<{ url: string; server: Server }> {
  const server = createServer((socket) => {
    socket.once('data', () => ('drop' in behaviour ? socket.destroy() : socket.end(behaviour.answer)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function startTarget(name: SetupName): Promise<Target> {
  const { rawUpstream: raw, ...options }: Record<string, unknown> & { rawUpstream?: RawUpstream } = setups[name];
  const upstreamCalls: string[] = [];
  const socket = raw ? await rawUpstream(raw) : undefined;
  const stack = await startServerStack({
    allowedOrigins: [PARTNER],
    adapter: toNodeListener,
    ...options,
    ...(socket ? { upstream: socket.url } : {}),
    fetch: (input, init) => {
      const url = new URL(String(input));
      upstreamCalls.push(url.pathname + url.search);
      return fetch(input, init);
    },
  });
  return {
    stack,
    upstreamCalls,
    async close() {
      await stack.close();
      socket?.server.close();
    },
  };
}

/**
 * Sends the request as bytes and reads the whole answer. The socket is not half-closed: a client
 * that ends its side is one that went away (the handler answers 499), so `Connection: close` has
 * the server close it.
 */
function sendRaw(origin: string, request: AttackRequest): Promise<{ status: number; headers: Headers; body: string; text: string }> {
  const { hostname, port } = new URL(origin);
  const headers = Object.entries({ Host: `${hostname}:${port}`, ...request.headers, Connection: 'close' });
  const raw = `${request.method ?? 'GET'} ${request.path} HTTP/1.1\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(raw));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head ? head.split('\r\n') : [];
      const parsed = new Headers(lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
      let body = rest.join('\r\n\r\n');
      if (parsed.get('Transfer-Encoding') === 'chunked') body = unchunk(body);
      // No answer at all (the connection closed) is status 0.
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers: parsed, body, text });
    });
  });
}

/** A chunked body's data. */
function unchunk(body: string): string {
  let data = '';
  let rest = body;
  for (;;) {
    const size = parseInt(rest, 16);
    if (!size) return data;
    const start = rest.indexOf('\r\n') + 2;
    data += rest.slice(start, start + size);
    rest = rest.slice(start + size + 2);
  }
}

describe('attacks on the Codat handler (SECURITY.md)', () => {
  const targets = new Map<SetupName, Promise<Target>>();
  /** Answers and log lines of every handler, for the final scan. */
  const seen: string[] = [];
  const logs: string[] = [];
  let dataholder: { server: Listening; logs: string[]; upstreamCalls: string[] } | undefined;

  const target = (name: SetupName) => {
    if (!targets.has(name)) targets.set(name, startTarget(name));
    return targets.get(name)!;
  };

  /** A dataholder handler sharing the Codat handler's `secret`, over HTTP; its platform is never reached. */
  async function dataholderHandler() {
    if (dataholder) return dataholder;
    const upstreamCalls: string[] = [];
    const dataholderLogs: string[] = [];
    const handler = createDataholderHandler({
      ...DATAHOLDER,
      secret: SECRET,
      upstream: 'http://127.0.0.1:1',
      log: (line) => dataholderLogs.push(line),
      fetch: async (input) => {
        upstreamCalls.push(String(input));
        return new Response(null, { status: 500 });
      },
      authorize: async () => ({ userId: 'user-1' }),
    });
    dataholder = { server: await listen(handler, toNodeListener), logs: dataholderLogs, upstreamCalls };
    return dataholder;
  }

  async function send(attack: Attack, request: AttackRequest, stack: ServerStack) {
    const origin = request.target === 'dataholder' ? (await dataholderHandler()).server.url : stack.url;
    const basePath = request.target === 'dataholder' ? '/api/dataholder' : '/api/codat';
    if (request.raw) {
      const answer = await sendRaw(origin, request);
      seen.push(answer.text);
      return answer;
    }
    const body = typeof request.body === 'function' ? request.body() : request.body;
    const response = await fetch(`${origin}${basePath}${request.path}`, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body,
      redirect: 'manual',
      ...(typeof request.body === 'function' ? { duplex: 'half' } : {}),
    } as RequestInit);
    const text = await response.text();
    seen.push(`${attack.id} ${response.status}\n${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${text}`);
    return { status: response.status, headers: response.headers, body: text };
  }

  after(async () => {
    for (const running of targets.values()) await (await running).close();
    await dataholder?.server.close();
  });

  for (const attack of attacks) {
    it(`${attack.id} (${attackClasses[attack.class]}): ${attack.attack} → ${attack.status}`, async () => {
      const { stack, upstreamCalls } = await target(attack.setup ?? 'default');
      const context: AttackContext = {
        origin: stack.url,
        token: (user, companyId) => stack.token(user, companyId),
        dataholderToken: async () => {
          const { server } = await dataholderHandler();
          const response = await fetch(`${server.url}/api/dataholder/token`, { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' } });
          assert.equal(response.status, 200, 'the dataholder handler issues a token');
          return (await response.json()).accessToken;
        },
      };
      // Tokens are asked for while the request is built: only what the attack itself sends counts.
      const request = await attack.request(context);
      const before = upstreamCalls.length;
      const dataholderBefore = dataholder?.upstreamCalls.length ?? 0;
      const { status, headers, body } = await send(attack, request, stack);

      assert.equal(status, attack.status, `status of ${attack.id}: ${body}`);
      const answer = attack.answer ?? 'error';
      if (answer === 'error') {
        assert.match(headers.get('Content-Type') ?? '', /^application\/json/);
        const error = JSON.parse(body);
        assert.deepEqual(Object.keys(error).sort(), ['canBeRetried', 'correlationId', 'error', 'service', 'statusCode', 'validation']);
        assert.equal(error.statusCode, attack.status);
        assert.equal(error.service, SERVICE);
        assert.equal(error.error, attack.error);
        assert.match(error.correlationId, /^[0-9a-f-]{36}$/);
        const retryable = attack.retryable ?? [429, 502, 503, 504].includes(attack.status);
        assert.equal(error.canBeRetried, retryable ? 'True' : 'False');
        assert.ok(error.validation === null || (typeof error.validation === 'object' && Array.isArray(error.validation.errors)));
      } else if (answer === 'codat') {
        assert.match(headers.get('Content-Type') ?? '', /^application\/json/);
        const json = JSON.parse(body);
        if (attack.status >= 400) assert.equal(json.error, attack.error);
      } else if (answer === 'text') {
        assert.equal(headers.get('Content-Type'), 'text/plain; charset=utf-8');
        assert.equal(body, attack.error);
      } else {
        assert.equal(body, '');
      }
      if (answer !== 'empty' && answer !== 'closed') assert.equal(headers.get('X-Content-Type-Options'), 'nosniff');
      // An answer to an origin that is not allowed is never readable by it, and no upstream header passes.
      assert.notEqual(headers.get('Access-Control-Allow-Origin'), '*');
      assert.equal(headers.get('Set-Cookie'), null);

      const called = upstreamCalls.slice(before);
      if (attack.upstream === false) {
        assert.deepEqual(called, [], `${attack.id} reached the upstream`);
        assert.equal(dataholder?.upstreamCalls.length ?? 0, dataholderBefore, `${attack.id} reached the dataholder platform`);
      } else {
        assert.deepEqual(called, [attack.upstream]);
      }
    });
  }

  it('leaves no API key, client secret or signing secret in any answer or log line, raw, base64 or URI-encoded', async () => {
    for (const running of targets.values()) {
      const { stack } = await running;
      seen.push(...stack.seen);
      logs.push(...stack.logs);
    }
    logs.push(...(dataholder?.logs ?? []));
    const secrets = [API_KEY, `Basic ${btoa(API_KEY)}`, SECRET, ...Object.values(DATAHOLDER)];
    const forms = secrets.flatMap((secret) => [secret, btoa(secret), Buffer.from(secret).toString('base64url'), encodeURIComponent(secret)]);
    assert.ok(seen.length >= attacks.length, 'every answer was recorded');
    for (const text of [...seen, ...logs]) {
      for (const form of forms) assert.ok(!text.includes(form), `a secret in:\n${text}`);
    }
    // The throwing authorize's message (it held the API key) is logged, redacted.
    assert.ok(logs.includes('codat-connections-server: authorize threw Error: session store refused [redacted]'), logs.join('\n'));
  });
});

describe('SECURITY.md', () => {
  it('holds the table generated from the attacks (else run `npm run security-table`)', () => {
    const document = readFileSync(securityPath, 'utf8');
    assert.ok(document.includes(renderAttackTable()), 'SECURITY.md is out of date with packages/server/test/attacks.ts');
  });

  it('would be rewritten when an attack changes, and has one row per attack', () => {
    const document = readFileSync(securityPath, 'utf8');
    const changed = attacks.map((attack, index) => (index === 0 ? { ...attack, status: 418 } : attack));
    assert.notEqual(updateSecurityDocument(document, changed), document);
    const block = document.slice(document.indexOf(tableStart), document.indexOf(tableEnd));
    const ids = [...block.matchAll(/^\| ([A-Z]\d{2}) \|/gm)].map((match) => match[1]);
    assert.deepEqual(
      ids,
      attacks.map((attack) => attack.id),
    );
  });

  it('counts at least 60 attacks, with unique ids, in every class', () => {
    assert.ok(attacks.length >= 60, String(attacks.length));
    assert.equal(new Set(attacks.map((attack) => attack.id)).size, attacks.length);
    for (const name of Object.keys(attackClasses))
      assert.ok(
        attacks.some((attack) => attack.class === name),
        name,
      );
  });
});
