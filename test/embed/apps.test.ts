// "Done when": partners' real apps, from the packed tarballs. The four packages are packed
// with `npm pack` and installed, with the frameworks at exact versions, into one workspace outside
// the repository (test/helpers/partner-apps.ts); the apps of test/embed/apps/ are built there with
// each framework's own production build and opened in Chromium against the real stack (emulator,
// token-issuing handler, demo sign-in):
// - plain HTML (the installed package's standalone module, copied beside the page), React (Vite),
//   Vue (Vite), Svelte 5 (Vite) and Angular 21 (ng build): served under the strict CSP of
//   test/helpers/embed.ts (`script-src 'self'; style-src 'self'`), each shows the company's rows,
//   receives `codat-ready` and, after linking through the popup, `codat-linked` in its own
//   handlers (framework bindings), and follows a change of `theme` made through its binding;
// - React in Vite's dev server, with `server.proxy` for /api written as partners write it (the
//   string shorthand, which rewrites Host): rows show, so the token and the operations pass
//   through the proxy. No CSP there: the dev server writes inline scripts (React Refresh's
//   preamble) and serves Lit's development build;
// - Next.js 16: `next build` without the secrets in its environment, then `next start`; a server
//   component page renders the React wrapper, the handler is an App Router route handler and, on
//   a second page, a Pages Router API route. Next.js's scripts are inline, so the pages run under
//   a per-request nonce (`script-src 'self' 'nonce-…' 'strict-dynamic'; style-src 'self'`, from
//   the app's proxy.ts); they show rows at 127.0.0.1 and at a second host name, send no
//   `codat-error` before hydration, and follow `?theme=dark` without remounting the element.
//   Linking through the popup comes back to the app's own return page (public/codat-return.html:
//   the emulator's return address is a path, on the origin of the page that opened the link, one
//   of the emulator's return origins), and `codat-linked` reaches the page.
// Each app is also type-checked by its framework's own checker against the typings the widget ships
// (tsc, vue-tsc, svelte-check, ng build with strictTemplates, next build), and once more with a
// wrong `theme` written in, which must fail. Last, each framework's snippet in
// packages/widget/README.md must be its app's component, verbatim, so the docs cannot drift.
// When npm cannot pack or install, the app tests are skipped with npm's message.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import semver from 'semver';
import { DEMO_COMPANY_ID } from '@codat-connections/emulator';
import { chromeArgs, findChrome } from '../../scripts/find-chrome.mjs';
import { linkThroughPopup, openPage, startEmbedServer, strictCsp, type EmbedPage, type EmbedServer } from '../helpers/embed.js';
import { root } from '../helpers/npm.js';
import { createPartnerWorkspace, filesUnder, frameworks, freePort, untilAnswering, type PartnerWorkspace, type Started } from '../helpers/partner-apps.js';

/**
 * A second host name for the Next.js app, mapped to loopback for Chromium. Under `.localhost`, so
 * that plain HTTP is a secure context where Chromium sends `Sec-Fetch-Site` (on HTTPS it always
 * does): Next.js gives the handler a `localhost` URL whatever host the browser used.
 */
const otherHost = 'portal.localhost';
/** The API key the demo app gives its emulator (demo/app.js). */
const emulatorApiKey = 'emulator-api-key';

let workspace: PartnerWorkspace | undefined;
let server: EmbedServer;
let browser: Browser;
/** Where `next start` listens: known before the stack starts, whose emulator sends the app's users back to it. */
let nextPort: number;

before(async () => {
  workspace = await createPartnerWorkspace();
  nextPort = await freePort();
  server = await startEmbedServer({ returnOrigins: [`http://127.0.0.1:${nextPort}`, `http://${otherHost}:${nextPort}`] });
  browser = await chromium.launch({ executablePath: findChrome(), headless: true, args: [...chromeArgs, `--host-resolver-rules=MAP ${otherHost} 127.0.0.1`] });
});

after(async () => {
  await browser?.close();
  await server?.close();
  workspace?.remove();
});

/** True when the test should stop: it is then marked skipped with npm's reason. */
function skipped(t: TestContext): boolean {
  if (workspace?.unavailable) t.skip(workspace.unavailable);
  return workspace?.unavailable !== undefined;
}

/** Runs a command of the workspace in an app's folder and fails with its output unless it exits with 0. */
async function succeeds(app: string, command: string, args: string[], env?: Record<string, string | undefined>): Promise<string> {
  const { code, output } = await workspace!.run(app, command, args, { env });
  assert.equal(code, 0, `${command} ${args.join(' ')} in ${app} exited with ${code}:\n${output}`);
  return output;
}

/** Serves the files of `folder` at `prefix` (`/react/`) on the stack's origin, its index.html at `prefix` itself (HTML under the strict CSP). */
function mountFolder(prefix: string, folder: string): void {
  for (const file of filesUnder(folder)) server.mount(`${prefix}${file}`, join(folder, file));
  if (filesUnder(folder).includes('index.html')) server.mount(prefix, join(folder, 'index.html'));
}

const element = (page: Page) => page.locator('codat-connections');
const rows = (page: Page) => page.locator('codat-connections [part~="item"]');

/** Waits until the element shows rows (else fails with the page's errors), and returns how many. */
async function shownRows(embed: EmbedPage): Promise<number> {
  const { page } = embed;
  await page.locator('codat-connections [part~="item"], codat-connections [part~="error"], codat-connections [part~="empty"]').first().waitFor();
  const count = await rows(page).count();
  assert.ok(count > 0, `${page.url()} shows no rows; the page saw:\n${embed.errors.join('\n')}`);
  return count;
}

/**
 * What every built app must do: show the company's rows, tell its own `codat-ready` handler how
 * many there are, pass a `theme` change through its binding, and hear `codat-linked` after a link.
 */
async function behavesAsAPartnerApp(embed: EmbedPage): Promise<void> {
  const { page } = embed;
  const logged: string[] = [];
  page.on('console', (message) => logged.push(message.text()));
  const count = await shownRows(embed);
  // The app's own codat-ready handler wrote the total it received.
  await page.locator('#count').waitFor();
  assert.equal(await page.locator('#count').innerText(), `${count} connections`);

  assert.equal(await element(page).getAttribute('theme'), 'light');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.waitForSelector('codat-connections[theme="dark"]');

  const platform = await linkThroughPopup(page);
  await waitForLogged(page, logged, `${platform} connected`);
  assert.deepEqual(embed.errors, []);
}

/** Waits until the app logs `text` (its `codat-linked` handler does). */
async function waitForLogged(page: Page, logged: string[], text: string): Promise<void> {
  if (logged.includes(text)) return;
  await page.waitForEvent('console', { predicate: (message) => message.text() === text });
}

/**
 * Type-checks an app as it is (must pass; `passed` when its build has just done so), then with
 * `wrong` replacing `right` in `file` (a `theme` the element does not take), which must fail
 * naming the value; the file is restored after.
 */
async function typeChecks(app: string, command: string, args: string[], file: string, right: string, wrong: string, passed = false): Promise<void> {
  if (!passed) await succeeds(app, command, args);
  const path = join(workspace!.folder, app, file);
  const source = readFileSync(path, 'utf8');
  assert.ok(source.includes(right), `${file} holds ${right}`);
  writeFileSync(path, source.replace(right, wrong));
  try {
    const { code, output } = await workspace!.run(app, command, args);
    assert.notEqual(code, 0, `${command} accepted ${wrong} in ${file}:\n${output}`);
    assert.match(output, /"purple"/, output);
  } finally {
    writeFileSync(path, source);
  }
}

/** Opens an app served at `/<app>/` on the stack's origin and checks it under the strict CSP. */
async function checkServedApp(app: string): Promise<void> {
  const embed = await openPage(browser, server.url);
  try {
    const response = await embed.page.goto(`/${app}/`);
    assert.equal(response?.headers()['content-security-policy'], strictCsp);
    await behavesAsAPartnerApp(embed);
  } finally {
    await embed.close();
  }
}

/** Builds an app with Vite, serves it and checks it in Chromium. */
async function checkViteBuild(app: string): Promise<void> {
  await succeeds(app, 'vite', ['build', '--base', `/${app}/`]);
  mountFolder(`/${app}/`, join(workspace!.folder, app, 'dist'));
  await checkServedApp(app);
}

describe('partner apps built from the packed tarballs', () => {
  it("the pinned frameworks' engines allow Node 20.19, the oldest Node the packages support", (t) => {
    if (skipped(t)) return;
    for (const [name, version] of Object.entries(frameworks)) {
      const installed = JSON.parse(readFileSync(join(workspace!.folder, 'node_modules', name, 'package.json'), 'utf8'));
      assert.equal(installed.version, version, name);
      const range = installed.engines?.node;
      if (range) assert.ok(semver.satisfies('20.19.0', range), `${name}@${version} asks for Node ${range}`);
    }
  });

  describe('plain HTML', () => {
    it("the installed package's standalone module: rows, events and a prop change, under the strict CSP", { timeout: 120_000 }, async (t) => {
      if (skipped(t)) return;
      // As a portal serves it: the module and its chunks/ folder copied from node_modules to its own origin.
      mountFolder('/html/widget/', join(workspace!.folder, 'node_modules/@codat-connections/widget/dist'));
      mountFolder('/html/', join(workspace!.folder, 'html'));
      await checkServedApp('html');
    });
  });

  describe('React 19 with Vite', () => {
    it('vite build: rows, events and a prop change through the wrapper, under the strict CSP', { timeout: 300_000 }, async (t) => {
      if (skipped(t)) return;
      await checkViteBuild('react');
    });

    it("Vite's dev server: the token and the operations pass through its /api proxy", { timeout: 300_000 }, async (t) => {
      if (skipped(t)) return;
      const port = await freePort();
      const dev = workspace!.start('react', 'vite', ['--host', '127.0.0.1', '--port', String(port), '--strictPort'], { API_ORIGIN: server.url });
      try {
        const origin = `http://127.0.0.1:${port}`;
        await untilAnswering(origin, dev);
        // Signed in on the stack's origin: cookies belong to the host, whatever the port.
        const embed = await openPage(browser, server.url);
        const operations: string[] = [];
        embed.page.on('response', (response) => {
          if (new URL(response.url()).pathname.startsWith('/api/codat/')) operations.push(`${response.status()} ${response.url()}`);
        });
        try {
          await embed.page.goto(`${origin}/`);
          await shownRows(embed);
          // Every call went to Vite's origin, none to the stack's directly.
          assert.ok(operations.length >= 2, operations.join('\n'));
          for (const operation of operations) assert.ok(operation.startsWith(`200 ${origin}/api/codat/`), operations.join('\n'));
          // In development, Vite resolves Lit's development build, which says so.
          assert.deepEqual(
            embed.errors.filter((error) => !error.startsWith('Lit is in dev mode.')),
            [],
          );
        } finally {
          await embed.close();
        }
      } finally {
        await dev.stop();
      }
    });

    it('tsc accepts the app and refuses a wrong prop type', { timeout: 300_000 }, async (t) => {
      if (skipped(t)) return;
      await typeChecks('react', 'tsc', ['-p', 'tsconfig.json'], 'src/Connections.tsx', 'theme={theme}', 'theme="purple"');
    });
  });

  describe('Vue 3 with Vite', () => {
    it('vite build: rows, events and a prop change through the template, under the strict CSP', { timeout: 300_000 }, async (t) => {
      if (skipped(t)) return;
      await checkViteBuild('vue');
    });

    it("vue-tsc accepts the app with the widget's GlobalComponents and refuses a wrong prop type", { timeout: 300_000 }, async (t) => {
      if (skipped(t)) return;
      await typeChecks('vue', 'vue-tsc', ['--noEmit', '-p', 'tsconfig.json'], 'src/Connections.vue', ':theme="theme"', 'theme="purple"');
    });
  });

  describe('Svelte 5 with Vite', () => {
    it('vite build: rows, events and a prop change through the markup, under the strict CSP', { timeout: 300_000 }, async (t) => {
      if (skipped(t)) return;
      await checkViteBuild('svelte');
    });

    it("svelte-check accepts the app with the widget's SvelteHTMLElements and refuses a wrong prop type", { timeout: 300_000 }, async (t) => {
      if (skipped(t)) return;
      await typeChecks(
        'svelte',
        'svelte-check',
        ['--tsconfig', './tsconfig.json', '--fail-on-warnings'],
        'src/Connections.svelte',
        '  {theme}',
        '  theme="purple"',
      );
    });
  });

  describe('Angular 21', () => {
    it('ng build (strictTemplates): rows, events and a prop change through the template, under the strict CSP', { timeout: 300_000 }, async (t) => {
      if (skipped(t)) return;
      await succeeds('angular', 'ng', ['build', '--base-href', '/angular/']);
      mountFolder('/angular/', join(workspace!.folder, 'angular/dist/browser'));
      await checkServedApp('angular');
    });

    it("ng build refuses a wrong theme in the template, typed by the widget's Angular typings", { timeout: 300_000 }, async (t) => {
      if (skipped(t)) return;
      await typeChecks(
        'angular',
        'ng',
        ['build', '--base-href', '/angular/'],
        'src/connections.component.ts',
        "theme.set('dark')",
        "theme.set('purple')",
        true,
      );
    });
  });

  describe('Next.js 16', () => {
    let next: Started | undefined;
    after(() => next?.stop());

    /** Opens a page of the Next.js app and checks rows, events, the CSP and a prop change there. */
    async function checkNextPage(origin: string, path: string): Promise<void> {
      const embed = await openPage(browser, server.url);
      try {
        const response = await embed.page.goto(`${origin}${path}`);
        const policy = response?.headers()['content-security-policy'] ?? '';
        assert.match(policy, /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'; style-src 'self';/);
        await shownRows(embed);
        // The server component renders the wrapper again with the new prop; the element stays.
        assert.equal(await element(embed.page).getAttribute('theme'), 'light');
        await element(embed.page).evaluate((node) => Object.assign(node, { mark: 'first' }));
        await embed.page.getByRole('link', { name: 'Dark theme' }).click();
        await embed.page.waitForSelector('codat-connections[theme="dark"]');
        assert.equal(await element(embed.page).evaluate((node) => (node as unknown as { mark?: string }).mark), 'first');
        assert.deepEqual(
          (await embed.events()).map((event) => event.type),
          ['codat-ready'],
        );
        assert.deepEqual(embed.errors, [], `${origin}${path}\n${next!.output()}`);
      } finally {
        await embed.close();
      }
    }

    it(
      'App Router: next build needs no secrets; next start shows rows at 127.0.0.1 and at a second host name, under a nonce CSP',
      { timeout: 600_000 },
      async (t) => {
        if (skipped(t)) return;
        // The build's environment holds none of the handler's settings.
        const unset = { CODAT_API_KEY: undefined, CONNECTIONS_TOKEN_SECRET: undefined, CODAT_UPSTREAM: undefined, CODAT_COMPANY_ID: undefined };
        await succeeds('next', 'next', ['build'], unset);
        next = workspace!.start('next', 'next', ['start', '--port', String(nextPort), '--hostname', '127.0.0.1'], {
          CODAT_API_KEY: emulatorApiKey,
          CONNECTIONS_TOKEN_SECRET: randomBytes(32).toString('base64url'),
          CODAT_UPSTREAM: `${server.url}/emulator`,
          CODAT_COMPANY_ID: DEMO_COMPANY_ID,
          CODAT_LOGO_ORIGIN: server.url,
        });
        await untilAnswering(`http://127.0.0.1:${nextPort}/`, next);
        for (const host of ['127.0.0.1', otherHost]) await checkNextPage(`http://${host}:${nextPort}`, '/');
      },
    );

    it("links through the popup: the link flow comes back to the app's own origin, and codat-linked reaches the page", { timeout: 120_000 }, async (t) => {
      if (skipped(t)) return;
      assert.ok(next, 'next start runs (previous test)');
      const origin = `http://${otherHost}:${nextPort}`;
      const embed = await openPage(browser, server.url);
      try {
        await embed.page.goto(`${origin}/`);
        await shownRows(embed);
        // The emulator's return address is a path: it follows the origin of the page that opened the link, this app's (a return origin).
        const returned = embed.page
          .context()
          .waitForEvent('request', { predicate: (request) => new URL(request.url()).pathname === '/codat-return.html', timeout: 60_000 });
        const platform = await linkThroughPopup(embed.page);
        assert.equal(new URL((await returned).url()).origin, origin);
        await embed.page.waitForFunction(
          (name) =>
            (window as unknown as { __codatEvents: Array<{ type: string; name?: string }> }).__codatEvents.some(
              (event) => event.type === 'codat-linked' && event.name === name,
            ),
          platform,
        );
        assert.deepEqual(embed.errors, [], next!.output());
      } finally {
        await embed.close();
      }
    });

    it('Pages Router: the handler as an API route serves the same page', { timeout: 120_000 }, async (t) => {
      if (skipped(t)) return;
      assert.ok(next, 'next start runs (previous test)');
      await checkNextPage(`http://${otherHost}:${nextPort}`, '/pages-router');
      await next.stop();
    });

    it('next build refuses a wrong prop type (its TypeScript step)', { timeout: 300_000 }, async (t) => {
      if (skipped(t)) return;
      await typeChecks('next', 'next', ['build'], 'app/page.tsx', "theme={theme === 'dark' ? 'dark' : 'light'}", 'theme="purple"', true);
    });
  });
});

/** The fenced blocks of packages/widget/README.md's "In frameworks" section, by language. */
function readmeSnippets(): string[] {
  const readme = readFileSync(join(root, 'packages/widget/README.md'), 'utf8');
  return [...readme.matchAll(/^```[a-z]+\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

describe("packages/widget/README.md's framework snippets are the apps' code", () => {
  const apps = [
    ['React', 'react/src/Connections.tsx'],
    ['Vue', 'vue/src/Connections.vue'],
    ['Svelte', 'svelte/src/Connections.svelte'],
    ['Angular', 'angular/src/connections.component.ts'],
    ['Next.js', 'next/app/page.tsx'],
  ] as const;
  for (const [framework, file] of apps) {
    it(`${framework}: test/embed/apps/${file} is a snippet, verbatim`, () => {
      const source = readFileSync(join(root, 'test/embed/apps', file), 'utf8');
      assert.ok(readmeSnippets().includes(source), `packages/widget/README.md has no code block equal to test/embed/apps/${file}`);
    });
  }
});
