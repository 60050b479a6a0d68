// Builds the browser bundles from the packages' compiled output (`tsc -b` runs first; the widget's
// modules are in packages/widget/dist/esm/, which bundlers use through its exports map).
// scripts/sizes.mjs builds the same configurations in memory to measure the size budgets.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyTemplates } from './scripts/minify-templates.mjs';

const minify = (module = true) => terser({ ecma: 2021, module, compress: { passes: 2 }, format: { comments: false } });
// Production Lit: no dev-mode warnings or checks.
const resolve = () => nodeResolve({ exportConditions: ['browser', 'production'] });
const widget = 'packages/widget/dist';
// The widget's `css` and `html` templates lose their indentation and comments.
const templates = () => minifyTemplates({ include: /packages[\\/]widget[\\/]dist[\\/]esm[\\/]/ });

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
  input: { 'codat-connections': `${widget}/esm/standalone.js` },
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
  },
  plugins: [resolve(), templates(), minify()],
};

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
  plugins: [resolve(), templates(), minify(false)],
};

/**
 * The widget as a bundler ships it to an app that already has Lit and the core: measured for its
 * budget only, never written.
 */
export const widgetModuleBundle = {
  input: `${widget}/esm/codat-connections.js`,
  external: (id) => /^(lit|@lit\/|@codat-connections\/core)/.test(id),
  output: { format: 'es' },
  plugins: [resolve(), templates(), minify()],
};

export default [coreBundle, standaloneBundle, iifeBundle];
