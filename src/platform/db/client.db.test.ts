import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { auditAppend, TAKE_AUDIT_CHAIN_LOCK, verifyAuditChain } from '../audit/service';
import { openTestDatabase, testBackend, testPostgresUrl } from '../testing/db';
import { openDatabase, queryRows, statementsInTransaction, type Database } from './client';
import { PGliteThread } from './pglite-thread';

/** Drizzle wraps a driver's error in its own, with the original as `cause`. */
function databaseError(err: unknown): Error & { code?: string; constraint?: string } {
  let e = err as Error & { cause?: unknown };
  while (e.cause instanceof Error) e = e.cause as Error & { cause?: unknown };
  return e;
}

describe('database client', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await database.db.execute(sql`CREATE TABLE client_probe (id int PRIMARY KEY, label text NOT NULL)`);
  });
  afterAll(async () => {
    await database.close();
  });

  const count = async () => Number((await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM client_probe`))[0]!.n);

  it('runs statements in one transaction and returns the rows of each', async () => {
    const [inserted, selected] = await statementsInTransaction(database.db, [
      sql`INSERT INTO client_probe (id, label) VALUES (1, 'un'), (2, 'deux') RETURNING id`,
      sql`SELECT label FROM client_probe ORDER BY id`,
    ]);
    expect(inserted!.map((r) => Number(r.id))).toEqual([1, 2]);
    expect(selected).toEqual([{ label: 'un' }, { label: 'deux' }]);
  });

  it('keeps none of the statements when a later one fails, with PostgreSQL’s error fields', async () => {
    const before = await count();
    const err = await statementsInTransaction(database.db, [
      sql`INSERT INTO client_probe (id, label) VALUES (10, 'dix')`,
      sql`INSERT INTO client_probe (id, label) VALUES (1, 'doublon')`,
    ]).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(databaseError(err)).toMatchObject({ code: '23505', constraint: 'client_probe_pkey' });
    expect(await count()).toBe(before);
  });

  it('appends an audit event after a statement that took the chain lock, in one transaction', async () => {
    const append = auditAppend({ type: 'system', id: null }, { action: 'test.batch', subjectType: 'thing', subjectId: 3, after: { a: 1 } });
    const [, audited] = await statementsInTransaction(database.db, [
      sql`WITH lock AS (${TAKE_AUDIT_CHAIN_LOCK}) INSERT INTO client_probe (id, label) SELECT 3, 'trois' FROM lock`,
      append.statement,
    ]);
    expect(append.check(audited!).id).toBeGreaterThan(0);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });

  it('commits a transaction whose callback resolves and rolls back one that throws', async () => {
    const before = await count();
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO client_probe (id, label) VALUES (20, 'vingt')`);
    });
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO client_probe (id, label) VALUES (21, 'vingt et un')`);
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    expect(await count()).toBe(before + 1);
  });

  it.runIf(testBackend() === 'pglite')('refuses, instead of hanging, a query on the database from inside a transaction', async () => {
    const err = await database.db
      .transaction(async () => {
        await database.db.execute(sql`SELECT 1`);
      })
      .catch((e: unknown) => e as Error);
    expect(databaseError(err).message).toMatch(/use the transaction/);
    // A transaction opened inside another would wait for the connection the outer one holds.
    const nested = await database.db
      .transaction(async () => {
        await database.db.transaction(async (inner) => {
          await inner.execute(sql`SELECT 1`);
        });
      })
      .catch((e: unknown) => e as Error);
    expect(databaseError(nested).message).toMatch(/use the transaction/);
    expect(await queryRows(database.db, sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });

  it.runIf(testBackend() === 'pglite')('makes statements outside a transaction wait for its end', async () => {
    const order: string[] = [];
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const tx = database.db.transaction(async (t) => {
      await t.execute(sql`INSERT INTO client_probe (id, label) VALUES (30, 'trente')`);
      inside();
      await new Promise((r) => setTimeout(r, 50));
      order.push('transaction');
    });
    await entered;
    const outside = queryRows<{ label: string }>(database.db, sql`SELECT label FROM client_probe WHERE id = 30`).then((rows) => {
      order.push('outside');
      return rows;
    });
    await tx;
    expect(await outside).toEqual([{ label: 'trente' }]);
    expect(order).toEqual(['transaction', 'outside']);
  });

  it.runIf(testBackend() === 'pglite')('vacuums and analyses the embedded database, which has no autovacuum', async () => {
    await database.db.execute(sql`INSERT INTO client_probe (id, label) SELECT g, 'ligne ' || g FROM generate_series(1000, 2999) g`);
    const estimate = async () =>
      Number((await queryRows<{ n: number }>(database.db, sql`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'client_probe'`))[0]!.n);
    expect(await estimate()).toBeLessThan(2000);
    await database.maintain();
    expect(await estimate()).toBeGreaterThanOrEqual(2000);
  });

  it.runIf(testBackend() === 'pglite')('reports the death of the database thread once, and fails every query after it', async () => {
    const doomed = await openTestDatabase();
    const fatal: Error[] = [];
    doomed.onFatal((err) => fatal.push(err));
    // What a WebAssembly abort or an out-of-memory kill does to the thread.
    await (doomed.pglite as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(doomed.db.execute(sql`SELECT 1`)).rejects.toThrow();
    expect(fatal.map((e) => e.message)).toEqual([expect.stringMatching(/thread stopped unexpectedly/)]);
    // A listener added after the death hears of it at once.
    const late: Error[] = [];
    doomed.onFatal((err) => late.push(err));
    expect(late).toHaveLength(1);
    await doomed.close();
  });

  it.runIf(testBackend() === 'postgres')('refuses to start on a server whose transactions are not READ COMMITTED by default', async () => {
    const url = new URL((database as Database & { url?: string }).url!);
    url.searchParams.set('options', '-c default_transaction_isolation=repeatable\\ read');
    const strict = await openDatabase({ kind: 'postgres', url: url.toString() });
    try {
      await expect(strict.migrate()).rejects.toThrow(/read committed/);
    } finally {
      await strict.close();
    }
  });

  it.runIf(testBackend() === 'postgres')('refuses to start on a database that is not UTF-8, and creates nothing in it', async () => {
    // What a cluster initialised without a locale (LANG unset) gives every new database.
    const name = `beffroi_t_ascii_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
      const url = new URL(testPostgresUrl());
      url.pathname = `/${name}`;
      const ascii = await openDatabase({ kind: 'postgres', url: url.toString() });
      try {
        await expect(ascii.migrate()).rejects.toThrow(/encoding is "SQL_ASCII": Beffroi needs UTF8.*ENCODING 'UTF8'/s);
        const tables = await queryRows<{ n: number }>(
          ascii.db,
          sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
        );
        expect(tables[0]!.n).toBe(0);
        const extensions = await queryRows<{ extname: string }>(ascii.db, sql`SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'`);
        expect(extensions).toEqual([]);
      } finally {
        await ascii.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('creates its databases in UTF-8', async () => {
    const [row] = await queryRows<{ encoding: string }>(database.db, sql`SELECT current_setting('server_encoding') AS encoding`);
    expect(row!.encoding).toBe('UTF8');
  });

  it.runIf(testBackend() === 'pglite')('rolls back a transaction left idle, never one whose statement is still running', async () => {
    const thread = await PGliteThread.create({ dataDir: null, passthroughParserOids: [], idleTransactionMs: 200 });
    try {
      await thread.exec('CREATE TABLE idle_probe (id int)');
      // A statement longer than the limit is work, not idleness.
      await thread.transaction(async (tx) => {
        await tx.query('SELECT pg_sleep(0.4)');
        await tx.query('INSERT INTO idle_probe VALUES (1)');
      });
      // A callback that waits for something else while holding the only connection.
      const abandoned = thread.transaction(async (tx) => {
        await tx.query('INSERT INTO idle_probe VALUES (2)');
        await new Promise((r) => setTimeout(r, 500));
        await tx.query('INSERT INTO idle_probe VALUES (3)');
      });
      await expect(abandoned).rejects.toThrow(/not open/);
      expect((await thread.query<{ id: number }>('SELECT id FROM idle_probe ORDER BY id')).rows).toEqual([{ id: 1 }]);
    } finally {
      await thread.close();
    }
  });
});
