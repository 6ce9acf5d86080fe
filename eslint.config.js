import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Imports point inward only (see docs/architecture.md). Each block names what a folder may NOT import.
const restrict = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  restrict(
    ['src/shared/**'],
    ['node:*', 'electron', 'react', 'react-dom', '**/main/**', '**/renderer/**', '**/preload/**', 'better-sqlite3', '@tensorflow/*'],
    'src/shared is pure TypeScript that runs anywhere: no Node, Electron, React, tfjs or other process code.',
  ),
  restrict(
    ['src/renderer/**'],
    ['**/main/**', '**/preload/**', 'electron', 'node:*', 'better-sqlite3', '@tensorflow/*'],
    'The renderer talks to the Node side only through the contract client.',
  ),
  restrict(
    ['src/main/db/**', 'src/main/engine/**'],
    ['**/services/**', '**/transport/**', '**/electron/**', 'electron', '**/renderer/**'],
    'db and engine sit below services and transports.',
  ),
  restrict(
    ['src/main/services/**'],
    ['**/transport/**', '**/electron/**', 'electron', '**/renderer/**'],
    'Services know nothing of the host that calls them.',
  ),
  restrict(
    ['src/main/transport/**', 'src/main/web.ts', 'src/main/cli.ts', 'src/main/cli/**'],
    ['electron', '**/electron/**', '**/renderer/**'],
    "Only src/main/electron imports 'electron'.",
  ),
  restrict(['src/preload/**'], ['**/main/**', '**/renderer/**'], 'The preload exposes call/on only.'),
);
