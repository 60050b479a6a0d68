import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_USER_CONNECTIONS, DEMO_USER_ID, OTHER_USER_ID } from '@codat-connections/emulator';
import { createAccessTokens } from '../src/dataholder/access-token.js';
import { CLIENT_ID, CLIENT_SECRET, PLATFORM_API_KEY, startDataholderStack, type DataholderStack } from '../../../test/helpers/dataholder-stack.js';
import { dataholderConnection } from '../../../test/helpers/fixtures.js';

const HOUR = 3_600_000;

/** Runs `test` against a fresh stack, closing it after. */
async function withStack(options: Parameters<typeof startDataholderStack>[0], test: (stack: DataholderStack) => Promise<void>): Promise<void> {
  const stack = await startDataholderStack(options);
  try {
    await test(stack);
  } finally {
    await stack.close();
  }
}

const v1Calls = (stack: DataholderStack) => stack.calls.filter((call) => call.url.pathname.startsWith('/v1/'));

describe("the platform's OAuth access token", () => {
  it('is fetched once, on the first operation, with the client credentials as HTTP Basic and the API key', () =>
    withStack({}, async (stack) => {
      await stack.token('demo');
      assert.equal(stack.tokenFetches(), 0);
      assert.equal((await stack.callAs('demo', '/dataholders')).response.status, 200);
      const [fetch] = stack.calls;
      assert.equal(fetch!.url.pathname, '/oauth/token');
      assert.equal(fetch!.method, 'POST');
      assert.equal(fetch!.headers.get('Authorization'), `Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`);
      assert.equal(fetch!.headers.get('Content-Type'), 'application/x-www-form-urlencoded');
      assert.equal(fetch!.body, 'grant_type=client_credentials');
      const [operation] = v1Calls(stack);
      assert.equal(operation!.headers.get('X-Api-Key'), PLATFORM_API_KEY);
      assert.match(operation!.headers.get('Authorization')!, /^Bearer [\w-]+$/);
    }));

  it('is shared by concurrent requests and kept for the ones after', () =>
    withStack({}, async (stack) => {
      const answers = await Promise.all(Array.from({ length: 8 }, () => stack.callAs('demo', '/connections')));
      assert.deepEqual(
        answers.map(({ response }) => response.status),
        Array(8).fill(200),
      );
      await stack.callAs('demo', `/connections/${DEMO_USER_CONNECTIONS.active}`);
      await stack.callAs('demo', '/dataholders');
      assert.equal(stack.tokenFetches(), 1);
      assert.equal(new Set(v1Calls(stack).map((call) => call.headers.get('Authorization'))).size, 1);
    }));

  it('is fetched again once when the platform refuses it (401), and the request answers', () =>
    withStack({}, async (stack) => {
      assert.equal((await stack.callAs('demo', '/connections')).response.status, 200);
      // The platform's token expires (its lifetime is an hour) while the handler still holds it.
      stack.advance(2 * HOUR);
      const { response } = await stack.callAs('demo', '/connections');
      assert.equal(response.status, 200);
      assert.equal(stack.tokenFetches(), 2);
      assert.deepEqual(
        v1Calls(stack).map((call) => call.url.pathname),
        ['/v1/connections', '/v1/connections', '/v1/connections'],
      );
    }));

  it('a platform that refuses the API key is tried once more with a new token, then answered 502', () =>
    withStack({ apiKey: 'not-the-platform-key' }, async (stack) => {
      const { response, json } = await stack.callAs('demo', '/connections');
      assert.equal(response.status, 502);
      assert.equal(json().error, "The platform refused the server's API key or access token (401): check the handler's `apiKey` option");
      assert.equal(json().canBeRetried, 'False');
      assert.equal(stack.tokenFetches(), 2);
      assert.equal(v1Calls(stack).length, 2);
      assert.match(stack.logs.at(-1)!, /upstream refused the API key or access token \(401\) for GET \/v1\/connections/);
    }));

  it('refused client credentials are a 502 for the server, and tried again on the next request', () =>
    withStack({ clientSecret: 'wrong-secret' }, async (stack) => {
      for (let request = 1; request <= 2; request += 1) {
        const { response, json } = await stack.callAs('demo', '/dataholders');
        assert.equal(response.status, 502);
        assert.equal(json().error, "The platform refused the server's client credentials (401): check the handler's `clientId` and `clientSecret` options");
        assert.equal(json().canBeRetried, 'False');
        assert.equal(stack.tokenFetches(), request);
      }
      assert.equal(v1Calls(stack).length, 0);
      assert.match(stack.logs[0]!, /refused the client credentials \(401\)/);
    }));

  it('a token answer without an access token is a 502', () =>
    withStack({ upstreamHandler: () => Response.json({ token_type: 'Bearer', expires_in: 3600 }) }, async (stack) => {
      const { response, json } = await stack.callAs('demo', '/connections');
      assert.equal(response.status, 502);
      assert.equal(json().error, 'The platform gave an unexpected answer');
    }));

  describe('the cache (by its clock)', () => {
    const issuer = (expiresIn: number) => {
      let issued = 0;
      return { fetchToken: async () => ({ accessToken: `token-${++issued}`, expiresIn }), issued: () => issued };
    };

    it('keeps a token until a minute before it expires (half its lifetime when shorter)', async () => {
      let time = 0;
      const hourly = issuer(3600);
      const tokens = createAccessTokens(hourly.fetchToken, () => time);
      assert.equal(await tokens.get(), 'token-1');
      time = 3540_000 - 1;
      assert.equal(await tokens.get(), 'token-1');
      time = 3540_000;
      assert.equal(await tokens.get(), 'token-2');
      time = 0;
      const short = issuer(60);
      const brief = createAccessTokens(short.fetchToken, () => time);
      await brief.get();
      time = 29_999;
      assert.equal(await brief.get(), 'token-1');
      time = 30_000;
      assert.equal(await brief.get(), 'token-2');
    });

    it('forgets a refused token only if it is still the current one; a failed fetch is not kept', async () => {
      const hourly = issuer(3600);
      const tokens = createAccessTokens(hourly.fetchToken, () => 0);
      const first = await tokens.get();
      tokens.refused(first);
      const second = await tokens.get();
      tokens.refused(first);
      assert.equal(await tokens.get(), second);
      assert.equal(hourly.issued(), 2);
      let fail = true;
      const flaky = createAccessTokens(async () => {
        if (fail) throw new Error('down');
        return { accessToken: 'ok', expiresIn: 3600 };
      });
      await assert.rejects(Promise.all([flaky.get(), flaky.get()]), /down/);
      fail = false;
      assert.equal(await flaky.get(), 'ok');
    });
  });
});

describe("the platform's answers", () => {
  const connection = (fields: object = {}) =>
    dataholderConnection('c-1', {
      user: DEMO_USER_ID,
      status: 'INITIATED',
      connectionState: { status: 'INITIATED', connectedAt: null, disconnectedAt: null },
      ...fields,
    });
  /** A platform that issues tokens and answers every /v1 request with `answer`. */
  const platform = (answer: (request: Request) => Response) => (request: Request) =>
    new URL(request.url).pathname === '/oauth/token'
      ? Response.json({ access_token: 'platform-access-token-3f9a', token_type: 'Bearer', expires_in: 3600 })
      : answer(request);

  it('answers only the fields of the contract, whatever else the platform sent', () =>
    withStack(
      {
        upstreamHandler: platform(() =>
          Response.json(connection({ internalNote: 'x', connectionState: { status: 'INITIATED', connectedAt: null, disconnectedAt: null, RAW: 1 } })),
        ),
      },
      async (stack) => {
        const { json } = await stack.callAs('demo', '/connections/c-1');
        assert.deepEqual(json(), connection());
      },
    ));

  it('answers 502 for a body that is not JSON or not of the shape', async () => {
    const bodies = [
      new Response('<html>oops</html>', { headers: { 'Content-Type': 'application/json' } }),
      Response.json([connection()]),
      Response.json(connection({ user: 42 })),
      Response.json(connection({ scopes: 'all' })),
      // The metrics are the contract's list: a name outside it is not a dataset the browser can show.
      Response.json(connection({ metrics: ['BANK_ACCOUNT', 'CREDIT_SCORE'] })),
      Response.json(connection({ connectionState: { status: 'ACTIVE', connectedAt: null, disconnectedAt: null, BANK_ACCOUNT: { status: 'SUCCESS' } } })),
    ];
    for (const body of bodies) {
      await withStack({ upstreamHandler: platform(() => body.clone()) }, async (stack) => {
        const { response, json } = await stack.callAs('demo', '/connections/c-1');
        assert.equal(response.status, 502);
        assert.equal(json().error, 'The platform gave an unexpected answer');
      });
    }
    await withStack({ upstreamHandler: platform(() => Response.json({ connections: 'none' })) }, async (stack) => {
      assert.equal((await stack.callAs('demo', '/connections')).response.status, 502);
    });
    await withStack({ upstreamHandler: platform(() => Response.json({ dataholders: [{ id: 'anz' }] })) }, async (stack) => {
      assert.equal((await stack.callAs('demo', '/dataholders')).response.status, 502);
    });
  });

  it("never passes the platform's error bodies on: an ErrorMessage of the same status, with its rate-limit advice only", async () => {
    for (const status of [400, 409, 429, 500, 503]) {
      const upstreamHandler = platform(() =>
        Response.json({ error: 'boom', message: 'internal detail 5e1f' }, { status, headers: { 'Retry-After': '3', 'X-Internal': 'yes' } }),
      );
      await withStack({ upstreamHandler }, async (stack) => {
        const { response, body, json } = await stack.callAs('demo', '/dataholders');
        assert.equal(response.status, status);
        assert.doesNotMatch(body, /5e1f|boom/);
        assert.equal(json().service, 'codat-connections-server');
        assert.equal(json().statusCode, status);
        assert.equal(response.headers.get('Retry-After'), '3');
        assert.equal(response.headers.get('X-Internal'), null);
      });
    }
  });

  it("drops another user's connections from a list, and refuses a consent answered for another user's connection", () =>
    withStack(
      {
        upstreamHandler: platform((request) =>
          new URL(request.url).pathname === '/v1/consents'
            ? Response.json({ connection: connection({ user: OTHER_USER_ID }), consentUrl: 'https://platform.example/consent/1' })
            : Response.json({ connections: [connection(), connection({ id: 'c-2', user: OTHER_USER_ID })] }),
        ),
      },
      async (stack) => {
        const list = await stack.callAs('demo', '/connections');
        assert.deepEqual(
          list.json().results.map((each: { id: string }) => each.id),
          ['c-1'],
        );
        const consent = await stack.callAs('demo', '/consents', { method: 'POST', body: '{"dataholder":"anz"}' });
        assert.equal(consent.response.status, 502);
      },
    ));

  it('refuses a consent page that is not an http(s) URL (the browser opens it)', () =>
    withStack({ upstreamHandler: platform(() => Response.json({ connection: connection(), consentUrl: 'javascript:alert(1)' })) }, async (stack) => {
      const { response } = await stack.callAs('demo', '/consents', { method: 'POST', body: '{"dataholder":"anz"}' });
      assert.equal(response.status, 502);
    }));

  it('answers 504 when the platform does not answer in time, and 502 when it cannot be reached', async () => {
    await withStack({ upstreamTimeout: 50, upstreamHandler: () => new Promise<Response>(() => undefined) }, async (stack) => {
      const { response, json } = await stack.callAs('demo', '/connections');
      assert.equal(response.status, 504);
      assert.equal(json().error, 'The platform did not answer in time');
    });
    await withStack({ upstream: 'http://127.0.0.1:9' }, async (stack) => {
      const { response, json } = await stack.callAs('demo', '/connections');
      assert.equal(response.status, 502);
      assert.equal(json().error, 'The platform could not be reached');
    });
  });
});

describe("the platform's credentials", () => {
  /** Every kind of request, successful or not. */
  async function exercise(stack: DataholderStack): Promise<void> {
    const requests: Array<[string, RequestInit]> = [
      ['/connections', {}],
      ['/dataholders', {}],
      [`/connections/${DEMO_USER_CONNECTIONS.active}`, {}],
      ['/connections/no-such-connection', {}],
      ['/consents', { method: 'POST', body: '{"dataholder":"anz"}' }],
      ['/consents', { method: 'POST', body: `{"connectionId":"${DEMO_USER_CONNECTIONS.expired}"}` }],
      [`/connections/${DEMO_USER_CONNECTIONS.active}/disconnect`, { method: 'POST' }],
      ['/consents/return?connectionId=x&outcome=approved', {}],
      ['/consents/return.js', {}],
    ];
    for (const [path, init] of requests) await stack.callAs('demo', path, init);
    await stack.call('/token', { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' }, body: '{}' });
  }

  it('appear in no answer and no log line, nor does the access token, whatever happens upstream', async () => {
    const credentials = [PLATFORM_API_KEY, CLIENT_ID, CLIENT_SECRET, btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)];
    const scenarios: Array<Parameters<typeof startDataholderStack>[0]> = [
      {},
      { clientSecret: `${CLIENT_SECRET}-wrong` },
      { upstream: 'http://127.0.0.1:9' },
      { upstreamTimeout: 50, upstreamHandler: () => new Promise<Response>(() => undefined) },
      {
        // A `fetch` whose error message repeats the headers it was given.
        fetch: async (input, init) => {
          const headers = new Headers(init?.headers);
          if (new URL(String(input)).pathname === '/oauth/token') return fetch(input, init);
          throw new TypeError(`refused ${headers.get('X-Api-Key')} ${headers.get('Authorization')}`);
        },
      },
      {
        fetch: async (_input, init) => {
          throw new TypeError(`refused ${new Headers(init?.headers).get('Authorization')} ${CLIENT_ID} ${encodeURIComponent(CLIENT_SECRET)}`);
        },
      },
    ];
    let logs = 0;
    let tokens = 0;
    for (const scenario of scenarios) {
      await withStack(scenario, async (stack) => {
        await exercise(stack);
        const { accessTokens } = stack;
        for (const text of [...stack.seen, ...stack.logs]) {
          for (const secret of [...credentials, ...accessTokens]) assert.ok(!text.includes(secret), `leaked ${secret} in:\n${text}`);
        }
        logs += stack.logs.length;
        tokens += accessTokens.length;
      });
    }
    assert.ok(logs > 0, 'the failing scenarios logged');
    assert.ok(tokens > 0, 'the platform issued access tokens');
  });
});
