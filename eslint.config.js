import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import pluginQuery from '@tanstack/eslint-plugin-query';
import playwright from 'eslint-plugin-playwright';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    name: 'ignores',
    ignores: [
      'dist',
      '.cache',
      'node_modules',
      '.data',
      '.test-results',
      'test-results',
      'playwright-report',
      'coverage',
    ],
  },
  {
    name: 'javascript',
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2023, globals: { ...globals.node } },
  },
  {
    name: 'typescript',
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      ecmaVersion: 2023,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    name: 'server',
    files: ['server/**/*.ts', 'scripts/**/*.ts', 'e2e/**/*.ts', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src/**', '../src/*'], message: 'server/ never imports the SPA.' }] },
      ],
      // The Node 24 test run loads its own better-sqlite3 addon, named by BETTER_SQLITE3_BINDING.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "NewExpression[callee.name=/^(Database|BetterSqlite3)$/]:not(:has(CallExpression[callee.name='sqliteBinding']))",
          message:
            'Open better-sqlite3 with sqliteBinding() (server/store/sqlite-binding.ts) so Node 24 finds its addon.',
        },
      ],
    },
  },
  {
    name: 'contract',
    files: ['server/contract/**/*.ts'],
    ignores: ['server/contract/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^(?!zod$|\\./).*', message: 'server/contract imports only zod and itself.' }],
        },
      ],
    },
  },
  {
    name: 'spa',
    files: ['src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended, pluginQuery.configs['flat/recommended']],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-refresh': reactRefresh },
    rules: {
      'react-refresh/only-export-components': ['error', { allowConstantExport: true }],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@mui/icons-material', message: 'Import icons by path: @mui/icons-material/Add.' }],
          patterns: [
            { group: ['@mui/*/*/*'], message: 'Do not import deeper than the second level of @mui.' },
            {
              regex: '^\\.\\./\\.\\./?(\\.\\./)*server/(?!contract)',
              message: 'The SPA may import only server/contract.',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'spa-tests',
    files: ['src/**/*.test.{ts,tsx}', 'src/test-setup.ts', 'src/testing/**'],
    rules: { 'react-refresh/only-export-components': 'off' },
  },
  {
    name: 'e2e',
    files: ['e2e/**/*.ts'],
    extends: [playwright.configs['flat/recommended']],
  },
  { name: 'prettier', ...prettier },
);
