import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator, DEMO_COMPANY_ID } from '../src/index.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const basic = (key: string) => `Basic ${Buffer.from(key).toString('base64')}`;

describe('API key', () => {
  const emulator = createEmulator({ apiKey: 'k-123' });
  let server: Listening;
  before(async () => (server = await listen(emulator.fetch)));
  after(() => server.close());

  it('answers 401 with a Codat error for a missing or wrong key, on every route', async () => {
    for (const path of ['/companies', `/companies/${DEMO_COMPANY_ID}/connections`, '/integrations', '/integrations/gbol/branding', '/nowhere']) {
      for (const authorization of [undefined, basic('wrong'), 'Bearer k-123', basic('k-123:'), 'k-123']) {
        const response = await fetch(`${server.url}${path}`, { headers: authorization ? { Authorization: authorization } : {} });
        assert.equal(response.status, 401, `${path} ${authorization}`);
        const body = await response.json();
        assert.deepEqual(
          { ...body, correlationId: undefined },
          {
            statusCode: 401,
            service: 'PublicApi',
            error: 'Unauthorized',
            correlationId: undefined,
            canBeRetried: 'False',
            detailedErrorCode: 0,
          },
        );
      }
    }
  });

  it('accepts Basic base64(key), and answers 404 for unknown routes then', async () => {
    assert.equal((await fetch(`${server.url}/companies`, { headers: { Authorization: basic('k-123') } })).status, 200);
    const missing = await fetch(`${server.url}/nowhere`, { headers: { Authorization: basic('k-123') } });
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).statusCode, 404);
  });

  it('serves logos and link pages without a key', async () => {
    assert.equal((await fetch(`${server.url}/integrations/gbol/logo.svg`)).status, 200);
  });

  it('refuses an empty API key', () => {
    assert.throws(() => createEmulator({ apiKey: '' }), TypeError);
  });
});

describe('rate limit', () => {
  let time = Date.parse('2025-01-01T00:00:00Z');
  const emulator = createEmulator({ rateLimit: { limit: 3, windowSeconds: 10 }, now: () => new Date(time) });
  let server: Listening;
  before(async () => (server = await listen(emulator.fetch)));
  after(() => server.close());
  const call = (key = 'emulator-api-key') => fetch(`${server.url}/integrations`, { headers: { Authorization: basic(key) } });

  it('counts per API key, with X-Rate-Limit-* on every response and 429 + Retry-After past the limit', async () => {
    emulator.reset();
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await call();
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('X-Rate-Limit-Limit'), '3');
      assert.equal(response.headers.get('X-Rate-Limit-Reset'), '2025-01-01T00:00:10.000Z');
      assert.equal(response.headers.get('Retry-After'), null);
      remaining.push(response.headers.get('X-Rate-Limit-Remaining')!);
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    time += 4000;
    const refused = await call();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('Retry-After'), '6');
    assert.equal(refused.headers.get('X-Rate-Limit-Remaining'), '0');
    const body = await refused.json();
    assert.equal(body.statusCode, 429);
    assert.equal(body.canBeRetried, 'True');
    assert.equal((await call('another-key')).headers.get('X-Rate-Limit-Remaining'), '2', 'another key has its own count');
  });

  it('starts a new window once the old one ends, and reset() clears the counts', async () => {
    emulator.reset();
    for (let i = 0; i < 3; i += 1) await call();
    assert.equal((await call()).status, 429);
    time += 10_000;
    assert.equal((await call()).status, 200);
    for (let i = 0; i < 2; i += 1) await call();
    assert.equal((await call()).status, 429);
    emulator.reset();
    assert.equal((await call()).status, 200);
  });

  it('can be turned off', async () => {
    const unlimited = createEmulator({ rateLimit: false });
    const response = await unlimited.fetch(new Request('http://emulator.test/integrations', { headers: { Authorization: basic('emulator-api-key') } }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('X-Rate-Limit-Limit'), null);
  });
});
