import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COMPANY_A, startServerStack } from '../helpers/server-stack.js';
import { specMissing, validateRequest } from '../helpers/openapi.js';

// The handler's own upstream call: before a create, it looks for the platform's PendingAuth
// connection with list-connections. That request, and the create after it, must be ones Codat's
// OpenAPI description accepts.

describe("requests the handler sends Codat for a create match Codat's OpenAPI description", { skip: specMissing }, () => {
  it('list-connections (the PendingAuth lookup), then create-connection', async () => {
    const sent: Array<{ method: string; url: URL; body: string }> = [];
    const stack = await startServerStack({
      upstreamHandler: async (request) => {
        sent.push({ method: request.method, url: new URL(request.url), body: await request.text() });
        return Response.json(request.method === 'GET' ? { results: [] } : {});
      },
    });
    try {
      const auth = { Authorization: `Bearer ${await stack.token('alice')}` };
      await stack.call(`/companies/${COMPANY_A}/connections`, { method: 'POST', headers: auth, body: '{"platformKey":"gbol"}' });
    } finally {
      await stack.close();
    }
    assert.deepEqual(
      sent.map(({ method, url }) => `${method} ${url.pathname}`),
      [`GET /companies/${COMPANY_A}/connections`, `POST /companies/${COMPANY_A}/connections`],
    );
    const [lookup, create] = sent;
    const lookupResult = validateRequest('list-connections', { params: { companyId: COMPANY_A, ...Object.fromEntries(lookup!.url.searchParams) } });
    assert.deepEqual(lookupResult.errors, []);
    const createResult = validateRequest('create-connection', { params: { companyId: COMPANY_A }, body: JSON.parse(create!.body) });
    assert.deepEqual(createResult.errors, []);
  });
});
