import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_COMPANY_ID } from '../src/index.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const bin = fileURLToPath(new URL(`../${pkg.bin['codat-emulator']}`, import.meta.url));
const built = existsSync(new URL('../dist/cli.js', import.meta.url));

/** Runs the CLI and resolves with its output once `done` says enough was printed (or it exited). */
function run(
  args: string[],
  done: (output: string) => boolean,
  script = ['--import', 'tsx', cli],
): Promise<{ child: ChildProcess; output: string; code: number | null }> {
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

  it("--return-origin: a path --redirect-url comes back to that origin's page; an origin that is not https or loopback is refused", async () => {
    const { child, output } = await run(
      ['--port', '0', '--redirect-url', '/codat-return.html', '--return-origin', 'http://localhost:3000', '--return-origin', 'https://app.example.com'],
      (text) => text.includes('Northwind'),
    );
    children.push(child);
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    assert.ok(url, output);
    const auth = { Authorization: `Basic ${btoa('emulator-api-key')}` };
    const created = await fetch(`${url}/companies/${DEMO_COMPANY_ID}/connections`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{"platformKey":"gbol"}',
    });
    const { linkUrl } = (await created.json()) as { linkUrl: string };
    await fetch(linkUrl, { headers: { Referer: 'https://app.example.com/connections' } });
    const decided = await fetch(linkUrl, { method: 'POST', body: new URLSearchParams({ decision: 'authorize' }), redirect: 'manual' });
    assert.match(decided.headers.get('Location') ?? '', /^https:\/\/app\.example\.com\/codat-return\.html\?/);

    const refused = await run(['--port', '0', '--redirect-url', '/codat-return.html', '--return-origin', 'http://app.example.com'], () => false);
    assert.equal(refused.code, 2);
    assert.match(refused.output, /returnOrigins holds http:\/\/app\.example\.com: each must be https, or http on loopback/);
  });

  // npm links a command only if its file exists at install time: a committed launcher always
  // does, where dist/cli.js is missing in a fresh checkout until the first build.
  it('the codat-emulator command is a committed, executable launcher with a shebang, shipped in files', () => {
    assert.equal(pkg.bin['codat-emulator'], './bin/codat-emulator.js');
    assert.ok(pkg.files.includes('bin'));
    assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
    assert.ok(statSync(bin).mode & 0o111, 'executable');
  });

  it('npm linked the command to the launcher', { skip: process.platform === 'win32' ? 'npm makes .cmd shims on Windows' : false }, () => {
    const linked = fileURLToPath(new URL('../../../node_modules/.bin/codat-emulator', import.meta.url));
    assert.ok(existsSync(linked), 'node_modules/.bin/codat-emulator exists: run npm install');
    assert.equal(realpathSync(linked), realpathSync(bin));
  });

  it('the launcher starts the built emulator', { skip: built ? false : 'not built; run `npm run build` first' }, async () => {
    const { child, output } = await run(['--port', '0'], (text) => text.includes('Northwind'), [bin]);
    children.push(child);
    assert.match(output, /listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(output, /API key: emulator-api-key/);
  });

  it('the launcher says to build first when dist/cli.js is missing', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'codat-emulator-bin-'));
    try {
      mkdirSync(join(copy, 'bin'));
      copyFileSync(bin, join(copy, 'bin', 'codat-emulator.js'));
      copyFileSync(new URL('../package.json', import.meta.url), join(copy, 'package.json'));
      const { code, output } = await run([], () => false, [join(copy, 'bin', 'codat-emulator.js')]);
      assert.equal(code, 1);
      assert.match(output, /not built \(dist\/cli\.js is missing\); run `npm run build` first/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  /** Starts the CLI on a free port with `args`; resolves with its URL once it has printed everything. */
  const start = async (args: string[]) => {
    const printed = (text: string) => text.includes('Northwind') && (!args.includes('--faults') || text.includes('/_emulator/reset'));
    const { child, output } = await run(['--port', '0', ...args], printed);
    children.push(child);
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    assert.ok(url, output);
    return { url, output };
  };
  const auth = { Authorization: `Basic ${btoa('emulator-api-key')}` };
  const statusOf = async (url: string, init?: RequestInit) => {
    const response = await fetch(url, init);
    await response.body?.cancel();
    return response.status;
  };

  describe('--rate-limit', () => {
    it('limits each API key to that many requests per window, then answers 429 with Retry-After', async () => {
      const { url, output } = await start(['--rate-limit', '2']);
      assert.match(output, /Rate limit: 2 requests per 60 s per API key/);
      const first = await fetch(`${url}/integrations`, { headers: auth });
      await first.body?.cancel();
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('X-Rate-Limit-Limit'), '2');
      assert.equal(first.headers.get('X-Rate-Limit-Remaining'), '1');
      assert.equal(await statusOf(`${url}/integrations`, { headers: auth }), 200);
      const refused = await fetch(`${url}/integrations`, { headers: auth });
      await refused.body?.cancel();
      assert.equal(refused.status, 429);
      assert.match(refused.headers.get('Retry-After') ?? '', /^\d+$/);
    });

    it('off: no limit and no rate-limit headers, past the default 1000 requests', async () => {
      const { url, output } = await start(['--rate-limit', 'off']);
      assert.match(output, /Rate limit: off/);
      const statuses: number[] = [];
      for (let batch = 0; batch < 21; batch += 1) {
        statuses.push(...(await Promise.all(Array.from({ length: 50 }, () => statusOf(`${url}/integrations?pageSize=1`, { headers: auth })))));
      }
      assert.deepEqual(new Set(statuses), new Set([200]), `${statuses.length} requests`);
      const response = await fetch(`${url}/integrations`, { headers: auth });
      await response.body?.cancel();
      assert.equal(response.headers.get('X-Rate-Limit-Limit'), null);
    });

    it("defaults to the emulator's 1000 requests per 60 s", async () => {
      const { url, output } = await start([]);
      assert.match(output, /Rate limit: 1000 requests per 60 s per API key/);
      const response = await fetch(`${url}/integrations`, { headers: auth });
      await response.body?.cancel();
      assert.equal(response.headers.get('X-Rate-Limit-Limit'), '1000');
    });
  });

  describe('--faults', () => {
    const admin = (url: string, path: string, body: unknown) =>
      statusOf(`${url}/_emulator/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

    it('serves the admin routes: faults set there apply to the API until reset', async () => {
      const { url, output } = await start(['--faults']);
      assert.match(output, new RegExp(`Fault injection on: POST ${url}/_emulator/faults, POST ${url}/_emulator/reset`));
      assert.equal(await admin(url, 'faults', { failureRate: 0.5 }), 204);
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push(await statusOf(`${url}/integrations`, { headers: auth }));
      assert.deepEqual(statuses, [200, 500, 200, 500]);
      assert.equal(await admin(url, 'faults', { failureRate: 2 }), 400);
      assert.equal(await admin(url, 'reset', {}), 204);
      assert.equal(await statusOf(`${url}/integrations`, { headers: auth }), 200);
    });

    it('without it, the admin routes do not exist', async () => {
      const { url, output } = await start([]);
      assert.doesNotMatch(output, /Fault injection/);
      assert.equal(await statusOf(`${url}/_emulator/faults`, { method: 'POST', headers: auth, body: '{"failureRate":1}' }), 404);
      assert.equal(await statusOf(`${url}/integrations`, { headers: auth }), 200);
    });
  });

  it('explains bad arguments', async () => {
    const { code, output } = await run(['--port', 'abc'], () => false);
    assert.equal(code, 2);
    assert.match(output, /--port must be a port number/);
    assert.match(output, /Usage: codat-emulator/);
    const duration = await run(['--pull-duration', 'soon'], () => false);
    assert.equal(duration.code, 2);
    assert.match(duration.output, /--pull-duration must be milliseconds/);
    for (const value of ['0', '-5', '1.5', 'soon', '']) {
      const limit = await run([`--rate-limit=${value}`], () => false);
      assert.equal(limit.code, 2, value);
      assert.match(limit.output, /--rate-limit must be a positive whole number of requests or "off"/);
    }
  });
});
