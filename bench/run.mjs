#!/usr/bin/env node
// `npm run bench`: runs every bench/*.mjs module (each exports a default async function that
// returns rows `{ name, value, unit, target?, better? }`) and prints one table of figures.
// Targets are shown beside each figure; only the size budgets fail a run (scripts/check-size.mjs).
import { readdirSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const only = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((file) => file.endsWith('.mjs') && file !== 'run.mjs' && !file.startsWith('_'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();

const rows = [];
for (const file of modules) {
  const { default: bench } = await import(new URL(file, here));
  const started = performance.now();
  try {
    for (const row of await bench()) rows.push({ suite: file.replace('.mjs', ''), ...row });
  } catch (error) {
    rows.push({ suite: file.replace('.mjs', ''), name: 'failed', value: String(error?.message ?? error), unit: '' });
  }
  process.stderr.write(`bench ${file} done in ${Math.round(performance.now() - started)} ms\n`);
}

const format = (value) => (typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : String(value));
const verdict = (row) => {
  if (row.target === undefined || typeof row.value !== 'number') return '';
  const ok = row.better === 'higher' ? row.value >= row.target : row.value <= row.target;
  return ok ? 'ok' : 'OVER';
};
const table = rows.map((row) => [
  row.suite,
  row.name,
  `${format(row.value)} ${row.unit ?? ''}`.trim(),
  row.target === undefined ? '' : `${row.better === 'higher' ? '>=' : '<='} ${format(row.target)} ${row.unit ?? ''}`.trim(),
  verdict(row),
]);
const header = ['suite', 'figure', 'value', 'target', ''];
const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column].length)));
const line = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
for (const cells of table) console.log(line(cells));
