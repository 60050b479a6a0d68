// Both handlers, set up wrongly: each mistake says what is wrong and which option fixes it, at
// creation (a thrown TypeError), in the answer the browser gets, and in the server's log.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createConnectionsHandler, createDataholderHandler } from '@codat-connections/server';
import { createConnectionsClient } from '@codat-connections/core';
import { API_KEY, COMPANY_A, SECRET, startServerStack } from '../../../test/helpers/server-stack.js';
import { startDataholderStack } from '../../../test/helpers/dataholder-stack.js';

const authorize = async () => null;
const codatOptions = { apiKey: 'k', secret: SECRET, authorize };
const dataholderOptions = { apiKey: 'k', clientId: 'c', clientSecret: 's', secret: SECRET, upstream: 'http://127.0.0.1:9', authorize };
const factories = [
  ['createConnectionsHandler', (options: object) => createConnectionsHandler({ ...codatOptions, ...options })],
  ['createDataholderHandler', (options: object) => createDataholderHandler({ ...dataholderOptions, ...options })],
] as const;

const tokenRequest = (headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'X-Requested-With': 'codat-connections', 'Content-Type': 'application/json', ...headers },
  body: '{}',
});

describe('server misconfiguration', () => {
  describe('`secret`', () => {
    for (const [name, create] of factories) {
      it(`${name}: a missing secret (an unset environment variable) is named as missing, not as too short`, () => {
        for (const [secret, got] of [
          [undefined, 'undefined'],
          ['', 'an empty string'],
          [42, 'a number'],
        ] as const) {
          assert.throws(
            () => create({ secret }),
            new TypeError(`${name}: \`secret\` is required (got ${got}): a string or Uint8Array of at least 32 bytes, e.g. from an environment variable`),
          );
        }
      });

      it(`${name}: a short secret says how long it is`, () => {
        assert.throws(() => create({ secret: 'x'.repeat(31) }), new TypeError(`${name}: \`secret\` must be at least 32 bytes (got 31)`));
      });
    }
  });

  describe('`allowedOrigins`', () => {
    for (const [name, create] of factories) {
      it(`${name}: an entry that is not an origin (a trailing slash, a path) throws with the origin to write`, () => {
        assert.throws(
          () => create({ allowedOrigins: ['https://app.example.com/'] }),
          new TypeError(
            `${name}: \`allowedOrigins\` holds "https://app.example.com/", which is not an origin: write it as "https://app.example.com" (no path, no trailing slash)`,
          ),
        );
        assert.throws(() => create({ allowedOrigins: ['https://app.example.com/portal'] }), /write it as "https:\/\/app.example.com"/);
        assert.throws(() => create({ allowedOrigins: ['app.example.com'] }), /"app.example.com", which is not an origin: write each as scheme, host and port/);
        assert.throws(() => create({ allowedOrigins: 'https://app.example.com' }), /`allowedOrigins` must be an array of origins/);
        assert.doesNotThrow(() => create({ allowedOrigins: ['https://app.example.com', 'http://localhost:5173'] }));
      });
    }
  });

  describe('a request from an origin that is not allowed', () => {
    const stacks = [
      ['the Codat handler', () => startServerStack()],
      ['the dataholder handler', () => startDataholderStack()],
    ] as const;
    for (const [name, start] of stacks) {
      it(`${name}: the 403 and the log name the origin and allowedOrigins, logged once per origin`, async () => {
        const stack = await start();
        try {
          const origin = 'https://portal.partner.example';
          for (let attempt = 0; attempt < 2; attempt += 1) {
            const { response, json } = await stack.call('/token', tokenRequest({ Origin: origin }));
            assert.equal(response.status, 403);
            assert.equal(json().error, `Origin ${origin} is not allowed: add it to the handler's allowedOrigins option if it is your site`);
          }
          assert.deepEqual(stack.logs, [
            `codat-connections-server: refused a request from origin "${origin}"; if that is your site, add it to the handler's allowedOrigins option`,
          ]);
        } finally {
          await stack.close();
        }
      });
    }
  });

  describe('`authorize` throwing', () => {
    const failing = async () => {
      throw new Error(`session store unreachable (key ${API_KEY})`);
    };
    const stacks = [
      ['the Codat handler', () => startServerStack({ authorize: failing })],
      ['the dataholder handler', () => startDataholderStack({ authorize: failing })],
    ] as const;
    for (const [name, start] of stacks) {
      it(`${name}: the log line keeps the error's message (its secrets redacted); the browser gets none of it`, async () => {
        const stack = await start();
        try {
          const { response, body } = await stack.call('/token', tokenRequest());
          assert.equal(response.status, 500);
          assert.doesNotMatch(body, /session store/);
          assert.deepEqual(stack.logs, [
            `codat-connections-server: authorize threw Error: session store unreachable (key ${name.includes('Codat') ? '[redacted]' : API_KEY})`,
          ]);
        } finally {
          await stack.close();
        }
      });
    }
  });

  describe("Codat refusing the server's API key", () => {
    it('answers a 502 that names the apiKey option and may not be retried, and the client asks once', async () => {
      const upstreamCalls: string[] = [];
      const stack = await startServerStack({
        authorize: async () => ({ companyId: COMPANY_A }),
        upstreamHandler: (request) => {
          upstreamCalls.push(new URL(request.url).pathname);
          return Response.json({ statusCode: 401, service: 'PublicApi', error: 'Unauthorized', canBeRetried: 'False' }, { status: 401 });
        },
      });
      try {
        // What the element's first load asks: the list and the platforms, with the client's default retries.
        const client = createConnectionsClient({ token: `${stack.api}/token`, backoff: 1 });
        const [list, platforms] = await Promise.allSettled([client.list(), client.integrations()]);
        for (const result of [list, platforms]) {
          assert.equal(result.status, 'rejected');
          const error = (result as PromiseRejectedResult).reason;
          assert.equal(error.status, 502);
          assert.equal(error.canBeRetried, false);
          assert.match(error.message, /Codat refused the server's API key \(401\): check the handler's `apiKey` option$/);
        }
        assert.deepEqual(upstreamCalls.sort(), [`/companies/${COMPANY_A}/connections`, '/integrations']);
        assert.equal(stack.logs.length, 2);
        assert.match(stack.logs[0]!, /upstream refused the API key \(401\) for GET \/\S+ correlationId=[\w-]+; check the handler's `apiKey` option$/);
      } finally {
        await stack.close();
      }
    });
  });

  describe('options given later, as a function (`next build` imports route modules without secrets)', () => {
    for (const [name, options] of [
      ['createConnectionsHandler', codatOptions],
      ['createDataholderHandler', dataholderOptions],
    ] as const) {
      const create = name === 'createConnectionsHandler' ? createConnectionsHandler : createDataholderHandler;

      it(`${name}: reads them on the first request only, and a mistake in them is answered 500 and logged once until mended`, async (t) => {
        const errors = t.mock.method(console, 'error', () => {});
        const environment: { secret?: string } = {};
        let reads = 0;
        const handler = create(() => {
          reads++;
          return { ...options, secret: environment.secret as string };
        });
        assert.equal(reads, 0, 'nothing is read while the module is imported');
        const token = () => handler(new Request('http://localhost/api/codat/token', tokenRequest()));
        const first = await token();
        assert.equal(first.status, 500);
        const body = await first.json();
        assert.equal(body.error, 'The connections handler is not configured: see the server log');
        assert.equal(body.canBeRetried, 'False');
        assert.equal((await token()).status, 500);
        assert.equal(errors.mock.callCount(), 1, 'the same mistake is logged once');
        assert.match(
          errors.mock.calls[0]!.arguments[0],
          new RegExp(`^codat-connections-server: could not create the handler: ${name}: \\\`secret\\\` is required`),
        );
        environment.secret = SECRET;
        const mended = await handler(new Request('http://localhost/api/codat/none'));
        assert.equal(mended.status, 404, 'the handler answers once its options are right');
        await handler(new Request('http://localhost/api/codat/none'));
        assert.equal(reads, 3, 'read again after each failure, then kept');
      });

      it(`${name}: takes a promise of them (from a secret store)`, async () => {
        const handler = create(async () => ({ ...options, authorize: async () => null }));
        const response = await handler(new Request('http://localhost/api/codat/token', tokenRequest()));
        assert.equal(response.status, name === 'createConnectionsHandler' ? 401 : 404);
      });
    }
  });
});
