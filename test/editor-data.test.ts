// The editor data (VS Code custom data, JetBrains web-types) and the Vue, Svelte and Angular typings
// are generated from custom-elements.json by scripts/editor-data.mjs during `npm run build`. Rendered
// again here in memory, they must equal the built files, so a changed manifest fails until they follow.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findElement, manifestPath } from '../scripts/docs.mjs';
import { literalValues, renderAll, widgetDir } from '../scripts/editor-data.mjs';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const manifest = () => readJson(manifestPath);
const pkg = () => readJson(join(widgetDir, 'package.json'));

describe('editor data and framework typings', () => {
  it('the built files are what custom-elements.json gives (else run `npm run build`)', () => {
    for (const [path, contents] of Object.entries(renderAll(manifest(), pkg()))) {
      let built: string | undefined;
      try {
        built = readFileSync(join(widgetDir, path), 'utf8');
      } catch {
        built = undefined;
      }
      assert.ok(built === contents, `packages/widget/${path} is out of date with custom-elements.json: run npm run build`);
    }
  });

  it('every generated file follows a new attribute, event and part of the manifest', () => {
    const changed = manifest();
    const element = findElement(changed);
    element.attributes.push({ name: 'made-up', fieldName: 'madeUp', description: 'Not real.', type: { text: "'a' | 'b'" } });
    element.events.push({ name: 'codat-made-up', description: 'Not real.', type: { text: 'CustomEvent<{ x: number }>' } });
    element.cssParts.push({ name: 'made-up-part', description: 'Not real.' });
    const before = renderAll(manifest(), pkg());
    const after = renderAll(changed, pkg());
    for (const path of Object.keys(before)) assert.notEqual(after[path], before[path], path);
    assert.match(after['dist/types/vue.d.ts']!, /'made-up'\?: CodatConnections\['madeUp'\];/);
    assert.match(after['dist/types/svelte.d.ts']!, /'made-up'\?: CodatConnections\['madeUp'\];/);
    assert.match(after['dist/types/angular.d.ts']!, /'madeUp'/);
    const vscode = JSON.parse(after['dist/vscode.html-custom-data.json']!);
    assert.deepEqual(vscode.tags[0].attributes.at(-1).values, [{ name: 'a' }, { name: 'b' }]);
    const webTypes = JSON.parse(after['dist/web-types.json']!);
    assert.ok(webTypes.contributions.html.elements[0].css.parts.some((part: { name: string }) => part.name === 'made-up-part'));
  });

  it('VS Code offers the values of theme and link-mode, and no-confirm as a boolean', () => {
    const data = readJson(join(widgetDir, 'dist/vscode.html-custom-data.json'));
    const attribute = (name: string) => data.tags[0].attributes.find((entry: { name: string }) => entry.name === name);
    assert.deepEqual(attribute('theme').values, [{ name: 'light' }, { name: 'dark' }, { name: 'auto' }]);
    assert.deepEqual(attribute('link-mode').values, [{ name: 'popup' }, { name: 'redirect' }]);
    assert.equal(attribute('no-confirm').valueSet, 'v');
    assert.equal(data.tags[0].attributes.length, findElement(manifest()).attributes.length);
  });

  it('web-types names every attribute, event, part, custom property and slot, and the package points at it', () => {
    const element = findElement(manifest());
    const webTypes = readJson(join(widgetDir, 'dist/web-types.json'));
    const entry = webTypes.contributions.html.elements[0];
    const names = (list: Array<{ name: string }>) => list.map((item) => item.name);
    assert.equal(entry.name, 'codat-connections');
    assert.deepEqual(names(entry.attributes), names(element.attributes));
    assert.deepEqual(names(entry.events), names(element.events));
    assert.deepEqual(names(entry.css.parts), names(element.cssParts));
    assert.deepEqual(names(entry.css.properties), names(element.cssProperties));
    assert.deepEqual(names(entry.slots), names(element.slots));
    for (const state of ['linked', 'pending', 'disconnected', 'expired', 'unknown']) assert.ok(names(entry.css.parts).includes(`status-${state}`));
    assert.equal(webTypes.version, pkg().version);
    assert.equal(pkg()['web-types'], './dist/web-types.json');
  });

  it('reads the values of a union of string literals only', () => {
    assert.deepEqual(literalValues("'popup' | 'redirect'"), ['popup', 'redirect']);
    assert.deepEqual(literalValues("'a' | undefined"), ['a']);
    assert.equal(literalValues('string'), undefined);
    assert.equal(literalValues("'a' | number"), undefined);
  });
});
