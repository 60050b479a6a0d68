// Serves a fetch-standard handler over loopback HTTP for the bench modules (the tests' twin is
// test/helpers/listen.ts). Files starting with `_` are not benches: bench/run.mjs skips them.
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';

/** @param {(request: Request) => Response | Promise<Response>} handler */
export async function listen(handler) {
  const server = createServer(getRequestListener(handler));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
