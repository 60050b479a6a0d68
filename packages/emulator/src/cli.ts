// codat-emulator: serves the emulator on a local port and says how to reach it. The command is
// bin/codat-emulator.js, which imports the build of this file.
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createEmulator, DEFAULT_API_KEY } from './emulator.js';
import { DEFAULT_PULL_DURATION } from './pull-operations.js';
import { DEFAULT_RATE_LIMIT } from './rate-limit.js';
import type { RateLimitOptions } from './types.js';

const usage = `Usage: codat-emulator [--port 4010] [--host 127.0.0.1] [--api-key KEY] [--redirect-url URL] [--return-origin ORIGIN]... [--faults] [--rate-limit N|off] [--pull-duration MS]`;

/** `off`, or requests per API key in each window of the emulator's default length. */
function parseRateLimit(value: string): RateLimitOptions | false {
  if (value === 'off') return false;
  const limit = Number(value);
  if (!(/^[1-9]\d*$/.test(value) && Number.isSafeInteger(limit) && limit > 0))
    throw new Error(`--rate-limit must be a positive whole number of requests or "off", not "${value}"`);
  return { ...DEFAULT_RATE_LIMIT, limit };
}

function options() {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        'api-key': { type: 'string', default: DEFAULT_API_KEY },
        'redirect-url': { type: 'string' },
        'return-origin': { type: 'string', multiple: true },
        faults: { type: 'boolean', default: false },
        'rate-limit': { type: 'string', default: String(DEFAULT_RATE_LIMIT.limit) },
        'pull-duration': { type: 'string', default: String(DEFAULT_PULL_DURATION) },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}"`);
    const pullDuration = Number(values['pull-duration']);
    if (!Number.isInteger(pullDuration) || pullDuration < 0 || pullDuration > 3_600_000) {
      throw new Error(`--pull-duration must be milliseconds from 0 to 3600000, not "${values['pull-duration']}"`);
    }
    if (values['redirect-url'] !== undefined && !values['redirect-url'].startsWith('/')) new URL(values['redirect-url']);
    return { ...values, port, pullDuration, rateLimit: parseRateLimit(values['rate-limit']) };
  } catch (error) {
    console.error(`codat-emulator: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exit(2);
  }
}

const { port, host, 'api-key': apiKey, 'redirect-url': redirectUrl, 'return-origin': returnOrigins, faults, rateLimit: limit, pullDuration, help } = options();
if (help) {
  console.log(usage);
  process.exit(0);
}

let emulator;
try {
  emulator = createEmulator({ apiKey, redirectUrl, returnOrigins, faults, rateLimit: limit, pullDuration });
} catch (error) {
  console.error(`codat-emulator: ${error instanceof Error ? error.message.replace(/^createEmulator: /, '') : String(error)}\n${usage}`);
  process.exit(2);
}
const server = serve({ fetch: emulator.fetch, port, hostname: host }, (info) => {
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
  console.log(`Codat emulator listening on ${url}`);
  console.log(`API key: ${apiKey}  (Authorization: Basic ${Buffer.from(apiKey).toString('base64')})`);
  console.log(limit ? `Rate limit: ${limit.limit} requests per ${limit.windowSeconds} s per API key` : 'Rate limit: off');
  console.log('Seeded companies:');
  for (const company of emulator.companies) console.log(`  ${company.id}  ${company.name}`);
  if (faults) console.log(`Fault injection on: POST ${url}/_emulator/faults, POST ${url}/_emulator/reset`);
});
server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') console.error(`codat-emulator: port ${port} is already in use; choose another with --port.`);
  else console.error(`codat-emulator: ${error.message}`);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
