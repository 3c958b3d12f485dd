// One lint chain for the whole workspace: typescript-eslint (strict, type-aware where it matters),
// Lit- and web-component-aware rules for templates and elements, Prettier for formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import vue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/generated/**',
      'storybook-static/**',
      'coverage/**',
      '.lien-data/**',
      '**/custom-elements.json',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['packages/elements/**/*.ts', 'examples/**/*.ts', '.storybook/**/*.ts'],
    ...lit.configs['flat/all'],
  },
  {
    files: ['packages/elements/**/*.ts'],
    ...wc.configs['flat/best-practice'],
  },
  {
    files: ['packages/elements/**/*.ts'],
    rules: {
      // Translation goes through msg(); attribute-value literals are checked in review.
      'lit/no-template-arrow': 'off',
      'lit/no-template-bind': 'off',
      'lit/no-template-map': 'off',
      'lit/no-property-change-update': 'off',
      'lit/no-this-assign-in-render': 'error',
    },
  },
  // The Vue example's single-file components: Vue's recommended template rules, and the TypeScript
  // of <script setup lang="ts"> parsed by typescript-eslint (vue-tsc type-checks them).
  ...vue.configs['flat/recommended'].map((config) => ({ ...config, files: ['**/*.vue'] })),
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: {
      // No HTML string through Vue: the page runs under Trusted Types without a `vue` policy.
      'vue/no-v-html': 'error',
      // A custom element's DOM property keeps its own name: `:getAccessToken.prop`.
      'vue/attribute-hyphenation': ['warn', 'always', { ignoreTags: ['/^lien-/'] }],
    },
  },
  {
    files: [
      '**/*.mjs',
      '**/*.cjs',
      'scripts/**',
      '.ci/**',
      '**/bin/**',
      '**/test/**',
      '**/*.test.ts',
      '**/bench/**',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/test/**', '**/*.test.ts', '**/*.test-d.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
);
