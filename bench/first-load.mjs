#!/usr/bin/env node
// Where the standalone file's first load goes, module by module. The first load is built as
// rollup.config.mjs builds it (minified, with its source map); each minified byte is traced back to
// the module it came from, and a module's figure is what gzipping the first load without its bytes
// saves: what taking it out of the first load would gain. (The figures add up to a little less than
// the whole: what several modules repeat compresses once.)
// `node bench/first-load.mjs` lists every module; `node bench/first-load.mjs connections.component.js`
// also breaks one module down by its declarations and class members. `npm run bench` lists the
// largest modules.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'acorn';
import { rollup } from 'rollup';
import { standaloneBundle } from '../rollup.config.mjs';
import { firstLoad } from '../scripts/sizes.mjs';

/** Modules `npm run bench` lists. */
const LISTED = 10;

const gzipped = (text) => gzipSync(text, { level: 9 }).length;

/** A module's path, shortened: `lit-html/lit-html.js`, `core/client.js`, `widget/templates/row.js`. */
const shortName = (path) => path.replace(/^.*\/node_modules\//, '').replace(/^.*\/packages\/(\w+)\/dist\/(esm\/)?/, '$1/');

/**
 * The first load's code, cut into runs of bytes that come from one place: the module (its full
 * path) and the line in it, as the source map says.
 */
async function firstLoadRuns() {
  const bundle = await rollup({ ...standaloneBundle, onwarn: () => {} });
  try {
    const { output } = await bundle.generate({ ...standaloneBundle.output, sourcemap: 'hidden', sourcemapExcludeSources: true });
    const runs = [];
    for (const chunk of firstLoad(output, { entries: ['codat-connections'] })) {
      const map = new SourceMap(chunk.map);
      chunk.code.split('\n').forEach((line, row) => {
        for (let column = 0; column < line.length; column++) {
          const { originalSource, originalLine } = map.findEntry(row, column);
          const module = originalSource ? resolve(standaloneBundle.output.dir, originalSource) : '(rollup)';
          const last = runs.at(-1);
          if (last?.module === module && last.line === originalLine) last.text += line[column];
          else runs.push({ module, line: originalLine, text: line[column] });
        }
        runs.push({ module: '(rollup)', text: '\n' });
      });
    }
    return runs;
  } finally {
    await bundle.close();
  }
}

/** Minified bytes and gzipped bytes saved without them, for each group of runs `groupOf` names. */
function shares(runs, groupOf) {
  const whole = gzipped(runs.map((run) => run.text).join(''));
  const groups = new Map();
  for (const run of runs) {
    const group = groupOf(run);
    if (group !== undefined) groups.set(group, (groups.get(group) ?? 0) + run.text.length);
  }
  return [...groups]
    .map(([name, minified]) => ({ name, minified, saved: whole - gzipped(runs.map((run) => (groupOf(run) === name ? '' : run.text)).join('')) }))
    .sort((a, b) => b.saved - a.saved);
}

/** Names the top-level declarations and class members of a module by the lines they span. */
function declarations(path) {
  const program = parse(readFileSync(path, 'utf8'), { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  const spans = [];
  const add = (name, node) => spans.push({ name, from: node.loc.start.line - 1, to: node.loc.end.line - 1 });
  for (const statement of program.body) {
    const node = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
    if (node.type === 'ClassDeclaration') for (const member of node.body.body) add(`${node.id.name}.${member.key.name ?? member.key.value}`, member);
    else if (node.type === 'FunctionDeclaration') add(node.id.name, node);
    else if (node.type === 'VariableDeclaration') add(node.declarations.map((declaration) => declaration.id.name).join(', '), node);
  }
  return (line) => spans.find(({ from, to }) => line >= from && line <= to)?.name ?? '(elsewhere in the module)';
}

export default async function benchFirstLoad() {
  const modules = shares(await firstLoadRuns(), (run) => shortName(run.module));
  return modules.slice(0, LISTED).map(({ name, saved }) => ({ name: `standalone first load, from ${name}`, value: saved / 1024, unit: 'KB' }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = await firstLoadRuns();
  const total = gzipped(runs.map((run) => run.text).join(''));
  console.log(`standalone first load: ${runs.reduce((sum, run) => sum + run.text.length, 0)} bytes minified, ${total} gzipped`);
  console.table(
    shares(runs, (run) => shortName(run.module)).map(({ name, minified, saved }) => ({ module: name, minified, 'gzipped, saved without it': saved })),
  );
  const detailed = process.argv[2];
  if (detailed) {
    const path = [...new Set(runs.map((run) => run.module))].find((module) => module.endsWith(`/${detailed}`));
    if (!path) throw new Error(`${detailed} is not in the first load`);
    const nameOf = declarations(path);
    const rows = shares(runs, (run) => (run.module === path ? nameOf(run.line) : undefined));
    console.log(`${shortName(path)}, by declaration:`);
    console.table(rows.map(({ name, minified, saved }) => ({ declaration: name, minified, 'gzipped, saved without it': saved })));
  }
}
