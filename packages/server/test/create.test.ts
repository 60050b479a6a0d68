import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from '@codat-connections/core';
import * as fixtures from '../../../test/helpers/fixtures.js';
import { COMPANY_A, startServerStack, type ServerStack } from '../../../test/helpers/server-stack.js';

// A create whose answer is lost on its way to the browser has still made a connection at Codat,
// and the user's retry (or the browser's own re-send) comes back for the same platform. The
// handler first asks Codat for the company's PendingAuth connection of that platform and answers
// it instead of making a second one.

const list = `/companies/${COMPANY_A}/connections`;
const LOOKUP_QUERY = 'integrationKey=gbol&&status=PendingAuth';

let sequence = 0;
/** The next connection made at Codat, of platform `integrationKey`: each is made a minute after the one before. */
function connection(integrationKey: string, status: string, extra: Partial<Connection> = {}): Connection {
  sequence += 1;
  return fixtures.connection(sequence, { integrationKey, status, created: new Date(Date.UTC(2024, 0, 1) + sequence * 60_000).toISOString(), ...extra });
}

/**
 * A Codat that holds connections: it answers the handler's lookup (and only exactly that query)
 * newest first, and creates PendingAuth connections. It records every request.
 */
function fakeCodat(connections: Connection[] = []) {
  const requests: Array<{ method: string; url: URL }> = [];
  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    requests.push({ method: request.method, url });
    if (request.method === 'POST') {
      const { platformKey } = await request.json();
      const created = connection(platformKey, 'PendingAuth');
      connections.push(created);
      return Response.json(created);
    }
    const key = /^integrationKey=([a-z]{4})&&status=PendingAuth$/.exec(url.searchParams.get('query') ?? '')?.[1];
    if (!key) return Response.json({ statusCode: 400, error: 'unexpected query' }, { status: 400 });
    const pageSize = Number(url.searchParams.get('pageSize') ?? 100);
    const found = connections
      .filter((each) => each.integrationKey === key && each.status === 'PendingAuth')
      .sort((a, b) => (url.searchParams.get('orderBy') === '-created' ? b.created.localeCompare(a.created) : 0));
    return Response.json(
      {
        results: found.slice(0, pageSize),
        pageNumber: 1,
        pageSize,
        totalResults: found.length,
        _links: { self: { href: url.pathname }, current: { href: url.pathname } },
      },
      { headers: { 'X-Rate-Limit-Remaining': '998' } },
    );
  };
  return { connections, requests, handler, posts: () => requests.filter((request) => request.method === 'POST').length };
}

async function withStack(
  options: Parameters<typeof startServerStack>[0],
  run: (stack: ServerStack, create: () => ReturnType<ServerStack['call']>) => Promise<void>,
) {
  const stack = await startServerStack(options);
  try {
    const auth = { Authorization: `Bearer ${await stack.token('alice')}` };
    await run(stack, () => stack.call(list, { method: 'POST', headers: auth, body: '{"platformKey":"gbol"}' }));
  } finally {
    await stack.close();
  }
}

describe('create-connection: one click, one connection', () => {
  it('answers a second create for the same platform with the connection the first made: same id, one upstream POST', async () => {
    const codat = fakeCodat();
    await withStack({ upstreamHandler: codat.handler }, async (_stack, create) => {
      const first = await create();
      const second = await create();
      assert.equal(first.response.status, 200);
      assert.equal(second.response.status, 200);
      assert.equal(second.json().id, first.json().id);
      assert.deepEqual(second.json(), first.json());
      assert.equal(codat.posts(), 1);
      assert.equal(codat.connections.length, 1);
    });
  });

  it("creates a new connection when the platform's connections are Linked or Unlinked, or only other platforms are pending", async () => {
    const codat = fakeCodat([
      connection('gbol', 'Linked'),
      connection('gbol', 'Unlinked'),
      connection('gbol', 'Deauthorized'),
      connection('qhyg', 'PendingAuth'),
    ]);
    await withStack({ upstreamHandler: codat.handler }, async (_stack, create) => {
      const { response, json } = await create();
      assert.equal(response.status, 200);
      assert.equal(json().status, 'PendingAuth');
      assert.equal(json().integrationKey, 'gbol');
      assert.ok(!codat.connections.slice(0, 4).some((each) => each.id === json().id), 'a new connection');
      assert.equal(codat.posts(), 1);
    });
  });

  it('asks Codat for the newest PendingAuth connection of that platform, one result, with the API key', async () => {
    const codat = fakeCodat();
    await withStack({ upstreamHandler: codat.handler }, async (_stack, create) => {
      await create();
      const [lookup, post] = codat.requests;
      assert.equal(lookup!.method, 'GET');
      assert.equal(lookup!.url.pathname, list);
      assert.deepEqual([...lookup!.url.searchParams].sort(), [
        ['orderBy', '-created'],
        ['pageSize', '1'],
        ['query', LOOKUP_QUERY],
      ]);
      assert.equal(post!.method, 'POST');
      assert.equal(codat.requests.length, 2);
    });
  });

  it("answers the newest pending connection exactly as Codat gave it, with Codat's rate-limit headers", async () => {
    const older = connection('gbol', 'PendingAuth');
    const newest = connection('gbol', 'PendingAuth', { dataConnectionErrors: null, connectionInfo: { note: 'kept as is' }, sourceType: 'Accounting' });
    const codat = fakeCodat([newest, older]);
    await withStack({ upstreamHandler: codat.handler }, async (_stack, create) => {
      const { response, body } = await create();
      assert.equal(response.status, 200);
      assert.equal(body, JSON.stringify(newest));
      assert.equal(response.headers.get('Content-Type'), 'application/json; charset=utf-8');
      assert.equal(response.headers.get('X-Rate-Limit-Remaining'), '998');
      assert.equal(response.headers.get('Cache-Control'), 'no-store');
      assert.equal(codat.posts(), 0);
    });
  });

  describe('when the lookup fails, nothing is created and the failure is answered', () => {
    /** A `fetch` to Codat that fails the lookup with `failure` and counts the creates it is sent. */
    function failingLookup(failure: (signal: AbortSignal) => Promise<Response>) {
      const posts: string[] = [];
      const fetch: typeof globalThis.fetch = async (input, init) => {
        if (init?.method === 'POST') {
          posts.push(String(input));
          return Response.json(connection('gbol', 'PendingAuth'));
        }
        return failure(init!.signal!);
      };
      return { fetch, posts };
    }

    it("passes Codat's own error on (503 with its body and Retry-After)", async () => {
      const codatError = { statusCode: 503, service: 'PublicApi', error: 'Service unavailable', correlationId: 'abc', canBeRetried: 'True' };
      const { fetch, posts } = failingLookup(async () => Response.json(codatError, { status: 503, headers: { 'Retry-After': '1' } }));
      await withStack({ upstream: 'https://codat.invalid', fetch }, async (stack, create) => {
        const { response, json } = await create();
        assert.equal(response.status, 503);
        assert.deepEqual(json(), codatError);
        assert.equal(response.headers.get('Retry-After'), '1');
        assert.deepEqual(posts, []);
        assert.deepEqual(stack.logs, []);
      });
    });

    it('answers 502 when Codat cannot be reached, and logs it', async () => {
      const { fetch, posts } = failingLookup(async () => {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      });
      await withStack({ upstream: 'https://codat.invalid', fetch }, async (stack, create) => {
        const { response, json } = await create();
        assert.equal(response.status, 502);
        assert.equal(json().service, 'codat-connections-server');
        assert.equal(json().canBeRetried, 'True');
        assert.deepEqual(posts, []);
        assert.equal(stack.logs.length, 1);
        assert.match(stack.logs[0]!, /unreachable for GET \/companies\/.+\/connections correlationId=/);
      });
    });

    it('answers 504 when the lookup is too slow', async () => {
      const { fetch, posts } = failingLookup(
        (signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
      );
      await withStack({ upstream: 'https://codat.invalid', fetch, upstreamTimeout: 50 }, async (stack, create) => {
        const { response } = await create();
        assert.equal(response.status, 504);
        assert.deepEqual(posts, []);
        assert.match(stack.logs[0]!, /timed out after 50 ms for GET/);
      });
    });

    it("answers 502 and logs it when the lookup's answer is not a page of that platform's pending connections", async () => {
      const answers = [
        () => new Response('<html>Bad gateway</html>', { headers: { 'Content-Type': 'text/html' } }),
        () => Response.json({ echoed: true }),
        () => Response.json({ results: [connection('qhyg', 'PendingAuth')] }),
        () => Response.json({ results: [connection('gbol', 'Linked')] }),
        () => Response.json({ results: [{ id: 'not-a-uuid', integrationKey: 'gbol', status: 'PendingAuth', linkUrl: 'https://x.invalid' }] }),
      ];
      for (const answer of answers) {
        const { fetch, posts } = failingLookup(async () => answer());
        await withStack({ upstream: 'https://codat.invalid', fetch }, async (stack, create) => {
          const { response, json } = await create();
          assert.equal(response.status, 502, answer.toString());
          assert.equal(json().service, 'codat-connections-server');
          assert.deepEqual(posts, []);
          assert.equal(stack.logs.length, 1);
          assert.match(stack.logs[0]!, /PendingAuth lookup .* not creating/);
        });
      }
    });
  });
});
