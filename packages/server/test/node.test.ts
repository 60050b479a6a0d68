import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConnectionsHandler } from '@codat-connections/server';
import { toNodeListener } from '@codat-connections/server/node';
import { COMPANY_A, SECRET } from '../../../test/helpers/server-stack.js';

describe('toNodeListener', () => {
  it('serves the handler from node:http, with the request\'s own origin as baseUrl', async () => {
    const handler = createConnectionsHandler({
      apiKey: 'k',
      secret: SECRET,
      basePath: '/codat/',
      authorize: async () => ({ companyId: COMPANY_A }),
    });
    const server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const response = await fetch(`${origin}/codat/token`, { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' } });
      assert.equal(response.status, 200);
      const grant = await response.json();
      assert.equal(grant.baseUrl, `${origin}/codat`);
      assert.equal(grant.companyId, COMPANY_A);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
