// Lint, including the layering rule that keeps the map true:
//   shared/        imports nothing but zod and FormatJS (it runs in every process)
//   renderer/      imports only shared/ (no Node, no main/, no electron)
//   preload/       imports only shared/ and electron's renderer APIs
//   main/core/     never imports electron or a shell
//   main/shell/    shell-neutral helpers: no electron, no playwright
// A wrong import fails `npm test`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const noMain = { group: ['**/main/**', '../main', '../../main'], message: 'Only main/ may import main/: go through the bridge contract in shared/.' };

const restrict = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });
const builtinPaths = (message) => nodeBuiltins.map((name) => ({ name, message }));

export default tseslint.config(
  { ignores: ['out/**', '.tmp/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/screenshots/**', '**/*.d.ts', 'scripts/lint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'eslint-comments/no-unlimited-disable': 'off',
      'no-console': 'off',
    },
  },
  {
    // Playwright fixtures take their dependencies as a destructured first argument, often `{}`.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      [...builtinPaths('The renderer has no Node: ask the core through window.clinic.'), { name: 'electron', message: 'The renderer only knows window.clinic.' }],
      [noMain, { group: ['**/preload/**'], message: 'The renderer only knows window.clinic.' }, { group: ['playwright*', 'better-sqlite3*', 'sharp'], message: 'Not in the renderer.' }],
    ),
  },
  {
    files: ['preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(builtinPaths('The preload runs sandboxed: no Node built-ins.'), [noMain, { group: ['**/renderer/**'], message: 'The preload builds only the bridge.' }]),
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      [...builtinPaths('shared/ runs in every process: no Node built-ins.'), { name: 'electron', message: 'shared/ runs in every process.' }],
      [noMain, { group: ['**/renderer/**', '**/preload/**'], message: 'shared/ depends on nothing of ours.' }],
    ),
  },
  {
    files: ['main/core/**/*.ts', 'main/shell/**/*.ts', 'main/cli/**/*.ts'],
    rules: restrict(
      [{ name: 'electron', message: 'The core is shell-agnostic: Electron belongs in main/electron/.' }],
      [
        { group: ['electron/*', '**/main/electron/**', '**/electron/**', '../electron/*'], message: 'The core is shell-agnostic.' },
        { group: ['**/browser-shell/**', 'playwright*'], message: 'The core is shell-agnostic.' },
        { group: ['**/renderer/**', '**/preload/**'], message: 'main/ talks to the renderer only through the contract.' },
      ],
    ),
  },
  {
    // The CLI, tests and benches call channels through the typed API (client.api.area.method), never
    // by a name string; only the shells pass on the names that came over IPC.
    files: ['main/cli/**/*.ts', 'main/core/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='invoke'][arguments.0.type='Literal']",
          message: 'Call the channel through client.api (the typed API), not by its name.',
        },
      ],
    },
  },
);
