// The dataholder source trusts an answer only when it is about the connection asked about (the
// partner's functions may answer anything), and offers only what its transport can do.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dataholderSource } from '../src/dataholder.js';
import { dataholderConnection } from '../../../test/helpers/fixtures.js';

const row = (id: string, status = 'ACTIVE') => dataholderConnection(id, { status });

describe('dataholderSource', () => {
  const liar = dataholderSource({
    list: async () => [row('a')],
    get: async () => row('other'),
    disconnect: async () => row('other', 'DISCONNECTED'),
    consent: async () => ({ connection: row('other', 'INITIATED'), url: 'https://consent.example/1' }),
  });
  const invalid = { code: 'invalid_response' };

  it('refuses a get, a disconnect or a consent answered about another connection', async () => {
    const a = (await liar.list({ page: 1, pageSize: 50, sourceTypes: [], platformKeys: [] })).connections[0]!;
    await assert.rejects(liar.get('a'), { ...invalid, operation: 'get' });
    await assert.rejects(liar.unlink!('a'), { ...invalid, operation: 'disconnect' });
    await assert.rejects(liar.reauthorize!(a), { ...invalid, operation: 'consent' });
  });

  it('gives a new consent its page as the link URL', async () => {
    const started = await liar.create!('anz');
    assert.equal(started.linkUrl, 'https://consent.example/1');
    assert.equal(started.state, 'pending');
  });

  it('offers no create, link, reauthorize or unlink without consent and disconnect, and never delete', () => {
    const readOnly = dataholderSource({ list: async () => [], get: async (id) => row(id) });
    assert.deepEqual(
      ['create', 'link', 'reauthorize', 'unlink', 'delete', 'refreshData'].filter((name) => name in readOnly),
      [],
    );
    assert.equal('delete' in liar, false);
  });
});
