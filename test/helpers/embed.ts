// For the embed tests (test/embed/): the real stack (emulator, token-issuing handler, demo sign-in)
// on one origin over HTTP, beside the built standalone files, the embed pages and the apps built
// for them, and a Chromium driven by playwright-core.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromeArgs, findChrome } from '../../scripts/find-chrome.mjs';
import { createStack } from './stack.mjs';
import { listen, type Listening } from './listen.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
};
/** The strict policy: no inline script or style, no eval. */
export const strictCsp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";
const stackPrefixes = ['/emulator', '/dataholder-emulator', '/api/', '/demo/', '/codat-return.html'];

export interface EmbedServer extends Listening {
  /** Serves `path` (e.g. `/app/react-app.js`) from a file, for apps built by a test. */
  mount(path: string, file: string): void;
}

/**
 * URL paths served: `/dist/…` (packages/widget/dist), `/pages/…` (test/embed/pages, every page
 * under the strict CSP), and what `mount` adds. `returnOrigins`: the origins of partner apps served
 * elsewhere whose users the emulator's link flow sends back to their own origin.
 */
export async function startEmbedServer(options: { returnOrigins?: string[] } = {}): Promise<EmbedServer> {
  const mounts = new Map<string, string>();
  const folders: Array<[string, string]> = [
    ['/dist/', join(root, 'packages/widget/dist/')],
    ['/pages/', join(root, 'test/embed/pages/')],
  ];
  let stack: Awaited<ReturnType<typeof createStack>>;
  const server = await listen(async (request) => {
    const { pathname } = new URL(request.url);
    if (stackPrefixes.some((prefix) => pathname.startsWith(prefix))) {
      if (!stack) return new Response('The stack is not built', { status: 503 });
      return stack.fetch(request);
    }
    const file = mounts.get(pathname) ?? fileIn(folders, pathname);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const headers: Record<string, string> = { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' };
      if (file.endsWith('.html')) headers['Content-Security-Policy'] = strictCsp;
      return new Response(await readFile(file), { headers });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
  stack = await createStack({ origin: server.url, returnOrigins: options.returnOrigins });
  if (!stack) {
    await server.close();
    throw new Error('The stack (demo app, server, emulator) is not built: run `npm run build` first');
  }
  return { ...server, mount: (path, file) => void mounts.set(path, file) };
}

/** The file a URL path names inside one of the folders, never outside them. */
function fileIn(folders: Array<[string, string]>, pathname: string): string | undefined {
  for (const [prefix, folder] of folders) {
    if (!pathname.startsWith(prefix)) continue;
    const file = normalize(join(folder, decodeURIComponent(pathname.slice(prefix.length))));
    if (file.startsWith(folder) && !file.endsWith(sep)) return file;
  }
  return undefined;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChrome(), headless: true, args: chromeArgs });
}

export interface EmbedPage {
  page: Page;
  /** Uncaught errors, console errors and warnings, and failed responses seen on the page. */
  errors: string[];
  /** `codat-*` events seen at the document, in order: `{type, detail}` (JSON-safe parts). */
  events(): Promise<Array<{ type: string; name?: string; status?: string }>>;
  close(): Promise<void>;
}

/**
 * A fresh page (own cookies) signed in as a demo user, with the emulator reset. The test observes
 * `codat-*` events and `customElements.define` calls from a script the browser injects before
 * the page's own (so it needs no inline script under the strict CSP).
 */
export async function openPage(browser: Browser, origin: string, user: 'alice' | 'admin' = 'admin'): Promise<EmbedPage> {
  const context = await browser.newContext({ baseURL: origin });
  const reset = await context.request.post('/emulator/_emulator/reset', { data: {} });
  if (!reset.ok()) throw new Error(`Emulator reset answered ${reset.status()}`);
  const signIn = await context.request.post('/demo/session', { data: { user } });
  if (!signIn.ok()) throw new Error(`Sign-in answered ${signIn.status()}`);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Failed loads are reported below with their URL.
    if (message.text().startsWith('Failed to load resource')) return;
    if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  await page.addInitScript(() => {
    const seen: Array<{ type: string; name?: string; status?: string }> = [];
    const defined: string[] = [];
    Object.assign(window, { __codatEvents: seen, __defined: defined });
    const define = customElements.define;
    customElements.define = function (name, ...rest) {
      defined.push(name);
      return define.call(this, name, ...rest);
    };
    const types = ['ready', 'link-started', 'linked', 'link-cancelled', 'before-unlink', 'before-delete', 'unlinked', 'deleted', 'error'];
    for (const type of types) {
      document.addEventListener(`codat-${type}`, (event) => {
        const connection = (event as CustomEvent<{ connection?: { name: string; status: string } }>).detail?.connection;
        seen.push({ type: event.type, name: connection?.name, status: connection?.status });
      });
    }
  });
  return {
    page,
    errors,
    events: () => page.evaluate(() => (window as unknown as { __codatEvents: Array<{ type: string }> }).__codatEvents),
    close: () => context.close(),
  };
}

/**
 * Links a new connection from the element's platform picker: clicks the first platform the company
 * has no connection of (picking one it has continues that connection), then Authorize on the
 * emulator's link page in the popup. Returns the platform's name.
 */
export async function linkThroughPopup(page: Page, host = 'codat-connections'): Promise<string> {
  await page.locator(`${host} [part~="link-button"]`).click();
  const item = page.locator(`${host} [part~="picker-item"]:not(:has([part~="picker-item-status"]))`).first();
  await item.waitFor();
  const platform = (await item.locator('.name').innerText()).trim();
  const [popup] = await Promise.all([page.waitForEvent('popup'), item.click()]);
  await popup.getByRole('button', { name: /authori[sz]e/i }).click();
  return platform;
}

/** The number of `define` calls for a tag seen by the injected script. */
export function definitions(page: Page, tag = 'codat-connections'): Promise<number> {
  return page.evaluate((name) => (window as unknown as { __defined: string[] }).__defined.filter((entry) => entry === name).length, tag);
}
