// Issue 5, "proof that it embeds": a React 19 app using the @lit/react wrapper, and a Vue 3 app on
// Vue's runtime-only build using the element (its template compiled here with @vue/compiler-sfc),
// both bundled here with esbuild and served under the strict CSP, in Chromium against the real stack.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { compileScript, parse } from 'vue/compiler-sfc';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, linkThroughPopup, openPage, startEmbedServer, strictCsp, type EmbedServer } from '../helpers/embed.js';

const logEntries = (page: Page) => page.locator('#log li').allInnerTexts();
const waitForLog = (page: Page, pattern: RegExp, count = 1) =>
  page.waitForFunction(
    ([source, flags, wanted]) =>
      [...document.querySelectorAll('#log li')].filter((item) => new RegExp(source as string, flags as string).test(item.textContent ?? '')).length >=
      (wanted as number),
    [pattern.source, pattern.flags, count] as const,
  );

const compilerOptions = { isCustomElement: (tag: string) => tag.startsWith('codat-') };
/** What the plugin below compiled, by file. */
const compiledVue = new Map<string, string>();

/**
 * Compiles `.vue` files as Vite's Vue plugin does for production: the template becomes a render
 * function inside the component, and `codat-` tags are left to the browser as custom elements.
 */
const vueSingleFileComponents: Plugin = {
  name: 'vue-sfc',
  setup(build) {
    build.onLoad({ filter: /\.vue$/ }, async ({ path }) => {
      // The template is parsed here already, so the parser must know the custom elements too.
      const { descriptor, errors } = parse(await readFile(path, 'utf8'), { filename: path, templateParseOptions: compilerOptions });
      if (errors.length) return { errors: errors.map((error) => ({ text: String(error) })) };
      const script = compileScript(descriptor, { id: 'vue-app', inlineTemplate: true, templateOptions: { compilerOptions } });
      compiledVue.set(path, script.content);
      return { contents: script.content, loader: 'js' };
    });
  },
};

/** Bundles one app for the browser as a production build would, and returns what went in. */
async function bundle(entry: string, outfile: string): Promise<Metafile> {
  const { metafile } = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2021',
    jsx: 'automatic',
    minify: true,
    metafile: true,
    conditions: ['browser', 'production'],
    define: {
      'process.env.NODE_ENV': '"production"',
      // Vue's flags for bundlers, as Vite sets them.
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    plugins: [vueSingleFileComponents],
    logLevel: 'silent',
  });
  return metafile;
}

describe('in frameworks', () => {
  let server: EmbedServer;
  let browser: Browser;
  let outdir: string;
  let vueInputs: string[];

  before(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'codat-embed-'));
    await bundle('./react-app.tsx', join(outdir, 'react-app.js'));
    vueInputs = Object.keys((await bundle('./vue-app.ts', join(outdir, 'vue-app.js'))).inputs);
    server = await startEmbedServer();
    server.mount('/app/react-app.js', join(outdir, 'react-app.js'));
    server.mount('/app/vue-app.js', join(outdir, 'vue-app.js'));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (outdir) await rm(outdir, { recursive: true, force: true });
  });

  it('the Vue app is built on the runtime-only build, without the template compiler', () => {
    assert.ok(
      vueInputs.some((input) => input.endsWith('node_modules/vue/dist/vue.runtime.esm-bundler.js')),
      vueInputs.join('\n'),
    );
    assert.deepEqual(
      vueInputs.filter((input) => /@vue[\\/]compiler-/.test(input)),
      [],
    );
  });

  it('the Vue template renders <codat-connections> as an element, not a component to resolve', () => {
    const [code] = [...compiledVue.values()];
    assert.match(code ?? '', /createElementVNode\("codat-connections"/);
    assert.doesNotMatch(code ?? '', /resolveComponent/);
  });

  for (const [label, page] of [
    ['React 19 with @codat-connections/widget/react', 'react.html'],
    ['Vue 3 (runtime build) with isCustomElement, :company-id and @codat-linked', 'vue.html'],
  ] as const) {
    describe(label, () => {
      it("delivers the element's events to the app's handlers, under the strict CSP", async () => {
        const embed = await openPage(browser, server.url);
        try {
          const response = await embed.page.goto(`/pages/${page}`);
          assert.equal(response?.headers()['content-security-policy'], strictCsp);
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

      it('reloads when the bound company changes', async () => {
        const embed = await openPage(browser, server.url);
        const hints: unknown[] = [];
        embed.page.on('request', (request) => {
          if (request.method() === 'POST' && request.url().endsWith('/api/codat/token')) hints.push(request.postDataJSON()?.companyId);
        });
        try {
          await embed.page.goto(`/pages/${page}`);
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
  }
});
