// The widget's modules form no import cycle: each concern (view model, normalization, filtering,
// controllers, templates) can be read, tested and replaced without the element behind it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Each module's relative imports (type-only ones too: they tie modules together for the reader). */
function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of sources(src)) {
    const imports = [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gms)].map((match) =>
      relative(src, normalize(join(dirname(file), match[1]!.replace(/\.js$/, '.ts')))),
    );
    edges.set(relative(src, file), imports);
  }
  return edges;
}

/** Every cycle, as a path of modules that leads back to its first. */
function cycles(edges: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (module: string, path: string[]) => {
    if (state.get(module) === 'done') return;
    if (state.get(module) === 'visiting') {
      found.push([...path.slice(path.indexOf(module)), module]);
      return;
    }
    state.set(module, 'visiting');
    for (const next of edges.get(module) ?? []) visit(next, [...path, module]);
    state.set(module, 'done');
  };
  for (const module of edges.keys()) visit(module, []);
  return found;
}

describe('widget modules', () => {
  it('import one another without a cycle', () => {
    const edges = graph();
    assert.ok(edges.size > 20, `read ${edges.size} modules`);
    assert.ok(edges.get('connections.component.ts')!.includes('controllers/list.ts'), 'relative imports are read');
    assert.deepEqual(cycles(edges), []);
  });

  it('finds a cycle when there is one', () => {
    const edges = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    assert.deepEqual(cycles(edges), [['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
