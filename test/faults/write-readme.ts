// Writes the fault matrix's table into test/faults/README.md: `npx tsx test/faults/write-readme.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import { faultTable } from './matrix.js';
import { readmePath, withTable } from './readme.js';

writeFileSync(readmePath, withTable(readFileSync(readmePath, 'utf8'), faultTable()));
console.log(`${readmePath} updated.`);
