// typescript-eslint's recommended type-checked rules over all TypeScript in the repository.
// `npm run lint` runs this and `prettier --check`; `npm test` runs `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.e2e/', 'node_modules/', 'test/artifacts/', 'test/fixtures/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test runs the promise that test()/describe()/it() return itself; awaiting it is not needed.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after'] },
          ],
        },
      ],
      // `_name` marks a parameter an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests, benchmarks and tools read JSON that other processes wrote (LSP responses over stdio,
    // QEMU's QMP answers, recorded fixtures) and assert on its shape: typing every such value
    // would restate the assertion. Production code (server/, client/) gets the full rule set.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Test doubles implement async APIs (VS Code's, a JSON-RPC connection's) without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
