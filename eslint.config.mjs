import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Core and the agent run under plain Node: importing Electron there breaks `zedops serve`, the CLI and the agent. */
export const noElectronInPlainNode = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'electron',
          message:
            'electron/core and agent/ run under plain Node and must never import electron. Define an interface in core and implement it in electron/main.',
        },
      ],
      patterns: [{ group: ['electron/*'], message: 'electron/core and agent/ must never import electron.' }],
    },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron(\\u002F|$)/]",
      message: 'electron/core and agent/ must never require electron.',
    },
    {
      selector: 'ImportExpression[source.value=/^electron(\\u002F|$)/]',
      message: 'electron/core and agent/ must never import electron.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['electron/core/**/*.{ts,tsx,js,mjs,cjs}', 'agent/**/*.{ts,tsx,js,mjs,cjs}'],
    rules: noElectronInPlainNode,
  },
);
