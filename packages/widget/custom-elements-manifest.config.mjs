// `cem analyze` (run from this folder by `npm run build`): custom-elements.json from the class
// JSDoc in src/, with module paths pointing at the compiled modules a consumer imports, and types a
// reader (and the editor data and framework typings made from it by scripts/editor-data.mjs) can use
// without our sources: an alias of string literals (`ConnectionsTheme`) becomes its union of values,
// and an event's `CustomEvent<…Detail>` spells out the detail interface's fields.
const toDist = (path) => path.replace(/^src\//, 'dist/esm/').replace(/\.ts$/, '.js');

/** Alias name → union text, for `type X = 'a' | 'b'` aliases of string literals only. */
const literalUnions = new Map();
/** Interface name → `{ field: type; … }`, for the event detail interfaces (`…Detail`). */
const detailShapes = new Map();
const oneLine = (text) => text.replace(/\s+/g, ' ').trim();
/** `text` with each alias and detail name replaced by what it stands for. */
const resolveTypes = (text) => text.replace(/\b[A-Z]\w*\b/g, (name) => (literalUnions.has(name) ? literalUnions.get(name) : (detailShapes.get(name) ?? name)));

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/react.ts', 'src/jsx.ts', 'src/standalone.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'codat-resolved-types',
      analyzePhase({ ts, node }) {
        if (ts.isTypeAliasDeclaration(node) && ts.isUnionTypeNode(node.type)) {
          const literals = node.type.types.every((type) => ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal));
          if (literals) literalUnions.set(node.name.text, node.type.types.map((type) => `'${type.literal.text}'`).join(' | '));
        }
        if (ts.isInterfaceDeclaration(node) && node.name.text.endsWith('Detail')) {
          const fields = node.members.filter(ts.isPropertySignature).map((member) => oneLine(member.getText()).replace(/;$/, ''));
          detailShapes.set(node.name.text, `{ ${fields.join('; ')} }`);
        }
      },
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (!declaration.customElement) continue;
            for (const entry of [...(declaration.attributes ?? []), ...(declaration.members ?? []), ...(declaration.events ?? [])]) {
              if (entry.type?.text) entry.type.text = resolveTypes(entry.type.text);
            }
          }
        }
      },
    },
    {
      name: 'codat-dist-paths',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          module.path = toDist(module.path);
          for (const entry of module.exports ?? []) {
            if (entry.declaration?.module) entry.declaration.module = toDist(entry.declaration.module);
          }
          for (const declaration of module.declarations ?? []) {
            if (declaration.superclass?.module) declaration.superclass.module = toDist(declaration.superclass.module);
            if (!declaration.customElement) continue;
            // The public contract only: private state and helpers are not part of it. The analyzer
            // lists `static properties` entries with `state: true` as attributes too; they are not.
            const isPublic = (member) => !member.privacy || member.privacy === 'public';
            const internal = new Set(declaration.members?.filter((member) => !isPublic(member)).map((member) => member.name));
            declaration.members = declaration.members?.filter(isPublic);
            declaration.attributes = declaration.attributes?.filter((attribute) => !internal.has(attribute.fieldName));
            // The analyzer also records the typed `emit(type, …)` helper's `new CustomEvent(type)` as an
            // event named `type`; the real events are the documented ones.
            declaration.events = declaration.events?.filter((event) => event.description);
          }
        }
      },
    },
  ],
};
