// The size budgets of issue 5. Sizes are deterministic, so they are tested: `npm run bench` prints
// them beside their targets, and this test holds each bundle to its ceiling (scripts/sizes.mjs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { budgets, measure } from '../scripts/sizes.mjs';

describe('size budgets', () => {
  for (const { name, config, entries, target, ceiling } of budgets) {
    it(`${name} stays within its ${ceiling} KB ceiling (target ${target} KB)`, async () => {
      const kilobytes = (await measure(config, { entries })) / 1024;
      assert.ok(kilobytes <= ceiling, `${name} is ${kilobytes.toFixed(2)} KB, over its ${ceiling} KB ceiling`);
    });
  }
});

// Issue 12: pages that show only Codat's connections do not load the dataholder model. Its source
// maps the statuses (`INITIATED`) and its client posts to `/consents`: neither is in those files.
describe('the dataholder model stays out of the Codat-only files', () => {
  const dist = new URL('../packages/widget/dist/', import.meta.url);
  const read = (file: string) => readFileSync(new URL(file, dist), 'utf8');
  const markers = ['INITIATED', '/consents'];

  it('is in its own file', () => {
    const code = read('codat-connections-dataholder.js');
    for (const marker of markers) assert.ok(code.includes(marker), `codat-connections-dataholder.js lacks ${marker}: run npm run build first`);
  });

  for (const file of [
    'codat-connections.js',
    'codat-connections.iife.js',
    ...readdirSync(new URL('chunks/', dist))
      .filter((name) => name.endsWith('.js'))
      .map((name) => `chunks/${name}`),
  ]) {
    it(`is not in ${file}`, () => {
      const code = read(file);
      for (const marker of markers) assert.ok(!code.includes(marker), `${file} holds ${marker}`);
    });
  }
});
