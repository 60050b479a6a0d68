import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exactTime, relativeTime } from '../src/format.js';

const now = Date.parse('2026-06-15T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe('relativeTime', () => {
  it('picks the largest unit the distance fills, in the past and the future', () => {
    assert.equal(relativeTime(ago(30), 'en', now), '30 seconds ago');
    assert.equal(relativeTime(ago(2 * 60), 'en', now), '2 minutes ago');
    assert.equal(relativeTime(ago(3 * 3600), 'en', now), '3 hours ago');
    assert.equal(relativeTime(ago(24 * 3600), 'en', now), 'yesterday');
    assert.equal(relativeTime(ago(2 * 7 * 24 * 3600), 'en', now), '2 weeks ago');
    assert.equal(relativeTime(ago(400 * 24 * 3600), 'en', now), 'last year');
    assert.equal(relativeTime(ago(-3 * 3600), 'en', now), 'in 3 hours');
    assert.equal(relativeTime(ago(0), 'en', now), 'now');
  });

  it('keeps the phrases of each unit, value and locale apart', () => {
    // The same value in neighbouring units, each sign, and two locales: none may answer with another's phrase.
    const phrases = [
      [ago(60), 'en'],
      [ago(3600), 'en'],
      [ago(-60), 'en'],
      [ago(-3600), 'en'],
      [ago(60), 'de'],
      [ago(3600), 'de'],
    ].map(([iso, locale]) => relativeTime(iso, locale!, now));
    assert.deepEqual(phrases, ['1 minute ago', '1 hour ago', 'in 1 minute', 'in 1 hour', 'vor 1 Minute', 'vor 1 Stunde']);
    // Asked again, from the kept phrases.
    assert.equal(relativeTime(ago(3600), 'en', now), '1 hour ago');
    assert.equal(relativeTime(ago(60), 'de', now), 'vor 1 Minute');
  });

  it('answers undefined for a missing or invalid date', () => {
    assert.equal(relativeTime(undefined, 'en', now), undefined);
    assert.equal(relativeTime(null, 'en', now), undefined);
    assert.equal(relativeTime('', 'en', now), undefined);
    assert.equal(relativeTime('not a date', 'en', now), undefined);
  });
});

describe('exactTime', () => {
  it('formats a date in the locale, and nothing for an invalid one', () => {
    assert.match(exactTime('2026-06-15T12:00:00Z', 'en') ?? '', /Jun 15, 2026/);
    assert.equal(exactTime('not a date', 'en'), undefined);
  });
});
