import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COMPANY_A, CONNECTION, startServerStack } from '../helpers/server-stack.js';
import { specMissing, validateRequest } from '../helpers/openapi.js';

// The handler's own upstream call: before a create, it looks for the platform's PendingAuth
// connection with list-connections. That request, and the create after it, must be ones Codat's
// OpenAPI description accepts. So must the data-freshness requests it forwards, rebuilt from the
// parameters it validated.

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

describe("data-freshness requests the handler forwards match Codat's OpenAPI description", { skip: specMissing }, () => {
  it('get-company-data-status, list-pull-operations (filtered, paged, ordered), get-pull-operation, refresh-company-data', async () => {
    const DATASET = '97d60846-f07a-4d42-b5a0-0bdcc6ebf56b';
    const sent: Array<{ method: string; url: URL; body: string }> = [];
    const stack = await startServerStack({
      upstreamHandler: async (request) => {
        sent.push({ method: request.method, url: new URL(request.url), body: await request.text() });
        return request.method === 'POST' ? new Response(null, { status: 204 }) : Response.json({});
      },
      authorize: async () => ({ companyId: COMPANY_A, permissions: ['connections:read', 'connections:refresh'] }),
    });
    const query = `connectionId=${CONNECTION}&&dataType=invoices`;
    try {
      const auth = { Authorization: `Bearer ${await stack.token('anyone')}` };
      await stack.call(`/companies/${COMPANY_A}/dataStatus`, { headers: auth });
      await stack.call(`/companies/${COMPANY_A}/data/history?page=1&pageSize=10&orderBy=-requested&query=${encodeURIComponent(query)}`, { headers: auth });
      await stack.call(`/companies/${COMPANY_A}/data/history/${DATASET}`, { headers: auth });
      await stack.call(`/companies/${COMPANY_A}/data/all`, { method: 'POST', headers: auth });
    } finally {
      await stack.close();
    }
    const expected: Array<[string, string, Record<string, unknown>]> = [
      ['get-company-data-status', `GET /companies/${COMPANY_A}/dataStatus`, { companyId: COMPANY_A }],
      ['list-pull-operations', `GET /companies/${COMPANY_A}/data/history`, { companyId: COMPANY_A, page: '1', pageSize: '10', orderBy: '-requested', query }],
      ['get-pull-operation', `GET /companies/${COMPANY_A}/data/history/${DATASET}`, { companyId: COMPANY_A, datasetId: DATASET }],
      ['refresh-company-data', `POST /companies/${COMPANY_A}/data/all`, { companyId: COMPANY_A }],
    ];
    assert.deepEqual(
      sent.map(({ method, url }) => `${method} ${url.pathname}`),
      expected.map(([, request]) => request),
    );
    expected.forEach(([operationId, , params], index) => {
      const request = sent[index]!;
      assert.deepEqual(
        { ...Object.fromEntries(request.url.searchParams), companyId: COMPANY_A, ...(operationId === 'get-pull-operation' && { datasetId: DATASET }) },
        params,
      );
      assert.equal(request.body, '', `${operationId} takes no body`);
      assert.deepEqual(validateRequest(operationId, { params }).errors, [], operationId);
    });
  });
});
