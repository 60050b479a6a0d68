// The four packages work as npm delivers them. They are packed with `npm pack`, the
// tarballs are installed into a fresh folder outside the repository (their dependencies, lit,
// ofetch, hono, jose..., from npm's cache), and every entry of every exports map is imported there
// by Node. The widget's modules import in Node as they would for server-side rendering (Lit's
// `node` export condition brings its DOM shim). The standalone bundles (`./standalone.js`,
// `./standalone.iife.js`) are built for browsers (Lit's browser build touches `document` as it
// loads): for them the test checks that the specifier resolves to a shipped file, not that it runs.
// The installation is tried offline first, then with the registry as a fallback; when npm cannot
// install at all, the tests are skipped with npm's error.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npm, publishable, root } from './helpers/npm.js';

/** Entries built for browsers only: resolved in Node, not run. */
const browserOnly = new Set(['@codat-connections/widget/standalone.js', '@codat-connections/widget/standalone.iife.js']);

const folder = mkdtempSync(join(tmpdir(), 'codat-connections-packed-'));
const app = join(folder, 'app');
/** Why the tests cannot run, when npm could not pack or install. */
let unavailable: string | undefined;

/** Runs `script` as an ES module in the installed app (Node resolves the packages from its node_modules) and parses what it prints. */
function inApp(script: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '--eval', script], { cwd: app, timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

before(async () => {
  const packed = await npm(['pack', '--json', '--pack-destination', folder, ...publishable.flatMap((name) => ['--workspace', `packages/${name}`])], {
    timeout: 120_000,
  });
  if (packed.code !== 0) {
    unavailable = `npm pack failed: ${packed.stderr.trim()}`;
    return;
  }
  const tarballs = JSON.parse(packed.stdout) as Array<{ name: string; filename: string }>;
  const react = JSON.parse(readFileSync(join(root, 'packages/widget/package.json'), 'utf8')).peerDependencies.react as string;
  const redis = JSON.parse(readFileSync(join(root, 'packages/server/package.json'), 'utf8')).peerDependencies.redis as string;
  mkdirSync(app);
  const dependencies = Object.fromEntries(tarballs.map((tarball) => [tarball.name, `file:../${tarball.filename}`]));
  // The optional peers: React for the widget's `./react` entry, redis for the server's `./redis`.
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'packed-app', private: true, type: 'module', dependencies: { ...dependencies, react, redis } }),
  );
  const install = (mode: string) => npm(['install', '--no-audit', '--no-fund', '--no-package-lock', mode], { cwd: app, timeout: 120_000 });
  let installed = await install('--offline');
  if (installed.code !== 0) installed = await install('--prefer-offline');
  if (installed.code !== 0)
    unavailable = `npm could not install the packed tarballs offline nor from the registry: ${installed.stderr.trim().split('\n').slice(0, 3).join(' ')}`;
});

after(() => rmSync(folder, { recursive: true, force: true }));

/** True when the test should stop: it is then marked skipped with the reason. */
function skipped(t: TestContext): boolean {
  if (unavailable) t.skip(unavailable);
  return unavailable !== undefined;
}

describe('the packed packages, installed from their tarballs', () => {
  for (const name of publishable) {
    it(`every entry of @codat-connections/${name}'s exports map imports in Node`, { timeout: 60_000 }, async (t) => {
      if (skipped(t)) return;
      const pkg = JSON.parse(readFileSync(join(app, 'node_modules/@codat-connections', name, 'package.json'), 'utf8'));
      // `./vue`, `./svelte` and `./angular` hold only types: their declaration file must be shipped.
      const typesOnly = Object.entries(pkg.exports as Record<string, unknown>).filter(
        ([, target]) => typeof target === 'object' && target !== null && Object.keys(target).join() === 'types',
      );
      for (const [subpath, target] of typesOnly) {
        assert.ok(existsSync(join(app, 'node_modules/@codat-connections', name, (target as { types: string }).types)), `${subpath} types are shipped`);
      }
      const specifiers = Object.keys(pkg.exports)
        .filter((subpath) => !typesOnly.some(([typesSubpath]) => typesSubpath === subpath))
        .map((subpath) => pkg.name + subpath.slice(1));
      const script = `
        import { existsSync } from 'node:fs';
        import { fileURLToPath } from 'node:url';
        const results = {};
        for (const specifier of ${JSON.stringify(specifiers)}) {
          try {
            if (${JSON.stringify([...browserOnly])}.includes(specifier)) {
              results[specifier] = { resolved: existsSync(fileURLToPath(import.meta.resolve(specifier))) };
            } else if (specifier.endsWith('.json')) {
              results[specifier] = { json: typeof (await import(specifier, { with: { type: 'json' } })).default };
            } else {
              results[specifier] = { exports: Object.keys(await import(specifier)) };
            }
          } catch (error) {
            results[specifier] = { error: String(error) };
          }
        }
        results.registered = typeof customElements === 'object' && customElements.get('codat-connections') !== undefined;
        console.log(JSON.stringify(results));`;
      const results = (await inApp(script)) as Record<string, { resolved?: boolean; json?: string; exports?: string[]; error?: string }> & {
        registered: boolean;
      };
      for (const specifier of specifiers) {
        const result = results[specifier]!;
        assert.equal(result.error, undefined, `${specifier}: ${result.error}`);
        if (browserOnly.has(specifier)) assert.equal(result.resolved, true, `${specifier} resolves to a shipped file`);
        else if (specifier.endsWith('.json')) assert.equal(result.json, 'object', specifier);
        // `./jsx` holds only types; `./codat-connections.js` registers the element (checked below).
        else if (!specifier.endsWith('/jsx') && !specifier.endsWith('/codat-connections.js'))
          assert.ok(result.exports!.length > 0, `${specifier} exports something`);
      }
      if (name === 'widget') assert.equal(results.registered, true, 'importing the registration module defines <codat-connections>');
    });
  }

  it('the widget uses the installed core, not a copy of its own', async (t) => {
    if (skipped(t)) return;
    const script = `
      import { createRequire } from 'node:module';
      import { fileURLToPath } from 'node:url';
      const widget = createRequire(import.meta.resolve('@codat-connections/widget/package.json'));
      console.log(JSON.stringify([widget.resolve('@codat-connections/core/package.json'), fileURLToPath(import.meta.resolve('@codat-connections/core/package.json'))]));`;
    const [fromWidget, fromApp] = (await inApp(script)) as [string, string];
    assert.equal(fromWidget, fromApp);
  });

  it('the emulator command runs', async (t) => {
    if (skipped(t)) return;
    const output = await new Promise<string>((resolve, reject) =>
      execFile(join(app, 'node_modules/.bin/codat-emulator'), ['--help'], { cwd: app, timeout: 30_000 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
    assert.match(output, /^Usage: codat-emulator /);
  });
});
