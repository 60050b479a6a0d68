#!/usr/bin/env node
// `node scripts/check-size.mjs`: prints each bundle's size beside its target and ceiling, and exits 1
// when one is over its ceiling.
// Needs the packages' compiled output (`npm run build`, or at least `tsc -b`).
import { budgets, measure } from './sizes.mjs';

let over = false;
for (const { name, config, entries, target, ceiling } of budgets) {
  const value = (await measure(config, { entries })) / 1024;
  over ||= value > ceiling;
  const verdict = value > ceiling ? 'OVER CEILING' : value > target ? 'over target' : 'ok';
  console.log(`${name}: ${value.toFixed(2)} KB (target ${target} KB, ceiling ${ceiling} KB) ${verdict}`);
}
process.exit(over ? 1 : 0);
