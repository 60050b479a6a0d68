// ESLint for every .ts, .tsx, .js, .jsx and .mjs source: rules that catch bugs, not layout
// (Prettier owns layout). `npm run lint`; `npm test` runs it too.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';
import { defineConfig } from 'eslint/config';

/** Code that runs in the page: the widget, the core client, the demo's and the embed tests' pages and apps, browser tests, the bench's plain-DOM element. */
const browserFiles = [
  'packages/widget/src/**',
  'packages/core/src/**',
  'demo/public/**',
  'test/embed/pages/**',
  'test/embed/apps/**',
  '**/*.browser.test.ts',
  'bench/plain-dom-element.js',
];
/** Files holding the widget's Lit templates. */
const litFiles = ['packages/widget/src/**/*.ts', 'packages/widget/test/**/*.ts'];

export default defineConfig(
  {
    ignores: [
      '**/dist/**', // build output, including demo/public/examples/dist/ from scripts/build-examples.mjs
      '**/node_modules/**',
      '.library/**',
      '.wtr-cache/**',
      'bench/.out/**',
      'test-results/**',
    ],
  },
  {
    files: ['**/*.{ts,tsx,mts,js,jsx,mjs}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `const { omitted, ...rest } = value` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // A handler may be created before the server whose URL builds what it calls: `let app;
      // listen((request) => app.fetch(request)); app = createDemoApp(server.url)`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Augmenting a library's namespace (React's `JSX.IntrinsicElements`) needs `namespace`.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      // `interface GlobalEventHandlersEventMap extends CodatConnectionsEventMap {}` merges a global map.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['**/*.{ts,tsx,mts,js,jsx,mjs}'],
    ignores: browserFiles,
    languageOptions: { globals: globals.node },
  },
  {
    files: browserFiles,
    languageOptions: { globals: globals.browser },
  },
  {
    // Node scripts whose `page.evaluate` callbacks run in Chromium.
    files: ['bench/widget.mjs', 'bench/hostile.mjs', 'bench/render.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['**/*.browser.test.ts', 'test/helpers/**'],
    rules: {
      // Chai's property assertions (`expect(x).to.be.true`) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    files: litFiles,
    extends: [lit.configs['flat/recommended'], litA11y.configs.recommended],
  },
);
