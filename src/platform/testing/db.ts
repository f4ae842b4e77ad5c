import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type AppConfig } from '../config';
import { MIGRATIONS_FOLDER, openDatabase, type Database } from '../db/client';

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
    const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://', loadDataDir: await migratedTemplate() });
    await database.migrate();
    return database;
  }
  const adminUrl = testPostgresUrl();
  const name = `beffroi_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // UTF-8 whatever the cluster's default (SQL_ASCII when it was initialised without a locale), with
  // the server database's locale unless that one is not UTF-8 (then C, which suits any encoding).
  const [own] = (
    await admin.query<{ encoding: string; collate: string; ctype: string }>(
      `SELECT pg_encoding_to_char(encoding) AS encoding, datcollate AS collate, datctype AS ctype FROM pg_database WHERE datname = current_database()`,
    )
  ).rows;
  const [collate, ctype] = own?.encoding === 'UTF8' ? [own.collate, own.ctype] : ['C', 'C'];
  await admin.query(
    `CREATE DATABASE ${name} ENCODING 'UTF8' LC_COLLATE ${pg.escapeLiteral(collate)} LC_CTYPE ${pg.escapeLiteral(ctype)} TEMPLATE template0`,
  );
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

let keysDirOfThisFile: string | null = null;

/**
 * A temporary keys folder for this test file, removed when it ends, so that tests never write into
 * the repository's `var/keys`. One per test file (Vitest gives each file its own modules), so that an
 * app started twice on the same database finds its instance key again, as a real restart would.
 */
export function testKeysDir(): string {
  if (!keysDirOfThisFile) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-keys-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    keysDirOfThisFile = dir;
  }
  return keysDirOfThisFile;
}

/** Configuration for tests: quiet, no demo seed unless asked, fixed admin password, keys in a temporary folder. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    BEFFROI_KEYS_DIR: testKeysDir(),
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

/**
 * Creating a PGlite cluster (initdb) costs seconds; loading a dump of an already migrated
 * one costs a fraction. The dump is cached on disk, keyed by the migrations' content.
 */
async function migratedTemplate(): Promise<Blob> {
  const hash = createHash('sha256');
  const pgliteVersion = JSON.parse(
    fs.readFileSync(path.join(MIGRATIONS_FOLDER, '..', 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  ).version as string;
  hash.update(pgliteVersion);
  for (const f of fs.readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(f).update(fs.readFileSync(path.join(MIGRATIONS_FOLDER, f)));
  }
  const file = path.join(os.tmpdir(), `beffroi-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (!fs.existsSync(file)) {
    const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await database.migrate();
    const dump = await database.pglite!.dumpDataDir('none');
    await database.close();
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
  }
  return new Blob([fs.readFileSync(file)]);
}
