import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql, type Database } from '../db/client';
import { createJobQueue } from '../jobs/queue';
import { CORE_SETTINGS } from '../settings/core';
import { createSettingsService } from '../settings/service';
import { openTestDatabase, testBackend, testConfig } from '../testing/db';
import { withAuditTruncateAllowed } from './append-only';
import { CHECKPOINTS_SETTING, createAuditCheckpoints, type AuditCheckpoints } from './checkpoints';
import { recordAudit, SYSTEM_ACTOR, verifyAuditChain } from './service';
import { loadCheckpointSource, verifyChainAgainstCheckpoints } from './verify-checkpoints';

const quietLog = { warn() {}, error() {}, info() {}, debug() {} } as unknown as FastifyBaseLogger;

/** The database's refusal, as the driver reports it: SQLSTATE and message. */
async function refusal(run: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await run();
  } catch (err) {
    const e = err as { code?: string; message: string; cause?: { code?: string; message: string } };
    // Drizzle wraps the driver's error.
    return { code: e.cause?.code ?? e.code, message: e.cause?.message ?? e.message };
  }
  throw new Error('the statement was not refused');
}

describe(`append-only audit tables (${testBackend()})`, () => {
  let database: Database;
  let keysDir: string;
  let checkpoints: AuditCheckpoints;
  const event = (i: number) =>
    database.db.transaction((tx) => recordAudit(tx, SYSTEM_ACTOR, { action: 'test.event', subjectType: 'thing', subjectId: i, after: { i } }));

  beforeAll(async () => {
    database = await openTestDatabase();
    keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-append-only-keys-'));
    const { db } = database;
    checkpoints = createAuditCheckpoints({
      db,
      config: testConfig({ BEFFROI_KEYS_DIR: keysDir }),
      settings: createSettingsService(db, [...CORE_SETTINGS, CHECKPOINTS_SETTING]),
      jobs: createJobQueue(db, {}, quietLog),
      log: quietLog,
    });
  });
  afterAll(async () => {
    await database?.close();
    fs.rmSync(keysDir, { recursive: true, force: true });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_events, and on the checkpoints', async () => {
    const { db } = database;
    const { id } = await event(1);
    await checkpoints.make('request');
    for (const statement of [
      sql`UPDATE audit_events SET action = 'test.forged' WHERE id = ${id}`,
      sql`DELETE FROM audit_events WHERE id = ${id}`,
      sql`TRUNCATE audit_events`,
      sql`UPDATE audit_checkpoints SET size = size + 1`,
      sql`DELETE FROM audit_checkpoints`,
      sql`TRUNCATE audit_checkpoints CASCADE`,
    ]) {
      const refused = await refusal(() => db.execute(statement));
      expect(refused.code, statement.queryChunks.map(String).join('')).toBe('42501');
      expect(refused.message).toMatch(/refused: the audit log is append-only/);
    }
    const [row] = await queryRows<{ action: string }>(db, sql`SELECT action FROM audit_events WHERE id = ${id}`);
    expect(row!.action).toBe('test.event');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('lets a restore empty the tables inside its transaction only, then refuses TRUNCATE again', async () => {
    const { db } = database;
    const count = async () => (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM audit_events`))[0]!.n;
    const before = await count();
    await expect(
      db.transaction(async (tx) => {
        await withAuditTruncateAllowed(tx, () => tx.execute(sql`TRUNCATE audit_events, audit_checkpoints, audit_prunes`));
        expect(await queryRows(tx, sql`SELECT id FROM audit_events`)).toEqual([]);
        throw new Error('restore failed halfway');
      }),
    ).rejects.toThrow('restore failed halfway');
    expect(await count()).toBe(before);
    expect((await refusal(() => db.execute(sql`TRUNCATE audit_events`))).code).toBe('42501');
  });

  it('prunes old events only through a signed checkpoint, leaves an event, and the rest verifies from that anchor', async () => {
    const { db } = database;
    for (let i = 0; i < 3; i++) await event(10 + i);
    const { checkpoint: anchor } = await checkpoints.make('request');
    const savedBeforePrune = await checkpoints.document();
    await event(20);
    await event(21);
    const total = (await verifyAuditChain(db)).checked;
    const kept = total - anchor.size;

    const [pruned] = await queryRows<{ deleted: string | number }>(
      db,
      sql`SELECT audit_prune_before(${new Date(anchor.signedAt.getTime() + 1).toISOString()}::timestamptz) AS deleted`,
    );
    expect(Number(pruned!.deleted)).toBe(anchor.size);

    // The chain starts at the anchor; the prune's own event, hashed by the SQL function, verifies.
    const after = await verifyAuditChain(db);
    expect(after).toMatchObject({
      ok: true,
      checked: kept + 1,
      anchor: { size: anchor.size, eventId: anchor.lastEventId, hash: anchor.lastHash, checkpointId: anchor.id },
    });
    const [prune] = await queryRows<{ action: string; after: Record<string, unknown> }>(
      db,
      sql`SELECT action, after FROM audit_events ORDER BY id DESC LIMIT 1`,
    );
    expect(prune).toEqual({
      action: 'audit.pruned',
      after: { anchorHash: anchor.lastHash, checkpointId: anchor.id, eventsDeleted: anchor.size, throughEventId: anchor.lastEventId, throughSize: anchor.size },
    });

    // Still append-only for everything after the anchor; a second prune with no newer checkpoint does nothing.
    const [first] = await queryRows<{ id: string | number }>(db, sql`SELECT min(id) AS id FROM audit_events`);
    expect((await refusal(() => db.execute(sql`DELETE FROM audit_events WHERE id = ${first!.id}`))).code).toBe('42501');
    expect((await refusal(() => db.execute(sql`UPDATE audit_prunes SET through_event_id = through_event_id + 100`))).code).toBe('42501');
    expect((await refusal(() => db.execute(sql`DELETE FROM audit_prunes`))).code).toBe('42501');
    const [again] = await queryRows<{ deleted: string | number }>(db, sql`SELECT audit_prune_before(now() - interval '1 day') AS deleted`);
    expect(Number(again!.deleted)).toBe(0);

    // Checkpoints keep working after a prune, and a copy saved before it still checks: the older
    // checkpoints are not checkable any more, the anchor's is, and the new ones are.
    const { checkpoint: next } = await checkpoints.make('request');
    expect(next.size).toBe(anchor.size + kept + 2);
    const file = path.join(keysDir, 'saved.json');
    fs.writeFileSync(file, JSON.stringify(savedBeforePrune));
    const report = await verifyChainAgainstCheckpoints(db, [await loadCheckpointSource(file)]);
    expect(report.findings).toEqual([]);
    expect(report.pruned.map((c) => c.id)).toEqual([1]);
    expect(report.matched.map((c) => c.id).sort()).toEqual([anchor.id, next.id]);
  });

  it('refuses an anchor that is not the head of the checkpoint it names', async () => {
    const { db } = database;
    const [latest] = await queryRows<{ id: string | number; size: string | number; last_event_id: string | number }>(
      db,
      sql`SELECT id, size, last_event_id FROM audit_checkpoints ORDER BY id DESC LIMIT 1`,
    );
    const refused = await refusal(() =>
      db.execute(sql`INSERT INTO audit_prunes (checkpoint_id, through_event_id, through_hash, through_size, events_deleted)
                     VALUES (${latest!.id}, ${Number(latest!.last_event_id) + 1000}, ${'0'.repeat(64)}, ${latest!.size}, 0)`),
    );
    expect(refused.code).toBe('23514');
  });
});
