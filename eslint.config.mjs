// One flat config for the whole workspace. `eslint .` in any project picks it up.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const platformImports = [
  '@capacitor/*',
  '@capacitor-community/*',
  'better-sqlite3*',
  'ky',
  'graphql',
  'node:*',
  'fs',
  'http',
  'react',
  'jeep-sqlite*',
  'sql.js',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', '**/test-artifacts/**', '**/public/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:core', onlyDependOnLibsWithTags: ['scope:core'] },
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:core'] },
            { sourceTag: 'scope:adapter', onlyDependOnLibsWithTags: ['scope:core', 'scope:adapter', 'scope:testing', 'scope:app'] },
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:core', 'scope:adapter', 'scope:testing', 'scope:app'] },
            { sourceTag: 'scope:test', onlyDependOnLibsWithTags: ['scope:core', 'scope:testing'] },
            { sourceTag: 'scope:tool', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // The core is platform-agnostic: no drivers, HTTP clients or Capacitor; time, randomness and
    // connectivity only through its ports.
    files: ['libs/outbox-core/src/**/*.ts'],
    ignores: ['libs/outbox-core/src/adapters/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: platformImports, message: 'outbox-core must stay platform-agnostic: put this in an adapter lib.' }] }],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use the Clock port.' },
        { name: 'setInterval', message: 'Use the Clock port.' },
        { name: 'navigator', message: 'Use the Connectivity port.' },
        { name: 'window', message: 'outbox-core must not touch the DOM.' },
        { name: 'fetch', message: 'Use the Transport port.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the Clock port.' },
        { object: 'Math', property: 'random', message: 'Use the Random port.' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the Clock port.' }],
    },
  },
  {
    files: ['libs/outbox-core/src/adapters/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: platformImports, message: 'outbox-core must stay platform-agnostic.' }] }] },
  },
);
