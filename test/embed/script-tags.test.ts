// "proof that it embeds": plain HTML pages with no build step, under a strict CSP, that
// load only the standalone module or the classic script, in Chromium against the real stack.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { definitions, launchBrowser, linkThroughPopup, openPage, startEmbedServer, type EmbedServer } from '../helpers/embed.js';

describe('the standalone files on a plain page', () => {
  let server: EmbedServer;
  let browser: Browser;

  before(async () => {
    server = await startEmbedServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [label, page] of [
    ['<script type="module"> with codat-connections.js', 'standalone-module.html'],
    ['a classic <script> with codat-connections.iife.js', 'standalone-iife.html'],
  ] as const) {
    it(`${label}: lists connections and links one through the emulator`, async () => {
      const embed = await openPage(browser, server.url);
      try {
        await embed.page.goto(`/pages/${page}`);
        const rows = embed.page.locator('codat-connections [part~="item"]');
        await rows.first().waitFor();
        const listed = await rows.count();
        assert.ok(listed > 0, 'the seeded connections are listed');

        const platform = await linkThroughPopup(embed.page);
        await embed.page.waitForFunction(() =>
          (window as unknown as { __codatEvents: Array<{ type: string }> }).__codatEvents.some((event) => event.type === 'codat-linked'),
        );
        const linked = (await embed.events()).find((event) => event.type === 'codat-linked');
        assert.equal(linked?.name, platform);
        assert.equal(linked?.status, 'Linked');
        await embed.page.waitForFunction(
          (count) => document.querySelector('codat-connections')!.shadowRoot!.querySelectorAll('[part~="item"]').length === count,
          listed + 1,
        );
        assert.deepEqual(embed.errors, []);
      } finally {
        await embed.close();
      }
    });
  }

  for (const [label, page, firstLoad] of [
    ['<script type="module"> with codat-connections.js', 'standalone-module.html', ['/dist/codat-connections.js']],
    ['a classic <script> with codat-connections.iife.js', 'standalone-iife.html', ['/dist/codat-connections.iife.js']],
  ] as const) {
    it(`${label}: a row's data types and the dialog load on first use, styled, under the strict CSP`, async () => {
      const embed = await openPage(browser, server.url);
      const scripts: string[] = [];
      embed.page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });
      try {
        await embed.page.goto(`/pages/${page}`);
        const details = embed.page.locator('codat-connections [part~="datasets"]').first();
        await details.waitFor();
        // Following changes (live) starts once the list is shown: its chunks may already be on their way.
        const following = ['/dist/chunks/live.js', '/dist/chunks/watch.js'];
        assert.deepEqual(
          scripts.filter((script) => !following.includes(script)),
          firstLoad,
        );
        await details.locator('summary').click();
        const name = details.locator('.dataset-name').first();
        await name.waitFor();
        assert.equal(await name.evaluate((element) => getComputedStyle(element).fontWeight), '600');
        await embed.page.locator('codat-connections [part~="unlink-button"]:not([hidden])').first().click();
        const dialog = embed.page.locator('codat-connections dialog[open]');
        await dialog.waitFor();
        assert.equal(await dialog.evaluate((element) => getComputedStyle(element).paddingTop), '20px');
        await dialog.locator('[part~="dialog-cancel"]').click();
        await dialog.waitFor({ state: 'detached' });
        // The module fetched each feature's chunk when first used; the classic script has them inlined.
        const later = page === 'standalone-module.html' ? ['/dist/chunks/dataset-details.js', '/dist/chunks/dialog.js', ...following] : [];
        for (const giveUp = Date.now() + 10_000; later.some((script) => !scripts.includes(script)) && Date.now() < giveUp;) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.deepEqual(scripts.slice(firstLoad.length).sort(), later);
        assert.deepEqual(embed.errors, []);
      } finally {
        await embed.close();
      }
    });
  }

  it('a feature whose chunk cannot be fetched leaves its row usable: a message with Retry, nothing busy, a codat-error', async () => {
    const embed = await openPage(browser, server.url);
    try {
      // The network drops the unlink feature's chunk (the first unlink would fetch it).
      await embed.page.route('**/dist/chunks/unlink-delete.js', (route) => route.abort());
      await embed.page.goto('/pages/standalone-module.html');
      const unlink = embed.page.locator('codat-connections [part~="unlink-button"]:not([hidden])').first();
      await unlink.waitFor();
      const id = await unlink.evaluate((button) => button.closest<HTMLElement>('[data-id]')!.dataset['id']);
      await unlink.click();
      await embed.page.locator('codat-connections dialog[open] [part~="dialog-confirm"]').click();
      const message = embed.page.locator(`codat-connections [data-id="${id}"] [part~="row-message"]`);
      await message.waitFor();
      assert.match(await message.innerText(), /could not be unlinked/i);
      assert.equal(await embed.page.locator(`codat-connections [data-id="${id}"] [part~="row-message-retry"]`).count(), 1);
      assert.equal(await embed.page.locator(`codat-connections [data-id="${id}"]`).getAttribute('aria-busy'), 'false');
      const errors = (await embed.events()).filter((event) => event.type === 'codat-error');
      assert.equal(errors.length, 1);
      // The failed chunk is the page's only error.
      assert.ok(
        embed.errors.every((line) => line.includes('unlink-delete.js')),
        embed.errors.join('; '),
      );
    } finally {
      await embed.close();
    }
  });

  it("the dataholder model: codat-connections-dataholder.js beside the element lists the user's bank connections and links one through the consent page", async () => {
    const embed = await openPage(browser, server.url, 'alice');
    const scripts: string[] = [];
    embed.page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    try {
      const reset = await embed.page.context().request.post('/dataholder-emulator/_emulator/reset', { data: {} });
      assert.ok(reset.ok(), `the dataholder emulator's reset answered ${reset.status()}`);
      await embed.page.goto('/pages/standalone-dataholder.html');
      const rows = embed.page.locator('codat-connections [part~="item"]');
      await rows.first().waitFor();
      const listed = await rows.count();
      assert.equal(listed, 6, "the demo user's seeded connections");
      assert.ok(await embed.page.locator('codat-connections [part~="name"]', { hasText: 'Commonwealth Bank' }).count());
      assert.equal(await embed.page.locator('codat-connections [part~="delete-button"]:not([hidden])').count(), 0, 'no Delete: the source cannot delete');
      await embed.page.locator('codat-connections [part~="link-button"]').click();
      const item = embed.page.locator('codat-connections [part~="picker-item"]:not(:has([part~="picker-item-status"]))').first();
      await item.waitFor();
      const [popup] = await Promise.all([embed.page.waitForEvent('popup'), item.click()]);
      await popup.getByRole('button', { name: 'Approve' }).click();
      await embed.page.waitForFunction(() =>
        (window as unknown as { __codatEvents: Array<{ type: string }> }).__codatEvents.some((event) => event.type === 'codat-linked'),
      );
      await rows.nth(listed).waitFor();
      assert.deepEqual(
        scripts.filter((path) => path.startsWith('/dist/') && !path.startsWith('/dist/chunks/')),
        ['/dist/codat-connections.js', '/dist/codat-connections-dataholder.js'],
      );
      assert.deepEqual(embed.errors, []);
    } finally {
      await embed.close();
    }
  });

  it('the classic script exposes window.CodatConnections with the core factory and the element class', async () => {
    const embed = await openPage(browser, server.url);
    try {
      await embed.page.goto('/pages/standalone-iife.html');
      const exposed = await embed.page.evaluate(() => {
        const api = (window as unknown as { CodatConnections: Record<string, unknown> }).CodatConnections;
        return {
          factory: typeof api.createConnectionsClient,
          error: typeof api.ConnectionsError,
          registered: customElements.get('codat-connections') === api.CodatConnections,
        };
      });
      assert.deepEqual(exposed, { factory: 'function', error: 'function', registered: true });
    } finally {
      await embed.close();
    }
  });

  it('the standalone module loads another language from its chunks on demand, under the strict CSP', async () => {
    const embed = await openPage(browser, server.url);
    const scripts: string[] = [];
    embed.page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    try {
      await embed.page.goto('/pages/standalone-fr.html');
      await embed.page.locator('codat-connections [part~="link-button"]', { hasText: 'Ajouter une connexion' }).waitFor();
      assert.equal(scripts[0], '/dist/codat-connections.js');
      assert.ok(
        scripts.some((path) => /^\/dist\/chunks\/fr\.js$/.test(path)),
        scripts.join(', '),
      );
      assert.deepEqual(embed.errors, []);
    } finally {
      await embed.close();
    }
  });

  for (const page of ['twice-module.html', 'twice-iife.html']) {
    it(`${page}: loading the script twice throws nothing and registers once`, async () => {
      const embed = await openPage(browser, server.url);
      try {
        await embed.page.goto(`/pages/${page}`);
        await embed.page.locator('codat-connections [part~="item"]').first().waitFor();
        assert.equal(await definitions(embed.page), 1);
        assert.deepEqual(
          (await embed.events()).map((event) => event.type),
          ['codat-ready'],
        );
        assert.deepEqual(embed.errors, []);
      } finally {
        await embed.close();
      }
    });
  }
});
