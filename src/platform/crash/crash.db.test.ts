import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/service';
import { openDatabase, queryRows, sql, type Database } from '../db/client';
import { openTestDatabase, testBackend } from '../testing/db';
import { spawnTs } from './child';

const ROWS = 5000;

/**
 * SIGKILL in the middle of a multi-row write: the database must hold all of it or none,
 * and the audit chain must still verify. On PGlite this also shows that a data directory
 * left by a killed process opens again (PostgreSQL's WAL recovery runs on open).
 */
describe(`crash safety (${testBackend()})`, () => {
  let dataDir: string | null = null;
  let pgDatabase: (Database & { url?: string }) | null = null;
  let childEnv: Record<string, string>;

  beforeAll(async () => {
    if (testBackend() === 'pglite') {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-crash-'));
      childEnv = { BEFFROI_DATA_DIR: dataDir };
    } else {
      pgDatabase = await openTestDatabase('postgres');
      childEnv = { DATABASE_URL: pgDatabase.url! };
    }
  });
  afterAll(async () => {
    await pgDatabase?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Opens the database the child wrote to, as the next server start would. */
  async function inspect(batch: string) {
    const database = dataDir ? await openDatabase({ kind: 'pglite', dataDir }) : await openDatabase({ kind: 'postgres', url: pgDatabase!.url! });
    try {
      await database.migrate();
      const [rows] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM crash_rows WHERE batch = ${batch}`);
      const [events] = await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'crash.write' AND subject_id LIKE ${`${batch}:%`}`,
      );
      return { rows: rows!.n, events: events!.n, chain: await verifyAuditChain(database.db) };
    } finally {
      await database.close();
    }
  }

  async function runAndKill(mode: 'hang-midway' | 'after-commit', batch: string, waitFor: string) {
    const writer = spawnTs('src/platform/crash/writer.ts', { ...childEnv, CRASH_MODE: mode, CRASH_ROWS: String(ROWS), CRASH_BATCH: batch });
    try {
      await writer.waitForLine(waitFor);
    } finally {
      writer.child.kill('SIGKILL');
    }
    const { signal } = await writer.exited;
    expect(signal).toBe('SIGKILL');
  }

  it('keeps none of a transaction killed halfway', async () => {
    await runAndKill('hang-midway', 'killed', 'HALFWAY');
    const after = await inspect('killed');
    expect(after).toMatchObject({ rows: 0, events: 0 });
    expect(after.chain.ok).toBe(true);
  });

  it('keeps all of a transaction committed just before the kill, and the database stays writable', async () => {
    await runAndKill('after-commit', 'committed', 'COMMITTED');
    const after = await inspect('committed');
    expect(after).toMatchObject({ rows: ROWS, events: ROWS / 25 });
    expect(after.chain).toMatchObject({ ok: true, checked: ROWS / 25 });
  });

  it('survives a second kill halfway after committed data, keeping exactly the committed part', async () => {
    await runAndKill('hang-midway', 'killed-again', 'HALFWAY');
    expect(await inspect('killed-again')).toMatchObject({ rows: 0, events: 0 });
    const committed = await inspect('committed');
    expect(committed).toMatchObject({ rows: ROWS, events: ROWS / 25 });
    expect(committed.chain.ok).toBe(true);
  });
});
