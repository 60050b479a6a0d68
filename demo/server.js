#!/usr/bin/env node
// `npm start`: the whole stack on one port. `node demo/server.js [--port 8000]` (or PORT=...).
// With CODAT_API_KEY (and CODAT_COMPANY_ID) set, operations go to the real Codat API.
// Several instances: `--redis redis://127.0.0.1:6379` shares live notices through Redis, and
// `--emulator http://localhost:8000/emulator` uses another instance's emulator (see demo/two-instances.js),
// and `--return-origin http://localhost:8001` lets this instance's emulator send a user who linked
// from a page of that origin back to that origin's /codat-return.html (repeat it for more origins).
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createDemoApp } from './app.js';

/** @param {string} name */
const option = (name) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const flag = process.argv.indexOf('--port');
const port = Number(flag >= 0 ? process.argv[flag + 1] : (process.env.PORT ?? 8000));
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`Not a port number: ${flag >= 0 ? process.argv[flag + 1] : process.env.PORT}`);
  process.exit(1);
}

const origin = `http://localhost:${port}`;
const codatApiKey = process.env.CODAT_API_KEY || undefined;
const redisUrl = option('--redis');
const upstream = option('--emulator');
const returnOrigins = process.argv.flatMap((argument, at) => (argument === '--return-origin' ? [process.argv[at + 1]] : []));
let app;
try {
  const bus = redisUrl ? await (await import('@codat-connections/server/redis')).createRedisBus({ url: redisUrl }) : undefined;
  app = createDemoApp({
    origin,
    codatApiKey,
    codatCompanyId: process.env.CODAT_COMPANY_ID || undefined,
    webhookSecret: process.env.CODAT_WEBHOOK_SECRET || undefined,
    upstream,
    bus,
    emulator: { returnOrigins },
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (codatApiKey) console.error('Set CODAT_COMPANY_ID to the id of a company in your Codat account.');
  process.exit(1);
}

const server = createServer(getRequestListener((request) => app.fetch(request)));
server.on('error', (error) => {
  if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EADDRINUSE') {
    console.error(`Port ${port} is already in use. Stop whatever uses it, or start on another port: npm start -- --port 8001 (or PORT=8001 npm start)`);
  } else {
    console.error(`Could not start the demo server: ${error.message}`);
  }
  process.exit(1);
});
server.listen(port, 'localhost', () => {
  console.log(`codat-connections demo: ${origin}`);
  if (codatApiKey) {
    console.log('Forwarding to the real Codat API (https://api.codat.io) with CODAT_API_KEY.');
  } else if (upstream) {
    console.log(`Codat emulator of another instance: ${upstream}`);
  } else {
    console.log(`Codat emulator: ${origin}/emulator (API key "emulator-api-key"); its webhooks go to ${origin}/api/codat/webhooks`);
  }
  if (redisUrl) console.log(`Live notices shared through Redis at ${redisUrl}`);
  console.log(`Open banking (the dataholder model, emulated at ${origin}/dataholder-emulator): ${origin}/banks.html`);
  console.log('Sign in as "alice" (read, link, unlink) or "admin" (also delete and refresh data).');
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
