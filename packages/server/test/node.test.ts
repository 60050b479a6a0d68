import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { createConnectionsHandler } from '@codat-connections/server';
import { toNodeListener } from '@codat-connections/server/node';
import { listen } from '../../../test/helpers/listen.js';
import { COMPANY_A, SECRET } from '../../../test/helpers/server-stack.js';

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

  it("serves it beside an app's own routes on one node:http server, as the README shows", async () => {
    const listener = toNodeListener(handler());
    const app: RequestListener = (_request, response) => response.end('the partner app');
    await serveNode(
      (request, response) => (request.url?.startsWith('/api/codat/') ? listener(request, response) : app(request, response)),
      async (origin) => {
        assert.equal((await fetch(`${origin}/api/codat/token`, tokenRequest)).status, 200);
        assert.equal(await (await fetch(`${origin}/dashboard`)).text(), 'the partner app');
      },
    );
  });

  it('serves it inside a Hono app, as the README shows', async () => {
    const codat = handler();
    const app = new Hono();
    app.get('/', (c) => c.text('the partner app'));
    app.all('/api/codat/*', (c) => codat(c.req.raw));
    const server = await listen((request) => app.fetch(request));
    try {
      const response = await fetch(`${server.url}/api/codat/token`, tokenRequest);
      assert.equal(response.status, 200);
      assert.equal((await response.json()).baseUrl, `${server.url}/api/codat`);
      assert.equal(await (await fetch(server.url)).text(), 'the partner app');
    } finally {
      await server.close();
    }
  });
});
