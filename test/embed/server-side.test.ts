// Server-side safety. Importing the packages' modules in plain Node (no DOM, as in
// server rendering or a Next.js route) does not throw; the React wrapper, rendered on the server,
// writes the element's token endpoint into the HTML.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

describe('importing in Node without a DOM', () => {
  it('has no DOM to lean on', () => {
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  });

  for (const specifier of [
    '@codat-connections/core',
    '@codat-connections/widget',
    '@codat-connections/widget/codat-connections.js',
    '@codat-connections/widget/react',
  ]) {
    it(`imports ${specifier}`, async () => {
      const module = await import(specifier);
      assert.ok(Object.keys(module).length > 0);
    });
  }
});

describe('the React wrapper rendered on the server (Next.js)', () => {
  it('writes the token endpoint and the other dashed properties into the HTML, so the element loads before hydration', async () => {
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    const { CodatConnections } = await import('@codat-connections/widget/react');
    const html = renderToString(createElement(CodatConnections, { tokenUrl: '/api/codat/token', companyId: 'c1', pageSize: 20, linkMode: 'redirect' }));
    assert.equal(html, '<codat-connections token-url="/api/codat/token" company-id="c1" page-size="20" link-mode="redirect"></codat-connections>');
  });
});
