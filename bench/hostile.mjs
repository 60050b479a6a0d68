#!/usr/bin/env node
// The longer run property (packages/widget/test/hostile-answers.browser.test.ts runs
// 2,000 at a fixed seed in `npm test`): 10,000 generated hostile list, integrations, unlink and get
// answers through <codat-connections> in headless Chromium, from a random seed. Counts runs with an
// uncaught error, runs not ending in a list, the empty state or the error state with Retry, and runs
// that made markup from API text; all targets are 0.
// `node bench/hostile.mjs [--seed N] [--runs N]` runs it alone; a failure names the seed and the
// run's index, which replays it: fc.assert(hostileAnswersProperty(kind), { seed, path: 'index' }).
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromeArgs, findChrome } from '../scripts/find-chrome.mjs';
import { listen } from './_listen.mjs';

const RUNS = 10_000;
/** The share of runs that come back from a redirect link (and so deliver a `get` answer first). */
const GET_SHARE = 0.4;

/** test/helpers/hostile/runs.ts and the element, as one browser module. */
async function bundle() {
  const result = await build({
    stdin: {
      contents: "export { tallyHostileAnswers } from './test/helpers/hostile/runs.ts';",
      resolveDir: new URL('..', import.meta.url).pathname,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    target: 'es2021',
    conditions: ['browser', 'production'],
    // The widget's `sideEffects` names its built registration module, not src/codat-connections.ts.
    ignoreAnnotations: true,
    // Lit's reactive properties need TypeScript's class fields, as the tests compile them.
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, experimentalDecorators: true } },
    write: false,
  });
  return result.outputFiles[0].text;
}

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hostile answers</title>
<script type="module">import * as hostile from '/bench/hostile.js'; window.hostile = hostile;</script></head><body></body></html>`;

export default async function benchHostile({ seed = Math.floor(Math.random() * 2 ** 31), runs = RUNS } = {}) {
  const script = await bundle();
  const server = await listen((request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/bench/hostile.js') return new Response(script, { headers: { 'Content-Type': 'text/javascript' } });
    return new Response(page, { headers: { 'Content-Type': 'text/html' } });
  });
  process.stderr.write(`bench hostile: seed ${seed}, ${runs} runs (replay: node bench/hostile.mjs --seed ${seed} --runs ${runs})\n`);
  const browser = await chromium.launch({ executablePath: findChrome(), args: chromeArgs });
  try {
    const tab = await browser.newPage();
    // Logos from generated answers point anywhere; nothing leaves this machine.
    await tab.route(
      (url) => url.origin !== server.url,
      (route) => route.abort(),
    );
    await tab.goto(`${server.url}/bench/`);
    await tab.waitForFunction(() => window.hostile && customElements.get('codat-connections'));
    const getRuns = Math.round(runs * GET_SHARE);
    const started = performance.now();
    const tallies = [];
    for (const [kind, numRuns] of [
      ['list', runs - getRuns],
      ['get', getRuns],
    ]) {
      const tally = await tab.evaluate(({ seed, numRuns, kind }) => window.hostile.tallyHostileAnswers({ seed, numRuns, kind }), { seed, numRuns, kind });
      tallies.push({ kind, ...tally });
    }
    const seconds = (performance.now() - started) / 1000;
    const sum = (key) => tallies.reduce((total, tally) => total + tally[key], 0);
    const errors = {};
    for (const tally of tallies) for (const [kind, runs] of Object.entries(tally.errors)) errors[kind] = (errors[kind] ?? 0) + runs;
    for (const [kind, runs] of Object.entries(errors).sort((a, b) => b[1] - a[1])) process.stderr.write(`bench hostile: ${runs} runs threw ${kind}\n`);
    const states = {};
    for (const tally of tallies) for (const [state, runs] of Object.entries(tally.endStates)) states[state] = (states[state] ?? 0) + runs;
    process.stderr.write(`bench hostile: states after the first load: ${JSON.stringify(states)}\n`);
    for (const { kind, examples } of tallies) {
      for (const { index, scenario, problems } of examples) {
        const shown = scenario.length > 1500 ? `${scenario.slice(0, 1500)}…` : scenario;
        process.stderr.write(
          `bench hostile: ${kind} run ${index} (seed ${seed}, path "${index}"):\n  ${problems.slice(0, 4).join('\n  ')}\n  scenario: ${shown}\n`,
        );
      }
    }
    return [
      { name: 'generated runs (list + integrations + unlink; get)', value: sum('runs'), unit: 'runs' },
      { name: 'seed', value: String(seed), unit: '' },
      { name: 'runs with an uncaught error', value: sum('crashed'), unit: 'runs', target: 0 },
      { name: 'runs not ending in list, empty or error with Retry', value: sum('stuck'), unit: 'runs', target: 0 },
      { name: 'runs with markup made from API text', value: sum('unsafe'), unit: 'runs', target: 0 },
      { name: 'runs failing any check', value: sum('failed'), unit: 'runs', target: 0 },
      { name: 'get answers delivered', value: tallies.reduce((total, tally) => total + tally.delivered.get, 0), unit: 'answers' },
      { name: 'runs per second', value: sum('runs') / seconds, unit: 'runs/s' },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { seed: { type: 'string' }, runs: { type: 'string' } } });
  const rows = await benchHostile({
    ...(values.seed !== undefined && { seed: Number(values.seed) }),
    ...(values.runs !== undefined && { runs: Number(values.runs) }),
  });
  for (const row of rows) console.log(`${row.name}: ${typeof row.value === 'number' ? Number(row.value.toFixed(2)) : row.value} ${row.unit}`.trim());
}
