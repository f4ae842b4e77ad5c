import { asc, eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditEvents } from '../audit/schema';
import { verifyAuditChain } from '../audit/service';
import { queryRows, sql, type Database } from '../db/client';
import { nextParisHour } from '../db/maintenance';
import { createJobQueue, type JobQueue } from '../jobs/queue';
import { jobs } from '../jobs/schema';
import type { AppContext, ModuleManifest } from '../modules';
import { createSettingsService, type SettingsService } from '../settings/service';
import { openTestDatabase, testBackend } from '../testing/db';
import {
  applyRetention,
  currentRetention,
  DAY_MS,
  RETENTION_JOB,
  retentionJobHandler,
  retentionRules,
  scheduleRetention,
  type RetentionRule,
} from './retention';

const quietLog = { level: 'silent', warn() {}, info() {}, error() {}, debug() {}, child: () => quietLog } as unknown as FastifyBaseLogger;
const NOW = new Date('2026-03-10T12:00:00Z');
const PERSONAL = 'jeanne.martin@example.org';

/** A scratch table of "personal" rows and a module that keeps them `probe.keepDays` days. */
const probeRule = (overrides: Partial<RetentionRule> = {}): RetentionRule => ({
  id: 'probe.rows',
  concerns: 'residents',
  data: { fr: 'lignes', en: 'rows' },
  startsAt: { fr: 'après leur création', en: 'after they were created' },
  outcome: 'deleted',
  period: { setting: 'probe.retention', field: 'keepDays' },
  async purgeBatch(tx, { cutoff, limit }) {
    const rows = await queryRows(
      tx,
      sql`DELETE FROM retention_probe WHERE id IN (
            SELECT id FROM retention_probe WHERE created_at < ${cutoff.toISOString()}::timestamptz ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          RETURNING id`,
    );
    return rows.length;
  },
  ...overrides,
});

describe(`retention runner (${testBackend()})`, () => {
  let database: Database;
  let settings: SettingsService;
  let queue: JobQueue;
  const probeModule = (rules: RetentionRule[]): ModuleManifest => ({ name: 'probe', retention: rules });
  const ctxWith = (rules: RetentionRule[]) =>
    ({ db: database.db, modules: [probeModule(rules)], settings, jobs: queue, database }) as unknown as AppContext;

  async function seedRows(ages: number[], now = NOW) {
    for (const days of ages) {
      await database.db.execute(
        sql`INSERT INTO retention_probe (secret, created_at) VALUES (${PERSONAL}, ${new Date(now.getTime() - days * DAY_MS).toISOString()}::timestamptz)`,
      );
    }
  }
  const remainingAges = async () =>
    (await queryRows<{ age: number }>(database.db, sql`SELECT round(extract(epoch FROM ${NOW.toISOString()}::timestamptz - created_at) / 86400)::int AS age FROM retention_probe ORDER BY id`)).map(
      (r) => r.age,
    );

  beforeAll(async () => {
    database = await openTestDatabase();
    await database.db.execute(sql`CREATE TABLE retention_probe (id serial PRIMARY KEY, secret text NOT NULL, created_at timestamptz NOT NULL)`);
    settings = createSettingsService(database.db, [
      { key: 'probe.retention', schema: z.strictObject({ keepDays: z.number().int().min(1) }), defaultValue: { keepDays: 10 } },
    ]);
    queue = createJobQueue(database.db, {}, quietLog);
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await database.db.execute(sql`TRUNCATE retention_probe, jobs`);
  });

  it('removes exactly the rows older than the period, in transactions of bounded size, each audited with counts only', async () => {
    await seedRows([30, 25, 20, 15, 12, 11, 10.5, 9, 3, 0]);
    const before = (await database.db.select({ id: auditEvents.id }).from(auditEvents)).length;
    const report = await applyRetention(ctxWith([probeRule()]), { now: NOW, batchSize: 3 });

    expect(await remainingAges()).toEqual([9, 3, 0]);
    expect(report.rules).toEqual([{ id: 'probe.rows', periodDays: 10, removed: 7, batches: 3 }]);
    expect(report.failed).toEqual([]);
    const events = await database.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    const mine = events.slice(before);
    expect(mine.map((e) => e.action)).toEqual(['platform.retention_batch', 'platform.retention_batch', 'platform.retention_batch', 'platform.retention_run']);
    expect(mine.slice(0, 3).map((e) => (e.after as { removed: number }).removed)).toEqual([3, 3, 1]);
    expect(mine[0]).toMatchObject({ actorType: 'system', subjectType: 'retention_rule', subjectId: 'probe.rows' });
    expect(mine[0]!.after).toMatchObject({ runId: report.runId, periodDays: 10, outcome: 'deleted', cutoff: new Date(NOW.getTime() - 10 * DAY_MS).toISOString() });
    expect(mine[3]).toMatchObject({ subjectType: 'retention_run', subjectId: report.runId, after: { rules: report.rules, failed: [] } });
    expect(JSON.stringify(mine)).not.toContain(PERSONAL);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);

    // Nothing left to remove: no batch event, only the run's record.
    const again = await applyRetention(ctxWith([probeRule()]), { now: NOW, batchSize: 3 });
    expect(again.rules[0]).toMatchObject({ removed: 0, batches: 1 });
    const after = await database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, again.runId));
    expect(after.map((e) => e.action)).toEqual(['platform.retention_run']);
  });

  it('reads the period from the running setting', async () => {
    await seedRows([8, 6, 4, 2]);
    await database.db.transaction((tx) => settings.set(tx, { type: 'system', id: null }, 'probe.retention', { keepDays: 5 }));
    expect((await currentRetention(ctxWith([probeRule()])))[0]).toMatchObject({ id: 'probe.rows', module: 'probe', days: 5, setting: 'probe.retention' });
    await applyRetention(ctxWith([probeRule()]), { now: NOW });
    expect(await remainingAges()).toEqual([4, 2]);
    await database.db.transaction((tx) => settings.set(tx, { type: 'system', id: null }, 'probe.retention', { keepDays: 10 }));
  });

  it('applies the other rules when one fails, rolls the failed batch back, records it and throws for a retry', async () => {
    await seedRows([20, 15, 1]);
    const broken = probeRule({
      id: 'probe.broken',
      period: { fixedDays: 0 },
      async purgeBatch(tx) {
        // Removes everything, then fails: the deletion must not survive.
        await tx.execute(sql`DELETE FROM retention_probe`);
        throw new Error('disk on fire');
      },
    });
    const run = applyRetention(ctxWith([broken, probeRule()]), { now: NOW });
    await expect(run).rejects.toThrow(/probe\.broken/);
    expect(await remainingAges()).toEqual([1]);
    const [last] = await database.db.select().from(auditEvents).orderBy(asc(auditEvents.id)).then((rows) => rows.slice(-1));
    expect(last).toMatchObject({ action: 'platform.retention_run', after: { failed: ['probe.broken'] } });
    expect(JSON.stringify(last!.after)).not.toContain('disk on fire');
  });

  it('runs as a nightly job that schedules the next night even when it fails', async () => {
    // The job runs on the real clock.
    await seedRows([20, 1], new Date());
    const ctx = ctxWith([probeRule()]);
    await scheduleRetention(ctx, new Date('2026-01-15T10:20:00Z'));
    await scheduleRetention(ctx, new Date('2026-01-15T18:00:00Z'));
    const scheduled = await database.db.select().from(jobs).where(eq(jobs.kind, RETENTION_JOB));
    // Twice the same night: one job, at 2 a.m. in Paris.
    expect(scheduled.map((j) => j.runAt.toISOString())).toEqual(['2026-01-16T01:00:00.000Z']);

    // Run before its time (brought forward, or a host clock behind the database's): the next run is the night after.
    const tonight = await scheduleRetention(ctx, new Date());
    const [own] = await database.db.select().from(jobs).where(eq(jobs.id, tonight.jobId));
    await retentionJobHandler(() => ctx)({}, { job: own!, heartbeat: async () => {} });
    expect(await queryRows(database.db, sql`SELECT id FROM retention_probe`)).toHaveLength(1);
    const nights = async () => (await database.db.select().from(jobs).where(eq(jobs.kind, RETENTION_JOB))).map((j) => j.runAt.getTime());
    expect(await nights()).toContain(nextParisHour(tonight.night, 2).getTime());

    const failing = ctxWith([probeRule({ purgeBatch: async () => Promise.reject(new Error('no')) })]);
    const [later] = await database.db.select().from(jobs).where(eq(jobs.runAt, nextParisHour(tonight.night, 2)));
    await expect(retentionJobHandler(() => failing)({}, { job: later!, heartbeat: async () => {} })).rejects.toThrow();
    expect(await nights()).toContain(nextParisHour(later!.runAt, 2).getTime());
  });

  it('refuses a rule named outside its module or declared twice', () => {
    expect(() => retentionRules([probeModule([probeRule({ id: 'other.rows' })])])).toThrow(/must start with/);
    expect(() => retentionRules([probeModule([probeRule(), probeRule()])])).toThrow(/twice/);
    expect(retentionRules([probeModule([probeRule()])]).map((r) => r.rule.id)).toEqual(['probe.rows']);
  });
});
