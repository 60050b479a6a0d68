#!/usr/bin/env node
// The webhook receiver's throughput: signed deliveries (each a new event, so each is verified,
// recorded and published) answered per second, with 32 in flight, on the in-process bus.
// `node bench/run.mjs webhooks` prints it alone.
import { createConnectionsHandler, createMemoryBus } from '@codat-connections/server';
import { Webhook } from 'standardwebhooks';
import { listen } from './_listen.mjs';

const DELIVERIES = 4000;
const IN_FLIGHT = 32;
const COMPANY = '6b0d2c44-f675-40ba-8049-353bfcb5e171';
const SECRET = `whsec_${Buffer.from('bench-webhook-signing-key-0123456789').toString('base64')}`;

export default async function benchWebhooks() {
  const server = await listen(
    createConnectionsHandler({
      apiKey: 'bench-api-key',
      secret: crypto.getRandomValues(new Uint8Array(32)),
      upstream: 'http://127.0.0.1:9',
      webhookSecret: SECRET,
      bus: createMemoryBus(),
      authorize: async () => null,
    }),
  );
  // Signed before the clock starts: the bench measures the receiver, not the sender.
  const signer = new Webhook(SECRET);
  const deliveries = Array.from({ length: DELIVERIES }, () => {
    const id = crypto.randomUUID();
    const body = JSON.stringify({
      id,
      eventType: 'connection.disconnected',
      generatedDate: new Date().toISOString(),
      payload: { referenceCompany: { id: COMPANY }, connection: { id: crypto.randomUUID(), status: 'Deauthorized' } },
    });
    const at = new Date();
    return {
      body,
      headers: {
        'Content-Type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signer.sign(id, at, body),
      },
    };
  });
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < deliveries.length) {
        const { body, headers } = deliveries[next++];
        const answer = await fetch(`${server.url}/api/codat/webhooks`, { method: 'POST', headers, body });
        await answer.arrayBuffer();
        if (answer.status !== 200) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await server.close();
  return [
    { name: `receiver throughput (${IN_FLIGHT} in flight, loopback HTTP)`, value: DELIVERIES / seconds, unit: 'deliveries/s', better: 'higher' },
    { name: 'deliveries not answered 200', value: failed, unit: '', target: 0 },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchWebhooks());
