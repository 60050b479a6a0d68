import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';

// `npm start` runs `node demo/server.js` once the build is done: the whole stack on one port.
const emulatorBuilt = existsSync(new URL('../../packages/emulator/dist/index.js', import.meta.url));
const skip = emulatorBuilt ? false : 'packages/emulator is not built; run `npm run build` first';
const script = fileURLToPath(new URL('../../demo/server.js', import.meta.url));

/** Starts demo/server.js; resolves once `ready` matches its output, or once it exits. */
function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; output: string; code: number | null }> {
  // Only what the test sets: a CODAT_API_KEY or PORT of the shell running the tests stays out.
  const inherited = { ...process.env };
  for (const name of ['CODAT_API_KEY', 'CODAT_COMPANY_ID', 'PORT']) delete inherited[name];
  const child = spawn(process.execPath, [script, ...args], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      if (ready.test(output)) resolve({ child, output, code: null });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => resolve({ child, output, code }));
  });
}

/** Holds a port on localhost (where the demo listens) until `close`. */
async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const { port, server } = await holdPort();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('npm start (demo/server.js)', { skip }, () => {
  const children: ChildProcess[] = [];
  after(async () => {
    for (const child of children) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('prints its URL and serves the demo page, the token handler and the emulator on that one port', async () => {
    const port = await freePort();
    const { child, output } = await start(['--port', String(port)], {}, /Sign in as/);
    children.push(child);
    const origin = `http://localhost:${port}`;
    assert.match(output, new RegExp(`codat-connections demo: ${origin}\\n`));
    assert.match(output, /emulator-api-key/);
    assert.equal((await fetch(origin)).status, 200);
    const token = await fetch(`${origin}/api/codat/token`, { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' }, body: '{}' });
    assert.equal(token.status, 401, 'not signed in');
    const integrations = await fetch(`${origin}/emulator/integrations`, { headers: { Authorization: `Basic ${btoa('emulator-api-key')}` } });
    assert.equal(integrations.status, 200);
  });

  it('says clearly when the port is taken, and how to choose another', async () => {
    const { port, server } = await holdPort();
    try {
      const { output, code } = await start([], { PORT: String(port) }, /(?!)/);
      assert.equal(code, 1);
      assert.match(output, new RegExp(`Port ${port} is already in use`));
      assert.match(output, /--port/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a value that is not a port', async () => {
    const { output, code } = await start(['--port', 'eighty'], {}, /(?!)/);
    assert.equal(code, 1);
    assert.match(output, /Not a port number: eighty/);
  });

  it('--return-origin: the link flow sends a user who linked on that origin back to its return page (demo:two-instances), and refuses plain http off loopback', async () => {
    const port = await freePort();
    const { child } = await start(['--port', String(port), '--return-origin', 'http://localhost:8001'], {}, /Sign in as/);
    children.push(child);
    const origin = `http://localhost:${port}`;
    const created = await fetch(`${origin}/emulator/companies/c0a10000-c0da-4e55-8000-000000000001/connections`, {
      method: 'POST',
      headers: { Authorization: `Basic ${btoa('emulator-api-key')}`, 'Content-Type': 'application/json' },
      body: '{"platformKey":"gbol"}',
    });
    const { linkUrl } = (await created.json()) as { linkUrl: string };
    await fetch(linkUrl, { headers: { Referer: 'http://localhost:8001/' } });
    const decided = await fetch(linkUrl, { method: 'POST', body: new URLSearchParams({ decision: 'authorize' }), redirect: 'manual' });
    assert.match(decided.headers.get('Location') ?? '', /^http:\/\/localhost:8001\/codat-return\.html\?/);

    const refused = await start(['--port', String(await freePort()), '--return-origin', 'http://portal.example'], {}, /(?!)/);
    assert.equal(refused.code, 1);
    assert.match(refused.output, /returnOrigins holds http:\/\/portal\.example: each must be https, or http on loopback/);
  });

  it('with CODAT_API_KEY, asks for CODAT_COMPANY_ID, then forwards to the real Codat API without an emulator', async () => {
    const missing = await start(['--port', String(await freePort())], { CODAT_API_KEY: 'real-key' }, /(?!)/);
    assert.equal(missing.code, 1);
    assert.match(missing.output, /CODAT_COMPANY_ID/);

    const port = await freePort();
    const env = { CODAT_API_KEY: 'real-key', CODAT_COMPANY_ID: '6b0d2c44-f675-40ba-8049-353bfcb5e171' };
    const { child, output } = await start(['--port', String(port)], env, /Sign in as/);
    children.push(child);
    assert.match(output, /Forwarding to the real Codat API \(https:\/\/api\.codat\.io\)/);
    assert.doesNotMatch(output, /real-key/, 'the API key is not printed');
    assert.equal((await fetch(`http://localhost:${port}/emulator/integrations`)).status, 404);
  });
});
