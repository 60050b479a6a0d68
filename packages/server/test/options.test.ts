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

  it('defaults to basePath /api/codat, 600-second tokens without delete, and https://api.codat.io', async () => {
    const forwarded: string[] = [];
    const handler = createConnectionsHandler({
      apiKey: 'k',
      secret: 'x'.repeat(32),
      authorize: async () => ({ companyId: '6b0d2c44-f675-40ba-8049-353bfcb5e171' }),
      fetch: async (input) => {
        forwarded.push(String(input));
        return Response.json({ results: [] });
      },
    });
    const response = await handler(new Request('http://localhost/api/codat/token', { method: 'POST', headers: { 'X-Requested-With': 'codat-connections' } }));
    const grant = await response.json();
    assert.equal(grant.expiresIn, 600);
    assert.equal(grant.baseUrl, 'http://localhost/api/codat');
    const claims = JSON.parse(Buffer.from(grant.accessToken.split('.')[1], 'base64url').toString());
    assert.equal(claims.exp - claims.iat, 600);
    assert.deepEqual(claims.permissions, ['connections:read', 'connections:link', 'connections:unlink']);
    await handler(new Request('http://localhost/api/codat/integrations', { headers: { Authorization: `Bearer ${grant.accessToken}` } }));
    assert.deepEqual(forwarded, ['https://api.codat.io/integrations']);
  });

  it('never puts the API key in the message of its own errors', () => {
    const apiKey = 'secret-key-should-stay-hidden';
    assert.throws(
      () => createConnectionsHandler({ apiKey, secret: 'short', authorize }),
      (error: Error) => !error.message.includes(apiKey),
    );
  });
});
