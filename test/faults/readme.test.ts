// test/faults/README.md's table is the fault matrix's (test/faults/matrix.ts), so the two cannot
// drift: `npx tsx test/faults/write-readme.ts` writes it again after a change to the matrix.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { faultTable, faults } from './matrix.js';
import { readmePath, tableIn } from './readme.js';

test('test/faults/README.md holds the table the fault matrix renders', () => {
  assert.equal(tableIn(readFileSync(readmePath, 'utf8')), faultTable(), 'run `npx tsx test/faults/write-readme.ts`');
});

test('every fault has a unique id, what the user sees and the events it fires', () => {
  assert.equal(new Set(faults.map((entry) => entry.id)).size, faults.length);
  for (const entry of faults) {
    assert.ok(entry.sees.length > 0, `${entry.id}: what the user sees`);
    assert.ok(entry.events.length > 0, `${entry.id}: its events`);
  }
});
