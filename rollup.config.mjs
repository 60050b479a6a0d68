// Builds the browser bundles from the packages' compiled output (`tsc -b` runs first).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const minify = terser({ ecma: 2021, module: true, format: { comments: false } });

export default [
  // The core with ofetch, minified: what a bundler ships of it (its size is a budget in the bench).
  {
    input: 'packages/core/dist/index.js',
    output: { file: 'packages/core/dist/codat-connections-core.min.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve({ exportConditions: ['browser', 'production'] }), minify],
  },
];
