import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { COMPANY_A, withServerStack } from '../../../test/helpers/server-stack.js';

const list = `/companies/${COMPANY_A}/connections`;

describe('operations: when Codat fails', () => {
  let dropping: Server;
  let droppingUrl: string;
  let silent: Server;
  let silentUrl: string;
  const sockets: Socket[] = [];
  before(async () => {
    // Drops every connection at once. (A port that was just closed is no stand-in: the test files
    // run in parallel, and another one's server may be listening there by then.)
    dropping = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    droppingUrl = `http://127.0.0.1:${(dropping.address() as { port: number }).port}`;
    // Accepts connections and never answers.
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  });
  after(() => {
    for (const socket of sockets) socket.destroy();
    silent.close();
    dropping.close();
  });

  it('answers 502 with a Codat-shaped, retryable error when Codat is unreachable, and logs it', async () => {
    await withServerStack({ upstream: droppingUrl }, async (stack, auth) => {
      const { response, json } = await stack.call(list, auth);
      assert.equal(response.status, 502);
      const error = json();
      assert.equal(error.statusCode, 502);
      assert.equal(error.service, 'codat-connections-server');
      assert.equal(error.canBeRetried, 'True');
      assert.match(error.correlationId, /^[0-9a-f-]{36}$/);
      assert.equal(stack.logs.length, 1);
      assert.match(stack.logs[0]!, /unreachable/);
      assert.ok(stack.logs[0]!.includes(error.correlationId), 'the log line names the correlation id');
    });
  });

  it('answers 504 when Codat does not answer within upstreamTimeout', async () => {
    await withServerStack({ upstream: silentUrl, upstreamTimeout: 100 }, async (stack, auth) => {
      const { response, json } = await stack.call(list, auth);
      assert.equal(response.status, 504);
      assert.equal(json().statusCode, 504);
      assert.equal(json().canBeRetried, 'True');
      assert.match(stack.logs[0]!, /timed out after 100 ms/);
    });
  });

  it('answers 502 (not 401) when Codat refuses the API key, so clients neither refresh tokens nor retry for nothing', async () => {
    const upstreamHandler = () => Response.json({ statusCode: 401, service: 'PublicApi', error: 'Unauthorized' }, { status: 401 });
    await withServerStack({ upstreamHandler }, async (stack, auth) => {
      const { response, json } = await stack.call(list, auth);
      assert.equal(response.status, 502);
      assert.equal(json().error, "Codat refused the server's API key (401): check the handler's `apiKey` option");
      assert.equal(json().canBeRetried, 'False');
      assert.match(stack.logs[0]!, /refused the API key/);
    });
  });

  it("returns Codat's own errors with their status and body", async () => {
    const codatError = { statusCode: 429, service: 'PublicApi', error: 'Too many requests', correlationId: 'abc', canBeRetried: 'True' };
    const upstreamHandler = () => Response.json(codatError, { status: 429, headers: { 'Retry-After': '3', 'X-Rate-Limit-Remaining': '0' } });
    await withServerStack({ upstreamHandler }, async (stack, auth) => {
      const { response, json } = await stack.call(list, auth);
      assert.equal(response.status, 429);
      assert.deepEqual(json(), codatError);
      assert.equal(response.headers.get('Retry-After'), '3');
      assert.equal(response.headers.get('X-Rate-Limit-Remaining'), '0');
      assert.deepEqual(stack.logs, []);
    });
  });

  it('serves a non-JSON upstream body as inert text', async () => {
    const upstreamHandler = () => new Response('<script>alert(1)</script>', { status: 500, headers: { 'Content-Type': 'text/html' } });
    await withServerStack({ upstreamHandler }, async (stack, auth) => {
      const { response, body } = await stack.call(list, auth);
      assert.equal(response.status, 500);
      assert.equal(response.headers.get('Content-Type'), 'text/plain; charset=utf-8');
      assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff');
      assert.equal(body, '<script>alert(1)</script>');
    });
  });

  it('uses the fetch it is given for upstream calls', async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      seen.push(String(input));
      return Response.json({ results: [] });
    };
    await withServerStack({ upstream: 'https://codat.invalid/base/', fetch: fakeFetch }, async (stack, auth) => {
      const { response } = await stack.call(`${list}?page=1`, auth);
      assert.equal(response.status, 200);
      assert.deepEqual(seen, [`https://codat.invalid/base/companies/${COMPANY_A}/connections?page=1`]);
    });
  });
});
