#!/usr/bin/env node
// `npm run lint:templates`: lit-analyzer checks the widget's Lit templates against the types they
// bind to (unknown properties and attributes, wrong binding types, unclosed tags, imports of the
// elements used). Strict rules, and a warning fails the run as an error does. Other files or
// folders may be given instead of packages/widget/src. It runs from the repository root, where it
// reads the compiler options of tsconfig.json (NodeNext, so `.js` imports of `.ts` sources resolve).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../node_modules/lit-analyzer/cli.js', import.meta.url));

/** Changes to the strict rule set; every rule not named here keeps its strict severity. */
const rules = {
  // Its CSS parser (vscode-css-languageservice 4.3, from 2020) cannot parse a `css` fragment of bare
  // declarations interpolated into a rule (the dark theme) and does not know container queries.
  'no-invalid-css': 'off',
  // Off in strict mode too, and left off: its event list lacks `focusin` and `<dialog>`'s `close`.
  'no-unknown-event': 'off',
  // Off in strict mode too, and left off: it reports React's JSX declaration in jsx.ts as an
  // element missing from HTMLElementTagNameMap (codat-connections.ts declares it there).
  'no-missing-element-type-definition': 'off',
  // Polymer-era binding syntax (`attr$=`, `prop="{{x}}"`) would silently bind nothing in Lit.
  'no-legacy-attribute': 'error',
};

const targets = process.argv.slice(2);
const args = [
  cli,
  ...(targets.length ? targets : ['packages/widget/src']),
  '--strict',
  '--maxWarnings',
  '0',
  '--format',
  'list',
  ...Object.entries(rules).flatMap(([rule, severity]) => [`--rules.${rule}`, severity]),
];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
child.on('close', (code) => process.exit(code ?? 1));
