// Size budgets beside their targets (measured by scripts/sizes.mjs, enforced by test/size.test.ts
// and scripts/check-size.mjs: what a page loads up front), the totals (the standalone module with
// every chunk it may load on first use, and the classic script, which inlines them), and the part
// of the standalone file that is libraries alone: what Lit and ofetch weigh as the element and the
// core import them, built and gzipped the same way. The standalone budget minus this floor is what
// the element, the core and English share. bench/first-load.mjs says where the first load goes.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { iifeBundle, standaloneBundle } from '../rollup.config.mjs';
import { measure, measureSizes } from '../scripts/sizes.mjs';

const virtual = (name, source) => ({
  name: 'virtual-entry',
  resolveId: (id) => (id === name ? id : null),
  load: (id) => (id === name ? source : null),
});

/** A minified ES bundle of one virtual module, resolved like the standalone build. */
const librariesOnly = (source) => ({
  input: 'libraries',
  output: { format: 'es' },
  plugins: [
    virtual('libraries', source),
    nodeResolve({ exportConditions: ['browser', 'production'], rootDir: process.cwd() }),
    terser({ ecma: 2021, module: true, compress: { passes: 2 }, format: { comments: false } }),
  ],
});

const lit = `export { LitElement, css, html, nothing } from 'lit';
export { repeat } from 'lit/directives/repeat.js';
export { guard } from 'lit/directives/guard.js';`;
const ofetch = `export { ofetch } from 'ofetch';`;

export default async function benchSize() {
  const rows = await measureSizes();
  rows.push(
    { name: 'standalone ESM, total: entry and every chunk (min+gz)', value: (await measure(standaloneBundle, { all: true })) / 1024, unit: 'KB' },
    {
      name: 'standalone ESM, first load of a dataholder page: codat-connections.js and codat-connections-dataholder.js (min+gz)',
      value: (await measure(standaloneBundle, { entries: ['codat-connections', 'codat-connections-dataholder'] })) / 1024,
      unit: 'KB',
    },
    { name: 'standalone IIFE, total: everything inlined (min+gz)', value: (await measure(iifeBundle)) / 1024, unit: 'KB' },
  );
  const kb = async (source) => (await measure(librariesOnly(source))) / 1024;
  rows.push(
    { name: 'of the standalone: Lit as the element imports it', value: await kb(lit), unit: 'KB' },
    { name: 'of the standalone: ofetch', value: await kb(ofetch), unit: 'KB' },
    { name: 'of the standalone: Lit and ofetch together', value: await kb(`${lit}\n${ofetch}`), unit: 'KB' },
  );
  return rows;
}
