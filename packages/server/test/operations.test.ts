import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { API_KEY, COMPANY_A, CONNECTION, echoUpstream, startServerStack, type ServerStack, type UpstreamCall } from '../../../test/helpers/server-stack.js';

const DATASET = '97d60846-f07a-4d42-b5a0-0bdcc6ebf56b';

/** The lookup a create makes first (see create.test.ts); here Codat never holds a PendingAuth connection. */
const isPendingLookup = (request: Request) =>
  request.method === 'GET' && new URL(request.url).searchParams.get('query') === 'integrationKey=gbol&&status=PendingAuth';

describe('operations: forwarding to Codat', () => {
  let stack: ServerStack;
  let auth: Record<string, string>;
  const list = `/companies/${COMPANY_A}/connections`;
  const one = `${list}/${CONNECTION}`;
  const dataStatus = `/companies/${COMPANY_A}/dataStatus`;
  const history = `/companies/${COMPANY_A}/data/history`;
  const calls: UpstreamCall[] = [];
  before(async () => {
    const echo = echoUpstream(calls);
    stack = await startServerStack({ upstreamHandler: (request) => (isPendingLookup(request) ? Response.json({ results: [] }) : echo(request)) });
    auth = { Authorization: `Bearer ${await stack.token('admin')}` };
  });
  after(() => stack.close());

  const last = () => calls.at(-1)!;

  it('forwards each operation to the same Codat path with the API key as Basic auth', async () => {
    const cases: Array<[string, string, string, string | undefined]> = [
      ['GET', list, `/companies/${COMPANY_A}/connections`, undefined],
      ['POST', list, `/companies/${COMPANY_A}/connections`, '{"platformKey":"gbol"}'],
      ['GET', one, `/companies/${COMPANY_A}/connections/${CONNECTION}`, undefined],
      ['PATCH', one, `/companies/${COMPANY_A}/connections/${CONNECTION}`, '{"status":"Unlinked"}'],
      ['DELETE', one, `/companies/${COMPANY_A}/connections/${CONNECTION}`, undefined],
      ['GET', '/integrations', '/integrations', undefined],
      ['GET', '/integrations/gbol', '/integrations/gbol', undefined],
      ['GET', '/integrations/gbol/branding', '/integrations/gbol/branding', undefined],
      ['GET', dataStatus, dataStatus, undefined],
      ['GET', history, history, undefined],
      ['GET', `${history}/${DATASET}`, `${history}/${DATASET}`, undefined],
    ];
    for (const [method, path, upstreamPath, body] of cases) {
      const { response, json } = await stack.call(path, { method, headers: auth, body });
      assert.equal(response.status, 200, `${method} ${path}`);
      assert.deepEqual(json(), { echoed: true, method, path: upstreamPath });
      assert.equal(last().method, method);
      assert.equal(last().url.pathname, upstreamPath);
      assert.equal(last().headers.get('Authorization'), `Basic ${Buffer.from(API_KEY).toString('base64')}`);
      assert.equal(last().body, body ?? '');
      if (body) assert.equal(last().headers.get('Content-Type'), 'application/json');
    }
  });

  it('re-serialises the validated body instead of passing the raw bytes on', async () => {
    await stack.call(list, { method: 'POST', headers: auth, body: '  {\n "platformKey" : "gbol"  }  ' });
    assert.equal(last().body, '{"platformKey":"gbol"}');
  });

  it("never forwards the caller's own headers (cookies, its bearer token)", async () => {
    await stack.call(list, { headers: { ...auth, Cookie: 'user=admin', 'X-Forwarded-For': '10.0.0.1' } });
    assert.equal(last().headers.get('Cookie'), null);
    assert.equal(last().headers.get('X-Forwarded-For'), null);
    assert.doesNotMatch(last().headers.get('Authorization')!, /Bearer/);
  });

  it('passes page, pageSize, query and orderBy of a list through, re-encoded', async () => {
    await stack.call(`${list}?page=2&pageSize=50&query=${encodeURIComponent('status=Linked&&sourceType=Banking')}&orderBy=-created`, { headers: auth });
    assert.equal(last().url.searchParams.get('page'), '2');
    assert.equal(last().url.searchParams.get('pageSize'), '50');
    assert.equal(last().url.searchParams.get('query'), 'status=Linked&&sourceType=Banking');
    assert.equal(last().url.searchParams.get('orderBy'), '-created');
    await stack.call(`/integrations?pageSize=5000&page=1`, { headers: auth });
    assert.equal(last().url.search, '?page=1&pageSize=5000');
  });

  it('answers 400 for invalid ids, list parameters and bodies, forwarding nothing', async () => {
    const cases: Array<[string, string, string?]> = [
      ['GET', `${list}/not-a-uuid`],
      ['PATCH', `${list}/not-a-uuid`, '{"status":"Unlinked"}'],
      ['DELETE', `${list}/1234`],
      ['GET', '/integrations/GBOL'],
      ['GET', '/integrations/gbo1/branding'],
      ['GET', `${list}?page=0`],
      ['GET', `${list}?page=1.5`],
      ['GET', `${list}?pageSize=5001`],
      ['GET', `${list}?pageSize=0`],
      ['GET', `${list}?pageSize=abc`],
      ['GET', `${list}?page=1&page=2`],
      ['GET', `${list}?query=${'a'.repeat(3000)}`],
      ['GET', `${list}?orderBy=${'a'.repeat(300)}`],
      ['GET', `${list}?sneaky=1`],
      ['GET', `${one}?x=1`],
      ['POST', list, '{}'],
      ['POST', list, '{"platformKey":"GBOL"}'],
      ['POST', list, '{"platformKey":"gbol","companyId":"x"}'],
      ['POST', list, '{"platformKey":["gbol"]}'],
      ['POST', list, '{not json'],
      ['POST', list, ''],
      ['PATCH', one, '{"status":"Linked"}'],
      ['PATCH', one, '{"status":"Unlinked","extra":true}'],
      ['PATCH', one, '[]'],
      ['GET', `${dataStatus}?page=1`],
      ['GET', `${history}/not-a-uuid`],
      ['GET', `${history}/${DATASET}?x=1`],
      ['GET', `${history}?query=${encodeURIComponent('connectionId=not-a-uuid')}`],
      ['GET', `${history}?query=${encodeURIComponent(`connectionId=${CONNECTION}||connectionId=${CONNECTION}`)}`],
      ['GET', `${history}?query=${encodeURIComponent(`companyId=${COMPANY_A}`)}`],
      ['GET', `${history}?pageSize=5001`],
      ['GET', `${history}?connectionId=${CONNECTION}`],
    ];
    const before = calls.length;
    for (const [method, path, body] of cases) {
      const { response, json } = await stack.call(path, { method, headers: auth, body });
      assert.equal(response.status, 400, `${method} ${path.slice(0, 80)} ${body}`);
      const error = json();
      assert.equal(error.statusCode, 400);
      assert.equal(error.service, 'codat-connections-server');
      assert.equal(error.validation.errors.length, 1);
    }
    assert.equal(calls.length, before);
  });

  it('answers 413 for a body over 16 KB, by Content-Length or by actual size', async () => {
    const big = JSON.stringify({ platformKey: 'gbol', padding: 'x'.repeat(17 * 1024) });
    const declared = await stack.call(list, { method: 'POST', headers: auth, body: big });
    assert.equal(declared.response.status, 413);
    assert.equal(declared.json().statusCode, 413);
    const streamed = await stack.call(list, {
      method: 'POST',
      headers: auth,
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.response.status, 413);
  });

  it('answers 404 for unknown routes and 405 with Allow for wrong methods', async () => {
    const unknown = [
      '/companies',
      `/companies/${COMPANY_A}`,
      `${one}/authorization`,
      '/integrations/gbol/logo',
      '/',
      '/integrations/',
      `/companies/${COMPANY_A}/data`,
      `/companies/${COMPANY_A}/data/queue/invoices`,
      `${history}/`,
      `${history}/${DATASET}/validation`,
    ];
    for (const path of unknown) {
      const { response, json } = await stack.call(path, { headers: auth });
      assert.equal(response.status, 404, path);
      assert.equal(json().statusCode, 404);
    }
    const outside = await stack.call(`${stack.url}/elsewhere`);
    assert.equal(outside.response.status, 404);
    const cases: Array<[string, string, string]> = [
      ['PUT', list, 'GET, POST, OPTIONS'],
      ['DELETE', list, 'GET, POST, OPTIONS'],
      ['POST', one, 'GET, PATCH, DELETE, OPTIONS'],
      ['POST', '/integrations', 'GET, OPTIONS'],
      ['DELETE', '/integrations/gbol/branding', 'GET, OPTIONS'],
      ['POST', dataStatus, 'GET, OPTIONS'],
      ['DELETE', history, 'GET, OPTIONS'],
      ['POST', `${history}/${DATASET}`, 'GET, OPTIONS'],
      ['GET', `/companies/${COMPANY_A}/data/all`, 'POST, OPTIONS'],
      ['PUT', `/companies/${COMPANY_A}/data/all`, 'POST, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const { response, json } = await stack.call(path, { method, headers: auth });
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.equal(response.headers.get('Allow'), allow);
      assert.equal(json().statusCode, 405);
    }
  });

  it('passes Retry-After and X-Rate-Limit-* through and drops every other upstream header', async () => {
    const { response } = await stack.call(list, { headers: auth });
    assert.equal(response.headers.get('Retry-After'), '7');
    assert.equal(response.headers.get('X-Rate-Limit-Limit'), '1000');
    assert.equal(response.headers.get('X-Rate-Limit-Remaining'), '999');
    assert.equal(response.headers.get('X-Rate-Limit-Reset'), 'Sun, 01 Jan 2034 00:00:00 GMT');
    for (const dropped of ['Set-Cookie', 'Server', 'X-Correlation-Id', 'Access-Control-Allow-Origin']) {
      assert.equal(response.headers.get(dropped), null, dropped);
    }
    assert.equal(response.headers.get('Content-Type'), 'application/json; charset=utf-8');
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
  });
});
