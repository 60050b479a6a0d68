// The test summary's lines for failed browser tests (scripts/browser-failures.mjs), from
// @web/test-runner's output as it prints it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failedTestLines } from '../scripts/browser-failures.mjs';

const output = `packages/widget/test/picker.browser.test.ts:

 ❌ picker > moves with the arrow keys
      AssertionError: the platform focused: expected 'p2' to equal 'new'
      + expected - actual

      -p2
      +new

      at waitFor (test/helpers/browser.ts:44:11)
      at n4.<anonymous> (packages/widget/test/picker.browser.test.ts:119:94)

 ❌ picker > closes with Escape
      Error: Timed out waiting for the dialog

Chrome: |██████████████████████████████| 1/1 test files | 1 passed, 2 failed
`;

describe('the summary of failed browser tests', () => {
  it('names each failed test with its engine, its error and the test-file line it was thrown at', () => {
    assert.deepEqual(failedTestLines('firefox', output), [
      '  ✖ [firefox] picker > moves with the arrow keys',
      "      AssertionError: the platform focused: expected 'p2' to equal 'new'",
      '      at n4.<anonymous> (packages/widget/test/picker.browser.test.ts:119:94)',
      '  ✖ [firefox] picker > closes with Escape',
      '      Error: Timed out waiting for the dialog',
    ]);
  });

  it('gives nothing when no test failed', () => {
    assert.deepEqual(failedTestLines('webkit', 'Chrome: | 1/1 test files | 3 passed, 0 failed\n'), []);
  });
});
