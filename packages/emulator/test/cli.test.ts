import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEMO_COMPANY_ID } from '../src/index.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const bin = new URL(`../${pkg.bin['codat-emulator']}`, import.meta.url);

/** Runs the CLI and resolves with its output once `done` says enough was printed (or it exited). */
function run(args: string[], done: (output: string) => boolean, script = ['--import', 'tsx', cli]): Promise<{ child: ChildProcess; output: string; code: number | null }> {
  const child = spawn(process.execPath, [...script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve) => {
    const check = () => done(output) && resolve({ child, output, code: child.exitCode });
    child.stdout!.on('data', (chunk) => ((output += chunk), check()));
    child.stderr!.on('data', (chunk) => ((output += chunk), check()));
    child.on('exit', (code) => resolve({ child, output, code }));
  });
}

describe('codat-emulator CLI', () => {
  const children: ChildProcess[] = [];
  after(() => children.forEach((child) => child.kill()));

  it('prints its URL, the API key and the seeded company ids, and serves the API', async () => {
    const { child, output } = await run(['--port', '0', '--api-key', 'cli-key'], (text) => text.includes('Northwind'));
    children.push(child);
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    assert.ok(url, output);
    assert.match(output, /API key: cli-key/);
    assert.ok(output.includes(DEMO_COMPANY_ID));
    const response = await fetch(`${url}/companies/${DEMO_COMPANY_ID}`, { headers: { Authorization: `Basic ${btoa('cli-key')}` } });
    assert.equal(response.status, 200);

    const port = new URL(url).port;
    const taken = await run(['--port', port], () => false);
    assert.equal(taken.code, 1);
    assert.match(taken.output, new RegExp(`port ${port} is already in use`));
  });

  it('is the built file package.json names as the codat-emulator command', { skip: existsSync(bin) ? false : 'not built; run `npm run build` first' }, async () => {
    assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
    const { child, output } = await run(['--port', '0'], (text) => text.includes('Northwind'), [fileURLToPath(bin)]);
    children.push(child);
    assert.match(output, /listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(output, /API key: emulator-api-key/);
  });

  it('explains bad arguments', async () => {
    const { code, output } = await run(['--port', 'abc'], () => false);
    assert.equal(code, 2);
    assert.match(output, /--port must be a port number/);
    assert.match(output, /Usage: codat-emulator/);
  });
});
