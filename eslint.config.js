import { existsSync, readdirSync } from 'node:fs';

import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

import flowbench from './eslint/flowbench.js';

/** Node kinds are the folders of src/kinds that hold a declaration (index.ts). */
const kinds = readdirSync('src/kinds', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`src/kinds/${d.name}/index.ts`))
  .map((d) => d.name);

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'playwright-report',
      'test-results',
      'public',
      'bench/results',
      'bin',
      'dist-cli',
      '.scratch*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser, ...globals.worker, ...globals.node },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Pure folders: no React, no DOM, no store.
    files: [
      'src/core/**/*.ts',
      'src/kinds/**/*.ts',
      'src/graph/**/*.ts',
      'src/runtime/**/*.ts',
      'src/metrics/**/*.ts',
      'src/io/**/*.ts',
    ],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', '@xyflow/*', 'zustand', 'zustand/*'],
              message: 'pure folder: no React or store imports',
            },
          ],
        },
      ],
    },
  },
  {
    // Layers (docs/architecture.md) and one home per node kind.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    plugins: { flowbench },
    rules: { 'flowbench/layers': 'error' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/kinds/**', 'src/**/*.test.ts', 'src/**/*.test.tsx', 'src/**/test-*.ts'],
    plugins: { flowbench },
    rules: { 'flowbench/no-kind-names': ['error', { kinds }] },
  },
);
