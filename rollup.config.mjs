// Builds the browser bundles from the packages' compiled output (`tsc -b` runs first; the widget's
// modules are in packages/widget/dist/esm/, which bundlers use through its exports map).
// scripts/sizes.mjs builds the same configurations in memory to measure the size budgets.
import { resolve as resolvePath } from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const minify = (module = true) => terser({ ecma: 2021, module, compress: { passes: 2 }, format: { comments: false } });
// Production Lit: no dev-mode warnings or checks.
const resolve = () => nodeResolve({ exportConditions: ['browser', 'production'] });
const widget = 'packages/widget/dist';

/** The core with ofetch, minified: what a bundler ships of it. */
export const coreBundle = {
  input: 'packages/core/dist/index.js',
  output: { file: 'packages/core/dist/codat-connections-core.min.js', format: 'es', sourcemap: true },
  plugins: [resolve(), minify()],
};

/**
 * The standalone module for `<script type="module">`: Lit, ofetch and the core included. English is
 * in the entry; the other catalogues and what only a user's action needs (the link flow,
 * unlink/delete, the picker, the dialog, a row's list of data types, Refresh data's waiting) are
 * separate chunks fetched when first needed.
 */
export const standaloneBundle = {
  input: {
    'codat-connections': `${widget}/esm/standalone.js`,
    // The dataholder model's source, for pages that show it: `dataholderSource` and its client, importing the rest from the file above.
    'codat-connections-dataholder': `${widget}/esm/dataholder.js`,
  },
  // The chunks loaded on use (languages, features) import what they share
  // from the entry itself, which may export more for them: one file up front, not a facade and a chunk.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: widget,
    format: 'es',
    entryFileNames: '[name].js',
    // Plain names: a rebuild overwrites them instead of leaving stale hashed files in the package.
    chunkFileNames: 'chunks/[name].js',
    sourcemap: true,
    // What the element's file loads up front stays in it, also what the dataholder file shares with
    // it (the core, the row checks): one file for a Codat page, two for a dataholder page.
    manualChunks: withStaticImportsOf(`${widget}/esm/standalone.js`, 'codat-connections'),
  },
  plugins: [resolve(), minify()],
};

/**
 * A `manualChunks` that puts `entry` and every module it imports statically into the chunk named
 * `name` (the entry's own, when it has that name); modules loaded on first use keep their chunks.
 */
function withStaticImportsOf(entry, name) {
  let closure;
  return (id, { getModuleInfo }) => {
    if (!closure) {
      closure = new Set();
      const visit = (module) => {
        if (closure.has(module)) return;
        closure.add(module);
        for (const imported of getModuleInfo(module)?.importedIds ?? []) visit(imported);
      };
      visit(resolvePath(entry));
    }
    return closure.has(id) ? name : undefined;
  };
}

/** The classic-script build: defines the element and exposes `window.CodatConnections`. */
export const iifeBundle = {
  input: `${widget}/esm/standalone.js`,
  output: {
    file: `${widget}/codat-connections.iife.js`,
    format: 'iife',
    name: 'CodatConnections',
    // A classic script cannot load chunks, so every catalogue is inlined.
    inlineDynamicImports: true,
    sourcemap: true,
  },
  plugins: [resolve(), minify(false)],
};

/**
 * The widget as a bundler ships it to an app that already has Lit and the core: measured for its
 * budget only, never written.
 */
export const widgetModuleBundle = {
  input: `${widget}/esm/codat-connections.js`,
  external: (id) => /^(lit|@lit\/|@codat-connections\/core)/.test(id),
  output: { format: 'es' },
  plugins: [resolve(), minify()],
};

export default [coreBundle, standaloneBundle, iifeBundle];
