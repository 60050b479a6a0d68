import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { WEBHOOK_EVENT_TYPES } from '@codat-connections/server';
import { listen, type Listening } from '../helpers/listen.js';
import { specMissing, validateResponse, validateSchema } from '../helpers/openapi.js';
import { readWebhookWithCodatSdk, readWithCodatSdk } from '../helpers/codat-sdk.js';

// Every webhook the emulator sends, one of each event type the receiver uses, is checked against
// the schema Codat's OpenAPI description declares for it (`webhooks`), read with the model Codat's
// own SDK (@codat/platform) has for it, and its signature checked with the Standard Webhooks
// library the receiver uses; the consumer operations' answers against theirs, and through the SDK.
const emulatorBuilt = existsSync(new URL('../../packages/emulator/dist/index.js', import.meta.url));
const skip = specMissing || (emulatorBuilt ? false : 'packages/emulator is not built; run `npm run build` first');

const API_KEY = 'contract-api-key';
const auth = { Authorization: `Basic ${Buffer.from(API_KEY).toString('base64')}`, 'Content-Type': 'application/json' };
/** What the receiver subscribes to: every event kind a notice tells of. */
const EVENT_TYPES = WEBHOOK_EVENT_TYPES;

describe("emulator webhooks match Codat's OpenAPI description", { skip }, () => {
  let emulator: Listening;
  let consumer: Listening;
  let secret: string;
  let company: string;
  const received: Array<{ headers: Headers; body: string }> = [];

  before(async () => {
    const { createEmulator, DEFAULT_WEBHOOK_SECRET, DEMO_COMPANY_ID } = await import('@codat-connections/emulator');
    secret = DEFAULT_WEBHOOK_SECRET;
    company = DEMO_COMPANY_ID;
    consumer = await listen(async (request) => {
      received.push({ headers: request.headers, body: await request.text() });
      return new Response(null, { status: 200 });
    });
    emulator = await listen(createEmulator({ apiKey: API_KEY, rateLimit: false, pullDuration: 20, webhooks: { timeScale: 0.001 } }).fetch);
  });
  after(async () => {
    await emulator?.close();
    await consumer?.close();
  });

  const api = (path: string, init: RequestInit = {}) => fetch(`${emulator.url}${path}`, { ...init, headers: auth });

  /** Sends a consumer operation; checks its answer against the description and reads it through the SDK; returns its status and body. */
  async function consumers(operationId: string, path: string, init: RequestInit = {}) {
    const response = await api(path, init);
    const text = await response.text();
    const body = text === '' ? undefined : JSON.parse(text);
    const key = `${operationId} ${response.status}`;
    assert.deepEqual(validateResponse(operationId, response.status, body).errors, [], key);
    const reading = await readWithCodatSdk(operationId, new Response(text === '' ? null : text, { status: response.status, headers: response.headers }));
    assert.notEqual(reading.kind, 'refused', `${key}: Codat's SDK refuses the answer: ${reading.kind === 'refused' ? reading.message : ''}`);
    assert.equal(reading.kind, response.ok ? 'value' : 'error-message', `${key}: Codat's SDK read it as ${reading.kind}`);
    return { status: response.status, body };
  }

  it("create-, list- and delete-webhook-consumer answer as described, and as Codat's SDK reads them", async () => {
    const created = await consumers('create-webhook-consumer', '/webhooks', {
      method: 'POST',
      body: JSON.stringify({ url: `${consumer.url}/hook`, eventTypes: EVENT_TYPES }),
    });
    assert.equal(created.status, 201);
    const listed = await consumers('list-webhook-consumers', '/webhooks');
    assert.deepEqual(
      listed.body.results.map((each: { id: string }) => each.id),
      [created.body.id],
    );
    const other = await consumers('create-webhook-consumer', '/webhooks', {
      method: 'POST',
      body: JSON.stringify({ url: `${consumer.url}/other`, eventTypes: ['company.created'] }),
    });
    assert.equal((await consumers('delete-webhook-consumer', `/webhooks/${other.body.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await consumers('delete-webhook-consumer', `/webhooks/${other.body.id}`, { method: 'DELETE' })).status, 404);
    const refused = await consumers('create-webhook-consumer', '/webhooks', {
      method: 'POST',
      body: JSON.stringify({ url: 'ftp://example.com', eventTypes: EVENT_TYPES }),
    });
    assert.equal(refused.status, 400);
  });

  it('sends each event type, signed, with a body valid against its webhook schema', async () => {
    // connection.created, then connection.failed (denied on the link page)
    const denied = await (await api(`/companies/${company}/connections`, { method: 'POST', body: JSON.stringify({ platformKey: 'gbol' }) })).json();
    await fetch(`${emulator.url}/link/${company}/${denied.id}`, { method: 'POST', body: new URLSearchParams({ decision: 'deny' }) });
    // connection.connected and read.completed.initial (linked on the link page)
    const linked = await (await api(`/companies/${company}/connections`, { method: 'POST', body: JSON.stringify({ platformKey: 'gbol' }) })).json();
    await fetch(`${emulator.url}/link/${company}/${linked.id}`, { method: 'POST', body: new URLSearchParams({ decision: 'authorize' }) });
    // connection.disconnected (revoked at the platform), connection.reconnected, read.completed, connection.deleted
    const status = (value: string) =>
      api(`/_emulator/companies/${company}/connections/${linked.id}/status`, { method: 'POST', body: JSON.stringify({ status: value }) });
    assert.equal((await status('Deauthorized')).status, 200);
    assert.equal((await status('Linked')).status, 200);
    assert.equal((await api(`/companies/${company}/data/all`, { method: 'POST' })).status, 204);
    assert.equal((await api(`/companies/${company}/connections/${denied.id}`, { method: 'DELETE' })).status, 200);

    await until(() => EVENT_TYPES.every((type) => received.some((delivery) => JSON.parse(delivery.body).eventType === type)));
    const verifier = new Webhook(secret);
    for (const { headers, body } of received) {
      const event = JSON.parse(body);
      const signature = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, headers.get(name) ?? '']));
      assert.doesNotThrow(() => verifier.verify(body, signature), `${event.eventType} is signed`);
      const validation = validateSchema(`#/webhooks/${event.eventType}/post/requestBody/content/application~1json/schema`, event);
      assert.deepEqual(validation.errors, [], `${event.eventType}: ${body}`);
      const reading = readWebhookWithCodatSdk(body);
      assert.equal(reading.kind, 'value', `${event.eventType}: Codat's SDK refuses it: ${reading.kind === 'refused' ? reading.message : ''}`);
      if (event.eventType.startsWith('connection.')) assert.equal(event.payload.referenceCompany.id, company);
    }
    const revoked = received.map((delivery) => JSON.parse(delivery.body)).find((event) => event.payload.connection?.status === 'Deauthorized');
    assert.equal(revoked.eventType, 'connection.disconnected');
    assert.equal(revoked.payload.connection.dataConnectionErrors[0].status, 'Active');
  });
});

/** Waits for `condition`; fails, rather than hangs, when it never holds. */
async function until(condition: () => boolean): Promise<void> {
  const giveUp = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
