#!/usr/bin/env node
// <codat-connections> beside a plain-DOM element that renders the same rows (bench/plain-dom-element.js),
// in one headless Chromium page, with the same stylesheet (read from the element) and the same async
// source: render 1,000 and 5,000 rows, cold script insert to the first row, a refresh that returns
// equal content as new objects (main-thread CPU, and rows whose DOM changed), the busy state painted
// after an Unlink click, and the longest task while 5,000 rows render. Each figure is the median of 9
// runs, element and reference alternating (and swapping which goes first), after a run of each that
// is not counted, each run in a fresh element after a garbage collection; a ratio is the median of
// the runs' own ratios (element over the reference run beside it); timed spans start at the
// beginning of a frame. The element is
// the built standalone file (packages/widget/dist), used only through its public API: attributes,
// `source`, events, parts and clicks, so the same bench measures it before and after a rewrite.
// `node bench/run.mjs render` or `node bench/render.mjs` prints these figures alone.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { extname } from 'node:path';
import { chromium } from 'playwright-core';
import { chromeArgs, findChrome } from '../scripts/find-chrome.mjs';

/** Runs of each figure, per element (`BENCH_RENDER_RUNS=1` for a quick look). */
const RUNS = Number(process.env.BENCH_RENDER_RUNS) || 9;
const ROWS = 1000;
const MANY_ROWS = 5000;
/** Rows of the cold insert's list: the element's default page size. */
const COLD_ROWS = 50;
/** Rows compared between the element and the reference before measuring: every kind of row the bench's source gives. */
const COMPARED_ROWS = 40;

const widgetDist = new URL('../packages/widget/dist/', import.meta.url);
const plainElement = new URL('./plain-dom-element.js', import.meta.url);

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>render bench</title>
<script type="module" src="/widget/codat-connections.js"></script></head><body></body></html>`;
/** The document of a cold insert: nothing loaded yet. */
const frame = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cold insert</title></head><body></body></html>';

/**
 * Helpers every document of the bench gets before its own scripts: the rows (ConnectionViews), the
 * source, and the probes. Runs in the page.
 */
function pageHelpers() {
  const names = [
    'Xero',
    'QuickBooks Online',
    'Sage Intacct',
    'NetSuite',
    'FreeAgent',
    'Shopify',
    'Stripe',
    'Plaid',
    'Square',
    'Zoho Books',
    'MYOB',
    'Dynamics 365',
  ];
  const keys = ['gbol', 'qhyg', 'knfz', 'akxx', 'fbrh', 'dbdq', 'meiv', 'ugxp', 'xtlo', 'vpsk', 'pdvj', 'trji'];
  const kinds = [...Array(7).fill(['linked', 'Linked']), ['pending', 'PendingAuth'], ['disconnected', 'Unlinked'], ['expired', 'Deauthorized']];
  const iso = (time) => new Date(time).toISOString();

  /** `count` connections, as new objects: most linked, some pending, unlinked or deauthorized, one in twenty with an error. */
  window.benchViews = (count, now = Date.now()) =>
    Array.from({ length: count }, (_, index) => {
      const [state, status] = kinds[index % kinds.length];
      return {
        id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
        name: names[index % names.length],
        platformKey: keys[index % keys.length],
        state,
        status,
        sourceType: ['Accounting', 'Banking', 'Commerce'][index % 3],
        created: iso(now - (index + 1) * 3_600_000),
        ...(state === 'linked' && { lastSync: iso(now - (index + 1) * 60_000) }),
        linkUrl: 'https://link.codat.io/bench',
        errors: index % 20 === 9 ? [{ message: 'The platform refused the token', time: iso(now - 7_200_000), status: '401' }] : [],
      };
    });

  /** Equal content, new objects. */
  window.benchCopies = (views) => views.map((view) => ({ ...view, errors: view.errors.map((error) => ({ ...error })) }));

  /**
   * The source both elements read: `rows` answers the list (set it again for the next answer);
   * `answered` resolves once a list has been answered. Linking is offered but never used; an unlink never answers.
   */
  window.benchSource = (rows) => {
    const source = {
      rows,
      lists: 0,
      async list({ pageSize }) {
        source.lists += 1;
        const connections = source.rows.slice(0, pageSize);
        return { connections, totalResults: source.rows.length, problems: [] };
      },
      get: async (id) => source.rows.find((row) => row.id === id),
      platforms: async () => [],
      create: () => Promise.reject(new Error('the bench never links')),
      link: () => Promise.reject(new Error('the bench never links')),
      unlink: () => new Promise(() => {}),
    };
    return source;
  };

  /**
   * A test that holds once the list shows `count` of `benchViews`' rows. It looks for the last row
   * first (the last group's last row; both elements add rows in order), so that a batch of DOM changes before it costs the probe
   * nothing: counting every row after each batch would charge an element that adds rows in chunks
   * for the probe's own work, once per chunk.
   */
  window.benchAllRows = (count) => {
    const last = `00000000-0000-4000-8000-${String(count - 1).padStart(12, '0')}`;
    return (root) =>
      root.querySelector('[part~="list"]')?.lastElementChild?.lastElementChild?.getAttribute('data-id') === last &&
      root.querySelectorAll('[part~="item"]').length >= count;
  };

  /** Resolves with the time at which `test(root)` first holds, checked after each batch of DOM changes in the element's shadow root. */
  window.benchWhen = (el, test, options = { subtree: true, childList: true }) =>
    new Promise((resolve) => {
      const root = el.shadowRoot;
      if (test(root)) return resolve(performance.now());
      const observer = new MutationObserver(() => {
        if (!test(root)) return;
        observer.disconnect();
        resolve(performance.now());
      });
      observer.observe(root, options);
    });

  /** The time just after the next frame is painted: a task queued from the frame's rAF runs after its paint. */
  window.benchPainted = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(0);
      }),
    );

  /**
   * Starts something at the beginning of a frame (in a rAF callback) and resolves with the time
   * from then until `test(root)` holds and it is painted: in that same frame when it holds before
   * the frame's rendering, else in the first frame after it holds. Starting on a frame takes the
   * wait for the next frame out of the figure.
   */
  window.benchTimeToPaint = (el, start, test, options) =>
    new Promise((resolve) => {
      let seen = false;
      const shown = window.benchWhen(el, test, options).then(() => (seen = true));
      requestAnimationFrame(() => {
        const started = performance.now();
        start();
        const channel = new MessageChannel();
        channel.port1.onmessage = async () => {
          if (!seen) {
            await shown;
            await window.benchPainted();
          }
          resolve(performance.now() - started);
        };
        channel.port2.postMessage(0);
      });
    });

  /** Resolves once `count` frames have been painted. */
  window.benchFrames = async (count) => {
    for (let frame = 0; frame < count; frame++) await window.benchPainted();
  };

  /** The next task: what the current task and its microtasks were doing is done. */
  window.benchNextTask = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    });

  /** A fresh start for a run: the previous run's garbage is not this run's cost. */
  window.benchSettle = async () => {
    window.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  };

  /** Mounts `tag` with `source` (which may have no rows), and resolves once it is ready and its rows are painted. */
  window.benchMount = async (tag, source, rows) => {
    const el = document.createElement(tag);
    el.setAttribute('page-size', String(rows));
    el.setAttribute('no-confirm', '');
    el.source = source;
    const ready = new Promise((resolve) => el.addEventListener('codat-ready', resolve, { once: true }));
    document.body.append(el);
    await ready;
    const shown = Math.min(rows, source.rows.length);
    if (shown > 0) await window.benchWhen(el, window.benchAllRows(shown));
    await window.benchPainted();
    return el;
  };
}

/** Median of a run's samples. */
const median = (samples) => [...samples].sort((a, b) => a - b)[samples.length >> 1];

/**
 * Runs `measure(tag, run)` RUNS times for each element, alternating, and swapping which goes first
 * each run: order and drift (a machine warming up, another process) weigh on both alike.
 */
async function alternate(label, measure) {
  const samples = { element: [], plain: [] };
  const tags = { element: 'codat-connections', plain: 'plain-connections' };
  // A first run of each, not counted, compiles both elements' code.
  if (RUNS > 1) for (const which of ['element', 'plain']) await measure(tags[which], -1);
  for (let run = 0; run < RUNS; run++) {
    for (const which of run % 2 ? ['plain', 'element'] : ['element', 'plain']) samples[which].push(await measure(tags[which], run));
  }
  const shown = (values) => values.map((value) => (typeof value === 'number' ? value.toFixed(1) : JSON.stringify(value))).join(' ');
  process.stderr.write(`render ${label}: element ${shown(samples.element)} | plain DOM ${shown(samples.plain)}\n`);
  return samples;
}

/** The element's stylesheet text, as its shadow root adopts it (or holds it in <style> elements). */
async function elementStyles(tab) {
  return tab.evaluate(async () => {
    const el = document.createElement('codat-connections');
    el.source = window.benchSource(window.benchViews(1));
    const ready = new Promise((resolve) => el.addEventListener('codat-ready', resolve, { once: true }));
    document.body.append(el);
    await ready;
    const root = el.shadowRoot;
    const sheets = [...root.adoptedStyleSheets, ...[...root.querySelectorAll('style')].map((style) => style.sheet)];
    el.remove();
    return sheets.map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join('\n')).join('\n');
  });
}

/**
 * Rows of the reference that differ from the element's, by their elements and attributes (in any
 * order; `title` and `data-exact` are left out, as the element fills them after the first render) and
 * their text (whitespace collapsed; the dates' exact times left out, for the same reason). The first
 * difference goes to stderr.
 */
async function differingRows(tab) {
  const { differing, first } = await tab.evaluate(async (count) => {
    const describe = (row) => {
      const elements = [...row.querySelectorAll('*')].map((element) => {
        const attributes = [...element.attributes]
          .filter(({ name }) => name !== 'title' && name !== 'data-exact')
          .map(({ name, value }) => `${name}="${value}"`);
        return `<${element.localName} ${attributes.sort().join(' ')}>`;
      });
      const rowAttributes = [...row.attributes].map(({ name, value }) => `${name}="${value}"`).sort();
      const text = row.cloneNode(true);
      text.querySelectorAll('.exact').forEach((exact) => exact.remove());
      return `${rowAttributes.join(' ')}\n${elements.join('\n')}\n${text.textContent.replace(/\s+/g, ' ').trim()}`;
    };
    const now = Date.now();
    const rowsOf = async (tag) => {
      const el = await window.benchMount(tag, window.benchSource(window.benchViews(count, now)), count);
      const rows = [...el.shadowRoot.querySelectorAll('[part~="item"]')].map(describe);
      el.remove();
      return rows;
    };
    const element = await rowsOf('codat-connections');
    const plain = await rowsOf('plain-connections');
    const index = element.findIndex((row, at) => row !== plain[at]);
    return {
      differing: element.filter((row, at) => row !== plain[at]).length,
      first: index < 0 ? undefined : { index, element: element[index], plain: plain[index] },
    };
  }, COMPARED_ROWS);
  if (first) process.stderr.write(`render: row ${first.index} differs\nelement:\n${first.element}\nplain DOM:\n${first.plain}\n`);
  return differing;
}

/**
 * Main-thread CPU time of the page (DevTools' ThreadTime), in ms: unlike the wall clock, it does not
 * count the time other processes of a shared machine take the core away.
 */
async function cpuClock(tab) {
  const devtools = await tab.context().newCDPSession(tab);
  await devtools.send('Performance.enable');
  return {
    now: async () => (await devtools.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'ThreadTime').value * 1000,
    close: () => devtools.detach(),
  };
}

/**
 * From setting the source of a mounted, empty element (at the beginning of a frame) to its last
 * row painted: the wall clock, and the main-thread CPU time over the same span.
 */
function renderRows(tab, cpu, rows) {
  return alternate(`${rows} rows (ms, CPU ms)`, async (tag) => {
    await tab.evaluate(
      async ({ tag, rows }) => {
        await window.benchSettle();
        window.benchRender = await window.benchMount(tag, window.benchSource([]), rows);
      },
      { tag, rows },
    );
    const before = await cpu.now();
    const elapsed = await tab.evaluate(async (rows) => {
      const el = window.benchRender;
      const source = window.benchSource(window.benchViews(rows));
      return window.benchTimeToPaint(el, () => (el.source = source), window.benchAllRows(rows));
    }, rows);
    const used = (await cpu.now()) - before;
    await tab.evaluate(() => window.benchRender.remove());
    return [elapsed, used];
  });
}

/**
 * The same as `renderRows`, with a probe: a MessageChannel task that queues itself again, whose
 * longest gap is the longest the page could not run a task; and the Long Tasks API's count of tasks
 * over 50 ms. Separate runs from the render's, which the probe would slow.
 */
function longestTask(tab, rows) {
  return alternate(`longest task while ${rows} rows render (ms, tasks over 50 ms)`, (tag) =>
    tab.evaluate(
      async ({ tag, rows }) => {
        await window.benchSettle();
        const el = await window.benchMount(tag, window.benchSource([]), rows);
        const source = window.benchSource(window.benchViews(rows));
        const long = [];
        const observer = new PerformanceObserver((list) => long.push(...list.getEntries()));
        observer.observe({ type: 'longtask' });
        let probing = true;
        let last = performance.now();
        let longest = 0;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const now = performance.now();
          longest = Math.max(longest, now - last);
          last = now;
          if (probing) channel.port2.postMessage(0);
        };
        channel.port2.postMessage(0);
        const shown = window.benchWhen(el, window.benchAllRows(rows));
        el.source = source;
        await shown;
        await window.benchPainted();
        probing = false;
        await window.benchNextTask();
        long.push(...observer.takeRecords());
        observer.disconnect();
        el.remove();
        return [Math.max(longest, ...long.map((entry) => entry.duration)), long.length];
      },
      { tag, rows },
    ),
  );
}

/** From inserting the element's script into a fresh document (an iframe; nothing cached) to its first row painted. */
function coldInsert(tab) {
  const scripts = { 'codat-connections': '/widget/codat-connections.js', 'plain-connections': '/bench/plain-connections.js' };
  return alternate(`cold insert to first row, ${COLD_ROWS} rows (ms)`, (tag) =>
    tab.evaluate(
      async ({ tag, url, rows }) => {
        await window.benchSettle();
        const iframe = document.createElement('iframe');
        iframe.style.cssText = 'width: 100%; height: 720px; border: 0';
        const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
        iframe.src = '/bench/frame.html';
        document.body.append(iframe);
        await loaded;
        const doc = iframe.contentDocument;
        // Set before the element is defined, as a page's own script would.
        const el = doc.createElement(tag);
        el.setAttribute('page-size', String(rows));
        el.source = window.benchSource(window.benchViews(rows));
        doc.body.append(el);
        const script = doc.createElement('script');
        script.type = 'module';
        script.src = url;
        // Inserted at the beginning of a frame, as the other figures start; the element's shadow
        // root is there once it is defined (both make it as they connect).
        const started = await new Promise((resolve) =>
          requestAnimationFrame(() => {
            resolve(performance.now());
            doc.head.append(script);
          }),
        );
        await iframe.contentWindow.customElements.whenDefined(tag);
        await window.benchWhen(el, (root) => root.querySelector('[part~="item"]'));
        const elapsed = (await window.benchPainted()) - started;
        iframe.remove();
        return elapsed;
      },
      { tag, url: scripts[tag], rows: COLD_ROWS },
    ),
  );
}

/** Frames after the answer over which a refresh's work is counted: the element may spread it over tasks. */
const REFRESH_FRAMES = 3;

/**
 * The header's Refresh, answered with equal content as new objects: the main-thread CPU time it
 * costs the page (script, style, layout and paint, whichever tasks the element spreads its work
 * over), from the click to REFRESH_FRAMES frames after the answer, less the same frames' time with
 * nothing to do; and the rows whose DOM changed meanwhile (a MutationObserver over
 * the list: rows with any change, added or removed).
 */
async function refreshEqual(tab, cpu, rows) {
  return alternate(`refresh with equal content at ${rows} rows (CPU ms, rows changed)`, async (tag) => {
    await tab.evaluate(
      async ({ tag, rows }) => {
        await window.benchSettle();
        const views = window.benchViews(rows);
        const source = window.benchSource(views);
        const el = await window.benchMount(tag, source, rows);
        await window.benchSettle();
        // The next answer: equal content, new objects, made before anything is measured.
        source.rows = window.benchCopies(views);
        window.benchRefresh = { el, source };
      },
      { tag, rows },
    );
    let before = await cpu.now();
    await tab.evaluate((frames) => window.benchFrames(frames + 1), REFRESH_FRAMES);
    const idle = (await cpu.now()) - before;
    before = await cpu.now();
    const changed = await tab.evaluate(async (frames) => {
      const { el, source } = window.benchRefresh;
      const root = el.shadowRoot;
      const observer = new MutationObserver(() => {});
      observer.observe(root.querySelector('[part~="list"]'), { subtree: true, childList: true, attributes: true, characterData: true });
      const lists = source.lists;
      // The click in a task of its own, as a user's would be.
      await window.benchNextTask();
      root.querySelector('[part~="refresh-button"]').click();
      await window.benchPainted();
      if (source.lists === lists) throw new Error(`${el.localName}'s Refresh did not read the list`);
      await window.benchFrames(frames);
      const item = (node) => (node instanceof Element ? node : node.parentElement)?.closest('[part~="item"]');
      const rows = new Set();
      for (const record of observer.takeRecords()) {
        rows.add(item(record.target));
        for (const node of [...record.addedNodes, ...record.removedNodes]) if (node instanceof Element && node.matches('[part~="item"]')) rows.add(node);
      }
      observer.disconnect();
      rows.delete(undefined);
      rows.delete(null);
      return rows.size;
    }, REFRESH_FRAMES);
    const cost = (await cpu.now()) - before - idle;
    await tab.evaluate(() => window.benchRefresh.el.remove());
    return [cost, changed];
  });
}

/**
 * An Unlink click (no confirmation, an unlink that never answers) on a row in the middle of the
 * list, at the beginning of a frame, to the paint showing the row busy (its aria-busy or its
 * progress text).
 */
function busyAfterClick(tab, rows) {
  return alternate(`busy state painted after an Unlink click at ${rows} rows (ms)`, (tag) =>
    tab.evaluate(
      async ({ tag, rows }) => {
        await window.benchSettle();
        const el = await window.benchMount(tag, window.benchSource(window.benchViews(rows)), rows);
        // A linked row, on screen as a row a user clicks is: rows out of view are not laid out
        // (content-visibility), and a click there would measure laying out its group too.
        const index = rows / 2;
        const rowAt = (root) => root.querySelectorAll('[part~="item"]')[index];
        rowAt(el.shadowRoot).scrollIntoView({ block: 'center' });
        await window.benchFrames(2);
        await window.benchSettle();
        const button = rowAt(el.shadowRoot).querySelector('[part~="unlink-button"]');
        const elapsed = await window.benchTimeToPaint(
          el,
          () => button.click(),
          (root) => rowAt(root)?.getAttribute('aria-busy') === 'true' || rowAt(root)?.querySelector('[part~="pending"]'),
          { subtree: true, childList: true, attributes: true },
        );
        el.remove();
        window.scrollTo(0, 0);
        return elapsed;
      },
      { tag, rows },
    ),
  );
}

/** Serves the page, the cold insert's document, the built widget and the reference (with `css` inlined). */
async function serve() {
  let reference = '';
  const types = { '.js': 'text/javascript', '.map': 'application/json' };
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url, 'http://localhost');
    // Nothing is cached: every cold insert fetches and compiles its script again.
    response.setHeader('Cache-Control', 'no-store');
    let body;
    let type = 'text/html';
    if (pathname === '/bench/') body = page;
    else if (pathname === '/bench/frame.html') body = frame;
    else if (pathname === '/bench/plain-connections.js') [body, type] = [reference, 'text/javascript'];
    else if (pathname.startsWith('/widget/') && !pathname.includes('..')) {
      body = await readFile(new URL(pathname.slice('/widget/'.length), widgetDist)).catch(() => undefined);
      type = types[extname(pathname)] ?? 'application/octet-stream';
    }
    response.writeHead(body === undefined ? 404 : 200, { 'Content-Type': type });
    response.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    /** The reference as one module, defining <plain-connections> with the element's stylesheet. */
    setReference: async (css) => {
      reference = `${await readFile(plainElement, 'utf8')}\ndefinePlainConnections(${JSON.stringify(css)});\n`;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export default async function benchRender() {
  const loadBefore = loadavg()[0];
  const server = await serve();
  const browser = await chromium.launch({ executablePath: findChrome(), args: [...chromeArgs, '--js-flags=--expose-gc'] });
  try {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await tab.addInitScript(pageHelpers);
    await tab.goto(`${server.origin}/bench/`);
    await tab.waitForFunction(() => customElements.get('codat-connections'));
    await server.setReference(await elementStyles(tab));
    await tab.evaluate(() => import('/bench/plain-connections.js'));
    const cpu = await cpuClock(tab);

    const differing = await differingRows(tab);
    const render = await renderRows(tab, cpu, ROWS);
    const renderMany = await renderRows(tab, cpu, MANY_ROWS);
    const cold = await coldInsert(tab);
    const refresh = await refreshEqual(tab, cpu, ROWS);
    const busy = await busyAfterClick(tab, ROWS);
    const tasks = await longestTask(tab, MANY_ROWS);
    await cpu.close();

    /** One figure of each run's samples (`at` picks it when a run gives several). */
    const figure = (samples, which, at) => median(samples[which].map((sample) => (at === undefined ? sample : sample[at])));
    /**
     * The median of each run's own ratio: a run of the element over the plain element's run beside
     * it. The two ran back to back, so a slow spell of the machine, which slows both, cancels out.
     */
    const ratio = (samples, at) => {
      const value = (sample) => (at === undefined ? sample : sample[at]);
      return median(samples.element.map((sample, run) => value(sample) / value(samples.plain[run])));
    };
    const both = (name, samples, unit, target, at) => [
      { name: `${name}: element`, value: figure(samples, 'element', at), unit },
      { name: `${name}: plain DOM`, value: figure(samples, 'plain', at), unit },
      { name: `${name}: element / plain DOM`, value: ratio(samples, at), unit: 'x', ...(target !== undefined && { target }) },
    ];
    const cpuRatio = (name, samples) => ({ name: `${name}, main-thread CPU: element / plain DOM`, value: ratio(samples, 1), unit: 'x' });
    return [
      { name: '1-minute load average of the machine, before / after', value: `${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)}`, unit: '' },
      { name: `plain DOM rows differing from the element's (of ${COMPARED_ROWS})`, value: differing, unit: '', target: 0 },
      ...both(`render ${ROWS} rows`, render, 'ms', 1.3, 0),
      cpuRatio(`render ${ROWS} rows`, render),
      ...both(`render ${MANY_ROWS} rows`, renderMany, 'ms', 1.3, 0),
      cpuRatio(`render ${MANY_ROWS} rows`, renderMany),
      ...both(`cold script insert to first row (${COLD_ROWS} rows)`, cold, 'ms'),
      { name: `refresh with equal content at ${ROWS} rows, main-thread CPU: element`, value: figure(refresh, 'element', 0), unit: 'ms' },
      { name: `refresh with equal content at ${ROWS} rows, main-thread CPU: plain DOM`, value: figure(refresh, 'plain', 0), unit: 'ms' },
      // The plain DOM's figure is the floor any element pays for the same refresh (its frames repaint
      // the header's button and the live region); what the element spends above it is its update.
      {
        name: `refresh with equal content at ${ROWS} rows, main-thread CPU: element over plain DOM`,
        value: figure(refresh, 'element', 0) - figure(refresh, 'plain', 0),
        unit: 'ms',
        target: 2,
      },
      { name: 'rows changed by that refresh: element', value: figure(refresh, 'element', 1), unit: '', target: 0 },
      { name: `busy state painted after Unlink at ${ROWS} rows: element`, value: figure(busy, 'element'), unit: 'ms', target: 16 },
      { name: `busy state painted after Unlink at ${ROWS} rows: plain DOM`, value: figure(busy, 'plain'), unit: 'ms' },
      { name: `longest task while ${MANY_ROWS} rows render: element`, value: figure(tasks, 'element', 0), unit: 'ms', target: 50 },
      { name: `longest task while ${MANY_ROWS} rows render: plain DOM`, value: figure(tasks, 'plain', 0), unit: 'ms' },
      { name: `tasks over 50 ms while ${MANY_ROWS} rows render: element`, value: figure(tasks, 'element', 1), unit: '', target: 0 },
      { name: `tasks over 50 ms while ${MANY_ROWS} rows render: plain DOM`, value: figure(tasks, 'plain', 1), unit: '' },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchRender()) console.log(`${row.name}: ${typeof row.value === 'number' ? row.value.toFixed(2) : row.value} ${row.unit}`);
}
