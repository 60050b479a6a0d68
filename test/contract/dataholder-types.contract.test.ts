import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { loadContract } from '../helpers/dataholder-contract.js';
import { loadSpec, specMissing, type Json } from '../helpers/spec.js';

// The dataholder model's TypeScript declarations are checked here against its one contract,
// contracts/dataholder.openapi.json: the same names, the same properties, the same required ones,
// the same enum members. And nothing else declares them again: no package has its own copy of a
// contract's name, of the metrics list or of `ErrorMessage`, and no two public exports of the same
// name are different types.

const root = fileURLToPath(new URL('../../', import.meta.url));
const contractFile = join(root, 'packages/core/src/dataholder/contract.ts');
const coreTypesFile = join(root, 'packages/core/src/types.ts');

/** Schemas of the contract that are string formats, not types of their own. */
const formats = new Set(['PathId', 'UserId']);
/** Schemas of the contract that are Codat's, declared with Codat's types in the core. */
const codatShapes = new Set(['ErrorMessage', 'ErrorValidationItem']);

interface Shape {
  properties: Map<string, { optional: boolean }>;
}

/** The exported declarations of a file: object shapes (interfaces, and each member of a union of object types) and string-literal unions. */
function readDeclarations(file: string) {
  const program = ts.createProgram([file], { strict: true });
  const source = program.getSourceFile(file)!;
  const checker = program.getTypeChecker();
  const shapes = new Map<string, Shape[]>();
  const literals = new Map<string, string[]>();
  const shapeOf = (type: ts.Type): Shape => {
    const properties = new Map<string, { optional: boolean }>();
    for (const symbol of checker.getPropertiesOfType(type)) properties.set(symbol.name, { optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0 });
    return { properties };
  };
  source.forEachChild((node) => {
    if (!(ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node))) return;
    const name = node.name.text;
    const type = checker.getTypeAtLocation(node);
    const members = type.isUnion() ? type.types : [type];
    const strings = members.filter((member) => member.isStringLiteral()).map((member) => (member as ts.StringLiteralType).value);
    if (strings.length > 0) literals.set(name, strings);
    else shapes.set(name, members.map(shapeOf));
  });
  return { shapes, literals };
}

function resolve(pointer: string, document: Json = loadContract()): Json {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .reduce((node, key) => node?.[key], document);
}

/** The properties and required names of each alternative of an object schema (one unless it is a `oneOf`). */
function schemaShapes(schema: Json): Array<{ properties: Set<string>; required: Set<string> }> {
  if (schema.oneOf) return schema.oneOf.flatMap(schemaShapes);
  return [{ properties: new Set(Object.keys(schema.properties ?? {})), required: new Set(schema.required ?? []) }];
}

/** An enum schema's members: `enum`, `const`, or the known members of an open enum (`anyOf` of an enum and any string). */
function enumMembers(schema: Json): string[] | undefined {
  if (schema.enum) return schema.enum;
  if (schema.const !== undefined) return [schema.const];
  const known = schema.anyOf?.find((part: Json) => part.enum);
  return known?.enum;
}

/** Every .ts file under the packages' src folders. */
function sourceFiles(): string[] {
  return ['core', 'widget', 'server', 'emulator'].flatMap((name) => {
    const folder = join(root, 'packages', name, 'src');
    return readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join(folder, file));
  });
}

describe('the dataholder declarations follow contracts/dataholder.openapi.json', () => {
  const schemas: Record<string, Json> = loadContract().components.schemas;
  const { shapes, literals } = readDeclarations(contractFile);

  it('contract.ts declares a type for every schema of the contract, by the same name, and no other', () => {
    const expected = Object.keys(schemas).filter((name) => !formats.has(name) && !codatShapes.has(name));
    assert.deepEqual([...shapes.keys(), ...literals.keys()].sort(), expected.sort());
  });

  for (const [name, schema] of Object.entries(schemas)) {
    if (formats.has(name) || codatShapes.has(name)) continue;
    const members = enumMembers(schema);
    if (members) {
      it(`${name} lists the members of the schema`, () => {
        assert.deepEqual(literals.get(name)?.sort(), [...members].sort());
      });
      continue;
    }
    it(`${name} has the properties of the schema, required where it requires them`, () => {
      const declared = shapes.get(name);
      assert.ok(declared, `contract.ts declares ${name}`);
      const expected = schemaShapes(schema);
      assert.equal(declared.length, expected.length, `${name}: one declaration for each alternative of the schema`);
      expected.forEach(({ properties, required }, index) => {
        const shape = declared[index]!;
        assert.deepEqual([...shape.properties.keys()].sort(), [...properties].sort(), `${name}: same properties`);
        for (const [property, { optional }] of shape.properties) {
          assert.equal(!optional, required.has(property), `${name}.${property} is ${required.has(property) ? 'required' : 'optional'} in the contract`);
        }
      });
    });
  }

  it("DATAHOLDER_METRICS is the contract's list of metrics, in its order, and the names of the datasets in a connection's state", () => {
    const source = readFileSync(contractFile, 'utf8');
    const list = /DATAHOLDER_METRICS = \[([^\]]*)\] as const/.exec(source)?.[1] ?? '';
    assert.deepEqual(
      [...list.matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]),
      schemas['DataholderMetric'].enum,
    );
    const datasets = Object.keys(schemas['DataholderConnectionState'].properties).filter((property) => /^[A-Z_]+$/.test(property));
    assert.deepEqual(datasets, schemas['DataholderMetric'].enum);
  });

  it("the handler's ErrorMessage is the core's (Codat's) ErrorMessage: no property the core's declaration lacks", () => {
    const { shapes: coreShapes } = readDeclarations(coreTypesFile);
    const declared = coreShapes.get('ErrorMessage')?.[0];
    assert.ok(declared, 'packages/core/src/types.ts declares ErrorMessage');
    for (const property of Object.keys(schemas['ErrorMessage'].properties)) assert.ok(declared.properties.has(property), property);
    for (const property of Object.keys(schemas['ErrorValidationItem'].properties)) {
      assert.ok(JSON.stringify(resolve('#/components/schemas/ErrorMessage/properties/validation')).includes('ErrorValidationItem'), property);
    }
  });

  it("the handler's ErrorMessage names Codat's properties", { skip: specMissing }, () => {
    const codat = loadSpec().components.schemas.ErrorMessage;
    for (const property of Object.keys(schemas['ErrorMessage'].properties)) assert.ok(property in codat.properties, property);
    const item = codat.definitions.errorValidationItem.properties;
    for (const property of Object.keys(schemas['ErrorValidationItem'].properties)) assert.ok(property in item, property);
  });
});

describe('the dataholder model and ErrorMessage are declared once', () => {
  const files = sourceFiles();
  const declarationOf = (name: string) => new RegExp(`^\\s*export\\s+(?:interface|type|class|const)\\s+${name}\\b`, 'm');

  it("no package declares a name of the contract again: they import the core's", () => {
    const names = Object.keys(loadContract().components.schemas).filter((name) => !formats.has(name));
    const found = names.flatMap((name) =>
      files.filter((file) => declarationOf(name).test(readFileSync(file, 'utf8'))).map((file) => `${name} in ${relative(root, file)}`),
    );
    assert.deepEqual(
      found.sort(),
      [
        ...names.filter((name) => !codatShapes.has(name)).map((name) => `${name} in packages/core/src/dataholder/contract.ts`),
        'ErrorMessage in packages/core/src/types.ts',
      ].sort(),
    );
  });

  it('the metrics are listed once', () => {
    const list = /['"]BANK_ACCOUNT['"]\s*,\s*['"]BANK_BALANCE['"]\s*,\s*['"]BANK_TRANSACTION['"]\s*,\s*['"]USER_INFO['"]/;
    assert.deepEqual(
      files.filter((file) => list.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file)),
      ['packages/core/src/dataholder/contract.ts'],
    );
  });

  const entries = [
    'packages/core/dist/index.d.ts',
    'packages/core/dist/dataholder.d.ts',
    'packages/widget/dist/esm/index.d.ts',
    'packages/widget/dist/esm/dataholder.d.ts',
    'packages/server/dist/index.d.ts',
    'packages/emulator/dist/index.d.ts',
  ].map((file) => join(root, file));
  const built = entries.every((file) => existsSync(file));
  /**
   * Codat's side, not this model's: the core's `TokenGrant` is what a token provider may answer
   * (lenient), the server's what its token route answers (strict). They await a contract of Codat's side.
   */
  const knownAmbiguous = new Set(['TokenGrant']);

  it('a name the packages export publicly from several entry points is the same type in each', { skip: built ? false : 'run `npm run build` first' }, () => {
    const program = ts.createProgram(entries, { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
    const checker = program.getTypeChecker();
    const declarations = new Map<string, Map<string, string[]>>();
    for (const entry of entries) {
      const symbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!);
      for (const exported of checker.getExportsOfModule(symbol!)) {
        const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        const where = (target.declarations ?? []).map((node) => `${relative(root, node.getSourceFile().fileName)}:${node.pos}`).join(' ');
        const byDeclaration = declarations.get(exported.name) ?? new Map<string, string[]>();
        byDeclaration.set(where, [...(byDeclaration.get(where) ?? []), relative(root, entry)]);
        declarations.set(exported.name, byDeclaration);
      }
    }
    const ambiguous = [...declarations]
      .filter(([name, byDeclaration]) => byDeclaration.size > 1 && !knownAmbiguous.has(name))
      .map(([name, byDeclaration]) => `${name}: ${[...byDeclaration.values()].map((where) => where.join(', ')).join(' / ')}`);
    assert.deepEqual(ambiguous, []);
  });
});
