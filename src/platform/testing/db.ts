import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type AppConfig } from '../config';
import { openDatabase, type Database } from '../db/client';

export type TestBackend = 'pglite' | 'postgres';

/** The backend the current Vitest project runs against (`db-pglite` or `db-postgres`). */
export function testBackend(): TestBackend {
  return process.env.BEFFROI_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export function testPostgresUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a throw-away
 * database on the PostgreSQL server that `close()` drops.
 */
export async function openTestDatabase(backend: TestBackend = testBackend()): Promise<Database & { url?: string }> {
  if (backend === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await database.migrate();
    return database;
  }
  const adminUrl = testPostgresUrl();
  const name = `beffroi_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  await database.migrate();
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Configuration for tests: quiet, no demo seed unless asked, fixed admin password. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    BEFFROI_DATA_DIR: 'memory://',
    BEFFROI_SEED_DEMO: 'false',
    BEFFROI_ADMIN_PASSWORD: 'test-admin-password-123',
    BEFFROI_ADMIN_EMAIL: 'admin@test.beffroi.fr',
    BEFFROI_WORKERS: '0',
    LOG_LEVEL: 'silent',
    BEFFROI_RATE_LIMIT_PER_MINUTE: '100000',
    ...overrides,
  });
}
