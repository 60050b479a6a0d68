#!/usr/bin/env node
// Keeps the widget README's API tables in step with custom-elements.json (itself generated from
// the class JSDoc by `npm run build`): `node scripts/docs.mjs` rewrites the block between the
// markers, `--check` exits 1 when the README is out of date. test/docs.test.ts runs the check.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const manifestPath = fileURLToPath(new URL('../packages/widget/custom-elements.json', import.meta.url));
export const readmePath = fileURLToPath(new URL('../packages/widget/README.md', import.meta.url));
export const startMarker = '<!-- api:start: generated from custom-elements.json by scripts/docs.mjs; do not edit -->';
export const endMarker = '<!-- api:end -->';

/** Markdown table cell: one line, pipes escaped. */
const cell = (text) =>
  (text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const code = (text) => (text ? `\`${cell(text)}\`` : '');
const table = (header, rows) =>
  rows.length === 0
    ? '_None._'
    : [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** The `<codat-connections>` declaration of a manifest. */
export function findElement(manifest, tagName = 'codat-connections') {
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.customElement && declaration.tagName === tagName) return declaration;
    }
  }
  throw new Error(`custom-elements.json declares no <${tagName}>`);
}

/** The README block (markers included) for one element of the manifest. */
export function renderApiTables(manifest) {
  const element = findElement(manifest);
  const members = element.members ?? [];
  const fields = members.filter((member) => member.kind === 'field' && !member.static);
  const methods = members.filter((member) => member.kind === 'method' && !member.static);
  const attributes = element.attributes ?? [];
  const attributeOf = (field) => attributes.find((attribute) => attribute.fieldName === field.name)?.name;

  const sections = [
    [
      'Attributes and properties',
      table(
        ['Attribute', 'Property', 'Type', 'Default', 'Description'],
        [
          ...fields.map((field) => [
            code(attributeOf(field)),
            code(field.name) + (field.readonly ? ' (read-only)' : ''),
            code(field.type?.text),
            code(field.default),
            cell(field.description),
          ]),
          // An attribute without a property of its own (none today) still gets a row.
          ...attributes
            .filter((attribute) => !fields.some((field) => field.name === attribute.fieldName))
            .map((attribute) => [code(attribute.name), '', code(attribute.type?.text), code(attribute.default), cell(attribute.description)]),
        ],
      ),
    ],
    [
      'Methods',
      table(
        ['Method', 'Returns', 'Description'],
        methods.map((method) => [
          code(`${method.name}(${(method.parameters ?? []).map((parameter) => `${parameter.name}: ${parameter.type?.text ?? 'unknown'}`).join(', ')})`),
          code(method.return?.type?.text),
          cell(method.description),
        ]),
      ),
    ],
    [
      'Events',
      table(
        ['Event', 'Type', 'Description'],
        (element.events ?? []).map((event) => [code(event.name), code(event.type?.text), cell(event.description)]),
      ),
    ],
    [
      'CSS parts',
      table(
        ['Part', 'Description'],
        (element.cssParts ?? []).map((part) => [code(part.name), cell(part.description)]),
      ),
    ],
    [
      'CSS custom properties',
      table(
        ['Property', 'Default', 'Description'],
        (element.cssProperties ?? []).map((property) => [code(property.name), code(property.default), cell(property.description)]),
      ),
    ],
    [
      'Slots',
      table(
        ['Slot', 'Description'],
        (element.slots ?? []).map((slot) => [slot.name ? code(slot.name) : '(default)', cell(slot.description)]),
      ),
    ],
  ];
  const body = sections.map(([title, content]) => `### ${title}\n\n${content}`).join('\n\n');
  return `${startMarker}\n\n${body}\n\n${endMarker}`;
}

/** The README with its generated block replaced (throws when the markers are missing). */
export function updateReadme(readme, manifest) {
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`packages/widget/README.md lacks the markers:\n${startMarker}\n${endMarker}`);
  return readme.slice(0, start) + renderApiTables(manifest) + readme.slice(end + endMarker.length);
}

/** Compares (or, unless `check`, rewrites) the README; returns whether it was up to date. */
export function syncReadme({ check = false } = {}) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const readme = readFileSync(readmePath, 'utf8');
  const updated = updateReadme(readme, manifest);
  if (updated === readme) return true;
  if (!check) writeFileSync(readmePath, updated);
  return false;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const upToDate = syncReadme({ check });
  if (check && !upToDate) {
    console.error('packages/widget/README.md is out of date with custom-elements.json: run `npm run build && npm run docs`.');
    process.exit(1);
  }
  console.log(upToDate ? 'packages/widget/README.md is up to date.' : 'packages/widget/README.md updated.');
}
