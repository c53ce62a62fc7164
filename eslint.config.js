// One lint config for the workspace. It enforces the dependency direction of ARCHITECTURE.md
// and the purity of sheets, formulas and collab (no I/O, no clock, no randomness).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Which workspace packages each package may import (ARCHITECTURE.md, "direction of dependencies"). */
const allowedWorkspaceImports = {
  sheets: [],
  formulas: ['sheets'],
  collab: ['sheets'],
  prisma: [],
  server: ['sheets', 'formulas', 'collab', 'prisma'],
  client: ['sheets', 'formulas', 'collab'],
};
const allPackages = Object.keys(allowedWorkspaceImports);

const nodeIoModules = [
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'dns', 'tls',
  'cluster', 'worker_threads', 'os', 'crypto', 'process', 'readline', 'path',
];

/** @param {string} pkg */
function importRulesFor(pkg) {
  const forbidden = allPackages.filter((p) => p !== pkg && !allowedWorkspaceImports[pkg].includes(p));
  const pure = ['sheets', 'formulas', 'collab'].includes(pkg);
  const patterns = [
    ...forbidden.map((p) => ({
      group: [`@zhospar/${p}`, `@zhospar/${p}/*`, `../../${p}/*`, `../${p}/*`],
      message: `${pkg} may not depend on ${p} (ARCHITECTURE.md: direction of dependencies).`,
    })),
    {
      group: ['@zhospar/*/src/*', '@zhospar/*/*'],
      message: 'Import a workspace package through its entry, never deeply.',
    },
  ];
  const paths = pure
    ? nodeIoModules.flatMap((m) => [
        { name: m, message: `${pkg} is pure: no I/O or host access.` },
        { name: `node:${m}`, message: `${pkg} is pure: no I/O or host access.` },
      ])
    : [];
  return { 'no-restricted-imports': ['error', { patterns, paths }] };
}

const purityRules = {
  'no-restricted-globals': [
    'error',
    { name: 'Date', message: 'Pure package: take the time as an argument.' },
    { name: 'fetch', message: 'Pure package: no I/O.' },
    { name: 'process', message: 'Pure package: no host access.' },
    { name: 'setTimeout', message: 'Pure package: no clock.' },
    { name: 'setInterval', message: 'Pure package: no clock.' },
    { name: 'performance', message: 'Pure package: no clock.' },
    { name: 'crypto', message: 'Pure package: no randomness; take ids as arguments.' },
    { name: 'localStorage', message: 'Pure package: no I/O.' },
    { name: 'XMLHttpRequest', message: 'Pure package: no I/O.' },
    { name: 'WebSocket', message: 'Pure package: no I/O.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Pure package: no randomness; take a seeded PRNG.' },
    { object: 'Date', property: 'now', message: 'Pure package: take the time as an argument.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**', '**/dist/**', '**/.data/**', '**/generated/**', 'coverage/**',
      'test-results/**', 'playwright-report/**', '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...allPackages.map((pkg) => ({
    files: [`${pkg}/src/**/*.{ts,tsx}`],
    rules: importRulesFor(pkg),
  })),
  ...['sheets', 'formulas', 'collab'].map((pkg) => ({
    files: [`${pkg}/src/**/*.ts`],
    // Tests may seed PRNGs and measure; the library code may not touch the host.
    ignores: [`${pkg}/src/**/*.test.ts`, `${pkg}/src/test/**`],
    languageOptions: { globals: {} },
    rules: purityRules,
  })),
  {
    files: ['client/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
