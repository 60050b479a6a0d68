import { test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import { loadSpec, resolvePointer, specMissing, type Json } from '../helpers/spec.js';

// The core's hand-written types are checked here against Codat's own description: same
// properties, same required ones, same enum members.
const typesFile = fileURLToPath(new URL('../../packages/core/src/types.ts', import.meta.url));

interface Declared {
  properties: Map<string, { optional: boolean }>;
}

function readDeclarations(): { interfaces: Map<string, Declared>; unions: Map<string, string[]> } {
  const program = ts.createProgram([typesFile], { strict: true });
  const source = program.getSourceFile(typesFile)!;
  const checker = program.getTypeChecker();
  const interfaces = new Map<string, Declared>();
  const unions = new Map<string, string[]>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) {
      const type = checker.getTypeAtLocation(node);
      const properties = new Map<string, { optional: boolean }>();
      for (const symbol of checker.getPropertiesOfType(type)) {
        properties.set(symbol.name, { optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0 });
      }
      interfaces.set(node.name.text, { properties });
    } else if (ts.isTypeAliasDeclaration(node) && ts.isUnionTypeNode(node.type)) {
      const literals = node.type.types
        .filter((member): member is ts.LiteralTypeNode => ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal))
        .map((member) => (member.literal as ts.StringLiteral).text);
      unions.set(node.name.text, literals);
    }
  });
  return { interfaces, unions };
}

/** Properties and required names of an object schema, following `$ref`s and `allOf`. */
function schemaShape(schema: Json): { properties: Set<string>; required: Set<string> } {
  const properties = new Set<string>();
  const required = new Set<string>();
  const visit = (node: Json) => {
    if (node.$ref) visit(resolvePointer(node.$ref));
    for (const part of node.allOf ?? []) visit(part);
    for (const name of Object.keys(node.properties ?? {})) properties.add(name);
    for (const name of node.required ?? []) required.add(name);
  };
  visit(schema);
  return { properties, required };
}

const pairs: Array<[string, string]> = [
  ['Connection', '#/components/schemas/Connection'],
  ['DataConnectionError', '#/components/schemas/Connection/definitions/dataConnectionError'],
  ['PagingInfo', '#/components/schemas/PagingInfo'],
  ['ConnectionsPage', '#/components/schemas/Connections'],
  ['Integration', '#/components/schemas/Integration'],
  ['IntegrationsPage', '#/components/schemas/Integrations'],
  ['ErrorMessage', '#/components/schemas/ErrorMessage'],
  ['DataStatus', '#/components/schemas/DataStatus'],
  ['PullOperation', '#/components/schemas/PullOperation'],
  ['PullOperationsPage', '#/components/schemas/PullOperations'],
];

/**
 * Where the core deliberately promises more than the description: the client fills these in when
 * Codat leaves them out, so callers need not check.
 */
const normalized = new Set(['ConnectionsPage.results', 'IntegrationsPage.results', 'PullOperationsPage.results']);

const enums: Array<[string, string]> = [
  ['DataConnectionStatus', '#/components/schemas/Connection/definitions/dataConnectionStatus'],
  ['SourceType', '#/components/schemas/Integration/definitions/sourceType'],
  ['PullOperationStatus', '#/components/schemas/PullOperation/properties/status'],
  ['DataType', '#/components/schemas/DataStatus/properties/dataType'],
];

test("core types follow Codat's OpenAPI description", { skip: specMissing }, async (t) => {
  loadSpec();
  const { interfaces, unions } = readDeclarations();

  for (const [name, pointer] of pairs) {
    await t.test(`${name} matches ${pointer}`, () => {
      const declared = interfaces.get(name);
      assert.ok(declared, `packages/core/src/types.ts declares ${name}`);
      const { properties, required } = schemaShape({ $ref: pointer });
      assert.deepEqual([...declared.properties.keys()].sort(), [...properties].sort(), `${name}: same properties as the description`);
      for (const [property, { optional }] of declared.properties) {
        if (normalized.has(`${name}.${property}`)) continue;
        assert.equal(!optional, required.has(property), `${name}.${property} is ${required.has(property) ? 'required' : 'optional'} in the description`);
      }
    });
  }

  for (const [name, pointer] of enums) {
    await t.test(`${name} lists the members of ${pointer}`, () => {
      assert.deepEqual(unions.get(name)?.sort(), [...resolvePointer(pointer).enum].sort());
    });
  }

  await t.test('DataConnectionError.status lists the error statuses of the description', () => {
    const source = ts.sys.readFile(typesFile) ?? '';
    const declared = /status\?:\s*([^;]+);/.exec(source.slice(source.indexOf('interface DataConnectionError')))?.[1] ?? '';
    for (const member of resolvePointer('#/components/schemas/Connection/definitions/dataConnectionError').properties.status.enum) {
      assert.match(declared, new RegExp(`'${member}'`));
    }
  });
});
