#!/usr/bin/env node
// Part of `npm run build`: bundles the demo's React example (demo/public/examples/react-app.jsx)
// with esbuild into demo/public/examples/dist/, production React, one file.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const examples = new URL('../demo/public/examples/', import.meta.url);

await build({
  entryPoints: [fileURLToPath(new URL('react-app.jsx', examples))],
  outfile: fileURLToPath(new URL('dist/react-app.js', examples)),
  bundle: true,
  format: 'esm',
  target: 'es2021',
  jsx: 'automatic',
  minify: true,
  sourcemap: true,
  conditions: ['browser', 'production'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
