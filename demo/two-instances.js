#!/usr/bin/env node
// `npm run demo:two-instances`: two demo instances on two ports sharing one Redis, as a partner's
// backend runs behind a load balancer. Starts Debian's redis-server (persistence off) on a free
// port, then instance A (port 8000, with the emulator, receiving its webhooks) and instance B
// (port 8001, reading A's emulator). Open a page on each: a change made through one (or revoked
// with `POST /demo/revoke` on A) reaches the page served by the other.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

const redisServer = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
if (!existsSync(redisServer)) {
  console.error(`${redisServer} is missing: install Debian's redis-server package (apt-get install redis-server), or set REDIS_SERVER`);
  process.exit(1);
}
const free = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
    server.close(() => resolve(port));
  });
});
const redisUrl = `redis://127.0.0.1:${free}`;
const children = [spawn(redisServer, ['--port', String(free), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })];
const demo = new URL('./server.js', import.meta.url).pathname;
// redis-server takes a moment to listen: the instances start once it answers.
for (let answered = false; !answered;) {
  answered = await new Promise((resolve) => {
    const socket = createConnection({ port: free, host: '127.0.0.1' }, () => socket.end(() => resolve(true)));
    socket.once('error', () => setTimeout(() => resolve(false), 50));
  });
}
// A user who links on B's page comes back to B's return page, which tells B's page.
children.push(spawn(process.execPath, [demo, '--port', '8000', '--redis', redisUrl, '--return-origin', 'http://localhost:8001'], { stdio: 'inherit' }));
children.push(spawn(process.execPath, [demo, '--port', '8001', '--redis', redisUrl, '--emulator', 'http://localhost:8000/emulator'], { stdio: 'inherit' }));
console.log(`Redis: ${redisUrl}; instance A: http://localhost:8000, instance B: http://localhost:8001`);
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    for (const child of children) child.kill('SIGTERM');
    process.exit(0);
  });
}
