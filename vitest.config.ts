import { defineConfig } from 'vitest/config';

// Test tiers live in the file name: *.unit.spec.ts need nothing; *.int.spec.ts and *.e2e.spec.ts talk to real
// PostgreSQL and Kafka, resolved once by the global set-up (env, then local scripts, then testcontainers).
const ignored = ['**/node_modules/**', '**/.infra/**', '**/.cache/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.unit.spec.ts'],
          exclude: ignored,
          // Unit tests first; the integration tier, with its own worker limit, runs after them.
          sequence: { groupOrder: 0 },
          // Booting PGlite (PostgreSQL in WASM) in a before-hook takes seconds on a loaded 2-core machine.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.spec.ts', '**/*.e2e.spec.ts'],
          exclude: ignored,
          globalSetup: ['./packages/testing/src/infrastructure/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Two cores: more workers than that only adds broker and database contention.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
