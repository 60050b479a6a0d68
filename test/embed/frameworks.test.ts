// Issue 5, "proof that it embeds": a React 19 app (built here with esbuild) using the @lit/react
// wrapper, and a Vue 3 app (browser build, no bundler) using the element, in Chromium against the
// real stack.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, linkThroughPopup, openPage, startEmbedServer, type EmbedServer } from '../helpers/embed.js';

const logEntries = (page: Page) => page.locator('#log li').allInnerTexts();
const waitForLog = (page: Page, pattern: RegExp, count = 1) =>
  page.waitForFunction(
    ([source, flags, wanted]) =>
      [...document.querySelectorAll('#log li')].filter((item) => new RegExp(source as string, flags as string).test(item.textContent ?? '')).length >=
      (wanted as number),
    [pattern.source, pattern.flags, count] as const,
  );

describe('in frameworks', () => {
  let server: EmbedServer;
  let browser: Browser;
  let outdir: string;

  before(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'codat-embed-'));
    await build({
      entryPoints: [fileURLToPath(new URL('./react-app.tsx', import.meta.url))],
      outfile: join(outdir, 'react-app.js'),
      bundle: true,
      format: 'esm',
      target: 'es2021',
      jsx: 'automatic',
      minify: true,
      conditions: ['browser', 'production'],
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    server = await startEmbedServer();
    server.mount('/app/react-app.js', join(outdir, 'react-app.js'));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (outdir) await rm(outdir, { recursive: true, force: true });
  });

  describe('React 19 with @codat-connections/widget/react', () => {
    it('delivers the element\'s events to React handlers', async () => {
      const embed = await openPage(browser, server.url);
      try {
        await embed.page.goto('/pages/react.html');
        await waitForLog(embed.page, /^ready [1-9]/);
        const platform = await linkThroughPopup(embed.page);
        await waitForLog(embed.page, new RegExp(`^linked ${platform}$`));
        const entries = await logEntries(embed.page);
        assert.deepEqual(entries.slice(1), [`link-started ${platform}`, `linked ${platform}`]);
        assert.deepEqual(embed.errors, []);
      } finally {
        await embed.close();
      }
    });

    it('reloads when the companyId prop changes', async () => {
      const embed = await openPage(browser, server.url);
      const hints: unknown[] = [];
      embed.page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/api/codat/token')) hints.push(request.postDataJSON()?.companyId);
      });
      try {
        await embed.page.goto('/pages/react.html');
        await waitForLog(embed.page, /^ready/);
        await embed.page.click('#switch');
        await waitForLog(embed.page, /^ready/, 2);
        assert.deepEqual(hints, ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222']);
        assert.deepEqual(embed.errors, []);
      } finally {
        await embed.close();
      }
    });
  });

  describe('Vue 3 with isCustomElement and @codat-linked', () => {
    it('lists connections and hears codat-linked', async () => {
      const embed = await openPage(browser, server.url);
      try {
        await embed.page.goto('/pages/vue-no-csp.html');
        await waitForLog(embed.page, /^ready [1-9]/);
        const platform = await linkThroughPopup(embed.page);
        await waitForLog(embed.page, new RegExp(`^linked ${platform}$`));
        assert.deepEqual(embed.errors, []);
      } finally {
        await embed.close();
      }
    });
  });
});
