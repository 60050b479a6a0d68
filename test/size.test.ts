// The size budgets of issue 5. Sizes are deterministic, so they are tested: `npm run bench` prints
// them beside their targets, and this test holds each bundle to its ceiling (scripts/sizes.mjs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { budgets, measure } from '../scripts/sizes.mjs';

describe('size budgets', () => {
  for (const { name, config, entries, target, ceiling } of budgets) {
    it(`${name} stays within its ${ceiling} KB ceiling (target ${target} KB)`, async () => {
      const kilobytes = (await measure(config, { entries })) / 1024;
      assert.ok(kilobytes <= ceiling, `${name} is ${kilobytes.toFixed(2)} KB, over its ${ceiling} KB ceiling`);
    });
  }
});
