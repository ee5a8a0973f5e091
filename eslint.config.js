import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Import boundaries of DESIGN §2, as lint rules. */
const nodeOnly = [
  {
    group: ['electron', 'electron/*'],
    message: 'Only electron/main and electron/preload may import electron.',
  },
  { group: ['node:*'], message: 'renderer/ and shared/ stay environment-neutral: no Node built-ins.' },
  { group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], message: 'The database lives in the core.' },
  { group: ['**/db/**', '**/db'], message: 'Only the core reaches the database.' },
  { group: ['**/electron/**'], message: 'The renderer talks to the core only through the contract client.' },
];

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'db/migrations/**', 'test-results/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Ask the injected Clock for the time.',
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: nodeOnly }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The renderer has no clock port; UI timers (idle lock, toasts) may read the wall clock.
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/server/**/*.ts', 'db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'The core is plain Node and never imports electron (DESIGN §1).',
            },
            { group: ['**/renderer/**'], message: 'The core does not know the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*', '*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
