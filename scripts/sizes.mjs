// The size budgets, measured one way for everyone (bench/size.mjs prints them beside their targets,
// scripts/check-size.mjs and test/size.test.ts fail when one exceeds its ceiling): each build of rollup.config.mjs is bundled in
// memory from the packages' compiled output, and what a page loads up front (the entry chunk and
// the chunks it imports statically; catalogues loaded on demand are not counted) is gzipped.
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { coreBundle, standaloneBundle, widgetModuleBundle } from '../rollup.config.mjs';

/**
 * Sizes in KB (1024 bytes), minified and gzipped. `ceiling` is what the tests enforce, so that no
 * change makes a bundle bigger unnoticed; `target`, where there is one, is the figure the bench
 * prints beside it (the standalone first load has none: its 20.5 KB target is retired). Lower
 * a ceiling whenever a bundle shrinks; raise one only with the measured reason in the commit
 * message (git log holds each step).
 */
export const budgets = [
  { name: 'standalone ESM, first load: codat-connections.js (min+gz)', config: standaloneBundle, entries: ['codat-connections'], ceiling: 33.55 },
  { name: 'widget ESM, first load, Lit and core external (min+gz)', config: widgetModuleBundle, target: 8, ceiling: 22.2 },
  { name: 'core with ofetch (min+gz)', config: coreBundle, target: 5, ceiling: 5.85 },
];

/**
 * Gzipped bytes a page loads up front from one rollup configuration: the entry chunks and the
 * chunks they import statically. With `all`, every chunk, those loaded on first use (languages,
 * features) included. Each chunk is gzipped alone, as it is served.
 */
export async function measure(config, { all = false, entries } = {}) {
  const bundle = await rollup({ ...config, onwarn: () => {} });
  try {
    const { output } = await bundle.generate({ ...config.output, sourcemap: false });
    return firstLoad(output, { all, entries }).reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0);
  } finally {
    await bundle.close();
  }
}

/**
 * The chunks of a rollup output that a page loads up front: the entries it names (`entries`, by
 * name; every entry by default) and what they import statically. With `all`, every chunk.
 */
export function firstLoad(output, { all = false, entries } = {}) {
  const chunks = new Map(output.filter((item) => item.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
  if (all) return [...chunks.values()];
  const loaded = new Set();
  const visit = (chunk) => {
    if (loaded.has(chunk)) return;
    loaded.add(chunk);
    for (const name of chunk.imports) if (chunks.has(name)) visit(chunks.get(name));
  };
  for (const chunk of chunks.values()) if (chunk.isEntry && (!entries || entries.includes(chunk.name))) visit(chunk);
  return [...loaded];
}

/** Every budget with its measured size, beside the target and beside the ceiling: rows for the bench table. */
export async function measureSizes() {
  const rows = [];
  for (const { name, config, entries, target, ceiling } of budgets) {
    const value = (await measure(config, { entries })) / 1024;
    rows.push({ name, value, unit: 'KB', ...(target !== undefined && { target }) }, { name: `${name}, enforced ceiling`, value, unit: 'KB', target: ceiling });
  }
  return rows;
}
