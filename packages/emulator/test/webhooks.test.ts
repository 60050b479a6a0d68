import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CODAT_RETRY_SCHEDULE, createEmulator, DEMO_COMPANY_ID, type Emulator } from '@codat-connections/emulator';
import { listen, type Listening } from '../../../test/helpers/listen.js';

const API_KEY = 'webhooks-api-key';
const headers = { Authorization: `Basic ${Buffer.from(API_KEY).toString('base64')}`, 'Content-Type': 'application/json' };

describe('emulator webhooks: Codat’s retry schedule', () => {
  let consumer: Listening;
  let emulator: Listening;
  let app: Emulator;
  /** Answers 500 to every delivery, until it is told otherwise. */
  let failing = true;

  before(async () => {
    consumer = await listen(() => {
      return new Response(null, { status: failing ? 500 : 204 });
    });
    // Codat's whole schedule (about 28 hours) in about a second.
    app = createEmulator({ apiKey: API_KEY, rateLimit: false, webhooks: { timeScale: 0.00001 } });
    emulator = await listen(app.fetch);
    const created = await fetch(`${emulator.url}/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: consumer.url, eventTypes: ['connection.created'] }),
    });
    assert.equal(created.status, 201);
  });
  after(async () => {
    await emulator.close();
    await consumer.close();
  });

  it('is immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h', () => {
    assert.deepEqual(CODAT_RETRY_SCHEDULE, [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  });

  it('tries a failing consumer once and then on each step of the schedule, then gives up', async () => {
    await fetch(`${emulator.url}/companies/${DEMO_COMPANY_ID}/connections`, { method: 'POST', headers, body: JSON.stringify({ platformKey: 'gbol' }) });
    await until(() => app.webhooks.attempts().length === 9);
    assert.deepEqual(
      app.webhooks.attempts().map((attempt) => [attempt.attempt, attempt.status]),
      Array.from({ length: 9 }, (_, index) => [index + 1, 500]),
    );
  });

  it('stops at the first 2xx', async () => {
    failing = false;
    const before = app.webhooks.attempts().length;
    await fetch(`${emulator.url}/companies/${DEMO_COMPANY_ID}/connections`, { method: 'POST', headers, body: JSON.stringify({ platformKey: 'gbol' }) });
    await until(() => app.webhooks.attempts().length === before + 1);
    assert.equal(app.webhooks.attempts().at(-1)!.status, 204);
  });

  it('refuses unknown webhook faults', async () => {
    const answer = await fetch(`${emulator.url}/_emulator/webhooks/faults`, { method: 'POST', headers, body: JSON.stringify({ lose: true }) });
    assert.equal(answer.status, 400);
    assert.throws(() => app.webhooks.setFaults({ delay: -1 }), /delay/);
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
