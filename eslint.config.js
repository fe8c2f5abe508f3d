import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The kernel (and the debugger engine) are pure: clock, randomness, timers and the DOM are
// values passed in, never reached for. These rules make that a lint error.
const impureGlobals = [
  'Date', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask',
  'requestAnimationFrame', 'performance', 'window', 'document', 'navigator', 'localStorage',
  'fetch', 'XMLHttpRequest', 'process', 'crypto',
].map((name) => ({ name, message: `${name} is impure: pass it into the kernel as a value.` }));

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Build and CI scripts (and this file) run in Node.
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/kernel/**/*.ts', 'src/debugger/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Math.random is impure: use the seeded PRNG value.' },
        { object: 'Date', property: 'now', message: 'Date.now is impure: use the virtual clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'new Date() is impure: use the virtual clock.' },
      ],
    },
  },
  {
    // The kernel's public surface is its entry points: the calculus (src/kernel/index.ts), the
    // simulated world (src/kernel/ground/index.ts), and its plain values without the machinery
    // (src/kernel/values.ts: what the UI's main thread may load). Nothing outside src/kernel
    // reaches past them (tests may).
    files: ['src/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/kernel/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^(\\.\\.?/)+(src/)?kernel/(?!(index|values|ground/index)\\.ts$)',
          message: 'Import the kernel through src/kernel/index.ts (the calculus), src/kernel/ground/index.ts (the simulated world) or src/kernel/values.ts (plain values, for the main thread).',
        }],
      }],
    },
  },
  {
    // Small files and functions (docs/architecture.md, "How we write code").
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 70, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
