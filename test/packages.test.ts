// Every published package is ESM with an exports map (types first), a `files`
// whitelist and honest `sideEffects` (checked by tree-shaking with rollup as an app's build would); the widget points at its custom elements manifest; every
// JavaScript file core and widget emit (modules, standalone files, language chunks) is ES2021.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { rollup, type Plugin } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';

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
        assert.deepEqual([...checked].sort(), [
          '.',
          'chunks',
          'esm',
          'esm/codat',
          'esm/controllers',
          'esm/dataholder',
          'esm/features',
          'esm/strings',
          'esm/templates',
        ]);
      }
    });
  }
});

/** Marks the widget's own modules as having side effects, as if its package.json did not list them. */
const ignoreWidgetSideEffectsList: Plugin = {
  name: 'ignore-widget-side-effects-list',
  async resolveId(source, importer, options) {
    if (!importer) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved && /packages[\\/]widget[\\/]/.test(resolved.id) ? { ...resolved, moduleSideEffects: true } : resolved;
  },
};

/** What rollup, resolving packages as an app's build does, keeps of an entry module's `code`. */
async function bundle(code: string, plugins: Plugin[] = []): Promise<string> {
  const entry: Plugin = { name: 'entry', resolveId: (id) => (id === 'entry' ? id : null), load: (id) => (id === 'entry' ? code : null) };
  const build = await rollup({ input: 'entry', onwarn: () => {}, plugins: [entry, ...plugins, nodeResolve({ exportConditions: ['browser', 'production'] })] });
  try {
    const { output } = await build.generate({ format: 'es' });
    return output[0].code;
  } finally {
    await build.close();
  }
}

const registers = /customElements\.define\(\s*['"]codat-connections['"]/;

describe('sideEffects, as a bundler applies them', () => {
  it('an unused import of the core leaves nothing in the bundle', async () => {
    assert.equal((await bundle("import { createConnectionsClient } from '@codat-connections/core';")).trim(), '');
  });

  it("an unused import of the widget's main entry leaves nothing; without its sideEffects list the element would stay", async () => {
    const code = "import { CodatConnections } from '@codat-connections/widget';";
    assert.equal((await bundle(code)).trim(), '');
    const withoutList = await bundle(code, [ignoreWidgetSideEffectsList]);
    assert.ok(withoutList.length > 10_000 && withoutList.includes('codat-connections'), `${withoutList.length} characters`);
  });

  it("the class from the widget's main entry is bundled without registering the element", async () => {
    const output = await bundle("import { CodatConnections } from '@codat-connections/widget'; console.log(CodatConnections);");
    // Plain booleans: the bundle is large, and a failed match would print all of it.
    assert.equal(/class CodatConnections extends /.test(output), true, 'the class is in the bundle');
    assert.equal(/customElements\.define\(/.test(output), false, 'nothing is registered');
  });

  for (const module of ['@codat-connections/widget/codat-connections.js', '@codat-connections/widget/react']) {
    it(`importing ${module} for its side effect registers the element`, async () => {
      assert.equal(registers.test(await bundle(`import '${module}';`)), true);
    });
  }
});

// Rendering the React wrapper from a Next.js server component broke `next build`
// ("a.useRef is not a function"); as a client component, it is rendered in the browser.
describe('the React wrapper', () => {
  it("is a client component: its module's first statement is the 'use client' directive", () => {
    const source = readFileSync(fileURLToPath(new URL('../packages/widget/dist/esm/react.js', import.meta.url)), 'utf8');
    const [first] = parse(source, { ecmaVersion: 'latest', sourceType: 'module' }).body as Array<{ type: string; directive?: string }>;
    assert.equal(first?.directive, 'use client');
  });
});
