import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConnectionsHandler, createDataholderHandler } from '@codat-connections/server';
import { createDataholderEmulator, DEMO_USER_ID } from '@codat-connections/emulator';
import { toNodeListener } from '@codat-connections/server/node';
import { COMPANY_A, CONNECTION, SECRET } from '../../../test/helpers/server-stack.js';

const handler = (basePath?: string) => createConnectionsHandler({ apiKey: 'k', secret: SECRET, basePath, authorize: async () => ({ companyId: COMPANY_A }) });

const tokenRequest: RequestInit = { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' } };

/** Serves a node:http listener on a free loopback port for the duration of `run`. */
async function serveNode(listener: RequestListener, run: (origin: string) => Promise<void>): Promise<void> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('mounting the handler', () => {
  it("serves it from node:http through toNodeListener, with the request's own origin as baseUrl", async () => {
    await serveNode(toNodeListener(handler('/codat/')), async (origin) => {
      const response = await fetch(`${origin}/codat/token`, tokenRequest);
      assert.equal(response.status, 200);
      const grant = await response.json();
      assert.equal(grant.baseUrl, `${origin}/codat`);
      assert.equal(grant.companyId, COMPANY_A);
    });
  });
});

/**
 * What `express.json()` does, in the lines a test needs (express is not a dependency here): sets
 * `req.body = {}`, and for a JSON body reads the whole stream and leaves it parsed in `req.body`.
 */
function jsonBodyParser(next: RequestListener): RequestListener {
  return (request, response) => {
    const parsed = request as typeof request & { body?: unknown };
    parsed.body = {};
    const hasBody = request.headers['transfer-encoding'] !== undefined || request.headers['content-length'] !== undefined;
    if (!hasBody || !request.headers['content-type']?.startsWith('application/json')) return next(request, response);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      parsed.body = text ? JSON.parse(text) : {};
      next(request, response);
    });
  };
}

describe('a JSON body parser mounted before the handler (express.json() first)', () => {
  const json = (method: string, body: unknown, token?: string): RequestInit => ({
    method,
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'codat-connections', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

  it('leaves the Codat handler the bodies it parsed: token, list, link and unlink all work', async () => {
    const forwarded: string[] = [];
    const codat = createConnectionsHandler({
      apiKey: 'k',
      secret: SECRET,
      authorize: async () => ({ companyId: COMPANY_A }),
      fetch: async (input, init) => {
        const method = init?.method ?? 'GET';
        forwarded.push(`${method} ${new URL(String(input)).pathname} ${init?.body ?? ''}`.trim());
        // The link's lookup for a PendingAuth connection finds none; every other call answers what it was sent.
        return Response.json(method === 'GET' ? { results: [], pageNumber: 1, pageSize: 1, totalResults: 0 } : JSON.parse(String(init?.body)));
      },
    });
    await serveNode(jsonBodyParser(toNodeListener(codat)), async (origin) => {
      const api = `${origin}/api/codat`;
      const token = await fetch(`${api}/token`, json('POST', { companyId: COMPANY_A }));
      assert.equal(token.status, 200);
      const { accessToken } = await token.json();
      const connections = `${api}/companies/${COMPANY_A}/connections`;
      assert.equal((await fetch(connections, { headers: { Authorization: `Bearer ${accessToken}` } })).status, 200);
      const link = await fetch(connections, json('POST', { platformKey: 'gbol' }, accessToken));
      assert.equal(link.status, 200, await link.clone().text());
      assert.deepEqual(await link.json(), { platformKey: 'gbol' });
      const unlink = await fetch(`${connections}/${CONNECTION}`, json('PATCH', { status: 'Unlinked' }, accessToken));
      assert.equal(unlink.status, 200, await unlink.clone().text());
      // The handler still checks what it is given: a parsed body it would refuse is refused.
      const extra = await fetch(connections, json('POST', { platformKey: 'gbol', companyId: COMPANY_A }, accessToken));
      assert.equal(extra.status, 400);
      assert.equal((await extra.json()).error, 'Invalid companyId: unknown property');
    });
    assert.deepEqual(forwarded.slice(-2), [
      `POST /companies/${COMPANY_A}/connections {"platformKey":"gbol"}`,
      `PATCH /companies/${COMPANY_A}/connections/${CONNECTION} {"status":"Unlinked"}`,
    ]);
  });

  it('leaves the dataholder handler the consent it parsed, and an empty disconnect empty', async () => {
    const credentials = { apiKey: 'platform-key', clientId: 'client', clientSecret: 'client-secret' };
    const emulator = createDataholderEmulator({ ...credentials, datasetDelay: 0 });
    const dataholder = createDataholderHandler({
      ...credentials,
      secret: SECRET,
      upstream: 'http://platform.example',
      authorize: async () => ({ userId: DEMO_USER_ID }),
      fetch: async (input, init) => emulator.fetch(new Request(input, init)),
    });
    await serveNode(jsonBodyParser(toNodeListener(dataholder)), async (origin) => {
      const api = `${origin}/api/dataholder`;
      const { accessToken } = await (await fetch(`${api}/token`, json('POST', {}))).json();
      const consent = await fetch(`${api}/consents`, json('POST', { dataholder: 'westpac' }, accessToken));
      assert.equal(consent.status, 200, await consent.clone().text());
      const { connection } = await consent.json();
      const disconnect = await fetch(`${api}/connections/${connection.id}/disconnect`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json', 'Content-Length': '0' },
      });
      assert.equal(disconnect.status, 200, await disconnect.clone().text());
    });
  });
});
