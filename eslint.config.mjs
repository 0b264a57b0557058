// ESLint (flat config): typescript-eslint strict and type-aware, Next.js, React hooks, jsx-a11y, and
// the import boundaries ARCHITECTURE.md draws. `npm run lint` runs it with zero warnings allowed.
import nextPlugin from '@next/eslint-plugin-next';
import boundaries from 'eslint-plugin-boundaries';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The layers, each allowed to import the ones listed (and itself). Lower layers never import higher
 * ones; ARCHITECTURE.md explains each. The kernel is the files directly in lib/.
 */
const LAYERS = {
  kernel: [],
  net: ['kernel'],
  cards: ['kernel'],
  schemas: ['kernel', 'cards'],
  db: ['kernel', 'schemas'],
  acquirer: ['kernel', 'cards', 'net'],
  limits: ['kernel', 'db'],
  merchants: ['kernel', 'db', 'schemas'],
  banks: ['kernel', 'cards', 'db', 'schemas', 'net', 'acquirer'],
  notifications: ['kernel', 'db', 'net', 'schemas'],
  payments: ['kernel', 'cards', 'db', 'schemas', 'acquirer', 'banks', 'notifications', 'net'],
  checkout: ['kernel', 'cards', 'db', 'schemas', 'net', 'limits', 'notifications', 'banks', 'payments'],
  http: ['kernel', 'db', 'schemas', 'net', 'limits', 'merchants'],
  reporting: ['kernel', 'db', 'schemas', 'payments', 'http'],
  dashboard: ['kernel', 'cards', 'db', 'schemas', 'net', 'limits', 'merchants', 'banks', 'notifications', 'payments', 'checkout', 'http', 'reporting'],
  server: ['kernel', 'db', 'merchants', 'banks', 'notifications', 'payments', 'checkout', 'http', 'dashboard', 'limits', 'acquirer'],
  components: ['kernel', 'cards', 'schemas', 'checkout', 'dashboard', 'reporting', 'db'],
  app: ['kernel', 'net', 'cards', 'schemas', 'db', 'acquirer', 'banks', 'limits', 'merchants', 'notifications', 'payments', 'checkout', 'http', 'reporting', 'dashboard', 'server', 'components'],
};

const elements = [
  { type: 'app', pattern: 'app' },
  { type: 'components', pattern: 'components' },
  ...Object.keys(LAYERS)
    .filter((type) => !['app', 'components', 'kernel'].includes(type))
    .map((type) => ({ type, pattern: `lib/${type}` })),
  // Last, so lib/<folder> above wins: what is left in lib/ is the files directly in it.
  { type: 'kernel', pattern: 'lib' },
];

export default tseslint.config(
  {
    ignores: ['.next/**', 'node_modules/**', 'lib/db/migrations/**', 'packages/*/dist/**', 'packages/node/src/generated/**', 'next-env.d.ts', 'bench/results/**', 'test-results/**', 'playwright-report/**'],
  },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Numbers and booleans read fine in a message; objects, undefined and null are still refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    // Tests and benchmarks read untyped JSON answers and assert them field by field, and a `!` after
    // an assertion is how they say "the line above checked it": the type-safety rules for production
    // code would only restate the assertions.
    files: ['tests/**', 'e2e/**', 'bench/**', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.tsx'],
    plugins: { '@next/next': nextPlugin, 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.strict.rules,
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/include': ['app/**/*', 'components/**/*', 'lib/**/*'],
      'import/resolver': { typescript: { alwaysTryTypes: true } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: Object.entries(LAYERS).map(([type, allowed]) => ({
            from: { element: { type } },
            allow: { to: { element: { types: { anyOf: [type, ...allowed] } } } },
          })),
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
