#!/usr/bin/env node
// Live updates: from a webhook received to its notice read on 1,000 open event streams (p50 and
// p99 over every stream of every webhook), on one instance (in-process bus) and across two
// instances sharing Redis (webhooks to one, streams on the other); and the memory each open stream
// costs. The streams are read by a process of their own. `node bench/run.mjs live` prints them alone.
import { createConnectionsHandler, createMemoryBus } from '@codat-connections/server';
import { createRedisBus } from '@codat-connections/server/redis';
import { fork } from 'node:child_process';
import { Webhook } from 'standardwebhooks';
import { listen } from './_listen.mjs';
import { startRedis } from '../test/helpers/redis.mjs';

const STREAMS = 1000;
const WEBHOOKS = 40;
const COMPANY = '6b0d2c44-f675-40ba-8049-353bfcb5e171';
const CONNECTION = '2e9d2c44-f675-40ba-8049-353bfcb5e171';
const SECRET = `whsec_${Buffer.from('bench-webhook-signing-key-0123456789').toString('base64')}`;
const signer = new Webhook(SECRET);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

function handlerOn(bus, webhookSecret) {
  return createConnectionsHandler({
    apiKey: 'bench-api-key',
    secret: crypto.getRandomValues(new Uint8Array(32)),
    upstream: 'http://127.0.0.1:9',
    webhookSecret,
    bus,
    streamLimit: STREAMS * 2,
    authorize: async () => ({ companyId: COMPANY, subject: 'bench' }),
  });
}

async function tokenOf(url) {
  const grant = await (await fetch(`${url}/api/codat/token`, { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' } })).json();
  return grant.accessToken;
}

/**
 * Opens `count` streams in a child process (`_stream-readers.mjs`): the pages that read them are
 * browsers on other machines, not work for the server's event loop. `arrived(eventId, times)` gets
 * the times an event reached every stream; `close()` closes them.
 */
async function openStreams(url, count, arrived) {
  const token = await tokenOf(url);
  const child = fork(new URL('./_stream-readers.mjs', import.meta.url), [`${url}/api/codat/companies/${COMPANY}/connections/events`, token, String(count)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => {
    child.on('message', (message) => (message.open ? resolve() : arrived(message.eventId, message.arrivals)));
    child.once('exit', (code) => reject(new Error(`the stream readers exited (${code})`)));
  });
  return () => child.disconnect();
}

/**
 * Sends `WEBHOOKS` signed webhooks one after another to `receiver`, each after the last was on every
 * stream, after one that is not counted: the first delivery compiles the paths every later one takes,
 * so its 1,000 latencies are slower than the rounds after it, and they are 2.5% of all, more than the
 * 1% a p99 looks past.
 */
async function measure(receiver, stream) {
  const waits = new Map();
  const latencies = [];
  const close = await openStreams(stream, STREAMS, (eventId, arrivals) => {
    const wait = waits.get(eventId);
    if (!wait) return;
    if (wait.counted) latencies.push(...arrivals.map((at) => at - wait.sent));
    wait.done();
  });
  for (let index = -1; index < WEBHOOKS; index++) {
    const id = crypto.randomUUID();
    const body = JSON.stringify({
      id,
      eventType: 'connection.connected',
      generatedDate: new Date().toISOString(),
      payload: { referenceCompany: { id: COMPANY }, connection: { id: CONNECTION, status: 'Linked' } },
    });
    const headers = { 'Content-Type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) };
    headers['webhook-signature'] = signer.sign(id, new Date(Number(headers['webhook-timestamp']) * 1000), body);
    const all = new Promise((resolve) => waits.set(id, { sent: performance.timeOrigin + performance.now(), counted: index >= 0, done: resolve }));
    const answer = await fetch(`${receiver}/api/codat/webhooks`, { method: 'POST', headers, body });
    if (answer.status !== 200) throw new Error(`webhook: ${answer.status}`);
    await all;
  }
  close();
  return latencies;
}

/**
 * What the server holds per open stream: the streams are read by a child process (`openStreams`),
 * so the clients' own buffers are not counted, and the heap is collected before each reading.
 */
async function memoryPerStream() {
  const { runInNewContext } = await import('node:vm');
  const v8 = await import('node:v8');
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const used = () => {
    gc();
    const { heapUsed, external, arrayBuffers } = process.memoryUsage();
    return heapUsed + external - arrayBuffers;
  };
  const server = await listen(handlerOn(createMemoryBus(), SECRET));
  // A grant before the first reading: what the token route compiles and keeps is not a stream's.
  await tokenOf(server.url);
  const before = used();
  const close = await openStreams(server.url, STREAMS, () => {});
  const after = used();
  close();
  await server.close();
  return (after - before) / STREAMS / 1024;
}

export default async function benchLive() {
  const rows = [];
  const one = await listen(handlerOn(createMemoryBus(), SECRET));
  const single = await measure(one.url, one.url);
  await one.close();
  rows.push({ name: `webhook → notice on ${STREAMS} streams, one instance, p50`, value: percentile(single, 50), unit: 'ms' });
  rows.push({ name: `webhook → notice on ${STREAMS} streams, one instance, p99`, value: percentile(single, 99), unit: 'ms', target: 100 });

  const redis = await startRedis();
  try {
    const buses = [await createRedisBus({ url: redis.url }), await createRedisBus({ url: redis.url })];
    const receiving = await listen(handlerOn(buses[0], SECRET));
    const streaming = await listen(handlerOn(buses[1], undefined));
    const across = await measure(receiving.url, streaming.url);
    await receiving.close();
    await streaming.close();
    for (const bus of buses) await bus.close();
    rows.push({ name: `webhook → notice on ${STREAMS} streams, two instances through Redis, p50`, value: percentile(across, 50), unit: 'ms' });
    rows.push({ name: `webhook → notice on ${STREAMS} streams, two instances through Redis, p99`, value: percentile(across, 99), unit: 'ms', target: 100 });
  } finally {
    await redis.stop();
  }
  rows.push({ name: 'memory per open stream (server side)', value: await memoryPerStream(), unit: 'KB', target: 20 });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchLive());
