import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureKind, isMisconfiguration, isWorthRetrying } from '../src/failures.js';

const error = (code: string, status = 0) => Object.assign(new Error(code), { code, status });

describe('failureKind', () => {
  it('reads the truth again after any outcome that may have happened, or a change made elsewhere', () => {
    for (const code of ['network_error', 'timeout', 'invalid_response', 'server_error', 'not_found', 'conflict']) {
      assert.equal(failureKind(error(code)), 'uncertain', code);
    }
    assert.equal(failureKind(error('http_error', 400)), 'uncertain');
  });

  it('tells apart what did not happen, a lost session and an abort', () => {
    assert.equal(failureKind(error('aborted')), 'aborted');
    assert.equal(failureKind(error('unauthorized', 401)), 'signed-out');
    for (const code of ['forbidden', 'rate_limited', 'invalid_argument', 'link_blocked', 'link_cancelled']) {
      assert.equal(failureKind(error(code)), 'refused', code);
    }
    assert.equal(failureKind(error('http_error', 422)), 'refused');
    assert.equal(failureKind(new TypeError('x')), 'refused');
    assert.equal(failureKind(undefined), 'refused');
  });

  it('offers Retry unless the request itself was wrong, forbidden, or the session is gone', () => {
    assert.deepEqual(
      ['forbidden', 'invalid_argument', 'unauthorized', 'rate_limited', 'server_error'].map((code) => isWorthRetrying(error(code))),
      [false, false, false, true, true],
    );
  });

  it('takes a bad argument for a misconfiguration, but not a bad grant: the next grant may be right', () => {
    assert.equal(isMisconfiguration(Object.assign(error('invalid_argument'), { operation: 'list' })), true);
    assert.equal(isMisconfiguration(Object.assign(error('invalid_argument'), { operation: 'token' })), false);
    assert.equal(isMisconfiguration(error('invalid_response')), false);
  });
});
