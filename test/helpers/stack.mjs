// The real stack for browser and integration tests: emulator (faults enabled, so tests can inject
// them through /emulator/_emulator/...), token-issuing handler at /api/codat, the dataholder
// emulator at /dataholder-emulator (faults too) and its handler at /api/dataholder, demo sign-in at
// /demo/session and the link-flow return page, all on `origin`. The emulator's webhooks reach the
// handler's receiver, whose in-process bus feeds the event streams, as in the demo.

/**
 * @param {{ origin: string }} options
 * @returns {Promise<ReturnType<import('../../demo/app.js').createDemoApp> | undefined>}
 *   `undefined` (with a warning) while a package it needs is not built yet.
 */
export async function createStack({ origin }) {
  let createDemoApp;
  let WEBHOOK_EVENT_TYPES;
  try {
    ({ createDemoApp } = await import('../../demo/app.js'));
    ({ WEBHOOK_EVENT_TYPES } = await import('@codat-connections/server'));
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    console.warn(`test/helpers/stack.mjs: the stack is not available (${error.message}); run \`npm run build\` first.`);
    return undefined;
  }
  const app = createDemoApp({ origin, emulator: { faults: true }, dataholderEmulator: { faults: true, datasetDelay: 300 } });
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
    async fetch(request) {
      const reset = request.method === 'POST' && new URL(request.url).pathname === '/emulator/_emulator/reset';
      const response = await app.fetch(request);
      if (reset && response.ok) await registerReceiver();
      return response;
    },
  };
}
