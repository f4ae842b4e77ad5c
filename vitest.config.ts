import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export default defineConfig({
  resolve: { alias: { '@web': path.join(path.dirname(fileURLToPath(import.meta.url)), 'src', 'web') } },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['src/**/*.db.test.ts', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'db-pglite',
          include: ['src/**/*.db.test.ts'],
          env: { BEFFROI_TEST_DB: 'pglite' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'db-postgres',
          include: ['src/**/*.db.test.ts'],
          env: { BEFFROI_TEST_DB: 'postgres', TEST_DATABASE_URL: POSTGRES_URL },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // A page waits for the server's answer; on two cores shared with the database and the
          // build, that can exceed expect.poll's default of 1 s (an observatory map's year, once).
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
