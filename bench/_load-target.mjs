// A server for bench/load.mjs, in a process of its own so that the load generator does not share
// its event loop: `node bench/_load-target.mjs handler|proxy UPSTREAM` listens on a free loopback
// port and prints `listening on URL`; SIGTERM closes it (and writes a --cpu-prof profile).
//   handler: createConnectionsHandler (as a node:http listener) in front of UPSTREAM, the emulator.
//   proxy:   the least a forwarder can do: the same node adapter, then fetch to UPSTREAM with the
//            API key, the path without /api/codat, the body read whole and sent back as it is.
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createConnectionsHandler } from '@codat-connections/server';
import { toNodeListener } from '@codat-connections/server/node';
import { DEMO_COMPANY_ID } from '@codat-connections/emulator';

const [kind, upstream] = process.argv.slice(2);
const API_KEY = 'emulator-api-key';
const BASE_PATH = '/api/codat';

function handlerListener() {
  const handler = createConnectionsHandler({
    apiKey: API_KEY,
    secret: crypto.getRandomValues(new Uint8Array(32)),
    upstream,
    authorize: async () => ({ companyId: DEMO_COMPANY_ID, subject: 'bench' }),
  });
  return toNodeListener(handler);
}

function proxyListener() {
  const authorization = `Basic ${btoa(API_KEY)}`;
  return getRequestListener(async (request) => {
    const url = new URL(request.url);
    const answer = await fetch(`${upstream}${url.pathname.slice(BASE_PATH.length)}${url.search}`, {
      method: request.method,
      headers: { Authorization: authorization, Accept: 'application/json' },
    });
    return new Response(await answer.arrayBuffer(), {
      status: answer.status,
      headers: { 'Content-Type': answer.headers.get('Content-Type') ?? 'application/json' },
    });
  });
}

if (!upstream || !['handler', 'proxy'].includes(kind)) {
  console.error('Usage: node bench/_load-target.mjs handler|proxy UPSTREAM_URL');
  process.exit(2);
}
const server = createServer(kind === 'handler' ? handlerListener() : proxyListener());
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
