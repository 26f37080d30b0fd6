// One lint config for lib/, entrypoints/, components/, scripts/ and test/.
import js from '@eslint/js';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'demo-output/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  noUnsanitized.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // Page text reaches the DOM only through Preact or textContent.
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render through Preact or textContent.' },
        { property: 'outerHTML', message: 'Render through Preact or textContent.' },
        { property: 'insertAdjacentHTML', message: 'Render through Preact or textContent.' },
      ],
      // Nor through Preact's escape hatch (web-ext lint flags Preact's code for it: README, "Releasing").
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render through Preact or textContent.',
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Ambient module declarations cannot use relative `import type`; `import('…')` types are the way.
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
