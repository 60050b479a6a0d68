import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/embed.js';
import { listen, type Listening } from '../helpers/listen.js';

// The demo's /codat-return.html, where Codat's link flow ends, in Chromium: it tells the page that
// opened the popup which connection was linked, on its own origin only, and closes.
const emulatorBuilt = existsSync(new URL('../../packages/emulator/dist/index.js', import.meta.url));
const skip = emulatorBuilt ? false : 'packages/emulator is not built; run `npm run build` first';
const CONNECTION = '2e9d2c44-f675-40ba-8049-353bfcb5e171';
const COMPANY = '6b0d2c44-f675-40ba-8049-353bfcb5e171';

interface Seen {
  origin: string;
  data: unknown;
}

describe('demo /codat-return.html', { skip }, () => {
  let own: Listening;
  let other: Listening;
  let browser: Browser;
  before(async () => {
    const { createDemoApp } = await import('../../demo/app.js');
    const serve = async () => {
      let app: ReturnType<typeof createDemoApp>;
      const server = await listen((request) => app.fetch(request));
      app = createDemoApp({ origin: server.url });
      return server;
    };
    own = await serve();
    other = await serve();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await own?.close();
    await other?.close();
  });

  /**
   * Opens `url` in a popup from a page on the demo's own origin, waits for the popup to close,
   * and returns the messages the opener received.
   */
  async function fromPopup(url: string): Promise<Seen[]> {
    const page = await browser.newPage();
    try {
      await page.goto(`${own.url}/codat-return.html`);
      await page.evaluate(() => {
        const seen: Seen[] = [];
        Object.assign(window, { seen });
        window.addEventListener('message', ({ origin, data }) => seen.push({ origin, data }));
      });
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.evaluate((target) => void window.open(target, '_blank', 'popup'), url)]);
      if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 10_000 });
      // A message posted just before closing is delivered after it.
      await page.waitForTimeout(100);
      return await page.evaluate(() => (window as unknown as { seen: Seen[] }).seen);
    } finally {
      await page.close();
    }
  }

  it('posts {type: "codat-connections:linked", connectionId} to an opener on its own origin, then closes', async () => {
    const seen = await fromPopup(`${own.url}/codat-return.html?statusCode=200&connectionId=${CONNECTION}&companyId=${COMPANY}`);
    assert.deepEqual(seen, [{ origin: own.url, data: { type: 'codat-connections:linked', connectionId: CONNECTION } }]);
  });

  it('posts nothing to an opener on another origin, and still closes', async () => {
    const seen = await fromPopup(`${other.url}/codat-return.html?statusCode=200&connectionId=${CONNECTION}&companyId=${COMPANY}`);
    assert.deepEqual(seen, []);
  });

  it('without an opener, stays open and says how the flow ended', async () => {
    const page: Page = await browser.newPage();
    try {
      await page.goto(`${own.url}/codat-return.html?statusCode=200&connectionId=${CONNECTION}&companyId=${COMPANY}`);
      assert.equal(await page.locator('h1').innerText(), 'Connection authorized');
      await page.goto(`${own.url}/codat-return.html?statusCode=403&errorMessage=User%20cancelled&connectionId=${CONNECTION}&companyId=${COMPANY}`);
      assert.equal(await page.locator('h1').innerText(), 'The connection was not authorized');
      assert.equal(await page.locator('#message').innerText(), 'User cancelled');
      assert.equal(page.isClosed(), false);
    } finally {
      await page.close();
    }
  });
});
