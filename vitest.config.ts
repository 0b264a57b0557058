import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const harness = './tests/support/harness.ts';

// Three projects, run in this order:
//   unit  — lib/**/*.test.ts, pure logic, no server;
//   http  — tests/http, against real servers (PGlite, plus PostgreSQL when TEST_DATABASE_URL is set)
//           started once by the shared globalSetup;
//   audit — tests/audit, after every HTTP test: no card number or CVV in any store or log.
// Only the http and audit projects list the globalSetup, so `vitest run --project unit` starts nothing.
export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: `${root}/` }],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'http',
          include: ['tests/http/**/*.test.ts'],
          environment: 'node',
          globalSetup: [harness],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'audit',
          include: ['tests/audit/**/*.test.ts'],
          environment: 'node',
          globalSetup: [harness],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
