// Starts the WebDriver server that drives WebKit for one test run, on a port of its own, and stops
// it when the run's process exits: WebKitWebDriver (under `xvfb-run` when there is no display) on
// Linux, safaridriver on macOS.
import { spawn } from 'node:child_process';
import { findXvfbRun, needsVirtualDisplay } from './find-engines.mjs';

/** Asks the server's /status until it says it is ready, or the server exits. */
async function waitUntilReady(url, child, output) {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The WebDriver server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/status`);
      if (response.ok && (await response.json()).value?.ready) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * `webkit` is what scripts/find-engines.mjs found. Returns the port and the capabilities a
 * session asks for.
 */
export async function startWebDriver(webkit, port) {
  let command = webkit.driver;
  let args = [`--port=${port}`];
  const env = { ...process.env };
  let capabilities;
  if (webkit.kind === 'safari') {
    args = ['--port', String(port)];
    capabilities = { browserName: 'safari' };
  } else {
    // MiniBrowser's own sandbox refuses to start as root (CI containers run as root).
    if (process.getuid?.() === 0) env.WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS = '1';
    if (needsVirtualDisplay()) {
      args = ['--auto-servernum', '--server-args=-screen 0 1280x1024x24', command, ...args];
      command = findXvfbRun();
    }
    capabilities = {
      browserName: 'MiniBrowser',
      // Popups opened by script are allowed, as puppeteer allows them in Chromium and Firefox; the
      // element opens its popup within the user's click, and tests click from script.
      'webkitgtk:browserOptions': { binary: webkit.browser, args: ['--automation', '--javascript-can-open-windows-automatically=true'] },
      // Classic WebDriver: WebKitWebDriver's BiDi is incomplete, and the launcher needs none.
      'wdio:enforceWebDriverClassic': true,
    };
  }
  let log = '';
  // Its own process group, so that stopping it stops xvfb-run's X server and the browsers too.
  const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (log += chunk));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
  };
  process.once('exit', stop);
  await waitUntilReady(`http://localhost:${port}`, child, () => log);
  // `stop` ends it (and its browsers) before the process exits: a test that is done with WebKit
  // calls it, or its open pipes would keep the process alive.
  return { port, capabilities, stop };
}
