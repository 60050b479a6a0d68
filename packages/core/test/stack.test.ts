// The core through the real stack over HTTP: the token-issuing handler (@codat-connections/server)
// in front of the emulator, each on its own loopback port. Needs both packages built.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createConnectionsHandler } from '@codat-connections/server';
import { ConnectionsError, createConnectionsClient } from '@codat-connections/core';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const emulatorBuilt = existsSync(new URL('../../emulator/dist/index.js', import.meta.url));
const skip = emulatorBuilt ? false : 'packages/emulator is not built; run `npm run build` first';
const API_KEY = 'core-stack-api-key';

describe('core through the token handler and the emulator', { skip }, () => {
  let emulator: Listening;
  let server: Listening;
  let setFaults: (faults: Record<string, unknown>) => void;
  let reset: () => void;
  let demoCompany: string;
  let pagingCompany: string;
  let company: string;
  let tokenRequests = 0;
  const statuses: number[] = [];

  /** A handler with this token lifetime, in front of the emulator. */
  async function serve(tokenTtl: number) {
    const handler = createConnectionsHandler({
      apiKey: API_KEY,
      secret: crypto.getRandomValues(new Uint8Array(32)),
      upstream: emulator.url,
      tokenTtl,
      authorize: async () => ({
        companyId: company,
        permissions: ['connections:read', 'connections:link', 'connections:unlink', 'connections:delete'],
      }),
    });
    return listen(async (request) => {
      if (new URL(request.url).pathname.endsWith('/token')) tokenRequests += 1;
      const response = await handler(request);
      statuses.push(response.status);
      return response;
    });
  }

  before(async () => {
    const { createEmulator, DEMO_COMPANY_ID, PAGING_COMPANY_ID } = await import('@codat-connections/emulator');
    demoCompany = DEMO_COMPANY_ID;
    pagingCompany = PAGING_COMPANY_ID;
    const app = createEmulator({ apiKey: API_KEY, rateLimit: false });
    setFaults = (faults) => app.setFaults(faults);
    reset = () => app.reset();
    emulator = await listen((request, ...rest: unknown[]) => (app.fetch as (r: Request, ...a: unknown[]) => Promise<Response>)(request, ...rest));
    server = await serve(600);
  });
  after(async () => {
    await server?.close();
    await emulator?.close();
  });
  beforeEach(() => {
    reset();
    company = demoCompany;
    tokenRequests = 0;
    statuses.length = 0;
  });

  const client = (url = server.url) => createConnectionsClient({ token: `${url}/api/codat/token`, backoff: 1 });

  it("lists, creates, gets, unlinks and deletes connections of the grant's company", async () => {
    const shared = client();
    const before = await shared.list();
    assert.equal(shared.companyId, demoCompany);
    const created = await shared.create('gbol');
    assert.equal(created.status, 'PendingAuth');
    assert.match(created.linkUrl, /^https?:/);
    assert.equal((await shared.get(created.id)).id, created.id);
    assert.equal((await shared.list()).totalResults, before.totalResults + 1);
    await shared.delete(created.id);
    await assert.rejects(shared.get(created.id), { code: 'not_found', status: 404 });

    const linked = (await shared.list({ query: 'status=Linked' })).results[0];
    assert.ok(linked, 'the emulator seeds a Linked connection');
    assert.equal((await shared.unlink(linked.id)).status, 'Unlinked');
    assert.equal((await shared.get(linked.id)).status, 'Unlinked');
  });

  it('listAll follows every page of the paging company until totalResults', async () => {
    company = pagingCompany;
    const shared = client();
    const { totalResults } = await shared.list({ pageSize: 1 });
    assert.ok(totalResults > 100, `the paging company has ${totalResults} connections`);
    const ids = new Set<string>();
    for await (const connection of shared.listAll({ pageSize: 25 })) ids.add(connection.id);
    assert.equal(ids.size, totalResults);
  });

  it('100 concurrent operations cause exactly one token request', async () => {
    const shared = client();
    await Promise.all(Array.from({ length: 100 }, () => shared.list({ pageSize: 1 })));
    assert.equal(tokenRequests, 1);
  });

  it('a token that expires mid-session is refreshed before use, and the operation succeeds', async () => {
    // Two seconds: a JWT's expiry is in whole seconds, so a one-second token issued late in a second
    // may expire at once (and answer 401) whatever the client does.
    const shortLived = await serve(2);
    try {
      const shared = client(shortLived.url);
      await shared.list();
      // Past the client's refresh point (a tenth of the lifetime early), before the token's expiry.
      await new Promise((resolve) => setTimeout(resolve, 1900));
      await shared.list();
      assert.equal(tokenRequests, 2);
      assert.ok(!statuses.includes(401), `statuses: ${statuses.join(', ')}`);
    } finally {
      await shortLived.close();
    }
  });

  it('integrations: enabled ones, filtered by sourceType, read once', async () => {
    const shared = client();
    const all = await shared.integrations();
    assert.ok(all.length > 0 && all.every((integration) => integration.enabled));
    const banking = await shared.integrations({ sourceType: 'Banking' });
    assert.ok(banking.every((integration) => integration.sourceType === 'Banking'));
    const reads = statuses.length;
    await shared.integrations();
    assert.equal(statuses.length, reads);
  });

  it('a 503 from Codat is retried for list, not for create', async () => {
    const shared = client();
    await shared.list();
    setFaults({ forceStatus: { status: 503, count: 1 } });
    await shared.list();
    setFaults({ forceStatus: { status: 503, count: 1 } });
    const before = statuses.length;
    await assert.rejects(shared.create('gbol'), { code: 'server_error', status: 503 });
    assert.equal(statuses.length - before, 1);
  });

  it('a dropped response is retried for get', async () => {
    const shared = client();
    const [first] = (await shared.list()).results;
    setFaults({ drop: 1 });
    assert.equal((await shared.get(first!.id)).id, first!.id);
  });

  it("Codat's error body comes through into the error", async () => {
    await assert.rejects(client().get('2e9d2c44-f675-40ba-8049-000000000000'), (error: unknown) => {
      assert.ok(error instanceof ConnectionsError);
      assert.equal(error.code, 'not_found');
      assert.equal(typeof error.correlationId, 'string');
      return true;
    });
  });
});
