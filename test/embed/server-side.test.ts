// Issue 5: server-side safety. Importing the packages' modules in plain Node (no DOM, as in
// server rendering or a Next.js route) does not throw.
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
