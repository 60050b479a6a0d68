// The TypeScript typings as a DOM, React 19, Vue 3, Svelte 5 and Angular user meet them:
// test/types/*.ts(x) are compiled with tsc against the built packages. The valid fixtures must compile
// cleanly; wrong-types.tsx and wrong-frameworks.ts must fail on exactly the lines marked `expect-error`.
// Svelte is not installed here: `svelte/elements` is a stub of its two names (test/types/stubs).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const project = fileURLToPath(new URL('./types/tsconfig.json', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));

/** tsc's diagnostics by file name: `[{ line, message }]`. */
let diagnostics: Map<string, Array<{ line: number; message: string }>>;

before(() => {
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', project], { encoding: 'utf8' });
  diagnostics = new Map();
  for (const match of result.stdout.matchAll(/^(?:.*[\\/])?([\w-]+\.tsx?)\((\d+),\d+\): error (TS\d+: .*)$/gm)) {
    const [, file, line, message] = match as unknown as [string, string, string, string];
    diagnostics.set(file, [...(diagnostics.get(file) ?? []), { line: Number(line), message }]);
  }
  assert.ok(result.status === 0 || diagnostics.size > 0, `tsc failed without diagnostics:\n${result.stdout}${result.stderr}`);
});

describe('TypeScript typings', () => {
  for (const fixture of ['element-dom.ts', 'element-jsx.tsx', 'react-wrapper.tsx', 'vue-usage.ts', 'svelte-usage.ts', 'angular-usage.ts']) {
    it(`accepts ${fixture}`, () => {
      assert.deepEqual(diagnostics.get(fixture) ?? [], []);
    });
  }

  for (const fixture of ['wrong-types.tsx', 'wrong-frameworks.ts']) {
    it(`rejects a wrong attribute, property, element or handler type on each marked line of ${fixture}`, () => {
      const source = readFileSync(new URL(`./types/${fixture}`, import.meta.url), 'utf8').split('\n');
      const expected = source.flatMap((text, index) => (text.includes('// expect-error') ? [index + 1] : []));
      assert.ok(expected.length >= 5, 'the fixture marks its mistakes');
      const reported = [...new Set((diagnostics.get(fixture) ?? []).map((diagnostic) => diagnostic.line))].sort((a, b) => a - b);
      assert.deepEqual(reported, expected, JSON.stringify(diagnostics.get(fixture), null, 1));
    });
  }

  it('reports nothing in any other file', () => {
    const others = [...diagnostics.keys()].filter((file) => !['wrong-types.tsx', 'wrong-frameworks.ts'].includes(file));
    assert.deepEqual(others, [], JSON.stringify(Object.fromEntries(diagnostics), null, 1));
  });
});
