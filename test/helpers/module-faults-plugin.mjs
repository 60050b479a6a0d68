/**
 * The test runner's `fail-modules` command: the dev server stops serving modules whose path
 * matches a pattern (the network went away after the page loaded), so a test sees what the element
 * does when a feature's chunk cannot be fetched. `{ pattern: null }` serves them again. A page
 * loads the element afresh from `/fresh-N/packages/widget/src/codat-connections.ts` (see `freshElement`).
 * `moduleFaults.middleware` goes in the config's middleware, `moduleFaults.plugin` in its plugins.
 * Browser side: `failModules` in test/helpers/browser.ts.
 */
export function createModuleFaults() {
  let failing;
  return {
    middleware: async (context, next) => {
      const fresh = /^\/fresh-\d+(\/.*)$/.exec(context.path);
      if (failing && failing.test(context.path)) {
        context.status = 503;
        context.body = 'module fetching is failing for this test';
        return undefined;
      }
      // `/fresh-N/…` serves the module at `/…` under a URL no page of the run has loaded, so that
      // the browser fetches it and the modules it imports by relative URL (the features) again.
      if (fresh) context.path = fresh[1];
      return next();
    },
    plugin: {
      name: 'module-faults',
      async executeCommand({ command, payload }) {
        if (command !== 'fail-modules') return undefined;
        const pattern = payload?.pattern;
        if (pattern !== null && typeof pattern !== 'string') throw new Error('fail-modules takes { pattern: string | null }');
        failing = pattern === null ? undefined : new RegExp(pattern);
        return true;
      },
    },
  };
}
