#!/usr/bin/env node
// Runs every test suite (Node's runner for server, emulator, core and contract tests;
// @web/test-runner for the browser tests, once per engine: Chromium, Firefox, WebKit), then the
// three static checks (ESLint, Prettier's format check, lit-analyzer on the widget's templates; each
// counts as one test), and ends with one line summing them: "N passed, N failed". Exits non-zero
// when anything failed.
// `--only node`, `--only browser` or `--only lint` runs one of the three groups.
// `--engine firefox` (or `--engine chromium,webkit`, or ENGINES=firefox) runs the browser tests in
// those engines only. `--files <glob>` runs only those browser test files (`npm run test:visual`
// runs the screenshot tests so); `--update-baselines` has the screenshot tests write their
// baselines instead of comparing with them (UPDATE_BASELINES=1). An engine not installed fails the run, naming the package to install, unless
// `--skip-missing-engines` is given (or SKIP_MISSING_ENGINES=1): then it is skipped, saying so.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { failedTestLines } from './browser-failures.mjs';
import { engines, findEngine } from './find-engines.mjs';

const option = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);

const only = option('--only');
if (only !== undefined && !['node', 'browser', 'lint'].includes(only)) {
  console.error(`--only takes node, browser or lint, not ${only}`);
  process.exit(2);
}

const askedEngines = (option('--engine') ?? process.env.ENGINES ?? engines.join(','))
  .split(',')
  .map((name) => name.trim().toLowerCase())
  .filter(Boolean);
const unknownEngine = askedEngines.find((name) => !engines.includes(name));
if (unknownEngine !== undefined || askedEngines.length === 0) {
  console.error(`--engine (or ENGINES) takes a comma-separated list of ${engines.join(', ')}, not ${unknownEngine ?? 'nothing'}`);
  process.exit(2);
}
const browserFiles = option('--files');
const updateBaselines = process.argv.includes('--update-baselines') || process.env.UPDATE_BASELINES === '1';
const skipMissingEngines = process.argv.includes('--skip-missing-engines') || process.env.SKIP_MISSING_ENGINES === '1';

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env } });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    // Colour codes are taken out before the summaries are read.
    // eslint-disable-next-line no-control-regex
    child.on('close', (code) => resolve({ code: code ?? 1, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

/** Test files under the given folders, skipping node_modules and build output. */
function findTests(dirs) {
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.test.ts') && !entry.name.endsWith('.browser.test.ts')) found.push(path);
    }
  };
  dirs.forEach(walk);
  return found.sort();
}

const count = (output, pattern) => [...output.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedRunner = false;

if (!only || only === 'node') {
  const packages = readdirSync('packages').map((name) => join('packages', name, 'test'));
  const files = findTests([...packages, 'test']);
  if (files.length) {
    const { code, output } = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]);
    // Node's runner closes with "ℹ pass N", "ℹ fail N", "ℹ skipped N".
    const passed = count(output, /^ℹ pass (\d+)$/gm);
    const failed = count(output, /^ℹ fail (\d+)$/gm);
    totals.passed += passed;
    totals.failed += failed;
    totals.skipped += count(output, /^ℹ skipped (\d+)$/gm);
    if (code !== 0 && failed === 0) {
      totals.failed += 1;
      console.error(`node --test exited with ${code} without naming a failed test`);
    }
    failedRunner ||= code !== 0;
  }
}

/** What each engine's run came to, printed before the last line. */
const engineReports = [];

if (!only || only === 'browser') {
  for (const engine of askedEngines) {
    try {
      findEngine(engine);
    } catch (error) {
      if (skipMissingEngines) {
        engineReports.push(`${engine}: skipped (${error.message})`);
        totals.skipped += 1;
      } else {
        engineReports.push(`${engine}: not run: ${error.message} (--skip-missing-engines skips it)`);
        totals.failed += 1;
      }
      continue;
    }
    console.log(`\nBrowser tests in ${engine}`);
    const started = performance.now();
    const { code, output } = await run(
      process.execPath,
      ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs', ...(browserFiles ? ['--files', browserFiles] : [])],
      { WTR_ENGINE: engine, ...(updateBaselines && { UPDATE_BASELINES: '1' }) },
    );
    const seconds = Math.round((performance.now() - started) / 1000);
    // @web/test-runner closes with "N passed, N failed[, N skipped]" in its summary.
    const summary = [...output.matchAll(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g)].at(-1);
    const passed = Number(summary?.[1] ?? 0);
    const failed = Number(summary?.[2] ?? 0);
    totals.passed += passed;
    totals.failed += failed;
    totals.skipped += Number(summary?.[3] ?? 0);
    engineReports.push(`${engine}: ${passed} passed, ${failed} failed in ${seconds} s`);
    engineReports.push(...failedTestLines(engine, output));
    if (code !== 0 && failed === 0) {
      totals.failed += 1;
      engineReports.push(`  ✖ [${engine}] web-test-runner exited with ${code} without naming a failed test`);
    }
    failedRunner ||= code !== 0;
  }
}

/** The static checks: each passes when its command exits with 0. */
const checks = [
  { name: 'ESLint', args: ['node_modules/eslint/bin/eslint.js', '.'] },
  { name: 'Prettier format check', args: ['node_modules/prettier/bin/prettier.cjs', '--check', '.'] },
  { name: 'lit-analyzer (widget templates)', args: ['scripts/lint-templates.mjs'] },
];
if (!only || only === 'lint') {
  for (const check of checks) {
    console.log(`\n${check.name}`);
    const { code } = await run(process.execPath, check.args);
    console.log(code === 0 ? `✔ ${check.name} passed` : `✖ ${check.name} failed (exit code ${code})`);
    if (code === 0) totals.passed += 1;
    else totals.failed += 1;
  }
}

if (engineReports.length) console.log(`\nBrowser tests by engine\n${engineReports.join('\n')}`);
// Skipped tests (contract tests without Codat's OpenAPI description, engines skipped on request)
// are named on their own line, so the last line is always exactly "N passed, N failed".
if (totals.skipped) console.log(`\n${totals.skipped} skipped`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(failedRunner || totals.failed > 0 ? 1 : 0);
