// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** A package is imported through its public index; the rule every layer's own import rules repeat. */
const packageInternals = {
  group: ['@vezel/*/src/*', '@vezel/*/test/*', '**/services/*/src/*'],
  message: 'Import a package through its public index (its package name), never its internals.',
};

/** What domain code may never touch: it is pure (commands in, events out), so no I/O and no transport. */
const ioModules = [
  'pg',
  'kafkajs',
  '@grpc/grpc-js',
  'express',
  '@electric-sql/pglite',
  '@vezel/db',
  '@vezel/messaging',
  '@vezel/rpc',
  '@vezel/telemetry',
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/gen/**', '.infra/**', '.cache/**', '.vezel/**', '**/dist/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Handlers implement Promise-returning ports; an async function without await is the clearest way to do so.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      'no-restricted-imports': ['error', { patterns: [packageInternals] }],
    },
  },
  {
    files: ['**/src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            packageInternals,
            {
              group: ['**/adapters/**'],
              message: 'app/ depends on ports: adapters implement them, and module.ts wires them in.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({ name, message: 'domain/ is pure: I/O lives in adapters.' })),
          patterns: [
            {
              group: ['node:*'],
              message: 'domain/ is pure: no Node built-ins (clock, ids and I/O come in through commands).',
            },
            { group: ['**/adapters/**', '**/app/**'], message: 'domain/ depends on nothing outside itself.' },
            packageInternals,
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'domain/ is pure: configuration comes in through arguments.' },
        { name: 'fetch', message: 'domain/ is pure: no I/O.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'domain/ is pure: the clock comes in through the command.' },
        { object: 'Math', property: 'random', message: 'domain/ is pure: ids come in through the command.' },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The dashboard's modules run in the browser as written (type-checked by their own tsconfig.json).
    files: ['services/*/dashboard/**/*.js'],
    languageOptions: { globals: { ...globals.browser, echarts: 'readonly' } },
  },
);
