// A session of the demo in each engine (Chromium, Firefox, WebKit), as a user has it: signed in, on
// each demo page (Codat's model on /, the dataholder model on /banks.html) a new connection linked
// through the popup the element opens (the platform picker, then Codat's link page or the
// dataholder's consent page answered in the popup, through to the return page that tells the page
// and closes), until the page's own log says `codat-linked`. Nothing the browser asks of the demo
// may fail (a 404 is logged in the console: the emulator's pages once made the browser ask for
// `/favicon.ico`), and, where the driver can hear the console (Chromium and Firefox through
// puppeteer, the popups' included), nothing may be logged as an error. WebDriver classic, which
// drives WebKit, cannot read the console: there the failed requests are what is checked.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import puppeteer, { type Page } from 'puppeteer-core';
import { remote } from 'webdriverio';
import { freePort, listen, type Listening } from '../helpers/listen.js';
import { findEngine } from '../../scripts/find-engines.mjs';
import { chromeArgs } from '../../scripts/find-chrome.mjs';
import { startWebDriver } from '../../scripts/webdriver-server.mjs';

const built = existsSync(new URL('../../packages/widget/dist/codat-connections.js', import.meta.url));
const skip = built ? false : 'the packages are not built; run `npm run build` first';

/** What the test asks of a browser, whichever drives it. */
interface Driver {
  open(url: string): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
  /** Clicks as the user does (a trusted click, so the element may open a popup) the first match of `selector` inside the element. */
  clickInElement(selector: string): Promise<void>;
  /**
   * Clicks `selector` inside the element, which opens a popup; there, once `button` shows and
   * `shown` has resolved, clicks it, and returns when the popup has closed itself (its return page
   * does).
   */
  answerPopup(selector: string, button: string, shown: () => Promise<void>): Promise<void>;
  /** Errors the console logged, the popups' included (empty where the driver cannot hear it). */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** Selects, through the element's shadow roots, what a selector names inside the element. */
const inElement = (selector: string) => `codat-connections >>> ${selector}`;

async function puppeteerDriver(engine: 'chromium' | 'firefox'): Promise<Driver> {
  const { executable } = findEngine(engine) as { executable: string };
  const browser =
    engine === 'chromium'
      ? await puppeteer.launch({ executablePath: executable, headless: true, args: chromeArgs })
      : await puppeteer.launch({ browser: 'firefox', executablePath: executable, headless: true });
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  const listen = (target: Page) => {
    target.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${target.url()})`);
    });
    target.on('pageerror', (error) => consoleErrors.push(`${String(error)} (${target.url()})`));
  };
  listen(page);
  /** Waits until `selector` shows in `target`, then clicks it. */
  const click = async (target: Page, selector: string) => {
    const found = await target.waitForSelector(selector, { visible: true, timeout: 20_000 });
    await found!.click();
  };
  return {
    consoleErrors,
    open: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    evaluate: (expression) => page.evaluate(expression) as never,
    clickInElement: (selector) => click(page, inElement(selector)),
    async answerPopup(selector, button, shown) {
      const opened = new Promise<Page | null>((resolve) => page.once('popup', resolve));
      await click(page, inElement(selector));
      const popup = await opened;
      assert.ok(popup, 'the element opened a popup');
      listen(popup);
      const closed = new Promise<void>((resolve) => popup.once('close', () => resolve()));
      await popup.waitForSelector(`button[value="${button}"]`, { visible: true, timeout: 20_000 });
      await shown();
      await click(popup, `button[value="${button}"]`);
      await closed;
    },
    close: () => browser.close(),
  };
}

async function webdriverDriver(): Promise<Driver> {
  const server = await startWebDriver(findEngine('webkit'), await freePort());
  const browser = await remote({ hostname: 'localhost', port: server.port, path: '/', logLevel: 'error', capabilities: server.capabilities });
  const main = await browser.getWindowHandle();
  /** Waits until the browser has `count` windows, and answers their handles. */
  const windows = async (count: number): Promise<string[]> => {
    let handles: string[] = [];
    await browser.waitUntil(async () => (handles = await browser.getWindowHandles()).length === count, { timeout: 20_000, timeoutMsg: `${count} windows` });
    return handles;
  };
  /** Waits until `selector` can be clicked, then clicks it. */
  const clickable = async (selector: string) => {
    const found = browser.$(selector);
    await found.waitForClickable({ timeout: 20_000 });
    await found.click();
  };
  return {
    consoleErrors: [],
    open: (url) => browser.url(url) as Promise<never>,
    evaluate: (expression) => browser.execute(`return ${expression}`) as never,
    clickInElement: (selector) => clickable(`>>>${selector}`),
    async answerPopup(selector, button, shown) {
      await clickable(`>>>${selector}`);
      const popup = (await windows(2)).find((handle) => handle !== main)!;
      await browser.switchToWindow(popup);
      try {
        const answer = browser.$(`button[value="${button}"]`);
        await answer.waitForClickable({ timeout: 20_000 });
        await shown();
        await answer.click();
        await windows(1);
      } finally {
        await browser.switchToWindow(main);
      }
    },
    close: async () => {
      await browser.deleteSession();
      server.stop();
    },
  };
}

/** Polls `condition` until it is true. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls `expression` in the page until it is true: the test waits for a state. */
async function waitFor(driver: Driver, expression: string, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  // A page navigating away answers no evaluation: that is a state not reached yet.
  while (!(await driver.evaluate<boolean>(expression).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** True once the demo page's event log holds an event of `type`. */
const logged = (type: string) => `(document.getElementById('log')?.textContent ?? '').includes(${JSON.stringify(type)})`;

describe('the demo in each engine logs no console error', { skip }, () => {
  let server: Listening;
  /**
   * Every request the demo answered with 400 or more, as `status method path`; not 499, the
   * handler's word for a request whose page went away first (a navigation while the event stream
   * opened): no browser receives it, so none logs it.
   */
  const failed: string[] = [];
  /** The path of every request the demo answered, in order. */
  const asked: string[] = [];
  // Each engine's session starts from the seed, on a demo of its own: each links platforms the user has no connection of yet.
  beforeEach(async () => {
    const { createDemoApp } = await import('../../demo/app.js');
    let app: { fetch(request: Request): Promise<Response> } | undefined;
    failed.length = 0;
    asked.length = 0;
    server = await listen(async (request) => {
      asked.push(new URL(request.url).pathname);
      const response = await app!.fetch(request);
      if (response.status >= 400 && response.status !== 499) failed.push(`${response.status} ${request.method} ${new URL(request.url).pathname}`);
      return response;
    });
    app = createDemoApp({ origin: server.url });
  });
  afterEach(() => server?.close());

  /**
   * Links a new connection as the user does: Link, the first platform the user has no connection
   * of, then `button` (Authorize on Codat's link page, Approve on the dataholder's consent page) in
   * the popup, whose return page closes it. The button is pressed once the browser has asked for
   * the popup page's icon (the one it names, else `/favicon.ico`): a user reads the page first, and
   * a popup closed before then would never show the request this test looks for.
   */
  async function linkThroughPopup(driver: Driver, button: 'authorize' | 'approve'): Promise<void> {
    await driver.clickInElement('[part~="link-button"]');
    const from = asked.length;
    const iconAsked = () => asked.slice(from).some((path) => path === '/favicon.ico' || path.endsWith('/icon.svg'));
    await driver.answerPopup('[part~="picker-item"]:not(:disabled):not(:has([part~="picker-item-status"]))', button, () =>
      until(iconAsked, "the browser to ask for the popup page's icon (a page that names none leaves it to ask for /favicon.ico, or not at all)"),
    );
  }

  for (const engine of ['chromium', 'firefox', 'webkit'] as const) {
    it(`${engine}: both demo pages, each linking through the popup (the link page, the consent page) to codat-linked`, async () => {
      const driver = engine === 'webkit' ? await webdriverDriver() : await puppeteerDriver(engine);
      try {
        await driver.open(`${server.url}/`);
        await driver.evaluate(
          "fetch('/demo/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'admin' }) }).then((r) => r.status)",
        );
        await driver.open(`${server.url}/`);
        await waitFor(driver, logged('codat-ready'), 'the connections on /');
        await linkThroughPopup(driver, 'authorize');
        await waitFor(driver, logged('codat-linked'), 'codat-linked on /');

        await driver.open(`${server.url}/banks.html`);
        await waitFor(driver, logged('codat-ready'), 'the connections on /banks.html');
        await linkThroughPopup(driver, 'approve');
        await waitFor(driver, logged('codat-linked'), 'codat-linked on /banks.html');

        // What the last pages still ask for (the return page's icon) is answered before looking:
        // a page of the demo's own is read again first.
        await driver.open(`${server.url}/`);
        await waitFor(driver, logged('codat-ready'), 'the connections on / again');
        assert.deepEqual(failed, [], 'requests the demo answered with an error');
        assert.deepEqual(driver.consoleErrors, [], 'errors in the console');
      } finally {
        await driver.close();
      }
    });
  }
});
