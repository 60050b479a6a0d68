// The three browser engines the browser tests run in, each found on this machine: Chromium (or
// Chrome) through puppeteer-core, Firefox through puppeteer-core over WebDriver BiDi, and WebKit
// through a WebDriver server (WebKitGTK's WebKitWebDriver with MiniBrowser on Linux, safaridriver
// on macOS). A missing engine is an error naming what to install; nothing is downloaded.
import { existsSync } from 'node:fs';
import { findChrome } from './find-chrome.mjs';

export const engines = ['chromium', 'firefox', 'webkit'];

/** Returns the first of `candidates` that exists, after the path in the environment variable `variable`. */
function findExecutable(variable, candidates, missing) {
  const fromEnv = process.env[variable];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`${variable} is set to ${fromEnv}, but no file is there.`);
  }
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(`${missing} Set ${variable} to its executable, or install one at a usual path (${candidates.join(', ')}).`);
}

/** The usual places a Firefox is installed, tried after `FIREFOX_PATH`. */
export const firefoxCandidates = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
  'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
];

export function findFirefox() {
  return findExecutable('FIREFOX_PATH', firefoxCandidates, 'No Firefox found for the browser tests (on Debian or Ubuntu: apt-get install -y firefox-esr).');
}

/** The usual places of WebKitGTK's MiniBrowser (Debian and Ubuntu on x86-64 and arm64, Fedora, Arch). */
export const miniBrowserCandidates = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/libexec/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/webkit2gtk-4.1/MiniBrowser',
];

/**
 * How to reach WebKit: `{ kind: 'webkitgtk', driver, browser }` on Linux (WebKitWebDriver starts
 * MiniBrowser), `{ kind: 'safari', driver }` on macOS (safaridriver starts Safari; enable it once
 * with `safaridriver --enable`).
 */
export function findWebKit() {
  if (process.platform === 'darwin') {
    return { kind: 'safari', driver: findExecutable('WEBKIT_DRIVER', ['/usr/bin/safaridriver'], 'No safaridriver found.') };
  }
  const driver = findExecutable(
    'WEBKIT_DRIVER',
    ['/usr/bin/WebKitWebDriver', '/usr/local/bin/WebKitWebDriver'],
    'No WebKitWebDriver found for the WebKit tests (on Debian or Ubuntu: apt-get install -y webkit2gtk-driver).',
  );
  const browser = findExecutable(
    'WEBKIT_BROWSER',
    miniBrowserCandidates,
    'No WebKitGTK MiniBrowser found for the WebKit tests (on Debian or Ubuntu: apt-get install -y webkit2gtk-driver).',
  );
  return { kind: 'webkitgtk', driver, browser };
}

/** Without a display, WebKitGTK runs under a virtual one started by `xvfb-run`. */
export function needsVirtualDisplay() {
  return process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
}

export function findXvfbRun() {
  return findExecutable(
    'XVFB_RUN',
    ['/usr/bin/xvfb-run'],
    'No display and no xvfb-run to start a virtual one for the WebKit tests (on Debian or Ubuntu: apt-get install -y xvfb).',
  );
}

/** Finds what `engine` needs, or throws a message naming the package to install. */
export function findEngine(engine) {
  if (engine === 'chromium') return { executable: findChrome() };
  if (engine === 'firefox') return { executable: findFirefox() };
  if (engine === 'webkit') {
    const webkit = findWebKit();
    if (webkit.kind === 'webkitgtk' && needsVirtualDisplay()) findXvfbRun();
    return webkit;
  }
  throw new Error(`Unknown engine ${engine}: the engines are ${engines.join(', ')}.`);
}

// `node scripts/find-engines.mjs --print [engine…]`: prints what each engine needs, or the reason and exits 1.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/')) && process.argv.includes('--print')) {
  const asked = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  let missing = false;
  for (const engine of asked.length ? asked : engines) {
    try {
      console.log(`${engine}: ${JSON.stringify(findEngine(engine))}`);
    } catch (error) {
      console.error(`${engine}: ${error.message}`);
      missing = true;
    }
  }
  process.exit(missing ? 1 : 0);
}
