// The real stack for browser and integration tests: emulator (faults enabled, so tests can inject
// them through /emulator/_emulator/...), token-issuing handler at /api/codat, the dataholder
// emulator at /dataholder-emulator (faults too) and its handler at /api/dataholder, demo sign-in at
// /demo/session and the link-flow return page, all on `origin`. The emulator's webhooks reach the
// handler's receiver, whose in-process bus feeds the event streams, as in the demo.
//
// With `instanceB` (the browser tests' stack), a second handler instance answers under
// /instance-b/api/codat (its grants name that path as their baseUrl) and reads the emulator over
// HTTP, as `npm run demo:two-instances` does: it has no receiver, and hears of changes only through
// a Redis started for the run. The first instance ("A") keeps its in-process bus, so that every
// other test runs as before and without Redis; what A's receiver publishes also goes to Redis,
// where B listens. Without redis-server, B answers 503 with the package to install, and only the
// tests that use it fail.

/**
 * @param {{ origin: string, instanceB?: boolean, returnOrigins?: string[] }} options `instanceB`: run the
 *   second instance and its Redis (then `close()` stops them). `returnOrigins`: partner apps' origins
 *   whose pages the emulator's link page sends the user back to (their own /codat-return.html).
 * @returns {Promise<(ReturnType<import('../../demo/app.js').createDemoApp> & { close(): Promise<void> }) | undefined>}
 *   `undefined` (with a warning) while a package it needs is not built yet.
 */
export async function createStack({ origin, instanceB: withInstanceB = false, returnOrigins }) {
  let createDemoApp;
  let WEBHOOK_EVENT_TYPES;
  let createMemoryBus;
  let createRedisBus;
  try {
    ({ createDemoApp } = await import('../../demo/app.js'));
    ({ WEBHOOK_EVENT_TYPES, createMemoryBus } = await import('@codat-connections/server'));
    if (withInstanceB) ({ createRedisBus } = await import('@codat-connections/server/redis'));
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    console.warn(`test/helpers/stack.mjs: the stack is not available (${error.message}); run \`npm run build\` first.`);
    return undefined;
  }
  const shared = withInstanceB ? await sharedRedis(createRedisBus) : { missing: 'this stack runs one instance', close: async () => {} };
  const local = createMemoryBus();
  const app = createDemoApp({
    origin,
    emulator: { faults: true, returnOrigins },
    dataholderEmulator: { faults: true, datasetDelay: 300 },
    bus: shared.missing ? local : publishingAlsoTo(local, shared.forA),
  });
  const instanceB = shared.missing
    ? { fetch: async () => Response.json({ error: shared.missing }, { status: 503 }) }
    : createDemoApp({ origin, upstream: `${origin}/emulator`, bus: shared.forB, apiPath: `${INSTANCE_B}/api/codat` });
  // A reset forgets the emulator's webhook consumers: the handler's receiver is registered again,
  // as the demo registers it at start.
  const registerReceiver = () =>
    app.emulator.fetch(
      new Request(`${origin}/emulator/webhooks`, {
        method: 'POST',
        headers: { Authorization: `Basic ${btoa('emulator-api-key')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: `${origin}/api/codat/webhooks`, eventTypes: WEBHOOK_EVENT_TYPES }),
      }),
    );
  return {
    ...app,
    /** Stops instance B's Redis (and its clients), if it runs: the run has ended. */
    async close() {
      await shared.close();
    },
    async fetch(request) {
      const { pathname } = new URL(request.url);
      if (pathname.startsWith(`${INSTANCE_B}/`)) return instanceB.fetch(request);
      const reset = request.method === 'POST' && pathname === '/emulator/_emulator/reset';
      const response = await app.fetch(request);
      if (reset && response.ok) await registerReceiver();
      return response;
    },
  };
}

/** Where instance B answers, on the stack's origin. */
export const INSTANCE_B = '/instance-b';

/**
 * A Redis of the run's own, with a bus client for each instance; or, when redis-server is not
 * installed, why not (`missing`, also warned).
 * @param {typeof import('@codat-connections/server/redis').createRedisBus} createRedisBus
 * @returns {Promise<{ missing: string, close(): Promise<void> } | { missing?: undefined, forA: import('@codat-connections/server').Bus, forB: import('@codat-connections/server').Bus, close(): Promise<void> }>}
 */
async function sharedRedis(createRedisBus) {
  const { startRedis } = await import('./redis.mjs');
  let redis;
  try {
    redis = await startRedis();
  } catch (error) {
    const missing = `instance B (two instances sharing Redis) is not available: ${error.message}`;
    console.warn(`test/helpers/stack.mjs: ${missing}`);
    return { missing, close: async () => {} };
  }
  const [forA, forB] = await Promise.all([createRedisBus({ url: redis.url }), createRedisBus({ url: redis.url })]);
  return {
    forA,
    forB,
    async close() {
      await Promise.all([forA.close(), forB.close()]);
      await redis.stop();
    },
  };
}

/**
 * Instance A's bus: its own streams hear what it publishes in process, and so does Redis, for
 * the instances listening there.
 * @param {import('@codat-connections/server').Bus} local
 * @param {import('@codat-connections/server').Bus} redis
 * @returns {import('@codat-connections/server').Bus}
 */
function publishingAlsoTo(local, redis) {
  return {
    async publish(topic, notice) {
      await Promise.all([local.publish(topic, notice), redis.publish(topic, notice)]);
    },
    subscribe: (topic, listener) => local.subscribe(topic, listener),
    remember: (key, value, ttlSeconds) => local.remember(key, value, ttlSeconds),
    forget: (key) => local.forget(key),
    stats: () => local.stats(),
    close: () => local.close(),
  };
}
