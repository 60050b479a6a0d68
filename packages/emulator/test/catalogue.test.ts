import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator, DEMO_COMPANY_ID, EMPTY_COMPANY_ID, PAGING_COMPANY_ID, SMALL_COMPANY_ID } from '../src/index.js';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const auth = { Authorization: `Basic ${btoa('emulator-api-key')}` };

describe('integrations, branding, logos and companies', () => {
  const emulator = createEmulator();
  let server: Listening;
  before(async () => (server = await listen(emulator.fetch)));
  after(() => server.close());
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: auth });

  it('lists about 20 integrations of three source types, some disabled, with four-letter keys', async () => {
    const page = await (await get('/integrations')).json();
    assert.ok(page.totalResults >= 18 && page.totalResults <= 25);
    const results = page.results as Array<{ key: string; sourceType: string; enabled: boolean; logoUrl: string }>;
    assert.ok(results.every((integration) => /^[a-z]{4}$/.test(integration.key)));
    assert.equal(new Set(results.map((integration) => integration.key)).size, results.length);
    assert.deepEqual([...new Set(results.map((integration) => integration.sourceType))].sort(), ['Accounting', 'Banking', 'Commerce']);
    assert.ok(results.some((integration) => !integration.enabled));
    assert.ok(results.some((integration) => integration.key === 'gbol') && results.some((integration) => integration.key === 'qhyg'));
    assert.ok(results.every((integration) => integration.logoUrl === `${server.url}/integrations/${integration.key}/logo.svg`));
  });

  it('filters and pages integrations', async () => {
    const banking = await (await get('/integrations?query=sourceType%3DBanking%20%26%26%20enabled%3Dtrue')).json();
    assert.ok(banking.results.length > 0 && banking.results.every((i: { sourceType: string; enabled: boolean }) => i.sourceType === 'Banking' && i.enabled));
    const page = await (await get('/integrations?page=2&pageSize=5')).json();
    assert.equal(page.results.length, 5);
    assert.equal(page._links.previous.href, '/integrations?page=1&pageSize=5');
  });

  it('gets one integration and its branding, and 404 for unknown keys', async () => {
    const xero = await (await get('/integrations/gbol')).json();
    assert.equal(xero.name, 'Xero');
    const branding = await (await get('/integrations/gbol/branding')).json();
    assert.equal(branding.sourceId, xero.sourceId);
    assert.equal(branding.logo.square.image.src, xero.logoUrl);
    assert.equal((await get('/integrations/zzzz')).status, 404);
    assert.equal((await get('/integrations/zzzz/branding')).status, 404);
  });

  it('serves each logo as an SVG rounded square with initials, and nothing for unknown keys', async () => {
    const integrations = (await (await get('/integrations')).json()).results as Array<{ logoUrl: string }>;
    for (const { logoUrl } of integrations) {
      const response = await fetch(logoUrl);
      assert.equal(response.status, 200, logoUrl);
      assert.equal(response.headers.get('Content-Type'), 'image/svg+xml');
      assert.equal(response.headers.get('Content-Security-Policy'), "default-src 'none'");
      const svg = await response.text();
      assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>\n<rect [^>]*rx="12"/);
      assert.doesNotMatch(svg, /<script|on[a-z]+=|href/i);
    }
    const unknown = await fetch(`${server.url}/integrations/%3Cscript%3E/logo.svg`);
    assert.equal(unknown.status, 404);
    assert.doesNotMatch(await unknown.text(), /<script>/);
  });

  it('lists the seeded companies and gets each', async () => {
    const page = await (await get('/companies')).json();
    assert.deepEqual(
      page.results.map((company: { id: string }) => company.id),
      [DEMO_COMPANY_ID, EMPTY_COMPANY_ID, PAGING_COMPANY_ID, SMALL_COMPANY_ID],
    );
    assert.deepEqual(
      emulator.companies.map((company) => company.id),
      page.results.map((company: { id: string }) => company.id),
    );
    const demo = await (await get(`/companies/${DEMO_COMPANY_ID}`)).json();
    assert.equal(demo.name, emulator.companies[0]!.name);
    assert.equal((await get('/companies/0b8f3c1e-6a4d-4b7e-9c2a-5d1e8f7a6b3c')).status, 404);
    const named = await (await get('/companies?query=name~empty')).json();
    assert.deepEqual(
      named.results.map((company: { id: string }) => company.id),
      [EMPTY_COMPANY_ID],
    );
  });
});
