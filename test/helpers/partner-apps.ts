// For test/embed/apps.test.ts: a partner's workspace outside the repository, holding the apps of
// test/embed/apps/ (one folder each) and one node_modules with the four packed tarballs and the
// frameworks at exact versions, so nothing resolves from the repository's node_modules. Its
// commands (vite, ng, next, vue-tsc, svelte-check, tsc) run from that node_modules.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { npm, publishable, root } from './npm.js';

/**
 * The frameworks, pinned: stable releases whose `engines` allow Node 20.19 (checked with
 * `npm view <package>@<version> engines`).
 */
export const frameworks = {
  vite: '7.3.8',
  '@vitejs/plugin-react': '5.2.0',
  '@vitejs/plugin-vue': '6.0.11',
  '@sveltejs/vite-plugin-svelte': '6.2.3',
  react: '19.3.1',
  'react-dom': '19.3.1',
  '@types/react': '19.3.0',
  '@types/react-dom': '19.3.0',
  '@types/node': '20.19.8',
  vue: '3.5.45',
  'vue-tsc': '3.3.14',
  svelte: '5.57.3',
  'svelte-check': '4.7.8',
  '@angular/build': '21.2.27',
  '@angular/cli': '21.2.27',
  '@angular/common': '21.2.26',
  '@angular/compiler': '21.2.26',
  '@angular/compiler-cli': '21.2.26',
  '@angular/core': '21.2.26',
  '@angular/platform-browser': '21.2.26',
  rxjs: '7.8.2',
  tslib: '2.8.1',
  next: '16.4.6',
  typescript: '5.9.3',
};

export interface Run {
  code: number;
  /** stdout and stderr together, as a terminal shows them. */
  output: string;
}

export interface PartnerWorkspace {
  folder: string;
  /** Why the apps cannot be built, when npm could not pack or install. */
  unavailable?: string;
  /** Runs a command of the workspace's node_modules/.bin in one app's folder. */
  run(app: string, command: string, args: string[], options?: { env?: Record<string, string | undefined>; timeout?: number }): Promise<Run>;
  /** Starts a long-running command (a server) in one app's folder; `stop` ends it. */
  start(app: string, command: string, args: string[], env?: Record<string, string | undefined>): Started;
  remove(): void;
}

export interface Started {
  process: ChildProcess;
  /** What it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** The environment for the workspace's commands: no npm settings of a parent `npm test`, no colours, no telemetry. */
function commandEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  Object.assign(env, { FORCE_COLOR: '0', NO_COLOR: '1', NEXT_TELEMETRY_DISABLED: '1', NG_CLI_ANALYTICS: 'false', CI: '1' });
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * Packs the four packages, copies test/embed/apps/* into a fresh folder under the system's temp
 * folder and installs the tarballs and `frameworks` there with one `npm install`. When npm cannot
 * pack or install, `unavailable` says why (npm's own words) and nothing else is done.
 */
export async function createPartnerWorkspace(): Promise<PartnerWorkspace> {
  const folder = mkdtempSync(join(tmpdir(), 'codat-connections-apps-'));
  const workspace: PartnerWorkspace = {
    folder,
    run: (app, command, args, { env, timeout = 300_000 } = {}) =>
      new Promise((resolve) => {
        const child = spawn(join(folder, 'node_modules/.bin', command), args, { cwd: join(folder, app), env: commandEnv(env), timeout });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('close', (code, signal) => resolve({ code: code ?? 1, output: signal ? `${output}\n(ended by ${signal})` : output }));
      }),
    start: (app, command, args, env) => {
      const child = spawn(join(folder, 'node_modules/.bin', command), args, { cwd: join(folder, app), env: commandEnv(env) });
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
      return {
        process: child,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await closed;
        },
      };
    },
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };

  const packed = await npm(['pack', '--json', '--pack-destination', folder, ...publishable.flatMap((name) => ['--workspace', `packages/${name}`])], {
    timeout: 120_000,
  });
  if (packed.code !== 0) return { ...workspace, unavailable: `npm pack failed: ${packed.stderr.trim()}` };
  const tarballs = JSON.parse(packed.stdout) as Array<{ name: string; filename: string }>;
  const dependencies = { ...Object.fromEntries(tarballs.map((tarball) => [tarball.name, `file:./${tarball.filename}`])), ...frameworks };
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'partner-apps', private: true, type: 'module', dependencies }, null, 2));
  cpSync(join(root, 'test/embed/apps'), folder, { recursive: true });
  // A fresh machine (CI) downloads what npm's cache lacks.
  const installed = await npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: folder, timeout: 600_000 });
  if (installed.code !== 0) {
    const reason = installed.stderr.trim().split('\n').slice(0, 3).join(' ');
    return { ...workspace, unavailable: `npm could not install the packed tarballs and the frameworks: ${reason}` };
  }
  return workspace;
}

/** Every file under `folder`, as paths relative to it with `/` separators. */
export function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/** A free loopback port, for a server that must be told its port (vite, next start). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once `url` answers (any status), or rejects with the server's output when it exits first. */
export async function untilAnswering(url: string, started: Started): Promise<void> {
  for (;;) {
    if (started.process.exitCode !== null) throw new Error(`The server exited with ${started.process.exitCode} before answering ${url}:\n${started.output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
