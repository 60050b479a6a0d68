// The size budgets, measured one way for everyone (bench/size.mjs prints them, scripts/check-size.mjs
// and test/size.test.ts fail when one is exceeded): each build of rollup.config.mjs is bundled in
// memory from the packages' compiled output, and what a page loads up front (the entry chunk and
// the chunks it imports statically; catalogues loaded on demand are not counted) is gzipped.
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { coreBundle, standaloneBundle, widgetModuleBundle } from '../rollup.config.mjs';

/** Budgets in KB (1024 bytes), minified and gzipped. */
export const budgets = [
  { name: 'standalone codat-connections.js (min+gz)', config: standaloneBundle, target: 16 },
  { name: 'widget ESM, Lit and core external (min+gz)', config: widgetModuleBundle, target: 8 },
  { name: 'core with ofetch (min+gz)', config: coreBundle, target: 5 },
];

/** Gzipped bytes a page loads up front from one rollup configuration. */
export async function measure(config) {
  const bundle = await rollup({ ...config, onwarn: () => {} });
  try {
    const { output } = await bundle.generate({ ...config.output, sourcemap: false });
    const chunks = new Map(output.filter((item) => item.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
    const loaded = new Set();
    const visit = (chunk) => {
      if (loaded.has(chunk)) return;
      loaded.add(chunk);
      for (const name of chunk.imports) if (chunks.has(name)) visit(chunks.get(name));
    };
    for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk);
    return [...loaded].reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0);
  } finally {
    await bundle.close();
  }
}

/** Every budget with its measured size: rows `{ name, value, unit: 'KB', target }`. */
export async function measureSizes() {
  const rows = [];
  for (const { name, config, target } of budgets) {
    rows.push({ name, value: (await measure(config)) / 1024, unit: 'KB', target });
  }
  return rows;
}
