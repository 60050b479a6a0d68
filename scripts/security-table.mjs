#!/usr/bin/env node
// Keeps SECURITY.md's attack table in step with the rows attacks.test.ts sends
// (packages/server/test/attacks.ts): `npm run security-table` rewrites the block between the
// markers, `--check` exits 1 when SECURITY.md is out of date. attacks.test.ts runs the check.
// The rows are TypeScript, so this runs under tsx: `node --import tsx scripts/security-table.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { updateSecurityDocument } from '../packages/server/test/attacks.ts';

const securityPath = fileURLToPath(new URL('../SECURITY.md', import.meta.url));
const document = readFileSync(securityPath, 'utf8');
const updated = updateSecurityDocument(document);
const check = process.argv.includes('--check');
if (updated !== document && check) {
  console.error('SECURITY.md is out of date with packages/server/test/attacks.ts: run `npm run security-table`.');
  process.exit(1);
}
if (updated !== document) writeFileSync(securityPath, updated);
console.log(updated === document ? 'SECURITY.md is up to date.' : 'SECURITY.md updated.');
