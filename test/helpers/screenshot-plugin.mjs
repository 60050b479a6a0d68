/**
 * The test runner's `set-screenshot-viewport` command, which sets the viewport's size in every
 * engine (WebDriver included), and its `compare-screenshot` command: takes a screenshot of the page's viewport with the
 * launcher's own API (puppeteer's page in Chromium and Firefox, WebDriver's in WebKit), cuts out
 * the rectangle the page names, and compares it with the engine's committed baseline,
 * `test/visual/baselines/<engine>/<name>.png`. A missing baseline fails, as does a difference
 * beyond anti-aliasing; the actual image, the baseline and a diff are then written under
 * `test-results/visual/<engine>/` (git-ignored). With `update`, the baseline is written instead.
 * The viewport is captured, not the element, so that a modal `<dialog>` in the top layer is in it.
 * Browser side: `compareScreenshot` in test/visual/gallery.browser.test.ts.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';

/**
 * Colour distance (0..1) below which two pixels count as the same. pixelmatch's default, 0.1,
 * passes a grey changed by 16 levels (a border from #d5d9df to #c5c9cf); 0.02 fails one of 6.
 */
const threshold = 0.02;
/**
 * The share of a picture's pixels that may differ beyond what pixelmatch takes for anti-aliasing
 * (and leaves out), by engine; at least 20 pixels. Chromium and Firefox draw the same picture from
 * run to run (0 pixels differ); WebKit does not always smooth rounded corners and text edges the
 * same way (up to about 90 pixels in a 640 x 500 picture). A changed colour, border or word is
 * hundreds of pixels or more.
 */
const allowedShare = { chromium: 0.0002, firefox: 0.0002, webkit: 0.0005 };

/** A viewport screenshot as PNG bytes. */
async function viewportScreenshot(session) {
  if (session.browser.type === 'puppeteer') {
    return Buffer.from(await session.browser.getPage(session.id).screenshot({ type: 'png' }));
  }
  if (session.browser.type === 'webdriver') {
    // The launcher's own takeScreenshot takes an element's; the whole viewport is the driver's.
    return Buffer.from(await session.browser.driver.takeScreenshot(), 'base64');
  }
  throw new Error(`compare-screenshot does not support the ${session.browser.type} launcher`);
}

/** The rectangle `clip` (CSS pixels, scaled by `scale`) of `png`, as a new PNG. */
function crop(png, clip, scale) {
  const x = Math.round(clip.x * scale);
  const y = Math.round(clip.y * scale);
  const width = Math.round(clip.width * scale);
  const height = Math.round(clip.height * scale);
  if (x < 0 || y < 0 || x + width > png.width || y + height > png.height) {
    throw new Error(`the rectangle ${width}x${height} at ${x},${y} is not inside the ${png.width}x${png.height} viewport: make the viewport larger`);
  }
  const out = new PNG({ width, height });
  PNG.bitblt(png, out, x, y, width, height, 0, 0);
  return out;
}

/** Pictures taken before two in a row are the same; then the rendering is taken as settled. */
const settleAttempts = 5;

/**
 * The rectangle's picture once two taken one after the other are the same: an engine may still be
 * finishing its paint (WebKit has drawn rounded corners differently in a first picture).
 */
async function stableScreenshot(session, clip, scale) {
  let previous = crop(PNG.sync.read(await viewportScreenshot(session)), clip, scale);
  for (let attempt = 1; attempt < settleAttempts; attempt++) {
    const next = crop(PNG.sync.read(await viewportScreenshot(session)), clip, scale);
    if (next.data.equals(previous.data)) return next;
    previous = next;
  }
  throw new Error(`the picture was still changing after ${settleAttempts} screenshots: something on the page moves`);
}

/** Tries, 100 ms apart, to bring a WebDriver window's viewport to its size before giving up. */
const resizeAttempts = 30;

/**
 * Gives the page a viewport of `width` x `height` CSS pixels. Over WebDriver only the window's
 * outer size can be set, and the window may take its new size after the command has answered (CI
 * once read the viewport 800x1162 right after asking for 800x1200 plus the frame). So the viewport
 * is read until two reads agree, and the window is corrected by what the browser's own frame takes,
 * until the viewport is the size asked for.
 */
async function setViewport(session, { width, height }) {
  if (session.browser.type === 'puppeteer') {
    await session.browser.getPage(session.id).setViewport({ width, height });
    return;
  }
  if (session.browser.type === 'webdriver') {
    const driver = session.browser.driver;
    // Runs in the page, where `innerWidth` and `innerHeight` are the viewport's.
    const viewport = () => driver.execute('return { width: innerWidth, height: innerHeight };');
    const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
    let outer = { width, height };
    await driver.setWindowSize(outer.width, outer.height);
    let inner = await viewport();
    for (let attempt = 1; attempt <= resizeAttempts; attempt++) {
      await pause();
      const settled = await viewport();
      const moved = settled.width !== inner.width || settled.height !== inner.height;
      inner = settled;
      if (moved) continue;
      if (inner.width === width && inner.height === height) return;
      outer = { width: outer.width + width - inner.width, height: outer.height + height - inner.height };
      await driver.setWindowSize(outer.width, outer.height);
      inner = await viewport();
    }
    throw new Error(`the viewport is ${inner.width}x${inner.height}, not ${width}x${height}, after ${resizeAttempts} tries`);
  }
  throw new Error(`set-screenshot-viewport does not support the ${session.browser.type} launcher`);
}

/**
 * `engine` names the baselines' folder; `update` (from `UPDATE_BASELINES=1`) writes baselines
 * instead of comparing. `root` is the checkout.
 */
export function screenshotPlugin({ engine, update = false, root = process.cwd() }) {
  const baselines = join(root, 'test/visual/baselines', engine);
  const results = join(root, 'test-results/visual', engine);
  const share = allowedShare[engine];
  if (share === undefined) throw new Error(`no tolerance for ${engine}; the engines are ${Object.keys(allowedShare).join(', ')}`);
  return {
    name: 'compare-screenshot-command',
    async executeCommand({ command, payload, session }) {
      if (command === 'set-screenshot-viewport') {
        await setViewport(session, payload);
        return true;
      }
      if (command !== 'compare-screenshot') return undefined;
      const { name, clip, scale = 1 } = payload ?? {};
      if (typeof name !== 'string' || !/^[a-z0-9-]+$/.test(name)) throw new Error('compare-screenshot takes a name of lower-case letters, digits and dashes');
      if (!clip || ![clip.x, clip.y, clip.width, clip.height].every(Number.isFinite))
        throw new Error('compare-screenshot takes a clip { x, y, width, height }');
      const actual = await stableScreenshot(session, clip, scale);
      const baselinePath = join(baselines, `${name}.png`);
      const shown = (path) => relative(root, path);

      if (update) {
        mkdirSync(baselines, { recursive: true });
        writeFileSync(baselinePath, PNG.sync.write(actual));
        return { passed: true, message: `wrote ${shown(baselinePath)}` };
      }

      const writeResult = (suffix, png) => {
        mkdirSync(results, { recursive: true });
        const path = join(results, `${name}.${suffix}.png`);
        writeFileSync(path, PNG.sync.write(png));
        return shown(path);
      };
      if (!existsSync(baselinePath)) {
        const path = writeResult('actual', actual);
        return { passed: false, message: `no baseline ${shown(baselinePath)} (this run's image: ${path}); npm run test:visual:update writes it` };
      }
      const expected = PNG.sync.read(readFileSync(baselinePath));
      if (expected.width !== actual.width || expected.height !== actual.height) {
        const path = writeResult('actual', actual);
        return {
          passed: false,
          message: `${name} is ${actual.width}x${actual.height}, its baseline ${expected.width}x${expected.height} (this run's image: ${path})`,
        };
      }
      const diff = new PNG({ width: actual.width, height: actual.height });
      const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold });
      const allowed = Math.max(20, Math.round(actual.width * actual.height * share));
      if (differing <= allowed) return { passed: true, message: `${differing} pixels differ (allowed ${allowed})` };
      const paths = [writeResult('actual', actual), writeResult('expected', expected), writeResult('diff', diff)];
      return { passed: false, message: `${name}: ${differing} pixels differ from its baseline (allowed ${allowed}); see ${paths.join(', ')}` };
    },
  };
}
