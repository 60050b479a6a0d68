// A session of the demo in each engine (Chromium, Firefox, WebKit): both demo pages signed in and
// loaded, then the pages a popup shows (Codat's link page, the dataholder's consent page) answered
// through to their return pages. Nothing the browser asks of the demo may fail (a 404 is logged in
// the console: the emulator's pages once made the browser ask for `/favicon.ico`), and, where the
// driver can hear the console (Chromium and Firefox through puppeteer), nothing may be logged as an
// error. WebDriver classic, which drives WebKit, cannot read the console: there the failed requests
// are what is checked.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import { freePort, listen, type Listening } from '../helpers/listen.js';
import { findEngine } from '../../scripts/find-engines.mjs';
import { chromeArgs } from '../../scripts/find-chrome.mjs';
import { startWebDriver } from '../../scripts/webdriver-server.mjs';

const built = existsSync(new URL('../../packages/widget/dist/codat-connections.js', import.meta.url));
const skip = built ? false : 'the packages are not built; run `npm run build` first';
const DEMO_COMPANY_ID = 'c0a10000-c0da-4e55-8000-000000000001';

/** What the test asks of a browser, whichever drives it. */
interface Driver {
  open(url: string): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
  /** Errors the console logged (empty where the driver cannot hear it). */
  consoleErrors: string[];
  close(): Promise<void>;
}

async function puppeteerDriver(engine: 'chromium' | 'firefox'): Promise<Driver> {
  const { executable } = findEngine(engine) as { executable: string };
  const browser =
    engine === 'chromium'
      ? await puppeteer.launch({ executablePath: executable, headless: true, args: chromeArgs })
      : await puppeteer.launch({ browser: 'firefox', executablePath: executable, headless: true });
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${String(error)} (${page.url()})`));
  return {
    consoleErrors,
    open: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    evaluate: (expression) => page.evaluate(expression) as never,
    close: () => browser.close(),
  };
}

async function webdriverDriver(): Promise<Driver> {
  const server = await startWebDriver(findEngine('webkit'), await freePort());
  const browser = await remote({ hostname: 'localhost', port: server.port, path: '/', logLevel: 'error', capabilities: server.capabilities });
  return {
    consoleErrors: [],
    open: (url) => browser.url(url) as Promise<never>,
    evaluate: (expression) => browser.execute(`return ${expression}`) as never,
    close: async () => {
      await browser.deleteSession();
      server.stop();
    },
  };
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

const readyLogged = "(document.getElementById('log')?.textContent ?? '').includes('codat-ready')";

describe('the demo in each engine logs no console error', { skip }, () => {
  let server: Listening;
  /**
   * Every request the demo answered with 400 or more, as `status method path`; not 499, the
   * handler's word for a request whose page went away first (a navigation while the event stream
   * opened): no browser receives it, so none logs it.
   */
  const failed: string[] = [];
  before(async () => {
    const { createDemoApp } = await import('../../demo/app.js');
    let app: { fetch(request: Request): Promise<Response> } | undefined;
    server = await listen(async (request) => {
      const response = await app!.fetch(request);
      if (response.status >= 400 && response.status !== 499) failed.push(`${response.status} ${request.method} ${new URL(request.url).pathname}`);
      return response;
    });
    app = createDemoApp({ origin: server.url });
  });
  after(() => server?.close());

  /** A Codat link URL and a dataholder consent URL, as the popup would open them. */
  async function popupPages(): Promise<{ linkUrl: string; consentUrl: string }> {
    const created = await fetch(`${server.url}/emulator/companies/${DEMO_COMPANY_ID}/connections`, {
      method: 'POST',
      headers: { Authorization: `Basic ${btoa('emulator-api-key')}`, 'Content-Type': 'application/json' },
      body: '{"platformKey":"gbol"}',
    });
    const { linkUrl } = await created.json();
    const signedIn = await fetch(`${server.url}/demo/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"user":"admin"}' });
    const cookie = signedIn.headers.get('Set-Cookie')!.split(';')[0]!;
    const grant = await fetch(`${server.url}/api/dataholder/token`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-Requested-With': 'codat-connections', 'Content-Type': 'application/json', Origin: server.url },
      body: '{}',
    });
    const { accessToken } = await grant.json();
    const consent = await fetch(`${server.url}/api/dataholder/consents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json', Origin: server.url },
      body: '{"dataholder":"westpac"}',
    });
    assert.equal(consent.status, 200, await consent.clone().text());
    return { linkUrl, consentUrl: (await consent.json()).url };
  }

  for (const engine of ['chromium', 'firefox', 'webkit'] as const) {
    it(`${engine}: both demo pages, the link page and the consent page, through to their return pages`, async () => {
      failed.length = 0;
      const driver = engine === 'webkit' ? await webdriverDriver() : await puppeteerDriver(engine);
      try {
        await driver.open(`${server.url}/`);
        await driver.evaluate(
          "fetch('/demo/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'admin' }) }).then((r) => r.status)",
        );
        await driver.open(`${server.url}/`);
        await waitFor(driver, readyLogged, 'the connections on /');
        await driver.open(`${server.url}/banks.html`);
        await waitFor(driver, readyLogged, 'the connections on /banks.html');

        const { linkUrl, consentUrl } = await popupPages();
        for (const [url, button] of [
          [linkUrl, 'authorize'],
          [consentUrl, 'approve'],
        ] as const) {
          await driver.open(url);
          await waitFor(driver, `document.readyState === 'complete'`, url);
          // Clicked after the evaluation returns: the click navigates away from the page evaluating it.
          await driver.evaluate(`void setTimeout(() => document.querySelector('button[value="${button}"]').click())`);
          await waitFor(driver, `!location.href.startsWith(${JSON.stringify(url)}) && document.readyState === 'complete'`, `the return page after ${button}`);
        }
        // The icon the pages name is asked for when the browser gets to it: read the pages again,
        // then wait for a page of the demo's own before looking.
        await driver.open(`${server.url}/`);
        await waitFor(driver, readyLogged, 'the connections on / again');
        assert.deepEqual(failed, [], 'requests the demo answered with an error');
        assert.deepEqual(driver.consoleErrors, [], 'errors in the console');
      } finally {
        await driver.close();
      }
    });
  }
});
