#!/usr/bin/env node
// Soak: the standalone <codat-connections> in headless Chromium against the real stack (demo app:
// emulator, token-issuing handler, sign-in, link return page) for CYCLES cycles of list, link a
// new platform through the popup, unlink, delete and refresh data, then reconnect, with injected
// failures and random latency. Checkpoints compare the rendered rows with the emulator's own list.
// `node bench/soak.mjs` or `node bench/run.mjs soak` runs just this section. Most of a cycle is its
// two link popups; unlink, delete and refresh data run during the link's. 500 cycles took 442 s on
// a quiet 2-core machine (523 s with CI alongside).
//   BENCH_SOAK_CYCLES       cycles (default 500)
//   BENCH_SOAK_LATENCY      most random latency added to each API request, in ms (default 30)
//   BENCH_SOAK_CHECKPOINT   cycles between checkpoints (default 50)
//   BENCH_SOAK_RESET        cycles between emulator resets, which keep the data bounded (default 8: a cycle links a platform the company has no connection of, and 10 of the 18 enabled ones are free after the seed)
//
// What is injected, on the Codat API only (the browser's /api/codat/* requests and the handler's
// calls to the emulator behind them), never on the token route, the sign-in or the link page:
// - the emulator's `failureRate: 0.05`, a 500 for every 20th API request after faults were set
//   (set again after each reset and checkpoint);
// - a uniformly random delay of 0 to BENCH_SOAK_LATENCY ms before each /api/codat/* request other
//   than the token, added by this bench's server (the emulator's own `latency` is one fixed value).
// The page.evaluate callbacks and the init script run in Chromium.
/* global window, document */
import { chromium } from 'playwright-core';
import { DEMO_COMPANY_ID } from '@codat-connections/emulator';
import { WEBHOOK_EVENT_TYPES } from '@codat-connections/server';
import { chromeArgs, findChrome } from '../scripts/find-chrome.mjs';
import { listen } from './_listen.mjs';
import { recordTimers } from '../test/helpers/timers.mjs';

const CYCLES = Number(process.env.BENCH_SOAK_CYCLES ?? 500);
const LATENCY = Number(process.env.BENCH_SOAK_LATENCY ?? 30);
const CHECKPOINT = Number(process.env.BENCH_SOAK_CHECKPOINT ?? 50);
const RESET = Number(process.env.BENCH_SOAK_RESET ?? 8);
const FAULTS = { failureRate: 0.05 };
/** How long one action may take before the soak counts it as stuck and moves on. */
const ACTION_TIMEOUT = 10_000;
const API_KEY = 'emulator-api-key';
/** Codat's statuses as the element names them (packages/widget/src/codat/normalize.ts). */
const states = { Linked: 'linked', PendingAuth: 'pending', Unlinked: 'disconnected', Deauthorized: 'expired' };

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Soak</title>
    <link rel="icon" href="data:,">
    <script type="module" src="/modules/codat-connections.js"></script>
  </head>
  <body>
    <codat-connections token-url="/api/codat/token" actions="link reconnect unlink delete refresh"></codat-connections>
  </body>
</html>`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Gives the soak a few helpers over the element's shadow DOM, and the live timers' count from
 * recordTimers (test/helpers/timers.mjs), which an init script before this one started.
 */
function instrument() {
  const root = () => document.querySelector('codat-connections')?.shadowRoot;
  window.__soak = {
    timers: () => window.__timers.pending(),
    busy: () => Boolean(root()?.querySelector('[aria-busy="true"]')),
    busyText: () => [...(root()?.querySelectorAll('[aria-busy="true"]') ?? [])].map((element) => element.textContent.trim().slice(0, 160)).join(' | '),
    rows: () =>
      [...(root()?.querySelectorAll('[part~="item"][data-id]') ?? [])].map((row) => ({
        id: row.dataset.id,
        name: row.querySelector('[part~="name"]')?.textContent ?? '',
        state: /status-(\S+)/.exec(row.querySelector('[part~="status"]')?.getAttribute('part') ?? '')?.[1],
      })),
    messages: () => root()?.querySelectorAll('[part~="row-message"], [part~="notice"]').length ?? 0,
    dismissAll: () =>
      root()
        ?.querySelectorAll('[part~="row-message-dismiss"], [part~="notice-dismiss"]')
        .forEach((button) => button.click()),
    /** Clicks a random idle row's visible button for `part`, on a row not in `avoid`; returns the row id. */
    press: (part, avoid = []) => {
      const rows = `[part~="item"][data-id]:not([aria-busy="true"]) [part~="${part}"]:not([hidden])`;
      const buttons = [...(root()?.querySelectorAll(rows) ?? [])].filter((button) => !avoid.includes(button.closest('[part~="item"][data-id]').dataset.id));
      if (buttons.length === 0) return undefined;
      const button = buttons[Math.floor(Math.random() * buttons.length)];
      button.click();
      return button.closest('[part~="item"][data-id]').dataset.id;
    },
    dialogOpen: () => Boolean(root()?.querySelector('dialog[open]')),
    /**
     * Presses the open dialog's confirm button, and resolves once the dialog's `close` event (which
     * carries the answer to the element, after the element's own listener) was dispatched. A click
     * on another row's Unlink or Delete before it would ask a new question: the element answers
     * the open one "no", and the late `close` event then answers the new one.
     */
    confirm: () => {
      const dialog = root().querySelector('dialog[open]');
      const closed = new Promise((resolve) => dialog.addEventListener('close', () => resolve(true), { once: true }));
      dialog.querySelector('[part~="dialog-confirm"]').click();
      return closed;
    },
  };
}

export default async function benchSoak() {
  const { createDemoApp } = await import('../demo/app.js');
  let app;
  const server = await listen(async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/soak.html') return new Response(page, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    if (pathname.startsWith('/api/codat/') && pathname !== '/api/codat/token') await sleep(Math.random() * LATENCY);
    return app.fetch(request);
  });
  // Pulls settle at once, so that a refresh of data ends at its first read.
  app = createDemoApp({ origin: server.url, emulator: { faults: true, pullDuration: 0 } });
  const emulator = app.emulator;
  const basic = { Authorization: `Basic ${btoa(API_KEY)}` };
  const emulatorList = async () => {
    const response = await app.fetch(new Request(`${server.url}/emulator/companies/${DEMO_COMPANY_ID}/connections?page=1&pageSize=5000`, { headers: basic }));
    if (!response.ok) throw new Error(`emulator list: ${response.status}`);
    return (await response.json()).results;
  };
  /**
   * A reset forgets the emulator's webhook consumers: the handler's receiver is registered again, as
   * the demo registers it at start, so that live updates run through every cycle, not only until
   * the first reset.
   */
  const registerReceiver = async () => {
    const response = await app.fetch(
      new Request(`${server.url}/emulator/webhooks`, {
        method: 'POST',
        headers: { ...basic, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: `${server.url}/api/codat/webhooks`, eventTypes: WEBHOOK_EVENT_TYPES }),
      }),
    );
    if (!response.ok) throw new Error(`webhook consumer: ${response.status}`);
  };
  /** Webhook deliveries the receiver took (2xx) since the last reset, which clears the emulator's record of them. */
  const deliveriesTaken = async () => {
    const response = await app.fetch(new Request(`${server.url}/emulator/_emulator/webhooks/attempts`, { headers: basic }));
    const { results } = await response.json();
    return results.filter(({ status }) => typeof status === 'number' && status >= 200 && status < 300).length;
  };
  let delivered = 0;
  const integrations = async () => {
    const response = await app.fetch(new Request(`${server.url}/emulator/integrations?page=1&pageSize=5000`, { headers: basic }));
    return (await response.json()).results.filter((integration) => integration.enabled).map((integration) => integration.key);
  };

  const browser = await chromium.launch({ executablePath: findChrome(), headless: true, args: chromeArgs });
  const started = performance.now();
  try {
    const context = await browser.newContext({ baseURL: server.url });
    const signIn = await context.request.post('/demo/session', { data: { user: 'admin' } });
    if (!signIn.ok()) throw new Error(`sign-in: ${signIn.status()}`);
    const tab = await context.newPage();
    // Before any script of the page runs: the timer recorder from its source, then the helpers.
    await tab.addInitScript(`window.__timers = (${recordTimers})();`);
    await tab.addInitScript(instrument);

    let cycle = 0;
    let action = '';
    const uncaught = [];
    const consoleErrors = [];
    /** Connections the soak's resets removed: the emulator tells no one, so the page learns it by reading them (404). */
    const removedByReset = new Set();
    let injected = 0;
    const watch = (target, where) => {
      target.on('pageerror', (error) => uncaught.push(`cycle ${cycle} ${action} (${where}): ${error.message}`));
      target.on('console', (message) => {
        if (message.type() !== 'error') return;
        // Chromium logs each failed response; the injected ones are counted from the responses below.
        if (message.text().startsWith('Failed to load resource: the server responded with a status of 500')) return;
        // The emulator's link page has no favicon; the browser asks for one anyway.
        if (message.location().url.endsWith('/favicon.ico')) return;
        // A connection removed by a reset answers 404 when the page reads it again: the truth, not a fault.
        if (message.text().includes('status of 404') && removedByReset.has(new URL(message.location().url).pathname.split('/').pop())) return;
        // The resource, for a failed load: Chromium's text does not name it.
        consoleErrors.push(`cycle ${cycle} ${action} (${where}): ${message.text()}${message.location().url ? ` (${message.location().url})` : ''}`);
      });
    };
    watch(tab, 'page');
    // Every link popup: the user authorizes (unless the element closes the popup first, its request failed).
    context.on('page', (popup) => {
      if (popup === tab) return;
      watch(popup, 'popup');
      popup
        .locator('button[value="authorize"]')
        .click({ timeout: ACTION_TIMEOUT })
        .catch(() => {});
    });
    tab.on('response', (response) => {
      if (response.status() === 500 && new URL(response.url()).pathname.startsWith('/api/codat/')) injected += 1;
    });

    await tab.goto('/soak.html');
    // A boolean, not the row: a handle returned to Node would keep the element from being collected.
    await tab.waitForFunction(() => Boolean(document.querySelector('codat-connections')?.shadowRoot?.querySelector('[part~="item"][data-id]')));
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    const heapUsed = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((metric) => metric.name === 'JSHeapUsedSize').value;
    };
    const heapStart = await heapUsed();
    const keys = await integrations();

    const settle = () => tab.waitForFunction(() => !window.__soak.busy(), undefined, { timeout: ACTION_TIMEOUT, polling: 20 });
    const stuck = [];
    /** Waits for the element to settle; an action still busy after ACTION_TIMEOUT is counted and left. */
    const settled = async () => {
      try {
        await settle();
      } catch {
        const busy = await tab.evaluate(() => window.__soak.busyText());
        stuck.push(`cycle ${cycle} ${action}: ${busy}`);
      }
    };
    const counts = { attempted: 0, failed: 0 };
    /** Actions not started for want of a row (or platform) to act on, by action and why. */
    const skipped = {};
    const skip = (kind, why) => {
      const key = `${kind} (${why})`;
      skipped[key] = (skipped[key] ?? 0) + 1;
      return 0;
    };
    /**
     * Runs actions on different rows at once (a list refresh aborts row actions, so it runs alone).
     * Each of `performs` starts one or more and resolves with how many it started (none when there
     * was nothing to act on). An action failed when the element shows a row message or a notice
     * once everything settled.
     */
    const run = async (name, ...performs) => {
      action = name;
      await tab.evaluate(() => window.__soak.dismissAll());
      const ran = (await Promise.all(performs.map((perform) => perform()))).reduce((sum, started) => sum + started, 0);
      counts.attempted += ran;
      await settled();
      counts.failed += Math.min(ran, await tab.evaluate(() => window.__soak.messages()));
    };
    const link = async () => {
      const present = new Set(await tab.evaluate(() => document.querySelector('codat-connections').connections.map((row) => row.platformKey)));
      const key = keys.find((candidate) => !present.has(candidate));
      if (!key) return skip('link', 'every enabled platform has a row');
      await tab.evaluate((platform) => void document.querySelector('codat-connections').link(platform), key);
      return 1;
    };
    /**
     * Reconnects a pending, unlinked or deauthorized row. There is one by design: the row this
     * cycle unlinked (`unlinked`), which the group's delete and refresh data leave alone. When there
     * is none, the skip says what state that row is in (still linked: its unlink failed).
     */
    const reconnect = async (unlinked) => {
      const id = await tab.evaluate(() => window.__soak.press('reconnect-button'));
      if (id !== undefined) return 1;
      if (unlinked === undefined) return skip('reconnect', 'no row was unlinked this cycle');
      const state = await tab.evaluate((rowId) => window.__soak.rows().find((row) => row.id === rowId)?.state, unlinked);
      return skip('reconnect', `the row unlinked this cycle is ${state ?? 'gone'}${state === 'linked' ? ': its unlink failed' : ''}`);
    };
    /**
     * Unlinks or deletes a row, and confirms in the dialog; `avoid` holds the ids of rows other
     * actions of the group took. Resolves with the row's id, or undefined when none could be taken.
     */
    const confirmed = async (part, avoid) => {
      const id = await tab.evaluate(([name, taken]) => window.__soak.press(name, taken), [part, avoid]);
      if (id === undefined) {
        skip(part.replace('-button', ''), part === 'unlink-button' ? 'no idle linked row' : 'no idle row');
        return undefined;
      }
      avoid.push(id);
      try {
        await tab.waitForFunction(() => window.__soak.dialogOpen(), undefined, { timeout: ACTION_TIMEOUT, polling: 20 });
        await tab.evaluate(() => window.__soak.confirm());
      } catch {
        stuck.push(`cycle ${cycle} ${part}: no dialog to confirm`);
      }
      return id;
    };
    const refreshData = async (avoid) => {
      const id = await tab.evaluate((taken) => window.__soak.press('refresh-data-button', taken), avoid);
      if (id === undefined) skip('refresh data', 'no idle linked row');
      else avoid.push(id);
    };

    const mismatches = [];
    const checkpoint = async () => {
      action = 'checkpoint';
      await settled();
      emulator.setFaults({});
      await tab.evaluate(() => document.querySelector('codat-connections').refresh());
      await settled();
      const rendered = await tab.evaluate(() => window.__soak.rows());
      const truth = await emulatorList();
      const shown = new Map(rendered.map((row) => [row.id, row]));
      for (const connection of truth) {
        const row = shown.get(connection.id);
        const state = states[connection.status];
        if (!row) mismatches.push(`cycle ${cycle}: ${connection.platformName} ${connection.id} (${connection.status}) not rendered`);
        else if (row.state !== state) mismatches.push(`cycle ${cycle}: ${row.name} ${row.id} rendered ${row.state}, emulator ${connection.status}`);
        shown.delete(connection.id);
      }
      for (const row of shown.values()) mismatches.push(`cycle ${cycle}: ${row.name} ${row.id} (${row.state}) rendered, not in the emulator`);
      emulator.setFaults(FAULTS);
    };

    emulator.setFaults(FAULTS);
    for (cycle = 1; cycle <= CYCLES; cycle += 1) {
      await run('list', async () => (await tab.evaluate(() => document.querySelector('codat-connections').refresh()), 1));
      // Each row action takes its row before the next picks another (one dialog at a time). The link
      // is of a platform without a row; Reconnect waits for it, since Chromium blocks a second popup
      // opened at once without a click, and for the unlink, whose row it can always take.
      const taken = [];
      let unlinked;
      await run('link, unlink, delete, refresh data', link, async () => {
        unlinked = await confirmed('unlink-button', taken);
        await confirmed('delete-button', taken);
        await refreshData(taken);
        return taken.length;
      });
      await run('reconnect', () => reconnect(unlinked));
      if (cycle % CHECKPOINT === 0 || cycle === CYCLES) await checkpoint();
      if (cycle % RESET === 0 && cycle < CYCLES) {
        action = 'reset';
        await settled();
        emulator.setFaults({});
        // The page may read a connection the reset removes before this code can tell which it removed:
        // each one there before is taken as removed until the list after the reset shows it.
        for (const connection of await emulatorList()) removedByReset.add(connection.id);
        delivered += await deliveriesTaken();
        emulator.reset();
        await registerReceiver();
        const after = new Set((await emulatorList()).map((connection) => connection.id));
        for (const id of after) removedByReset.delete(id);
        emulator.setFaults(FAULTS);
      }
    }
    const ran = cycle - 1;
    const deliveredSinceReset = await deliveriesTaken();
    delivered += deliveredSinceReset;

    const heapEnd = await heapUsed();
    action = 'removal';
    await tab.evaluate(() => {
      const element = document.querySelector('codat-connections');
      window.__soakElement = new WeakRef(element);
      element.remove();
    });
    // Timers still due from the last actions may end by themselves; give them a second.
    let timers = await tab.evaluate(() => window.__soak.timers());
    for (let waited = 0; timers > 0 && waited < 1000; waited += 50) {
      await sleep(50);
      timers = await tab.evaluate(() => window.__soak.timers());
    }
    await heapUsed();
    await heapUsed();
    const collected = await tab.evaluate(() => window.__soakElement.deref() === undefined);
    const elapsed = (performance.now() - started) / 1000;

    const detail = (list) => (list.length ? ` (${list.slice(0, 3).join('; ')}${list.length > 3 ? '; …' : ''})` : '');
    return [
      { name: 'cycles run (list, link, reconnect, unlink, delete, refresh data)', value: ran, unit: 'cycles', target: CYCLES, better: 'higher' },
      { name: 'webhook deliveries the receiver took (the live updates of the page), all cycles', value: delivered, unit: 'deliveries' },
      {
        name: 'webhook deliveries the receiver took after the last emulator reset',
        value: deliveredSinceReset,
        unit: 'deliveries',
        target: 1,
        better: 'higher',
      },
      {
        name: `actions attempted · failed (row message or notice) · injected 500s (failureRate 0.05, latency 0–${LATENCY} ms)`,
        value: `${counts.attempted} · ${counts.failed} · ${injected}`,
        unit: '',
      },
      {
        name: 'actions skipped (nothing to act on), by action and why',
        value:
          Object.entries(skipped)
            .map(([kind, times]) => `${kind} ${times}`)
            .join(' · ') || 'none',
        unit: '',
      },
      {
        name: `actions still busy (or without a dialog to confirm) after ${ACTION_TIMEOUT} ms${detail(stuck)}`,
        value: stuck.length,
        unit: 'actions',
        target: 0,
      },
      { name: `uncaught page errors${detail(uncaught)}`, value: uncaught.length, unit: 'errors', target: 0 },
      { name: `console errors not from injected failures${detail(consoleErrors)}`, value: consoleErrors.length, unit: 'errors', target: 0 },
      { name: `checkpoint mismatches, every ${CHECKPOINT} cycles${detail(mismatches)}`, value: mismatches.length, unit: 'rows', target: 0 },
      {
        name: `JS heap growth after GC (${(heapStart / 1e6).toFixed(1)} → ${(heapEnd / 1e6).toFixed(1)} MB)`,
        value: (heapEnd - heapStart) / 1e6,
        unit: 'MB',
      },
      { name: 'timers left a second after removing the element', value: timers, unit: 'timers', target: 0 },
      { name: 'element collected after removal and GC', value: collected ? 'yes' : 'no', unit: '' },
      { name: 'total time', value: elapsed, unit: 's' },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchSoak())
    console.log(`${row.name}: ${typeof row.value === 'number' ? Math.round(row.value * 100) / 100 : row.value}${row.unit ? ` ${row.unit}` : ''}`);
}
