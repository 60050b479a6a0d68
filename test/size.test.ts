// The size budgets. Sizes are deterministic, so they are tested: `npm run bench` prints
// them beside their targets, and this test holds each bundle to its ceiling (scripts/sizes.mjs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { budgets, measure } from '../scripts/sizes.mjs';
import { builtInLocales, loadStrings } from '../packages/widget/src/strings/index.js';

describe('size budgets', () => {
  for (const { name, config, entries, target, ceiling } of budgets) {
    it(`${name} stays within its ${ceiling} KB ceiling${target === undefined ? '' : ` (target ${target} KB)`}`, async () => {
      const kilobytes = (await measure(config, { entries })) / 1024;
      assert.ok(kilobytes <= ceiling, `${name} is ${kilobytes.toFixed(2)} KB, over its ${ceiling} KB ceiling`);
    });
  }
});

// Pages that show only Codat's connections do not load the dataholder model. Its source
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

// Ten languages without a heavier first load. Each built-in catalogue but English is a
// chunk of its own, fetched only when a page asks for that language; the classic script, which
// cannot load chunks, has them all.
describe('each language but English is a chunk of its own', () => {
  const dist = new URL('../packages/widget/dist/', import.meta.url);
  const entry = readFileSync(new URL('codat-connections.js', dist), 'utf8');
  const classic = readFileSync(new URL('codat-connections.iife.js', dist), 'utf8');
  for (const locale of builtInLocales.filter((name) => name !== 'en')) {
    it(`${locale}: in chunks/${locale}.js, not in the first load`, async () => {
      const { linkNew } = await loadStrings(locale);
      assert.ok(readFileSync(new URL(`chunks/${locale}.js`, dist), 'utf8').includes(linkNew), `chunks/${locale}.js holds the ${locale} catalogue`);
      assert.ok(!entry.includes(linkNew), `codat-connections.js holds no ${locale} text`);
      assert.ok(classic.includes(linkNew), `codat-connections.iife.js holds the ${locale} catalogue`);
    });
  }
});

// Following changes made elsewhere loads after the first load, where `live` is not `off`: the
// element's live part and the core's stream reader are chunks of their own.
describe('the live part stays out of the first load', () => {
  const dist = new URL('../packages/widget/dist/', import.meta.url);
  const read = (file: string) => readFileSync(new URL(file, dist), 'utf8');
  // The live part tells reads finished by their kind; the core's stream reader names the stream's route.
  const markers = { 'chunks/live.js': 'read.completed', 'chunks/watch.js': '/connections/events' };

  for (const [chunk, marker] of Object.entries(markers)) {
    it(`${chunk} holds ${marker}, and the first load does not`, () => {
      assert.ok(read(chunk).includes(marker), `${chunk} lacks ${marker}: run npm run build first`);
      assert.ok(!read('codat-connections.js').includes(marker), `codat-connections.js holds ${marker}`);
    });
  }
});
