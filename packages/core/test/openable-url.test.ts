// Which URLs the element may open and the emulator and handler may send a user back to: https, or
// http on this machine. One rule, `isOpenableUrl`, for all three.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isOpenableUrl } from '../src/link.js';

describe('isOpenableUrl', () => {
  it('opens https anywhere, and http on this machine only', () => {
    for (const url of [
      'https://link.codat.io/start',
      'http://localhost:3000/return',
      'http://portal.localhost:3000/',
      'http://127.0.0.1:8080/',
      'http://[::1]:8080/',
    ]) {
      assert.equal(isOpenableUrl(url), true, url);
    }
  });

  it('refuses plain http off this machine, look-alike hosts and scripts', () => {
    for (const url of [
      'http://example.com/',
      'http://localhost.example.com/',
      'http://127.0.0.2.example.com/',
      'javascript:alert(1)',
      'data:text/html,<p>',
      'ftp://localhost/',
      'not a url',
    ]) {
      assert.equal(isOpenableUrl(url), false, url);
    }
  });
});
