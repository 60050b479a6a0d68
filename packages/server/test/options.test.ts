import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createConnectionsHandler } from '@codat-connections/server';

const authorize = async () => null;

describe('createConnectionsHandler options', () => {
  it('throws without an API key', () => {
    assert.throws(() => createConnectionsHandler({ apiKey: '', secret: 'x'.repeat(32), authorize }), /apiKey/);
    // @ts-expect-error the key is required
    assert.throws(() => createConnectionsHandler({ secret: 'x'.repeat(32), authorize }), /apiKey/);
  });

  it('throws for a secret shorter than 32 bytes, as a string or as bytes', () => {
    assert.throws(() => createConnectionsHandler({ apiKey: 'k', secret: 'x'.repeat(31), authorize }), /32 bytes/);
    assert.throws(() => createConnectionsHandler({ apiKey: 'k', secret: new Uint8Array(31), authorize }), /32 bytes/);
  });

  it('accepts a 32-byte secret and returns a fetch handler', async () => {
    const handler = createConnectionsHandler({ apiKey: 'k', secret: new Uint8Array(32), authorize });
    const response = await handler(new Request('http://localhost/api/codat/nowhere'));
    assert.equal(response.status, 404);
  });

  it('never puts the API key in the message of its own errors', () => {
    const apiKey = 'secret-key-should-stay-hidden';
    assert.throws(
      () => createConnectionsHandler({ apiKey, secret: 'short', authorize }),
      (error: Error) => !error.message.includes(apiKey),
    );
  });
});
