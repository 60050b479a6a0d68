// The standalone module, its language chunks and the classic script ship source maps that
// a browser's devtools can follow: each file names its map, the map lists its sources with their
// text, and a position in the minified code leads back to the line of source that produced it.
// Every map any package ships carries the text of its sources or names only files the
// package ships (the packages ship dist, not src).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packedFiles, publishable, root } from './helpers/npm.js';

const dist = fileURLToPath(new URL('../packages/widget/dist/', import.meta.url));
const chunks = existsSync(join(dist, 'chunks')) ? readdirSync(join(dist, 'chunks')).filter((file) => file.endsWith('.js')) : [];
const bundles = ['codat-connections.js', 'codat-connections.iife.js', ...chunks.map((file) => `chunks/${file}`)];

interface RawSourceMap {
  version: number;
  file: string;
  sourceRoot?: string;
  sources: string[];
  sourcesContent?: Array<string | null>;
  mappings: string;
}

/** The map a bundle names in its last line, read from beside it. */
function mapOf(bundle: string): { code: string; url: string; map: RawSourceMap } {
  const code = readFileSync(join(dist, bundle), 'utf8');
  const url = /\n\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  assert.ok(url, `${bundle} ends with a //# sourceMappingURL comment`);
  const file = join(dist, dirname(bundle), url);
  assert.ok(existsSync(file), `${bundle} names ${url}, which exists`);
  return { code, url, map: JSON.parse(readFileSync(file, 'utf8')) };
}

/** The zero-based line and column of an offset in `code`. */
function position(code: string, offset: number): [line: number, column: number] {
  const lines = code.slice(0, offset).split('\n');
  return [lines.length - 1, lines.at(-1)!.length];
}

describe('source maps of the standalone files', () => {
  it('there are language chunks to check: run npm run build first otherwise', () => {
    assert.ok(chunks.length > 0);
  });

  for (const bundle of bundles) {
    it(`${bundle} names its map, and every source in it exists and carries its text`, () => {
      const { url, map } = mapOf(bundle);
      assert.equal(url, `${basename(bundle)}.map`);
      assert.equal(map.version, 3);
      assert.equal(map.file, basename(bundle));
      assert.ok(map.mappings.length > 0, 'mappings are not empty');
      assert.ok(map.sources.length > 0, 'sources are not empty');
      assert.equal(map.sourcesContent?.length, map.sources.length, 'sourcesContent has an entry per source');
      map.sources.forEach((source, index) => {
        const file = resolve(join(dist, dirname(bundle)), map.sourceRoot ?? '', source);
        assert.ok(existsSync(file), `${source} resolves to ${file}`);
        assert.ok(map.sourcesContent![index], `${source} has its text in sourcesContent`);
      });
    });
  }

  for (const bundle of ['codat-connections.js', 'codat-connections.iife.js']) {
    it(`${bundle}: the minified registration maps back to the line that defines the element`, () => {
      const { code, map } = mapOf(bundle);
      const offset = code.indexOf('customElements.define(');
      assert.ok(offset > 0, 'the bundle registers the element');
      const entry = new SourceMap(map).findEntry(...position(code, offset));
      assert.ok('originalSource' in entry, 'the position is mapped');
      assert.match(entry.originalSource, /esm\/codat-connections\.js$/);
      const line = map.sourcesContent![map.sources.indexOf(entry.originalSource)]!.split('\n')[entry.originalLine];
      assert.match(line ?? '', /customElements\.define\('codat-connections'/);
    });
  }

  // Language chunks (fr.js, ...) and the chunks of what loads on first use (the link flow, the picker, ...).
  const isLanguage = (chunk: string) => /^[a-z]{2}\.js$/.test(chunk);

  for (const chunk of chunks.filter(isLanguage)) {
    it(`chunks/${chunk}: its strings map back to its catalogue`, () => {
      const { code, map } = mapOf(`chunks/${chunk}`);
      const entry = new SourceMap(map).findEntry(...position(code, code.indexOf('`') + 1));
      assert.ok('originalSource' in entry, 'the position is mapped');
      assert.equal(basename(entry.originalSource), chunk);
    });
  }

  for (const chunk of chunks.filter((chunk) => !isLanguage(chunk))) {
    it(`chunks/${chunk}: maps back to the module it loads`, () => {
      const { map } = mapOf(`chunks/${chunk}`);
      assert.ok(
        map.sources.some((source) => basename(source) === chunk),
        `${chunk} among ${map.sources.join(', ')}`,
      );
      assert.ok(map.sourcesContent?.every((content) => typeof content === 'string' && content.length > 0));
    });
  }
});

describe('source maps in the published packages', () => {
  for (const name of publishable) {
    it(`@codat-connections/${name}: every shipped map carries each source's text or names a shipped file, and every file names a shipped map`, async () => {
      const folder = join(root, 'packages', name);
      const files = await packedFiles(name);
      const shipped = new Set(files.map((file) => join(folder, file)));
      const maps = files.filter((file) => file.endsWith('.map'));
      assert.ok(maps.length > 0, `${name} ships source maps: run npm run build first otherwise`);
      const unreadable: string[] = [];
      for (const file of maps) {
        const map: RawSourceMap = JSON.parse(readFileSync(join(folder, file), 'utf8'));
        map.sources.forEach((source, index) => {
          const path = resolve(join(folder, dirname(file)), map.sourceRoot ?? '', source);
          const text = map.sourcesContent?.[index];
          if (!(typeof text === 'string' && text.length > 0) && !shipped.has(path)) unreadable.push(`${file}: ${source}`);
        });
      }
      assert.deepEqual(unreadable, [], 'sources without their text that the package does not ship');
      for (const file of files.filter((file) => /\.(js|d\.ts)$/.test(file))) {
        const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(folder, file), 'utf8'))?.[1];
        if (url) assert.ok(shipped.has(join(folder, dirname(file), url)), `${file} names ${url}, which is shipped`);
      }
    });
  }
});
