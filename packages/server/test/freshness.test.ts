import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { API_KEY, COMPANY_A, CONNECTION, echoUpstream, startServerStack, type ServerStack, type UpstreamCall } from '../../../test/helpers/server-stack.js';

const DATASET = '97d60846-f07a-4d42-b5a0-0bdcc6ebf56b';
const dataStatus = `/companies/${COMPANY_A}/dataStatus`;
const history = `/companies/${COMPANY_A}/data/history`;
const refresh = `/companies/${COMPANY_A}/data/all`;

describe('data freshness: data status, pull operations and refresh', () => {
  let stack: ServerStack;
  let auth: Record<string, string>;
  const calls: UpstreamCall[] = [];
  const last = () => calls.at(-1)!;
  before(async () => {
    const echo = echoUpstream(calls);
    stack = await startServerStack({
      // Codat answers a refresh 204, with no body.
      upstreamHandler: async (request) => {
        const echoed = await echo(request);
        return request.method === 'POST' ? new Response(null, { status: 204, headers: echoed.headers }) : echoed;
      },
      authorize: async () => ({ companyId: COMPANY_A, permissions: ['connections:read', 'connections:refresh'] }),
    });
    auth = { Authorization: `Bearer ${await stack.token('anyone')}` };
  });
  after(() => stack.close());

  it("forwards each read to Codat's path of the token's company, with the API key and no body", async () => {
    for (const path of [dataStatus, history, `${history}/${DATASET}`]) {
      const { response, json } = await stack.call(path, { headers: auth });
      assert.equal(response.status, 200, path);
      assert.deepEqual(json(), { echoed: true, method: 'GET', path });
      assert.equal(last().url.pathname, path);
      assert.equal(last().url.search, '');
      assert.equal(last().headers.get('Authorization'), `Basic ${Buffer.from(API_KEY).toString('base64')}`);
      assert.equal(last().body, '');
    }
  });

  it("forwards a refresh as a POST without a body, and passes Codat's 204 on", async () => {
    for (const body of [undefined, '', '  ']) {
      const { response, body: answered } = await stack.call(refresh, { method: 'POST', headers: auth, body });
      assert.equal(response.status, 204);
      assert.equal(answered, '');
      assert.equal(last().method, 'POST');
      assert.equal(last().url.pathname, refresh);
      assert.equal(last().body, '');
      assert.equal(last().headers.get('Content-Type'), null);
    }
  });

  it('refuses a refresh with a body or a query parameter, forwarding nothing', async () => {
    const before = calls.length;
    for (const [path, body] of [
      [refresh, '{}'],
      [refresh, '{"dataType":"invoices"}'],
      [refresh, '{not json'],
      [`${refresh}?dataType=invoices`, undefined],
    ] as const) {
      const { response, json } = await stack.call(path, { method: 'POST', headers: auth, body });
      assert.equal(response.status, 400, `${path} ${body}`);
      assert.equal(json().validation.errors.length, 1);
    }
    assert.equal((await stack.call(refresh, { method: 'POST', headers: auth, body: 'x'.repeat(17 * 1024) })).response.status, 413);
    assert.equal(calls.length, before);
  });

  describe('the history query', () => {
    const allowed = [
      `connectionId=${CONNECTION}`,
      `connectionId=${CONNECTION.toUpperCase()}`,
      'dataType=invoices',
      'dataType=banking-accounts',
      `connectionId=${CONNECTION}&&dataType=invoices`,
      'status=Complete',
      'status!=Complete&&status!=NotSupported',
      `connectionId=${CONNECTION}&&status!=Complete`,
    ];
    for (const query of allowed) {
      it(`passes ${query} through, with page, pageSize and orderBy, re-encoded`, async () => {
        const { response } = await stack.call(`${history}?pageSize=10&page=2&orderBy=-requested&query=${encodeURIComponent(query)}`, { headers: auth });
        assert.equal(response.status, 200);
        assert.deepEqual(Object.fromEntries(last().url.searchParams), { page: '2', pageSize: '10', query, orderBy: '-requested' });
      });
    }

    const refused: Array<[string, RegExp]> = [
      ['connectionId=not-a-uuid', /connectionId must be a UUID/],
      [`connectionId=${CONNECTION}x`, /connectionId must be a UUID/],
      ['connectionId=', /connectionId must be a UUID/],
      [`connectionId=${CONNECTION}||dataType=invoices`, /may only filter/],
      [`connectionId=${CONNECTION}&dataType=invoices`, /may only filter/],
      [`connectionId!=${CONNECTION}`, /may only filter/],
      [`companyId=${COMPANY_A}`, /may only filter/],
      ['dataType=invoices&&', /may only filter/],
      ['dataType=in voices', /may only filter/],
      ['status~Complete', /may only filter/],
      ['', /may only filter/],
      ['x'.repeat(3000), /longer than/],
    ];
    for (const [query, message] of refused) {
      it(`refuses ${JSON.stringify(query.slice(0, 60))} with 400 naming query, forwarding nothing`, async () => {
        const before = calls.length;
        const { response, json } = await stack.call(`${history}?query=${encodeURIComponent(query)}`, { headers: auth });
        assert.equal(response.status, 400);
        assert.equal(json().validation.errors[0].itemId, 'query');
        assert.match(json().error, message);
        assert.equal(calls.length, before);
      });
    }
  });

  it('refuses a datasetId that is not a UUID, or that tries to leave the path, forwarding nothing', async () => {
    const before = calls.length;
    for (const id of ['not-a-uuid', `${DATASET}x`, '..%2F..%2Fconnections', '%2E%2E']) {
      const { response } = await stack.call(`${history}/${id}`, { headers: auth });
      assert.ok(response.status === 400 || response.status === 404, `${id}: ${response.status}`);
    }
    assert.equal((await stack.call(`${history}/not-a-uuid`, { headers: auth })).json().validation.errors[0].itemId, 'datasetId');
    assert.equal(calls.length, before);
  });

  it("answers preflights with each route's methods", async () => {
    const allowed: Array<[string, string]> = [
      [dataStatus, 'GET'],
      [history, 'GET'],
      [`${history}/${DATASET}`, 'GET'],
      [refresh, 'POST'],
    ];
    for (const [path, methods] of allowed) {
      const { response } = await stack.call(path, { method: 'OPTIONS' });
      assert.equal(response.status, 204, path);
      assert.equal(response.headers.get('Access-Control-Allow-Methods'), methods, path);
    }
  });
});
