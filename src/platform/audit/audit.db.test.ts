import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { tamperWithAuditLog } from '../testing/audit';
import { openTestDatabase } from '../testing/db';
import { TAKE_AUDIT_CHAIN_LOCK, recordAudit, verifyAuditChain } from './service';

describe('audit chain', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('verifies an intact chain, then names the first row changed directly in SQL', async () => {
    const { db } = database;
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await db.transaction((tx) =>
        recordAudit(tx, { type: 'system', id: null }, { action: 'test.write', subjectType: 'thing', subjectId: i, after: { i, nested: { b: 1, a: [1, 2] } } }),
      );
      ids.push(r.id);
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 5, firstBroken: null });

    await tamperWithAuditLog(db, sql`UPDATE audit_events SET after = '{"i": 99}'::jsonb WHERE id = ${ids[2]}`);
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ id: ids[2], reason: 'hash_mismatch' });
  });

  it('rolls the event back with the transaction it belongs to', async () => {
    const { db } = database;
    const before = await verifyAuditChain(db);
    await expect(
      db.transaction(async (tx) => {
        await recordAudit(tx, { type: 'system', id: null }, { action: 'test.rollback', subjectType: 'thing' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await db.execute(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'test.rollback'`);
    expect((rows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
    expect((await verifyAuditChain(db)).checked).toBe(before.checked);
  });
});

describe('audit chain under concurrency', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('keeps the chain linear under concurrent transactions, including ones that took the chain lock themselves', async () => {
    const { db } = database;
    const before = await verifyAuditChain(db);
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        db.transaction(async (tx) => {
          const lockTaken = i % 2 === 0;
          if (lockTaken) await tx.execute(sql`WITH chain_lock AS (${TAKE_AUDIT_CHAIN_LOCK}) SELECT 1 FROM chain_lock`);
          await recordAudit(tx, { type: 'resident', id: null, requestId: `r${i}` }, { action: 'test.concurrent', subjectType: 'thing', subjectId: i, after: { i, text: 'é"\\' } }, { chainLockTaken: lockTaken });
        }),
      ),
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: before.checked + 24, firstBroken: null });
    const rows = await db.execute(sql`SELECT count(DISTINCT prev_hash)::int AS n FROM audit_events WHERE action = 'test.concurrent'`);
    expect((rows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(24);
  });

  it('stores null before/after as SQL NULL, as Drizzle does', async () => {
    const { db } = database;
    const { id } = await db.transaction((tx) => recordAudit(tx, { type: 'system', id: null }, { action: 'test.nulls', subjectType: 'thing' }));
    const rows = await db.execute(sql`SELECT before IS NULL AS b, after IS NULL AS a FROM audit_events WHERE id = ${id}`);
    expect((rows as unknown as { rows: { a: boolean; b: boolean }[] }).rows[0]).toEqual({ a: true, b: true });
  });
});
