// The size budgets of issue 5 (sizes are deterministic, so they are tested; `npm run bench` prints
// them beside their targets). Measured from the compiled packages, as scripts/sizes.mjs does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { budgets, measure } from '../scripts/sizes.mjs';

describe('size budgets', () => {
  for (const { name, config, target } of budgets) {
    it(`${name} is at most ${target} KB`, async () => {
      const kilobytes = (await measure(config)) / 1024;
      assert.ok(kilobytes <= target, `${name} is ${kilobytes.toFixed(2)} KB, over its ${target} KB budget`);
    });
  }
});
