import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { types as pgliteTypes, type PGlite, type QueryOptions } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { PGliteThread } from './pglite-thread';

/** The one Drizzle type every repository takes, whichever backend is underneath. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Repositories accept either the database or a transaction, so callers choose the boundary. */
export type DbOrTx = Db | Tx;

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string; /** Start from this data directory dump instead of an empty one (tests). */ loadDataDir?: Blob }
  | { kind: 'postgres'; url: string; poolSize?: number };

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs migrations; safe to call from several processes at once on PostgreSQL. */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /** Called if the database becomes unusable for good (the embedded database's thread died). */
  onFatal(listener: (err: Error) => void): void;
  /** Vacuums and analyses the embedded database (see maintenance.ts); nothing on a server, whose autovacuum does it. */
  maintain(): Promise<void>;
  close(): Promise<void>;
  /** The embedded database's client (on its own thread), for dumps of its data directory. */
  pglite?: PGliteThread;
}

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');

/** Arbitrary constant shared by every Beffroi process: serialises concurrent migrations. */
const MIGRATION_LOCK_KEY = 7_264_101;

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'pglite') return openPglite(target.dataDir, target.loadDataDir);
  return openPostgres(target.url, target.poolSize ?? 10);
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  const releaseLock = dataDir === 'memory://' ? () => {} : lockDataDir(dataDir);
  let client: PGliteThread;
  try {
    client = await PGliteThread.create({
      dataDir: dataDir === 'memory://' ? null : dataDir,
      ...(loadDataDir ? { loadDataDir } : {}),
      passthroughParserOids: [...PASSTHROUGH_PARSER_OIDS],
    });
  } catch (err) {
    releaseLock();
    throw err;
  }
  guardAgainstSelfDeadlock(client);
  const db = drizzlePglite({ client: client as unknown as PGlite }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    async migrate() {
      await client.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;');
      await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async ping() {
      await client.query('select 1');
    },
    async maintain() {
      await client.exec('VACUUM (ANALYZE)');
    },
    onFatal(listener) {
      client.onFailure(listener);
    },
    async close() {
      if (!client.closed) await client.close();
      releaseLock();
    },
  };
}

/**
 * The embedded database lives in one process's memory: a second process opening the same
 * data directory (a backup run while the server is up) would corrupt it. A lock file names
 * the owner; one left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, '.beffroi.lock');
  try {
    const owner = Number(fs.readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processIsAlive(owner)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${owner}. Stop the server first (or use DATABASE_URL for a shared server).`,
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  };
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one connection: a query made on the database (not on `tx`) from inside a
 * transaction waits for that transaction to end, which waits for the query — a silent hang.
 * On PostgreSQL the same code takes a second connection and "works" outside the transaction.
 * Both are bugs; this turns the hang into an immediate error naming the cause.
 */
function guardAgainstSelfDeadlock(client: PGliteThread) {
  const insideTransaction = new AsyncLocalStorage<boolean>();
  const transaction = client.transaction.bind(client);
  const refuse = () =>
    Promise.reject(new Error('Query on the database from inside a transaction: use the transaction (`tx`) instead of `db`.'));
  client.transaction = ((callback: Parameters<PGliteThread['transaction']>[0]) =>
    // A transaction opened from inside another waits for the connection the outer one holds.
    insideTransaction.getStore()
      ? refuse()
      : transaction((tx) => {
          const txQuery = tx.query.bind(tx);
          tx.query = ((query: string, params?: unknown[], options?: QueryOptions) =>
            txQuery(query, params, withoutPassthroughParsers(options))) as typeof tx.query;
          return insideTransaction.run(true, () => callback(tx));
        })) as PGliteThread['transaction'];
  for (const method of ['query', 'exec', 'batch', 'dumpDataDir'] as const) {
    const original = (client[method] as (...args: unknown[]) => unknown).bind(client);
    (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      if (insideTransaction.getStore()) return refuse();
      if (method === 'query') args[2] = withoutPassthroughParsers(args[2] as QueryOptions | undefined);
      return original(...args);
    };
  }
}

/** Types Drizzle reads as text and converts itself: dates, timestamps, intervals, numeric[] and their arrays. */
const PASSTHROUGH_PARSER_OIDS = new Set<number>([
  pgliteTypes.TIMESTAMP,
  pgliteTypes.TIMESTAMPTZ,
  pgliteTypes.INTERVAL,
  pgliteTypes.DATE,
  1231, // numeric[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1182, // date[]
]);

/**
 * Drizzle passes the same pass-through parsers with every query; functions cannot reach the
 * database thread, and PGlite would copy its whole parser table for every result (a tenth of an
 * answer's CPU). The thread installs them once on its client, so they are dropped from each query
 * with the same rows as a result.
 */
function withoutPassthroughParsers(options: QueryOptions | undefined): QueryOptions | undefined {
  if (!options?.parsers) return options;
  for (const [oid, parse] of Object.entries(options.parsers)) {
    if (!PASSTHROUGH_PARSER_OIDS.has(Number(oid)) || parse('1', Number(oid)) !== '1') return options;
  }
  const { parsers: _samePassthroughParsers, ...rest } = options;
  return rest;
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async migrate() {
      const client = await pool.connect();
      try {
        // The audit chain reads the last hash in a statement that follows the one taking the chain
        // lock; only READ COMMITTED gives that statement a snapshot taken after the lock.
        const isolation = (await client.query<{ default_transaction_isolation: string }>('SHOW default_transaction_isolation')).rows[0];
        if (isolation?.default_transaction_isolation !== 'read committed') {
          throw new Error(
            `The PostgreSQL server's default_transaction_isolation is "${isolation?.default_transaction_isolation}": Beffroi needs "read committed" (the server's default) to keep its audit chain linear.`,
          );
        }
        // SQL_ASCII stores bytes unchecked: lengths, case-insensitive search and unaccent would
        // be wrong for every accented letter. It is what a cluster initialised without a locale gives.
        const encoding = (await client.query<{ server_encoding: string }>('SHOW server_encoding')).rows[0]?.server_encoding;
        if (encoding !== 'UTF8') {
          throw new Error(
            `The PostgreSQL database's encoding is "${encoding}": Beffroi needs UTF8. ` +
              `Create the database in UTF-8, e.g. CREATE DATABASE beffroi ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0.`,
          );
        }
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        // The application may run as a role that only uses the tables, which the owner migrated
        // (README, Operations): with nothing to apply there is nothing to create.
        if (await migrationsApplied(client)) return;
        try {
          await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;');
          await migratePg(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
        } catch (err) {
          const code = (err as { code?: unknown; cause?: { code?: unknown } }).cause?.code ?? (err as { code?: unknown }).code;
          if (code !== '42501') throw err;
          throw new Error(
            `This database has migrations to apply and the role of DATABASE_URL may not apply them (${(err as Error).message}): ` +
              'run `npm run db:migrate` with the DATABASE_URL of the role that owns the tables, then start again.',
          );
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async maintain() {},
    // The pool replaces a broken connection and reports a server that is down query by query.
    onFatal() {},
    async close() {
      await pool.end();
    },
  };
}

/** Whether the database already holds every migration of `drizzle/` (as Drizzle's migrator counts them). */
async function migrationsApplied(client: pg.PoolClient): Promise<boolean> {
  const latest = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).reduce((max, m) => Math.max(max, m.folderMillis), 0);
  const { rows } = await client.query<{ present: boolean }>(`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`);
  if (!rows[0]?.present) return false;
  try {
    const applied = await client.query<{ at: string | null }>('SELECT max(created_at)::text AS at FROM drizzle.__drizzle_migrations');
    return Number(applied.rows[0]?.at ?? 0) >= latest;
  } catch {
    // Not readable by this role: the migrator will say what it lacks.
    return false;
  }
}

const dialect = new PgDialect();

/**
 * Runs statements in order in one transaction and returns each one's rows. On the embedded
 * database the whole transaction is one message to its thread, so its lock is never held while a
 * request waits for the server's thread; on PostgreSQL it is an ordinary transaction. For hot
 * paths whose statements do not depend on each other's results.
 */
export async function statementsInTransaction(db: Db, statements: SQL[]): Promise<Record<string, unknown>[][]> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof PGliteThread) {
    const results = await client.batch(statements.map((s) => dialect.sqlToQuery(s)));
    return results.map((r) => r.rows);
  }
  return db.transaction(async (tx) => {
    const out: Record<string, unknown>[][] = [];
    for (const s of statements) out.push(await queryRows(tx, s));
    return out;
  });
}

/** Executes raw SQL and returns its rows, with the same shape on both drivers. */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export { sql };
