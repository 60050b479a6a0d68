#!/usr/bin/env node
// `node scripts/check-size.mjs`: prints each size budget and exits 1 when one is exceeded.
// Needs the packages' compiled output (`npm run build`, or at least `tsc -b`).
import { measureSizes } from './sizes.mjs';

const rows = await measureSizes();
for (const row of rows) {
  const verdict = row.value <= row.target ? 'ok' : 'OVER BUDGET';
  console.log(`${row.name}: ${row.value.toFixed(2)} KB (budget ${row.target} KB) ${verdict}`);
}
process.exit(rows.every((row) => row.value <= row.target) ? 0 : 1);
