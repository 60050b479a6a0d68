// Errors: Codat's ErrorMessage read into ConnectionsError, bodies that are not Codat's, codes by
// status, responses that are not what they should be, open enums; and bad input refused before
// anything is sent.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { ConnectionsError, createConnectionsClient, type TokenGrant } from '@codat-connections/core';
import { connection, grant } from '../../../test/helpers/fixtures.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const CONNECTION = '2e9d2c44-f675-40ba-8049-353bfcb5e171';

describe('errors', () => {
  let server: Listening;
  let next: { status: number; body: string; type?: string } = { status: 200, body: '{}' };
  before(async () => {
    const app = new Hono();
    app.all('*', () => new Response(next.body, { status: next.status, headers: { 'Content-Type': next.type ?? 'application/json' } }));
    server = await listen(app.fetch);
  });
  after(() => server.close());

  const client = () => createConnectionsClient({ token: async () => grant({ baseUrl: server.url }), retry: 0 });
  const failure = async (run: Promise<unknown>): Promise<ConnectionsError> => {
    try {
      await run;
    } catch (error) {
      assert.ok(error instanceof ConnectionsError, `not a ConnectionsError: ${String(error)}`);
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'ConnectionsError');
      return error;
    }
    assert.fail('did not reject');
  };

  it("reads Codat's ErrorMessage: status, correlationId, canBeRetried and the message from `error`", async () => {
    next = {
      status: 404,
      body: JSON.stringify({
        statusCode: 404,
        service: 'PublicApi',
        error: 'Connection not found',
        correlationId: '7eb9e1a3b4',
        canBeRetried: 'False',
        detailedErrorCode: 0,
      }),
    };
    const error = await failure(client().get(CONNECTION));
    assert.equal(error.status, 404);
    assert.equal(error.code, 'not_found');
    assert.equal(error.operation, 'get');
    assert.equal(error.correlationId, '7eb9e1a3b4');
    assert.equal(error.canBeRetried, false);
    assert.match(error.message, /Connection not found/);
    assert.match(error.message, /404/);
  });

  it('canBeRetried "True" is true, "Unknown" leaves it unset', async () => {
    next = { status: 409, body: JSON.stringify({ statusCode: 409, error: 'Busy', canBeRetried: 'True' }) };
    assert.equal((await failure(client().unlink(CONNECTION))).canBeRetried, true);
    next = { status: 409, body: JSON.stringify({ statusCode: 409, error: 'Busy', canBeRetried: 'Unknown' }) };
    assert.equal((await failure(client().unlink(CONNECTION))).canBeRetried, undefined);
  });

  it('a body that is not JSON still gives a clear error with the status', async () => {
    next = { status: 502, body: '<html><body>Bad Gateway</body></html>', type: 'text/html' };
    const error = await failure(client().list());
    assert.equal(error.status, 502);
    assert.equal(error.code, 'server_error');
    assert.equal(error.correlationId, undefined);
    assert.match(error.message, /^list failed \(GET \/companies\/[^)]+\/connections → 502\): HTTP 502$/);
    assert.doesNotMatch(error.message, /html/);
  });

  it('an empty error body still gives a clear error with the status', async () => {
    next = { status: 403, body: '' };
    const error = await failure(client().delete(CONNECTION));
    assert.equal(error.status, 403);
    assert.equal(error.code, 'forbidden');
    assert.match(error.message, /403/);
  });

  const codes: Array<[number, string]> = [
    [400, 'http_error'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [503, 'server_error'],
  ];
  for (const [status, code] of codes) {
    it(`a ${status} fails with code ${code}`, async () => {
      next = { status, body: JSON.stringify({ statusCode: status, error: 'x' }) };
      assert.equal((await failure(client().list())).code, code);
    });
  }

  it('a 200 whose body is not JSON fails with invalid_response', async () => {
    next = { status: 200, body: 'not json' };
    const error = await failure(client().get(CONNECTION));
    assert.equal(error.code, 'invalid_response');
    assert.equal(error.status, 200);
  });

  it('a 200 that is not a connection, or not a page, fails with invalid_response', async () => {
    next = { status: 200, body: JSON.stringify({ hello: 'world' }) };
    assert.equal((await failure(client().get(CONNECTION))).code, 'invalid_response');
    assert.equal((await failure(client().list())).code, 'invalid_response');
  });

  it('keeps enum values it does not know', async () => {
    next = {
      status: 200,
      body: JSON.stringify(
        connection(1, {
          id: CONNECTION,
          sourceType: 'Payroll',
          platformName: 'Future',
          status: 'Reauthorizing',
          dataConnectionErrors: [{ status: 'Escalated', statusCode: '500' }],
        }),
      ),
    };
    const got = await client().get(CONNECTION);
    assert.equal(got.status, 'Reauthorizing');
    assert.equal(got.sourceType, 'Payroll');
    assert.equal(got.dataConnectionErrors?.[0]?.status, 'Escalated');
  });
});

describe('bad input fails before any request, with invalid_argument naming it', () => {
  let server: Listening;
  let requests = 0;
  let tokens = 0;
  before(async () => {
    const app = new Hono();
    app.all('*', (c) => {
      requests += 1;
      return c.json({ pageNumber: 1, pageSize: 1, totalResults: 0, _links: { self: {}, current: {} }, results: [] });
    });
    server = await listen(app.fetch);
  });
  after(() => server.close());
  beforeEach(() => {
    requests = 0;
    tokens = 0;
  });

  const client = (changes: Partial<TokenGrant> = {}) =>
    createConnectionsClient({
      token: async () => {
        tokens += 1;
        return grant({ baseUrl: server.url, ...changes });
      },
    });
  const refuses = async (run: () => Promise<unknown>, name: string) => {
    await assert.rejects(run(), (error: unknown) => {
      assert.ok(error instanceof ConnectionsError);
      assert.equal(error.code, 'invalid_argument');
      assert.ok(error.message.includes(`\`${name}\``), `"${error.message}" names ${name}`);
      return true;
    });
    assert.equal(requests, 0, 'no operation was sent');
  };

  for (const bad of ['', 'not-a-uuid', '2e9d2c44-f675-40ba-8049-353bfcb5e17', '../2e9d2c44-f675-40ba-8049-353bfcb5e171', 42, undefined]) {
    it(`connectionId ${JSON.stringify(bad)} is refused by get, unlink and delete`, async () => {
      await refuses(() => client().get(bad as string), 'connectionId');
      await refuses(() => client().unlink(bad as string), 'connectionId');
      await refuses(() => client().delete(bad as string), 'connectionId');
      assert.equal(tokens, 0, 'no token was asked for');
    });
  }

  for (const bad of ['GBOL', 'gbo', 'gbols', 'gb0l', '', 'gb l']) {
    it(`platformKey ${JSON.stringify(bad)} is refused by create and link`, async () => {
      await refuses(() => client().create(bad as string), 'platformKey');
      await refuses(() => client().link(bad as string, { popup: null }), 'platformKey');
      assert.equal(tokens, 0);
    });
  }

  for (const pageSize of [0, 5001, -1, 1.5, Number.NaN]) {
    it(`pageSize ${pageSize} is refused`, async () => {
      await refuses(() => client().list({ pageSize }), 'pageSize');
    });
  }

  for (const page of [0, -1, 2.5]) {
    it(`page ${page} is refused`, async () => {
      await refuses(() => client().list({ page }), 'page');
    });
  }

  it('pageSize 1 and 5000 and page 1 are accepted', async () => {
    const shared = client();
    await shared.list({ pageSize: 1, page: 1 });
    await shared.list({ pageSize: 5000 });
    assert.equal(requests, 2);
  });

  for (const [field, value] of [
    ['accessToken', undefined],
    ['accessToken', ''],
    ['expiresIn', undefined],
    ['expiresIn', 0],
    ['expiresIn', '600'],
    ['companyId', undefined],
    ['companyId', ''],
  ] as const) {
    it(`a grant with ${field} ${JSON.stringify(value)} is refused, and no operation is sent`, async () => {
      await refuses(() => client({ [field]: value }).list(), `grant.${field}`);
    });
  }

  it('a token option that is neither a URL nor a function is refused at once', () => {
    for (const token of ['', undefined, 42]) {
      assert.throws(() => createConnectionsClient({ token: token as unknown as string }), { code: 'invalid_argument' });
    }
  });

  it('a link target that is a connection without a UUID id is refused', async () => {
    await refuses(() => client().link({ id: 'nope' } as never, { popup: null }), 'connection.id');
  });
});
