// Issue 5: every published package is ESM with an exports map (types first), a `files`
// whitelist and honest `sideEffects`; the widget points at its custom elements manifest; every
// JavaScript file core and widget emit (modules, standalone files, language chunks) is ES2021.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
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

  it('the ES2021 check below rejects newer syntax', () => {
    assert.throws(() => parse('class Counter { static #count = 0; static { Counter.#count = 1; } }', { ecmaVersion: 2021, sourceType: 'module' }));
  });

  for (const folder of ['core/dist', 'widget/dist']) {
    it(`every emitted .js file in ${folder} is ES2021 (bundlers and older browsers parse it as is)`, () => {
      const root = fileURLToPath(new URL(`../packages/${folder}/`, import.meta.url));
      const modules = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
      assert.ok(modules.length > 0, `${folder} has modules: run npm run build first`);
      for (const file of modules) {
        const source = readFileSync(join(root, file), 'utf8');
        assert.doesNotThrow(() => parse(source, { ecmaVersion: 2021, sourceType: file.endsWith('.iife.js') ? 'script' : 'module' }), file);
      }
      if (folder === 'widget/dist') {
        // The standalone files, their language chunks and the modules for bundlers, nested ones too.
        const checked = new Set(modules.map((file) => dirname(file).split(sep).join('/')));
        assert.deepEqual([...checked].sort(), ['.', 'chunks', 'esm', 'esm/controllers', 'esm/strings']);
      }
    });
  }
});
