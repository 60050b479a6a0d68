// The server defects found from outside, each with the answer the client gets and what
// the log says: an upstream that echoes the key, redirects, answers a status no client can be
// given or an answer too large; a request the Node adapter cannot read; a client that leaves
// mid-body; an `authorize` that never answers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createConnectionsHandler } from '@codat-connections/server';
import { toNodeListener } from '@codat-connections/server/node';
import { API_KEY, COMPANY_A, SECRET, startServerStack, withServerStack } from '../../../test/helpers/server-stack.js';

const list = `/companies/${COMPANY_A}/connections`;
const basic = Buffer.from(API_KEY).toString('base64');

/** The request's headers, as an upstream (or a proxy in front of it) that echoes them answers. */
const echoHeaders = (status: number) => (request: Request) =>
  Response.json(
    { statusCode: status, error: `Refused: ${request.headers.get('Authorization')}`, key: atob(request.headers.get('Authorization')!.split(' ')[1]!) },
    { status },
  );

/** A raw HTTP upstream answering every request with `head` (status line and headers) and `body`. */
async function rawUpstream(head: string, body = ''): Promise<{ url: string; server: Server }> {
  const server = createServer((socket) => {
    socket.once('data', () => socket.end(`${head}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('server defects', () => {
  it('scrubs the API key, raw, base64 and as the header it was sent in, from upstream bodies, whatever the status', async () => {
    for (const status of [200, 400, 403, 500]) {
      await withServerStack({ upstreamHandler: echoHeaders(status) }, async (stack, auth) => {
        const { response, body, json } = await stack.call(list, auth);
        assert.equal(response.status, status);
        assert.ok(!body.includes(API_KEY) && !body.includes(basic), `${status}: no key in ${body}`);
        assert.deepEqual(json(), { statusCode: status, error: 'Refused: [redacted]', key: '[redacted]' });
      });
    }
  });

  it('passes an answer without the key on byte for byte', async () => {
    const text = '{"results":[],"note":"caf\u00e9 \u2713"}';
    await withServerStack({ upstreamHandler: () => new Response(text, { headers: { 'Content-Type': 'application/json' } }) }, async (stack, auth) => {
      assert.equal((await stack.call(list, auth)).body, text);
    });
  });

  it('answers a redirect from upstream with a 502 ErrorMessage, never following it nor passing it on', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      let followed = false;
      await withServerStack(
        {
          upstreamHandler: (request) => {
            if (new URL(request.url).pathname === '/elsewhere') followed = true;
            return new Response(null, { status, headers: { Location: '/elsewhere' } });
          },
        },
        async (stack, auth) => {
          const { response, json } = await stack.call(list, auth);
          assert.equal(response.status, 502, String(status));
          assert.equal(response.headers.get('Location'), null);
          assert.equal(json().error, 'Codat gave an unexpected answer');
          assert.match(stack.logs.join('\n'), new RegExp(`upstream answered status ${status} for GET /companies/${COMPANY_A}/connections`));
        },
      );
      assert.equal(followed, false);
    }
  });

  it('answers an upstream status outside 200-599 with a 502 ErrorMessage, through toNodeListener too', async () => {
    for (const status of [600, 999]) {
      const upstream = await rawUpstream(`HTTP/1.1 ${status} Strange`, '{"results":[]}');
      const logs: string[] = [];
      const handler = createConnectionsHandler({
        apiKey: API_KEY,
        secret: SECRET,
        upstream: upstream.url,
        log: (line) => logs.push(line),
        authorize: async () => ({ companyId: COMPANY_A }),
      });
      const server = createHttpServer(toNodeListener(handler));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const grant = await (await fetch(`${origin}/api/codat/token`, { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' } })).json();
        const response = await fetch(`${origin}/api/codat${list}`, { headers: { Authorization: `Bearer ${grant.accessToken}` } });
        assert.equal(response.status, 502, String(status));
        assert.match(response.headers.get('Content-Type')!, /^application\/json/);
        assert.equal((await response.json()).error, 'Codat gave an unexpected answer');
        assert.match(logs.join('\n'), new RegExp(`upstream answered status ${status}`));
      } finally {
        server.closeAllConnections();
        server.close();
        upstream.server.close();
      }
    }
  });

  it('answers 502 for an upstream answer over upstreamBodyLimit, with or without Content-Length', async () => {
    const big = JSON.stringify({ results: [], padding: 'x'.repeat(2048) });
    const answers = [
      () => new Response(big, { headers: { 'Content-Type': 'application/json' } }),
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              for (let index = 0; index < 4; index++) controller.enqueue(new TextEncoder().encode(big));
              controller.close();
            },
          }),
        ),
    ];
    for (const answer of answers) {
      await withServerStack({ upstreamHandler: answer, upstreamBodyLimit: 1024 }, async (stack, auth) => {
        const { response, json } = await stack.call(list, auth);
        assert.equal(response.status, 502);
        assert.equal(json().error, 'Codat gave an answer too large to pass on');
        assert.match(stack.logs.join('\n'), /upstream answer over 1024 bytes for GET/);
      });
    }
    await withServerStack({ upstreamHandler: answers[0], upstreamBodyLimit: big.length }, async (stack, auth) => {
      assert.equal((await stack.call(list, auth)).response.status, 200, 'an answer of exactly the limit passes');
    });
  });

  it('answers 504 when authorize does not answer within authorizeTimeout, and says which option', async () => {
    const stack = await startServerStack({ authorize: () => new Promise(() => {}), authorizeTimeout: 50 });
    try {
      const { response, json } = await stack.call('/token', { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' } });
      assert.equal(response.status, 504);
      assert.equal(json().error, 'Could not authorize the request in time');
      assert.deepEqual(stack.logs, ['codat-connections-server: authorize did not answer within 50 ms (the authorizeTimeout option)']);
    } finally {
      await stack.close();
    }
  });

  it("leaves no listener on the request's signal once the upstream has answered", async () => {
    // The handler follows the client's signal to abort the upstream call; a listener left behind
    // would keep each request's objects alive for as long as its signal lives.
    const handler = createConnectionsHandler({
      apiKey: API_KEY,
      secret: SECRET,
      upstream: 'https://codat.invalid',
      fetch: async () => Response.json({ results: [] }),
      authorize: async () => ({ companyId: COMPANY_A }),
    });
    const grant = await handler(new Request('http://h/api/codat/token', { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' } }));
    const { accessToken } = (await grant.json()) as { accessToken: string };
    for (let i = 0; i < 3; i += 1) {
      const request = new Request(`http://h/api/codat${list}`, { headers: { Authorization: `Bearer ${accessToken}` } });
      const before = getEventListeners(request.signal, 'abort').length;
      const response = await handler(request);
      assert.equal(response.status, 200);
      assert.equal(getEventListeners(request.signal, 'abort').length, before);
    }
  });

  it('refuses limits that are not positive integers', () => {
    for (const name of ['upstreamBodyLimit', 'authorizeTimeout', 'upstreamTimeout']) {
      for (const value of [0, -1, 1.5, Number.NaN]) {
        assert.throws(
          () => createConnectionsHandler({ apiKey: API_KEY, secret: SECRET, authorize: async () => null, [name]: value }),
          new TypeError(`createConnectionsHandler: \`${name}\` must be a positive integer, got ${JSON.stringify(value)}`),
        );
      }
    }
  });

  describe('through toNodeListener', () => {
    const logs: string[] = [];
    const statuses: number[] = [];
    let origin: string;
    let port: number;
    let server: ReturnType<typeof createHttpServer>;
    before(async () => {
      const handler = createConnectionsHandler({
        apiKey: API_KEY,
        secret: SECRET,
        log: (line) => logs.push(line),
        authorize: async () => ({ companyId: COMPANY_A }),
      });
      server = createHttpServer(
        toNodeListener(async (request) => {
          const response = await handler(request);
          statuses.push(response.status);
          return response;
        }),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
      origin = `http://127.0.0.1:${port}`;
    });
    after(() => {
      server.closeAllConnections();
      server.close();
    });

    /** Sends `raw` bytes and reads the whole answer. */
    const rawRequest = (raw: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(raw));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });

    it('answers requests the adapter cannot read (a backslash in the path, HTTP/1.0 without Host) with a 400 ErrorMessage', async () => {
      for (const [raw, problem] of [
        ['GET /api/codat\\companies HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', 'Backslash in request path'],
        ['GET /api/codat/integrations HTTP/1.0\r\n\r\n', 'Missing host header'],
      ] as const) {
        const answer = await rawRequest(raw);
        assert.match(answer, /^HTTP\/1\.[01] 400 /, raw);
        assert.match(answer, /content-type: application\/json/i);
        const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
        assert.equal(body.error, `Bad request: ${problem}`);
        assert.equal(body.service, 'codat-connections-server');
      }
    });

    it('logs nothing when a client leaves in the middle of its body', async () => {
      const answered = statuses.length;
      const socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        'POST /api/codat/token HTTP/1.1\r\nHost: localhost\r\nX-Requested-With: codat-connections\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"compa',
      );
      // The handler is reading the body when the client goes.
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
      while (statuses.length === answered) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(statuses.at(-1), 499);
      assert.deepEqual(logs, []);
      assert.equal((await fetch(`${origin}/api/codat/integrations`)).status, 401, 'the server goes on');
    });
  });
});
