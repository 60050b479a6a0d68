import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { API_KEY, COMPANY_A, COMPANY_B, CONNECTION, startServerStack, type ServerStack } from '../../../test/helpers/server-stack.js';

const forms = [API_KEY, Buffer.from(API_KEY).toString('base64'), encodeURIComponent(API_KEY)];
const list = `/companies/${COMPANY_A}/connections`;

/** Every kind of request a client or an attacker might send, successful or not. */
async function exercise(stack: ServerStack): Promise<void> {
  const token = await stack.token('admin').catch(() => 'no-token');
  const auth = { Authorization: `Bearer ${token}` };
  const requests: Array<[string, RequestInit]> = [
    ['/token', { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' }, body: '{}' }],
    ['/token', { method: 'POST', body: '{}' }],
    ['/token', { method: 'POST', headers: { 'X-Requested-With': 'codat-connections', Cookie: 'user=admin' }, body: '{' }],
    ['/token', { method: 'GET' }],
    [list, { headers: auth }],
    [`${list}?page=2&pageSize=10&query=status%3DLinked`, { headers: auth }],
    [list, {}],
    [list, { headers: { Authorization: 'Bearer forged.token.here' } }],
    [`/companies/${COMPANY_B}/connections`, { headers: auth }],
    [list, { method: 'POST', headers: auth, body: '{"platformKey":"gbol"}' }],
    [list, { method: 'POST', headers: auth, body: 'x'.repeat(20_000) }],
    [`${list}/${CONNECTION}`, { method: 'PATCH', headers: auth, body: '{"status":"Unlinked"}' }],
    [`${list}/${CONNECTION}`, { method: 'DELETE', headers: auth }],
    [`${list}/nope`, { headers: auth }],
    ['/integrations', { headers: auth }],
    ['/integrations/gbol/branding', { headers: auth }],
    [`/companies/${COMPANY_A}/dataStatus`, { headers: auth }],
    [`/companies/${COMPANY_A}/data/history?query=connectionId%3D${CONNECTION}`, { headers: auth }],
    [`/companies/${COMPANY_A}/data/history?query=connectionId%3Dnope`, { headers: auth }],
    [`/companies/${COMPANY_A}/data/history/${CONNECTION}`, { headers: auth }],
    [`/companies/${COMPANY_A}/data/all`, { method: 'POST', headers: auth }],
    [`/companies/${COMPANY_A}/data/all`, { method: 'POST', headers: auth, body: '{}' }],
    ['/unknown', { headers: auth }],
    ['/integrations', { method: 'PUT', headers: auth }],
    ['/token', { method: 'POST', headers: { 'X-Requested-With': 'codat-connections', Origin: 'https://evil.example' }, body: '{}' }],
  ];
  for (const [path, init] of requests) await stack.call(path, init);
}

describe('the API key', () => {
  it('appears in no response (status, headers, body) and no log line, whatever happens upstream', async () => {
    const scenarios: Array<Parameters<typeof startServerStack>[0]> = [
      {},
      { upstream: 'http://127.0.0.1:9' },
      { upstreamHandler: () => new Promise<Response>(() => undefined), upstreamTimeout: 50 },
      { upstreamHandler: () => Response.json({ error: 'Unauthorized' }, { status: 401 }) },
      {
        upstreamHandler: () => {
          throw new Error('upstream crashed');
        },
      },
      {
        authorize: async () => {
          throw new Error(`could not reach the database with ${API_KEY}`);
        },
      },
      {
        // An upstream `fetch` whose error message repeats the Authorization header it was given.
        fetch: async (_input, init) => {
          throw new TypeError(`refused: ${new Headers(init?.headers).get('Authorization')}`);
        },
      },
    ];
    let responses = 0;
    let logs = 0;
    for (const scenario of scenarios) {
      const stack = await startServerStack(scenario);
      try {
        await exercise(stack);
        for (const text of [...stack.seen, ...stack.logs]) {
          for (const form of forms) assert.ok(!text.includes(form), `leaked in:\n${text}`);
        }
        responses += stack.seen.length;
        logs += stack.logs.length;
      } finally {
        await stack.close();
      }
    }
    // The scan saw real traffic and real failures, not an empty list.
    assert.ok(responses >= scenarios.length * 19, `${responses} responses scanned`);
    assert.ok(logs >= 5, `${logs} log lines scanned`);
  });
});
