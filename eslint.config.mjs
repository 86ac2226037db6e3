// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The parts of edit watching on top of the change ledger (src/extension/edit-ledger.ts). */
const EDIT_WATCHING_PARTS = ['edit-documents', 'edit-disk', 'edit-diagnostics', 'edit-holds', 'edit-reverts', 'edit-persistence'];
/** Findings arrive judged (each carries its decision): the editor shows decisions, never makes them. */
const NO_DECIDING = { name: '../core/policy', importNames: ['decide', 'DECISION_TABLE'], message: 'Findings carry their decision; judge with the engine (under the policy you mean) instead.' };
/** Importing a test file runs its suites a second time: shared code goes to test/helpers/. */
const TEST_FILE_IMPORT = { regex: '\\.test(\\.ts)?$', message: 'Do not import a test file: move what it shares to test/helpers/.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test/fixtures/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    // The engine is pure: text and context in, plain data out. No editor API, no I/O.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'net', 'node:net', 'http', 'https', 'os', 'node:os'].map((name) => ({ name, message: 'src/core is pure: pass data in from src/cli or src/extension.' })),
      }],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_DECIDING] }],
    },
  },
  {
    // Edit watching: the parts sit on the change ledger (edit-ledger.ts) and never on each other;
    // edit-watching.ts alone puts them together. The ledger knows none of them: it announces events.
    files: ['src/extension/edit-ledger.ts', ...EDIT_WATCHING_PARTS.map((part) => `src/extension/${part}.ts`)],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...['edit-watching', ...EDIT_WATCHING_PARTS].map((name) => ({ name: `./${name}`, message: 'The parts of edit watching import the ledger (edit-ledger.ts), not each other: listen to its events instead.' })), NO_DECIDING],
      }],
    },
  },
  {
    // One settings reader and writer: every blastRadius.* setting goes through Config.
    files: ['src/**/*.ts'],
    ignores: ['src/extension/config.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        {
          selector: "CallExpression[callee.property.name='getConfiguration'][arguments.0.value=/^blastRadius/]",
          message: 'Read and write blastRadius.* settings through Config (src/extension/config.ts).',
        },
        {
          selector: "CallExpression[callee.property.name=/^(get|inspect|update)$/][arguments.0.value=/^blastRadius\\./]",
          message: 'Read and write blastRadius.* settings through Config (src/extension/config.ts).',
        },
      ],
    },
  },
  {
    // A test file is run, never imported: what tests share lives in test/helpers/.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [TEST_FILE_IMPORT] }],
    },
  },
  {
    // test/unit runs in seconds from source: no child processes, no sockets, nothing built.
    // Tests that need them belong in test/process (npm run test:process).
    files: ['test/unit/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['child_process', 'node:child_process', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https'].map((name) => ({ name, message: 'test/unit spawns no process and opens no socket: put this test in test/process.' })),
        patterns: [TEST_FILE_IMPORT],
      }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
