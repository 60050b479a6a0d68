// Debian's redis-server for tests: the Node tests' and the browser tests' stack (test/helpers/stack.mjs).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

/** Where Debian's `redis-server` package puts the server; `REDIS_SERVER` names another. */
const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/**
 * @typedef {object} RedisServer
 * @property {string} url
 * @property {number} port
 * @property {(signal?: NodeJS.Signals) => Promise<void>} stop Stops the server (as a crash would, when `kill` is given), keeping the port for `start`.
 * @property {() => Promise<void>} start Starts it again on the same port, empty (persistence is off).
 */

/**
 * Starts a Redis of its own for a test, on a free loopback port with persistence off; fails with
 * the package to install when the server is missing, as a missing browser engine does.
 * @returns {Promise<RedisServer>}
 */
export async function startRedis() {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} is missing: install Debian's redis-server package (apt-get install redis-server), or set REDIS_SERVER`);
  }
  const port = await freePort();
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  // A run that ends without stopping it (a crash, an interrupted test run) leaves no server behind.
  const killOnExit = () => child?.kill('SIGKILL');
  const start = async () => {
    process.once('exit', killOnExit);
    child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
      stdio: 'ignore',
    });
    await untilAnswers(port);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    async stop(signal = 'SIGTERM') {
      process.off('exit', killOnExit);
      const running = child;
      if (!running || running.exitCode !== null) return;
      await new Promise((resolve) => {
        running.once('exit', resolve);
        running.kill(signal);
      });
    },
  };
}

/** @returns {Promise<number>} */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Waits until the server answers PING (it takes a moment to listen).
 * @param {number} port
 */
async function untilAnswers(port) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const answered = await new Promise((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
    });
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server did not answer on port ${port}`);
}
