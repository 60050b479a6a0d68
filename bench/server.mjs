#!/usr/bin/env node
// Figures for the token-issuing handler: how fast it issues tokens (in process, and over loopback
// HTTP), what it adds to each operation in front of the emulator (both over loopback HTTP, same
// run, interleaved in pairs), and how many requests fail when 200 are sent at once.
// `node bench/server.mjs` prints them alone.
import { createConnectionsHandler } from '@codat-connections/server';
import { createEmulator, DEMO_COMPANY_ID } from '@codat-connections/emulator';
import { listen } from './_listen.mjs';

const API_KEY = 'emulator-api-key';
const SAMPLES = 500;
const CONCURRENT = 200;
const BURSTS = 5;
/** Token requests in flight at once for the HTTP issue rate. */
const TOKEN_CLIENTS = 16;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function timed(url, init) {
  const started = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  return performance.now() - started;
}

export default async function benchServer() {
  const emulatorApp = createEmulator({ apiKey: API_KEY, basePath: '', rateLimit: false });
  const emulator = await listen((request) => emulatorApp.fetch(request));
  const handler = createConnectionsHandler({
    apiKey: API_KEY,
    secret: crypto.getRandomValues(new Uint8Array(32)),
    upstream: emulator.url,
    authorize: async () => ({ companyId: DEMO_COMPANY_ID, subject: 'bench' }),
  });
  const server = await listen(handler);
  try {
    // Token issue rate: the handler alone, in process, for about one second.
    const tokenRequest = () =>
      new Request('http://localhost/api/codat/token', { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' }, body: '{}' });
    let issued = 0;
    const started = performance.now();
    while (performance.now() - started < 1000) {
      const response = await handler(tokenRequest());
      if (response.status !== 200) throw new Error(`token: ${response.status}`);
      await response.arrayBuffer();
      issued += 1;
    }
    const tokensPerSecond = issued / ((performance.now() - started) / 1000);

    // The same over loopback HTTP, TOKEN_CLIENTS requests in flight, for about one second.
    let issuedOverHttp = 0;
    const httpStarted = performance.now();
    await Promise.all(
      Array.from({ length: TOKEN_CLIENTS }, async () => {
        while (performance.now() - httpStarted < 1000) {
          await timed(`${server.url}/api/codat/token`, { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' }, body: '{}' });
          issuedOverHttp += 1;
        }
      }),
    );
    const tokensPerSecondOverHttp = issuedOverHttp / ((performance.now() - httpStarted) / 1000);

    const { accessToken } = await (await handler(tokenRequest())).json();
    const path = `/companies/${DEMO_COMPANY_ID}/connections?page=1&pageSize=10`;
    const direct = [`${emulator.url}${path}`, { headers: { Authorization: `Basic ${btoa(API_KEY)}` } }];
    const proxied = [`${server.url}/api/codat${path}`, { headers: { Authorization: `Bearer ${accessToken}` } }];

    // Proxy overhead: the same list, straight to the emulator and through the handler, in pairs;
    // each pair's difference is what the handler added to that request.
    for (let i = 0; i < 50; i++) {
      await timed(...direct);
      await timed(...proxied);
    }
    const directTimes = [];
    const proxiedTimes = [];
    const added = [];
    for (let i = 0; i < SAMPLES; i++) {
      const alone = await timed(...direct);
      const through = await timed(...proxied);
      directTimes.push(alone);
      proxiedTimes.push(through);
      added.push(through - alone);
    }

    // 200 requests at once through the handler, BURSTS times; anything but a 200 is an error.
    let errors = 0;
    for (let burst = 0; burst < BURSTS; burst++) {
      const results = await Promise.allSettled(Array.from({ length: CONCURRENT }, () => timed(...proxied)));
      errors += results.filter((result) => result.status === 'rejected').length;
    }

    return [
      { name: 'token issue rate (in process)', value: Math.round(tokensPerSecond), unit: 'tokens/s' },
      { name: `token issue rate (loopback HTTP, ${TOKEN_CLIENTS} in flight)`, value: Math.round(tokensPerSecondOverHttp), unit: 'tokens/s' },
      { name: 'list median, emulator alone', value: median(directTimes), unit: 'ms' },
      { name: 'list median, via server', value: median(proxiedTimes), unit: 'ms' },
      { name: 'proxy overhead (median added latency per request)', value: median(added), unit: 'ms', target: 1 },
      { name: `errors, ${BURSTS} x ${CONCURRENT} concurrent requests`, value: errors, unit: 'errors', target: 0 },
    ];
  } finally {
    await server.close();
    await emulator.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchServer())
    console.log(
      `${row.name}: ${typeof row.value === 'number' ? row.value.toFixed(2) : row.value} ${row.unit}${row.target === undefined ? '' : ` (target <= ${row.target})`}`,
    );
}
