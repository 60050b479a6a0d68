import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { getRequestListener } from '@hono/node-server';
import { chromeArgs } from './scripts/find-chrome.mjs';
import { engines, findEngine } from './scripts/find-engines.mjs';
import { startWebDriver } from './scripts/webdriver-server.mjs';
import { pressKeysPlugin } from './test/helpers/press-keys-plugin.mjs';
import { createModuleFaults } from './test/helpers/module-faults-plugin.mjs';
import { screenshotPlugin } from './test/helpers/screenshot-plugin.mjs';

/** A port nothing listens on now, so that two test runs on one machine do not collide. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, 'localhost', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const port = Number(process.env.WTR_PORT) || (await freePort());

/** The engine this run tests in: `WTR_ENGINE` (chromium, firefox or webkit; scripts/test.mjs sets it). */
const engine = process.env.WTR_ENGINE || 'chromium';
if (!engines.includes(engine)) throw new Error(`WTR_ENGINE is ${engine}; the engines are ${engines.join(', ')}.`);
const found = findEngine(engine);

async function launcher() {
  if (engine === 'chromium') {
    return chromeLauncher({ launchOptions: { executablePath: found.executable, headless: true, args: chromeArgs } });
  }
  if (engine === 'firefox') {
    // puppeteer-core drives Firefox over WebDriver BiDi; the launcher names it "Firefox". Headless
    // Firefox's window never has focus (document.hasFocus() is false, no :focus-within, no focus
    // events) unless the focus manager's test mode, as Firefox's own tests use, says it has.
    return chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath: found.executable, headless: true, extraPrefsFirefox: { 'focusmanager.testmode': true } },
    });
  }
  // WebKit through a WebDriver server started for this run (and stopped when it ends).
  const server = await startWebDriver(found, await freePort());
  return webdriverLauncher({ hostname: 'localhost', port: server.port, path: '/', logLevel: 'error', capabilities: server.capabilities });
}
const origin = `http://localhost:${port}`;
const moduleFaults = createModuleFaults();

/**
 * The browser tests run against the real stack, on the test server's own origin: the emulator at
 * /emulator, the token-issuing handler at /api/codat, and the demo's sign-in and return pages.
 * Answers can be lost on their way back to the browser (reset, cut, empty, malformed) through the
 * control routes under /test-faults/ (test/helpers/answer-faults.mjs). A second handler instance,
 * sharing a Redis started for the run with the first, answers under /instance-b/.
 */
const stackPrefixes = ['/emulator', '/dataholder-emulator', '/api/', '/demo/', '/codat-return.html', '/codat-return.js', '/test-faults/', '/instance-b/'];
let stack;
let answerFaults;
if (existsSync(new URL('./test/helpers/stack.mjs', import.meta.url))) {
  const { createStack } = await import('./test/helpers/stack.mjs');
  const { createAnswerFaults } = await import('./test/helpers/answer-faults.mjs');
  stack = await createStack({ origin, instanceB: true });
  answerFaults = createAnswerFaults();
}
const stackListener = stack && getRequestListener((request, env) => answerFaults.handle(request, env, (each) => stack.fetch(each)));

export default {
  files: ['packages/*/test/**/*.browser.test.ts', 'test/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  port,
  hostname: 'localhost',
  concurrency: 1,
  concurrentBrowsers: 1,
  // The whole run of one engine: each takes 3 to 4 minutes on 2 cores; the limit leaves room for a slower machine.
  testsFinishTimeout: 15 * 60_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [await launcher()],
  // Every test file runs after test/helpers/readable-failures.ts, which keeps a failed assertion
  // about a DOM node from hanging the run.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <body>
    <script type="module" src="/test/helpers/readable-failures.ts"></script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  plugins: [
    // JSON as modules: test/helpers/documented-parts.ts imports the widget's custom-elements manifest.
    esbuildPlugin({ ts: true, json: true, target: 'es2021', tsconfig: './tsconfig.json' }),
    pressKeysPlugin(),
    moduleFaults.plugin,
    // Screenshot comparisons against test/visual/baselines/<engine>/; UPDATE_BASELINES=1 writes them.
    screenshotPlugin({ engine, update: process.env.UPDATE_BASELINES === '1' }),
    // The run's Redis (and its clients) stop with the server.
    { name: 'stack', serverStop: () => stack?.close() },
  ],
  middleware: [
    moduleFaults.middleware,
    async (context, next) => {
      if (stackListener && stackPrefixes.some((prefix) => context.path.startsWith(prefix))) {
        context.respond = false;
        await stackListener(context.req, context.res);
        return;
      }
      return next();
    },
  ],
};
