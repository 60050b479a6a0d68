import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { COMPANY_A, COMPANY_B, CONNECTION, startServerStack, type ServerStack } from '../helpers/server-stack.js';
import { specMissing, validateSchema } from '../helpers/openapi.js';

// The handler's own errors are Codat `ErrorMessage`s, so the core reads one error format whether
// Codat or the handler refused. Each status the handler answers by itself is checked here against
// the schema in Codat's OpenAPI description, over real HTTP.

describe("errors of the token-issuing handler match Codat's ErrorMessage", { skip: specMissing }, () => {
  const statuses = new Set<number>();
  let dropping: Server;
  let droppingUrl: string;
  before(async () => {
    dropping = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    droppingUrl = `http://127.0.0.1:${(dropping.address() as { port: number }).port}`;
  });
  after(() => dropping.close());

  /** Sends a request that the handler refuses by itself, and checks the body it answers. */
  async function refused(stack: ServerStack, status: number, path: string, init?: RequestInit): Promise<void> {
    const { response, body } = await stack.call(path, init);
    assert.equal(response.status, status, `${init?.method ?? 'GET'} ${path}`);
    assert.match(response.headers.get('Content-Type') ?? '', /^application\/json/);
    const error = JSON.parse(body);
    const result = validateSchema('#/components/schemas/ErrorMessage', error);
    assert.deepEqual(result.errors, [], `${status} ${path}: ${body}`);
    assert.equal(error.statusCode, status);
    assert.equal(error.service, 'codat-connections-server');
    assert.ok(error.canBeRetried === 'True' || error.canBeRetried === 'False');
    statuses.add(status);
  }

  it('400, 401, 403, 404, 405 and 413 for requests it refuses', async () => {
    const stack = await startServerStack({ allowedOrigins: ['https://portal.partner.example'] });
    try {
      const auth = { Authorization: `Bearer ${await stack.token('alice')}` };
      const list = `/companies/${COMPANY_A}/connections`;
      await refused(stack, 400, `${list}/not-a-uuid`, { headers: auth });
      await refused(stack, 400, list, { method: 'POST', headers: auth, body: '{"platformKey":"GBOL"}' });
      await refused(stack, 400, '/token', { method: 'POST', headers: { Cookie: 'user=alice', 'X-Requested-With': 'codat-connections' }, body: '{' });
      await refused(stack, 401, list);
      await refused(stack, 401, list, { headers: { Authorization: 'Bearer forged.token.here' } });
      await refused(stack, 401, '/token', { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' }, body: '{}' });
      await refused(stack, 403, '/token', { method: 'POST', headers: { Cookie: 'user=alice' }, body: '{}' });
      await refused(stack, 403, `/companies/${COMPANY_B}/connections`, { headers: auth });
      await refused(stack, 403, `${list}/${CONNECTION}`, { method: 'DELETE', headers: auth });
      await refused(stack, 403, list, { headers: { ...auth, Origin: 'https://evil.example' } });
      await refused(stack, 404, '/companies', { headers: auth });
      await refused(stack, 405, '/integrations', { method: 'PUT', headers: auth });
      await refused(stack, 413, list, { method: 'POST', headers: auth, body: JSON.stringify({ platformKey: 'gbol', padding: 'x'.repeat(17_000) }) });
      const company = `/companies/${COMPANY_A}`;
      await refused(stack, 400, `${company}/data/history?query=${encodeURIComponent('connectionId=not-a-uuid')}`, { headers: auth });
      await refused(stack, 400, `${company}/data/history/not-a-uuid`, { headers: auth });
      await refused(stack, 401, `${company}/dataStatus`);
      await refused(stack, 403, `/companies/${COMPANY_B}/dataStatus`, { headers: auth });
      await refused(stack, 403, `${company}/data/all`, { method: 'POST', headers: auth });
      await refused(stack, 405, `${company}/data/all`, { headers: auth });
    } finally {
      await stack.close();
    }
  });

  it('500 when authorize throws', async () => {
    const stack = await startServerStack({
      authorize: async () => {
        throw new Error('session store down');
      },
    });
    try {
      await refused(stack, 500, '/token', { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' }, body: '{}' });
    } finally {
      await stack.close();
    }
  });

  it('502 when Codat is unreachable or refuses the API key, 504 when it is too slow', async () => {
    const scenarios: Array<[number, Parameters<typeof startServerStack>[0]]> = [
      [502, { upstream: droppingUrl }],
      [502, { upstreamHandler: () => Response.json({ error: 'Unauthorized' }, { status: 401 }) }],
      [504, { upstreamHandler: () => new Promise<Response>(() => undefined), upstreamTimeout: 50 }],
    ];
    for (const [status, options] of scenarios) {
      const stack = await startServerStack(options);
      try {
        await refused(stack, status, `/companies/${COMPANY_A}/connections`, { headers: { Authorization: `Bearer ${await stack.token('alice')}` } });
      } finally {
        await stack.close();
      }
    }
  });

  it('covered every status the handler answers by itself', () => {
    assert.deepEqual([...statuses].sort(), [400, 401, 403, 404, 405, 413, 500, 502, 504]);
  });
});
