#!/usr/bin/env node
// Figures for <codat-connections> in headless Chromium: time to the first rendered row through
// the token handler and the emulator (and how many sequential round trips it took), render time
// for 1,000 connections, time to update one row of 1,000 after an unlink (and how many rows
// changed), and over mount/unmount cycles that each ask the confirmation dialog (loaded on first
// use): heap growth after 200, the heap each mount keeps once V8 has compiled the element's code,
// elements still alive and timers left. `node bench/widget.mjs` prints them alone.
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromeArgs, findChrome } from '../scripts/find-chrome.mjs';
import { createDemoApp } from '../demo/app.js';

const ROWS = 1000;
/** Mounts of 1,000 rows whose median render time is reported. */
const RENDER_RUNS = 7;
const CYCLES = 200;
/** Further mounts before the heap each mount keeps is read (see the cycles), and the mounts it is read over. */
const WARM_UP = 600;
const KEPT = 400;

/** The element as a browser module: production Lit, everything bundled, minified. */
async function bundle() {
  const result = await build({
    stdin: { contents: "export * from '@codat-connections/widget/codat-connections.js';", resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2021',
    conditions: ['browser', 'production'],
    write: false,
  });
  return result.outputFiles[0].text;
}

/**
 * How many <codat-connections> the page's heap still holds, after a full collection (DevTools'
 * queryObjects). Unlike the heap's size, which also holds the engine's compiled code (it grows with
 * the first thousands of cycles, whatever the element keeps, and stops), this counts what a leak
 * would keep: the elements themselves.
 */
async function liveElements(tab) {
  const devtools = await tab.context().newCDPSession(tab);
  try {
    await devtools.send('HeapProfiler.collectGarbage');
    const { result: prototype } = await devtools.send('Runtime.evaluate', { expression: "customElements.get('codat-connections').prototype" });
    const { objects } = await devtools.send('Runtime.queryObjects', { prototypeObjectId: prototype.objectId });
    const { result } = await devtools.send('Runtime.callFunctionOn', {
      objectId: objects.objectId,
      functionDeclaration: 'function () { return this.length; }',
      returnByValue: true,
    });
    return result.value;
  } finally {
    await devtools.detach();
  }
}

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script type="module" src="/bench/widget.js"></script></head><body></body></html>`;

export default async function benchWidget() {
  const script = await bundle();
  let app;
  const server = createServer(
    getRequestListener((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/bench/') return new Response(page, { headers: { 'Content-Type': 'text/html' } });
      if (pathname === '/bench/widget.js') return new Response(script, { headers: { 'Content-Type': 'text/javascript' } });
      return app.fetch(request);
    }),
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${server.address().port}`;
  app = createDemoApp({ origin });
  const browser = await chromium.launch({ executablePath: findChrome(), args: [...chromeArgs, '--js-flags=--expose-gc', '--enable-precise-memory-info'] });
  try {
    const tab = await browser.newPage();
    await tab.goto(`${origin}/bench/`);
    await tab.waitForFunction(() => customElements.get('codat-connections'));
    await tab.evaluate(() => fetch('/demo/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"user":"admin"}' }));

    const firstRow = await tab.evaluate(async () => {
      performance.clearResourceTimings();
      const started = performance.now();
      const el = document.createElement('codat-connections');
      el.setAttribute('token-url', '/api/codat/token');
      const shown = new Promise((resolve) => el.addEventListener('codat-ready', resolve, { once: true }));
      document.body.append(el);
      await shown;
      await el.updateComplete;
      if (!el.shadowRoot.querySelector('[part~="item"]')) throw new Error('no row rendered');
      const elapsed = performance.now() - started;
      // Round trips before the list answered: each request that started only after the previous
      // one's response ended adds one.
      const entries = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/codat/'));
      const list = entries.find((entry) => /\/connections(\?|$)/.test(entry.name));
      const depth = (entry) => 1 + Math.max(0, ...entries.filter((before) => before.responseEnd <= entry.startTime).map(depth));
      const trips = list ? depth(list) : 0;
      el.remove();
      return { elapsed, trips };
    });

    const rendering = await tab.evaluate(
      async ({ rows, runs }) => {
        const connection = (index) => ({
          id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
          integrationId: 'bf083d72-62c7-493e-aec9-81b4dbba7e2c',
          integrationKey: 'gbol',
          sourceId: 'bench',
          sourceType: 'Accounting',
          platformName: `Platform ${index}`,
          linkUrl: 'https://link.codat.io/bench',
          status: 'Linked',
          lastSync: new Date(Date.now() - index * 60_000).toISOString(),
          created: new Date(Date.now() - index * 3_600_000).toISOString(),
        });
        const all = Array.from({ length: rows }, (_, index) => connection(index));
        const client = {
          companyId: 'bench',
          list: async () => ({ results: all, pageNumber: 1, pageSize: rows, totalResults: rows, _links: { self: {}, current: {} } }),
          integrations: async () => [],
          unlink: async (id) => ({ ...all.find((row) => row.id === id), status: 'Unlinked' }),
        };
        // Time spent in the element's updates (render and DOM commit), not in the fake client or
        // layout; the median of a few mounts, as one sample on a shared machine says little.
        let lastUpdate = 0;
        const mount = async () => {
          // The garbage of the previous mount is collected first: its collection is not this render's cost.
          window.gc?.();
          await new Promise((resolve) => setTimeout(resolve, 50));
          const el = document.createElement('codat-connections');
          el.setAttribute('page-size', String(rows));
          el.setAttribute('no-confirm', '');
          document.body.append(el);
          await el.updateComplete;
          let updating = 0;
          const update = el.update;
          el.update = function (changed) {
            const started = performance.now();
            update.call(this, changed);
            lastUpdate = performance.now() - started;
            updating += lastUpdate;
          };
          const ready = new Promise((resolve) => el.addEventListener('codat-ready', resolve, { once: true }));
          el.client = client;
          await ready;
          // A long list renders in chunks, a task apart: the render is every chunk's update.
          const deadline = performance.now() + 30_000;
          while (el.shadowRoot.querySelectorAll('[part~="item"]').length < rows) {
            if (performance.now() > deadline) throw new Error('rows missing');
            await new Promise((resolve) => setTimeout(resolve));
            await el.updateComplete;
          }
          return { el, updating };
        };
        const samples = [];
        for (let run = 0; run < runs - 1; run++) {
          const { el, updating } = await mount();
          samples.push(updating);
          el.remove();
        }
        const { el, updating } = await mount();
        samples.push(updating);
        samples.sort((a, b) => a - b);
        const render = samples[samples.length >> 1];
        const target = el.shadowRoot.querySelectorAll('[part~="item"]')[rows >> 1];
        const changed = new Set();
        const observer = new MutationObserver((records) => {
          for (const record of records) {
            const node = record.target instanceof Element ? record.target : record.target.parentElement;
            const row = node?.closest('[part~="item"]');
            if (row) changed.add(row);
          }
        });
        observer.observe(el.shadowRoot, { subtree: true, childList: true, attributes: true, characterData: true });
        const unlinked = new Promise((resolve) => el.addEventListener('codat-unlinked', resolve, { once: true }));
        target.querySelector('[part~="unlink-button"]').click();
        // The pending state renders first; the event fires as the updated row is handed over.
        await unlinked;
        await el.updateComplete;
        const rowUpdate = lastUpdate;
        observer.disconnect();
        el.remove();
        return { render, update: rowUpdate, rowsChanged: changed.size };
      },
      { rows: ROWS, runs: RENDER_RUNS },
    );

    // The cycles run in a page of their own: the heap the sections above leave behind (1,000 rows
    // rendered seven times) shrinks on its own schedule and would read as the cycles' own.
    const cyclesTab = await browser.newPage();
    await cyclesTab.goto(`${origin}/bench/`);
    await cyclesTab.waitForFunction(() => customElements.get('codat-connections'));
    const cycles = await cyclesTab.evaluate(
      async ({ count, warmUp, kept }) => {
        const live = new Set();
        const { setTimeout: set, clearTimeout: clear } = window;
        window.setTimeout = (handler, delay, ...rest) => {
          const id = set(() => {
            live.delete(id);
            handler(...rest);
          }, delay);
          live.add(id);
          return id;
        };
        window.clearTimeout = (id) => {
          live.delete(id);
          clear(id);
        };
        const now = new Date().toISOString();
        const linked = {
          id: '00000000-0000-4000-8000-000000000001',
          integrationId: 'bf083d72-62c7-493e-aec9-81b4dbba7e2c',
          integrationKey: 'gbol',
          sourceId: 'bench',
          sourceType: 'Accounting',
          platformName: 'Xero',
          linkUrl: 'https://link.codat.io/bench',
          status: 'Linked',
          lastSync: now,
          created: now,
        };
        const client = {
          companyId: 'bench',
          list: async () => ({ results: [linked], pageNumber: 1, pageSize: 50, totalResults: 1, _links: { self: {}, current: {} } }),
          integrations: async () => [],
        };
        const until = async (predicate) => {
          while (!predicate()) await new Promise((resolve) => set(resolve));
        };
        // Each mount shows a row and asks the confirmation dialog, a chunk loaded on the first
        // question, then cancels it: what a mount keeps with the lazy dialog in use.
        const cycle = async () => {
          const el = document.createElement('codat-connections');
          el.client = client;
          const ready = new Promise((resolve) => el.addEventListener('codat-ready', resolve, { once: true }));
          document.body.append(el);
          await ready;
          await el.updateComplete;
          el.shadowRoot.querySelector('[part~="unlink-button"]').click();
          await until(() => el.shadowRoot.querySelector('dialog[open]'));
          el.shadowRoot.querySelector('[part~="dialog-cancel"]').click();
          await until(() => !el.shadowRoot.querySelector('dialog[open]'));
          await el.updateComplete;
          el.remove();
        };
        // Measured alike each time: once the last element's tasks have run, so that it is garbage, the
        // least of eight collections a task apart. One collection does not free a removed element's
        // DOM: its wrappers go in a later one (V8's and Blink's heaps release each other's objects in
        // turns); and a round that did not shrink the heap may come before one that does.
        const heap = async () => {
          let least = Infinity;
          for (let round = 0; round < 8; round += 1) {
            await new Promise((resolve) => set(resolve, 50));
            globalThis.gc();
            least = Math.min(least, performance.memory.usedJSHeapSize);
          }
          return least;
        };
        const run = async (times) => {
          for (let index = 0; index < times; index += 1) await cycle();
        };
        await run(20);
        const before = await heap();
        await run(count);
        const after = await heap();
        // Over the first several hundred mounts the heap grows by the code V8 compiles for the
        // element as it gets hot (100 to 600 B a mount, 1 to 3 B with its optimizing compilers
        // off), whatever the element keeps; it stops by about the 600th. Only after that does the
        // heap a mount keeps show: a leak keeps it on every further mount.
        await run(warmUp);
        const settled = await heap();
        await run(kept);
        const further = await heap();
        return { growth: (after - before) / 1024, perMount: (further - settled) / kept, timers: live.size };
      },
      { count: CYCLES, warmUp: WARM_UP, kept: KEPT },
    );

    return [
      { name: 'time to first row (server + emulator)', value: firstRow.elapsed, unit: 'ms' },
      { name: 'sequential round trips to first row', value: firstRow.trips, unit: '', target: 2 },
      // No target of its own: how long rendering takes is judged beside a plain-DOM element showing
      // the same rows, by the render section (`bench/render.mjs`, within 1.3x).
      { name: `render ${ROWS} connections: time in the element's updates`, value: rendering.render, unit: 'ms' },
      { name: `update one row of ${ROWS} after unlink`, value: rendering.update, unit: 'ms', target: 5 },
      { name: 'rows re-rendered by that update', value: rendering.rowsChanged, unit: '', target: 1 },
      { name: `heap growth after ${CYCLES} mount/unmount cycles`, value: cycles.growth, unit: 'KB', target: 1024 },
      { name: `heap kept per mount over ${KEPT} cycles after ${CYCLES + WARM_UP}`, value: cycles.perMount, unit: 'B', target: 50 },
      {
        name: `elements alive after ${CYCLES + WARM_UP + KEPT} mount/unmount cycles and the sections above`,
        value: (await liveElements(tab)) + (await liveElements(cyclesTab)),
        unit: '',
        target: 0,
      },
      { name: 'timers left after unmount', value: cycles.timers, unit: '', target: 0 },
    ];
  } finally {
    await browser.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchWidget()) console.log(`${row.name}: ${typeof row.value === 'number' ? row.value.toFixed(2) : row.value} ${row.unit}`);
}
