// The real stack for browser and integration tests: emulator (faults enabled, so tests can inject
// them through /emulator/_emulator/...), token-issuing handler at /api/codat, the dataholder
// emulator at /dataholder-emulator (faults too) and its handler at /api/dataholder, demo sign-in at
// /demo/session and the link-flow return page, all on `origin`.

/**
 * @param {{ origin: string }} options
 * @returns {Promise<ReturnType<import('../../demo/app.js').createDemoApp> | undefined>}
 *   `undefined` (with a warning) while a package it needs is not built yet.
 */
export async function createStack({ origin }) {
  let createDemoApp;
  try {
    ({ createDemoApp } = await import('../../demo/app.js'));
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    console.warn(`test/helpers/stack.mjs: the stack is not available (${error.message}); run \`npm run build\` first.`);
    return undefined;
  }
  return createDemoApp({ origin, emulator: { faults: true }, dataholderEmulator: { faults: true, datasetDelay: 300 } });
}
