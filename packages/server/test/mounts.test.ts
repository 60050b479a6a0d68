// The handler mounted in each framework a partner uses, as packages/server/README.md shows
// it. Every mount in packages/server/examples runs as its own process (Express with express.json()
// before it, Fastify, Hono, node:http, and the Next.js App Router and Pages Router routes served as
// Next serves them, see fixtures/next-like.ts) in front of the real emulator, over HTTP:
// - a browser's same-origin page reached through a proxy that rewrote Host (Vite's dev proxy, a
//   TLS-terminating proxy) gets a token whose baseUrl is the page's own origin;
// - the core client lists, links and unlinks through it, with bodies (past Express's parser);
// - another site's preflight is refused by the handler, not swallowed by the framework;
// - started without secrets (as `next build` imports routes), the mount loads, and a request says
//   the handler is not configured and the log names the option.
// The snippets in the README are the marked regions of those files, verbatim, and tsc checks them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { createConnectionsClient } from '@codat-connections/core';
import { freePort, listen, type Listening } from '../../../test/helpers/listen.js';
import { SECRET } from '../../../test/helpers/server-stack.js';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const API_KEY = 'mounts-api-key';
const nextLike = fileURLToPath(new URL('./fixtures/next-like.ts', import.meta.url));

/** Each mount: the command that serves it (run in `examples/`). */
const mounts: Array<[name: string, args: string[]]> = [
  ['Express (express.json() first)', ['express.ts']],
  ['Fastify', ['fastify.ts']],
  ['Hono', ['hono.ts']],
  ['node:http', ['node-http.ts']],
  ['Next.js App Router', [nextLike, 'app', './next-app/app/api/codat/[...path]/route.ts']],
  ['Next.js Pages Router', [nextLike, 'pages', './next-pages/pages/api/codat/[...path].ts']],
];

interface Running {
  url: string;
  output: () => string;
  stop: () => void;
}

/** Starts a mount with `env` and waits for it to listen. */
async function start(args: string[], env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: examples,
    env: { PATH: process.env.PATH, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not listen in 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', () => output.includes('listening on') && (clearTimeout(timer), resolve()));
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`))));
  });
  return { url: `http://127.0.0.1:${port}`, output: () => output, stop: () => child.kill() };
}

const tokenRequest = (headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'X-Requested-With': 'codat-connections', 'Content-Type': 'application/json', Cookie: 'session=alice', ...headers },
  body: '{}',
});

describe('the handler mounted in each framework, over HTTP', () => {
  for (const [name, args] of mounts) {
    describe(name, () => {
      // Each mount in front of a freshly seeded emulator of its own.
      let emulator: Listening;
      let companyId: string;
      let mount: Running;
      before(async () => {
        const { createEmulator, DEMO_COMPANY_ID } = await import('@codat-connections/emulator');
        companyId = DEMO_COMPANY_ID;
        const app = createEmulator({ apiKey: API_KEY });
        emulator = await listen((request) => app.fetch(request));
        mount = await start(args, { CODAT_API_KEY: API_KEY, CONNECTIONS_TOKEN_SECRET: SECRET, CODAT_UPSTREAM: emulator.url, EXAMPLE_COMPANY_ID: companyId });
      });
      after(async () => {
        mount?.stop();
        await emulator?.close();
      });

      it("answers a same-origin page behind a proxy that rewrote Host with the page's own origin as baseUrl", async () => {
        const page = 'https://portal.example.test';
        const response = await fetch(`${mount.url}/api/codat/token`, tokenRequest({ Origin: page, 'Sec-Fetch-Site': 'same-origin' }));
        assert.equal(response.status, 200, await response.clone().text());
        const grant = await response.json();
        assert.equal(grant.baseUrl, `${page}/api/codat`);
        assert.equal(grant.companyId, companyId);
      });

      it('lists, links and unlinks through it with the core client, as a same-origin page does', async () => {
        // What a browser adds to the page's requests: its cookie, and its word that they are same-origin.
        const browserFetch: typeof fetch = (input, init) => {
          const headers = new Headers(init?.headers);
          for (const [name, value] of Object.entries({ Cookie: 'session=alice', Origin: mount.url, 'Sec-Fetch-Site': 'same-origin' })) headers.set(name, value);
          return fetch(input, { ...init, headers });
        };
        const client = createConnectionsClient({ token: `${mount.url}/api/codat/token`, fetch: browserFetch, backoff: 1 });
        const before = await client.list();
        assert.ok(before.results.length > 0);
        const created = await client.create('gbol');
        assert.equal(created.status, 'PendingAuth');
        const linked = before.results.find((connection) => connection.status === 'Linked')!;
        const unlinked = await client.unlink(linked.id);
        assert.equal(unlinked.status, 'Unlinked');
        assert.ok((await client.list({ pageSize: 100 })).results.some((connection) => connection.id === created.id));
      });

      it("lets the handler refuse another site's preflight", async () => {
        const response = await fetch(`${mount.url}/api/codat/token`, {
          method: 'OPTIONS',
          headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
        });
        assert.equal(response.status, 403);
        assert.equal((await response.json()).service, 'codat-connections-server');
      });
    });
  }

  for (const [name, args] of mounts) {
    it(`${name}: starts without secrets, and a request says the handler is not configured and why`, async () => {
      const mount = await start(args, {});
      try {
        const response = await fetch(`${mount.url}/api/codat/token`, tokenRequest());
        assert.equal(response.status, 500);
        assert.equal((await response.json()).error, 'The connections handler is not configured: see the server log');
        assert.match(mount.output(), /codat-connections-server: could not create the handler: createConnectionsHandler: `apiKey` is required/);
      } finally {
        mount.stop();
      }
    });
  }
});

describe("the README's framework snippets", () => {
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
  const rootReadme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
  const files = (readdirSync(examples, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));

  const regions = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(join(examples, file), 'utf8');
    for (const [, name, body] of text.matchAll(/^\/\/ #region ([\w-]+)\n([\s\S]*?)^\/\/ #endregion \1$/gm)) regions.set(name!, body!);
  }

  it('are the marked regions of the examples, verbatim, in the server README and the quick start', () => {
    assert.deepEqual([...regions.keys()].sort(), ['express', 'fastify', 'handler', 'hono', 'next-app', 'next-pages', 'node-http']);
    for (const [name, body] of regions) {
      assert.ok(readme.includes(`\`\`\`ts\n${body}\`\`\``), `packages/server/README.md shows the region ${name} of examples/ as it is`);
    }
    for (const name of ['handler', 'express', 'next-app']) {
      assert.ok(
        rootReadme.includes(`\`\`\`ts\n${regions.get(name)}\`\`\``),
        `README.md's quick start shows the region ${name} of packages/server/examples/ as it is`,
      );
    }
  });

  it('type-check', () => {
    const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
    const result = spawnSync(process.execPath, [tsc, '-p', join(examples, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(result.status, 0, `${relative(process.cwd(), examples)}: ${result.stdout}${result.stderr}`);
  });
});
