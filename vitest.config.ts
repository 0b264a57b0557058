import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const harness = './tests/support/harness.ts';

// Five projects, run in this order:
//   unit       — lib/**/*.test.ts and components/**/*.test.ts, pure logic, no server;
//   http       — tests/http, against real servers (PGlite, plus PostgreSQL when TEST_DATABASE_URL is set)
//                started once by the shared globalSetup;
//   fuzz       — tests/fuzz, fast-check properties over every merchant endpoint and the checkout's
//                server actions, on the same shared servers (FUZZ_RUNS cases per backend: 1500 by
//                default, 20000 in `npm run test:fuzz`);
//   resilience — tests/resilience, servers of its own (kill -9 and restart, several instances on one
//                PostgreSQL), one file at a time; it audits its own servers' logs and stores for card data;
//   audit      — tests/audit, after every HTTP and fuzz test: no card number or CVV in any store or log of the
//                shared servers (it stops them, so it runs last).
// Only the http, fuzz and audit projects list the globalSetup, so `vitest run --project unit` (or
// resilience) starts none of the shared servers.
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
          include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
          environment: 'node',
          // Some files open a PGlite store and migrate it first: seconds on a busy machine.
          hookTimeout: 60_000,
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
          name: 'fuzz',
          include: ['tests/fuzz/**/*.test.ts'],
          environment: 'node',
          globalSetup: [harness, './tests/fuzz/support/summary.ts'],
          // Each property sets its own limit from FUZZ_RUNS (tests/fuzz/support/budget.ts).
          testTimeout: 120_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: 'resilience',
          include: ['tests/resilience/**/*.test.ts'],
          environment: 'node',
          // Each file starts and kills servers of its own: one at a time on a small machine.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 3 },
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
          sequence: { groupOrder: 4 },
        },
      },
    ],
  },
});
