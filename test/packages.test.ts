// Issue 5: every published package is ESM with an exports map (types first), a `files`
// whitelist and honest `sideEffects`; the widget points at its custom elements manifest; core and
// widget ship ES2021 modules for bundlers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'acorn';

const read = (name: string) => JSON.parse(readFileSync(new URL(`../packages/${name}/package.json`, import.meta.url), 'utf8'));

describe('package manifests', () => {
  for (const name of ['core', 'widget', 'server', 'emulator']) {
    it(`@codat-connections/${name}`, () => {
      const pkg = read(name);
      assert.equal(pkg.type, 'module');
      assert.ok(Array.isArray(pkg.files) && pkg.files.includes('dist'), 'files is a whitelist with dist');
      assert.ok(pkg.sideEffects === false || Array.isArray(pkg.sideEffects), 'sideEffects is declared');
      for (const [path, target] of Object.entries(pkg.exports as Record<string, unknown>)) {
        if (typeof target !== 'object' || target === null) continue;
        assert.equal(Object.keys(target)[0], 'types', `exports["${path}"] lists types first`);
      }
    });
  }

  it('the widget has side effects only in the registration module and the standalone bundles', () => {
    const pkg = read('widget');
    assert.deepEqual(pkg.sideEffects, [
      './dist/esm/codat-connections.js',
      './dist/esm/react.js',
      './dist/esm/standalone.js',
      './dist/codat-connections.js',
      './dist/codat-connections.iife.js',
    ]);
    assert.equal(pkg.customElements, 'custom-elements.json');
    assert.ok(pkg.files.includes('custom-elements.json'));
    assert.equal(pkg.peerDependenciesMeta.react.optional, true);
    assert.ok(pkg.exports['./react'] && pkg.exports['./jsx']);
  });

  for (const folder of ['core/dist', 'widget/dist/esm', 'widget/dist']) {
    it(`${folder} is ES2021 (bundlers and older browsers parse it as is)`, () => {
      const url = new URL(`../packages/${folder}/`, import.meta.url);
      const modules = readdirSync(url).filter((file) => file.endsWith('.js'));
      assert.ok(modules.length > 0, `${folder} has modules: run npm run build first`);
      for (const file of modules) {
        const source = readFileSync(new URL(file, url), 'utf8');
        assert.doesNotThrow(() => parse(source, { ecmaVersion: 2021, sourceType: file.endsWith('.iife.js') ? 'script' : 'module' }), file);
      }
    });
  }
});
