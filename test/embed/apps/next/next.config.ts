import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The partner workspace holds every app and one node_modules, one folder up.
const workspace = fileURLToPath(new URL('..', import.meta.url));

const config: NextConfig = {
  turbopack: { root: workspace },
  outputFileTracingRoot: workspace,
};
export default config;
