// `cem analyze` (run from this folder by `npm run build`): custom-elements.json from the class
// JSDoc in src/, with module paths pointing at the compiled modules a consumer imports.
const toDist = (path) => path.replace(/^src\//, 'dist/esm/').replace(/\.ts$/, '.js');

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/react.ts', 'src/jsx.ts', 'src/standalone.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
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
