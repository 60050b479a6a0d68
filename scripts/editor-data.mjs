#!/usr/bin/env node
// Editor data and framework typings for <codat-connections>, generated from custom-elements.json
// (itself generated from the class JSDoc by `npm run build`, which then runs this script):
//   packages/widget/dist/vscode.html-custom-data.json  VS Code's `html.customData`
//   packages/widget/dist/web-types.json                JetBrains IDEs (package.json `web-types`)
//   packages/widget/dist/types/{vue,svelte,angular}.d.ts  the `./vue`, `./svelte`, `./angular` entries
// Written by hand rather than with the `custom-element-vs-code-integration` /
// `custom-element-jet-brains-integration` analyzer plugins: a few dozen lines, no dependency, and one
// place that turns the manifest into every file, so test/editor-data.test.ts can render them again in
// memory and fail when a built file no longer follows the manifest.
// `node scripts/editor-data.mjs` writes them; `--check` exits 1 when one is out of date.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElement, manifestPath } from './docs.mjs';

export const widgetDir = fileURLToPath(new URL('../packages/widget/', import.meta.url));

/** The values of a union of string literals (`'a' | 'b'`), or undefined for any other type. */
export function literalValues(typeText) {
  const parts = (typeText ?? '')
    .split('|')
    .map((part) => part.trim())
    .filter((part) => part !== 'undefined');
  const values = parts.map((part) => /^'([^']*)'$/.exec(part)?.[1]);
  return parts.length > 0 && values.every((value) => value !== undefined) ? values : undefined;
}

const oneLine = (text) => (text ?? '').replace(/\s*\n\s*/g, ' ').trim();
const camel = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
const quoteKey = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);

/** The facts every output is made of, read from the element's manifest entry. */
function facts(manifest) {
  const element = findElement(manifest);
  const fields = (element.members ?? []).filter((member) => member.kind === 'field' && !member.static);
  const attributes = (element.attributes ?? []).map((attribute) => ({
    ...attribute,
    field: fields.find((field) => field.name === attribute.fieldName),
  }));
  // Properties set from script only (objects and functions): writable public fields without an attribute.
  const properties = fields.filter((field) => !field.readonly && !attributes.some((attribute) => attribute.fieldName === field.name));
  return { element, fields, attributes, properties, events: element.events ?? [] };
}

/** VS Code custom data (https://github.com/microsoft/vscode-custom-data), version 1.1. */
export function renderVsCodeData(manifest) {
  const { element, attributes } = facts(manifest);
  const data = {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    tags: [
      {
        name: element.tagName,
        description: [
          oneLine(element.summary),
          `Events: ${element.events.map((event) => `\`${event.name}\``).join(', ')}.`,
          `Slots: ${element.slots.map((slot) => `\`${slot.name}\``).join(', ')}.`,
          `CSS parts: ${element.cssParts.map((part) => `\`${part.name}\``).join(', ')}.`,
        ].join('\n\n'),
        attributes: attributes.map((attribute) => {
          const values = literalValues(attribute.type?.text);
          const boolean = attribute.type?.text === 'boolean';
          return {
            name: attribute.name,
            description: `${oneLine(attribute.description)}\n\nType: \`${attribute.type?.text ?? 'string'}\``,
            ...(values ? { values: values.map((name) => ({ name })) } : {}),
            ...(boolean ? { valueSet: 'v' } : {}),
          };
        }),
        references: [{ name: 'README', url: 'https://github.com/codat-connections/codat-connections/tree/main/packages/widget#readme' }],
      },
    ],
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** JetBrains web-types (https://github.com/JetBrains/web-types), schema 2.0. */
export function renderWebTypes(manifest, { name, version }) {
  const { element, attributes, fields, events } = facts(manifest);
  const value = (typeText) => {
    const values = literalValues(typeText);
    if (typeText === 'boolean') return { type: 'boolean' };
    if (values) return { type: values.map((entry) => `'${entry}'`).join(' | '), kind: 'plain' };
    return { type: (typeText ?? 'string').replace(/ \| undefined$/, ''), kind: 'plain' };
  };
  const data = {
    $schema: 'https://raw.githubusercontent.com/JetBrains/web-types/master/schema/web-types.json',
    name,
    version,
    'description-markup': 'markdown',
    contributions: {
      html: {
        elements: [
          {
            name: element.tagName,
            description: oneLine(element.summary),
            'doc-url': 'https://github.com/codat-connections/codat-connections/tree/main/packages/widget#readme',
            attributes: attributes.map((attribute) => ({
              name: attribute.name,
              description: oneLine(attribute.description),
              ...(attribute.field?.default ? { default: attribute.field.default } : {}),
              value: value(attribute.type?.text),
            })),
            events: events.map((event) => ({ name: event.name, description: `${oneLine(event.description)} (\`${event.type?.text}\`)` })),
            slots: element.slots.map((slot) => ({ name: slot.name, description: oneLine(slot.description) })),
            js: {
              properties: fields.map((field) => ({
                name: field.name,
                description: oneLine(field.description),
                type: field.type?.text,
                ...(field.readonly ? { 'read-only': true } : {}),
              })),
              events: events.map((event) => ({ name: event.name, description: oneLine(event.description), type: event.type?.text })),
            },
            css: {
              parts: element.cssParts.map((part) => ({ name: part.name, description: oneLine(part.description) })),
              properties: element.cssProperties.map((property) => ({
                name: property.name,
                description: `${oneLine(property.description)}${property.default ? ` Default \`${property.default}\`.` : ''}`,
              })),
            },
          },
        ],
      },
    },
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

const banner = (what) =>
  `// ${what} for <codat-connections>, generated from custom-elements.json by scripts/editor-data.mjs; do not edit.\n` +
  `// Types only: importing it (\`import type {} from '…'\`) adds nothing to a bundle.\n`;

/**
 * The type of an attribute's value in a template: the property's type, plus the string form of a
 * number, since an attribute written in markup is text.
 */
function attributeType(attribute) {
  const type = `CodatConnections['${attribute.fieldName}']`;
  return attribute.type?.text === 'number' ? `${type} | \`\${number}\`` : type;
}

/** `name?: type;` lines: every attribute by its HTML name, then the script-only properties. */
function propLines(attributes, properties, indent) {
  return [
    ...attributes.map((attribute) => `${indent}${quoteKey(attribute.name)}?: ${attributeType(attribute)};`),
    ...properties.map((field) => `${indent}${field.name}?: CodatConnections['${field.name}'];`),
  ].join('\n');
}

/** Vue 3: a `GlobalComponents` entry, so volar / vue-tsc check the tag in templates. */
export function renderVueTypes(manifest) {
  const { attributes, properties, events } = facts(manifest);
  // Volar may camelize a kebab-case attribute before checking it, so such an attribute is also listed
  // by its camelCase name (`tokenUrl` beside `token-url`), with the same type.
  const camelLines = attributes
    .filter((attribute) => camel(attribute.name) !== attribute.name)
    .map((attribute) => `  ${camel(attribute.name)}?: ${attributeType(attribute)};`);
  const eventLines = events.map((event) => `  ${camel(`on-${event.name}`)}?: (event: CodatConnectionsEventMap['${event.name}']) => void;`);
  return `${banner('Vue 3 template typings')}import type { DefineComponent } from 'vue';
import type { CodatConnections, CodatConnectionsEventMap } from '../esm/index.js';

/** What \`<codat-connections>\` accepts in a Vue template: attributes, properties and \`@codat-…\` listeners. */
export interface CodatConnectionsVueProps {
${propLines(attributes, properties, '  ')}
${camelLines.join('\n')}
${eventLines.join('\n')}
}

declare module 'vue' {
  interface GlobalComponents {
    'codat-connections': DefineComponent<CodatConnectionsVueProps>;
  }
}
`;
}

/** Svelte 5: the element in \`SvelteHTMLElements\`, with \`oncodat-…\` event attributes. */
export function renderSvelteTypes(manifest) {
  const { attributes, properties, events } = facts(manifest);
  const eventLines = events.map((event) => `  'on${event.name}'?: (event: CodatConnectionsEventMap['${event.name}']) => void;`);
  return `${banner('Svelte 5 template typings')}import type { HTMLAttributes } from 'svelte/elements';
import type { CodatConnections, CodatConnectionsEventMap } from '../esm/index.js';

/** What \`<codat-connections>\` accepts in Svelte markup, beside the usual HTML attributes. */
export interface CodatConnectionsSvelteProps extends HTMLAttributes<CodatConnections> {
${propLines(attributes, properties, '  ')}
${eventLines.join('\n')}
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'codat-connections': CodatConnectionsSvelteProps;
  }
}
`;
}

/** Angular: names for the element's inputs and its events' types, for components that use the tag. */
export function renderAngularTypes(manifest) {
  const { attributes, properties } = facts(manifest);
  const inputs = [...attributes.map((attribute) => attribute.fieldName), ...properties.map((field) => field.name)];
  return `${banner('Angular typings')}// Angular does not type-check a custom element's bindings: declare \`schemas: [CUSTOM_ELEMENTS_SCHEMA]\`
// on the component and type the handlers with these names, e.g.
// \`onLinked(event: CodatConnectionsEvent<'codat-linked'>)\` for \`(codat-linked)="onLinked($event)"\`.
import type { CodatConnections, CodatConnectionsEventMap } from '../esm/index.js';

/** The properties a template may bind with \`[property]="…"\`. */
export type CodatConnectionsInputs = Partial<Pick<CodatConnections, ${inputs.map((name) => `'${name}'`).join(' | ')}>>;

/** The event names a template may listen to with \`(codat-…)="…"\`. */
export type CodatConnectionsEventName = keyof CodatConnectionsEventMap;

/** The \`$event\` of \`(name)="handler($event)"\`. */
export type CodatConnectionsEvent<Name extends CodatConnectionsEventName> = CodatConnectionsEventMap[Name];
`;
}

/** Every generated file: path relative to packages/widget → contents. */
export function renderAll(manifest, pkg) {
  return {
    'dist/vscode.html-custom-data.json': renderVsCodeData(manifest),
    'dist/web-types.json': renderWebTypes(manifest, pkg),
    'dist/types/vue.d.ts': renderVueTypes(manifest),
    'dist/types/svelte.d.ts': renderSvelteTypes(manifest),
    'dist/types/angular.d.ts': renderAngularTypes(manifest),
  };
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** The files that are missing or differ from what the manifest gives; writes them unless `check`. */
export function syncEditorData({ check = false } = {}) {
  const outputs = renderAll(readJson(manifestPath), readJson(join(widgetDir, 'package.json')));
  const stale = [];
  for (const [path, contents] of Object.entries(outputs)) {
    const file = join(widgetDir, path);
    let current;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === contents) continue;
    stale.push(path);
    if (!check) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, contents);
    }
  }
  return stale;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const stale = syncEditorData({ check });
  if (check && stale.length > 0) {
    console.error(`Out of date with custom-elements.json: ${stale.join(', ')}; run \`npm run build\`.`);
    process.exit(1);
  }
}
