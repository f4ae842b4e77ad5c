import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { queryRows, sql, type Database } from '../db/client';
import { openTestDatabase, testBackend } from '../testing/db';
import { createJobQueue, PermanentJobError, type JobHandler, type JobQueueOptions } from './queue';

const quietLog = {
  level: 'silent',
  fatal() {},
  error() {},
  warn() {},
  info() {},
  debug() {},
  trace() {},
  silent() {},
  child() {
    return quietLog;
  },
} as unknown as FastifyBaseLogger;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`job queue (${testBackend()})`, () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase();
    await database.db.execute(sql`CREATE TABLE test_job_effects (job_key text PRIMARY KEY, applied_by text NOT NULL)`);
    await database.db.execute(sql`CREATE TABLE test_job_runs (id serial PRIMARY KEY, job_id bigint NOT NULL, worker text NOT NULL)`);
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await database.db.execute(sql`TRUNCATE jobs, test_job_effects, test_job_runs`);
  });

  const queueWith = (handlers: Record<string, JobHandler>, opts: JobQueueOptions = {}) =>
    createJobQueue(database.db, handlers, quietLog, { backoffBaseMs: 1, ...opts });

  async function count(table: 'test_job_effects' | 'test_job_runs'): Promise<number> {
    const rows = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);
    return rows[0]!.n;
  }

  it('runs an enqueued job and stores its result', async () => {
    const seen: unknown[] = [];
    const queue = queueWith({
      'test.echo': async (payload) => {
        seen.push(payload);
        return { echoed: payload.word };
      },
    });
    const job = await queue.enqueue(database.db, 'test.echo', { word: 'beffroi' });
    expect(job.status).toBe('queued');
    expect(await queue.drain()).toBe(1);
    expect(seen).toEqual([{ word: 'beffroi' }]);
    const done = await queue.get(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, result: { echoed: 'beffroi' }, lastError: null });
    expect(done!.finishedAt).toBeInstanceOf(Date);
    expect(await queue.runOnce()).toBe(false);
  });

  it('enqueues inside the caller transaction: a rolled-back enqueue leaves no job', async () => {
    const queue = queueWith({});
    await expect(
      database.db.transaction(async (tx) => {
        await queue.enqueue(tx, 'test.never', {});
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await queue.runOnce()).toBe(false);
  });

  it('retries with backoff, then fails after max attempts', async () => {
    let calls = 0;
    const queue = queueWith(
      {
        'test.flaky': async () => {
          calls++;
          throw new Error(`failure ${calls}`);
        },
      },
      { backoffBaseMs: 60_000 },
    );
    const job = await queue.enqueue(database.db, 'test.flaky', {}, { maxAttempts: 3 });

    expect(await queue.runOnce()).toBe(true);
    let row = await queue.get(job.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'failure 1' });
    // The backoff pushes the next attempt into the future: nothing is ready now.
    expect(row!.runAt.getTime()).toBeGreaterThan(job.runAt.getTime() + 30_000);
    expect(await queue.runOnce()).toBe(false);

    for (let attempt = 2; attempt <= 3; attempt++) {
      const before = (await queue.get(job.id))!;
      await database.db.execute(sql`UPDATE jobs SET run_at = now() WHERE id = ${job.id}`);
      expect(await queue.runOnce()).toBe(true);
      row = await queue.get(job.id);
      expect(row!.attempts).toBe(attempt);
      if (attempt === 2) {
        expect(row!.status).toBe('queued');
        // Exponential: the second delay is about twice the first (base 60 s → 120 s).
        expect(row!.runAt.getTime() - Date.now()).toBeGreaterThan(90_000);
        expect(before.lastError).toBe('failure 1');
      }
    }
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastError: 'failure 3' });
    expect(row!.finishedAt).toBeInstanceOf(Date);
    await database.db.execute(sql`UPDATE jobs SET run_at = now() WHERE id = ${job.id}`);
    expect(await queue.runOnce()).toBe(false);
    expect(calls).toBe(3);
  });

  it('fails at once on a PermanentJobError', async () => {
    let calls = 0;
    const queue = queueWith({
      'test.bad-input': async () => {
        calls++;
        throw new PermanentJobError('unsupported file');
      },
    });
    const job = await queue.enqueue(database.db, 'test.bad-input', {}, { maxAttempts: 5 });
    await queue.drain();
    expect(await queue.get(job.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'unsupported file' });
    expect(calls).toBe(1);
  });

  it('fails a job whose kind has no handler', async () => {
    const queue = queueWith({});
    const job = await queue.enqueue(database.db, 'test.unknown', {});
    await queue.drain();
    expect(await queue.get(job.id)).toMatchObject({ status: 'failed', lastError: 'No handler for job kind "test.unknown"' });
  });

  it('returns the existing job for a repeated idempotency key, even when enqueued concurrently', async () => {
    const queue = queueWith({ 'test.once': async () => null });
    const first = await queue.enqueue(database.db, 'test.once', { n: 1 }, { idempotencyKey: 'import:42' });
    const again = await queue.enqueue(database.db, 'test.once', { n: 2 }, { idempotencyKey: 'import:42' });
    expect(again.id).toBe(first.id);
    expect(again.payload).toEqual({ n: 1 });

    const racing = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        database.db.transaction((tx) => queue.enqueue(tx, 'test.once', { i }, { idempotencyKey: 'import:43' })),
      ),
    );
    expect(new Set(racing.map((j) => j.id)).size).toBe(1);
    const rows = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM jobs`);
    expect(rows[0]!.n).toBe(2);
  });

  it('reclaims the job of a worker that died after its visibility timeout; the effect is applied once', async () => {
    let releaseDeadWorker!: () => void;
    const deadWorkerGate = new Promise<void>((r) => (releaseDeadWorker = r));
    let deadWorkerClaimed!: () => void;
    const claimedByDeadWorker = new Promise<void>((r) => (deadWorkerClaimed = r));

    // Idempotent by design: the effect is keyed by the job's payload, written in one transaction.
    const applyEffect = (worker: string): JobHandler => async (payload, run) =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO test_job_runs (job_id, worker) VALUES (${run.job.id}, ${worker})`);
        await tx.execute(
          sql`INSERT INTO test_job_effects (job_key, applied_by) VALUES (${payload.key}, ${worker}) ON CONFLICT (job_key) DO NOTHING`,
        );
      });

    const dying = queueWith(
      {
        'test.effect': async (payload, run) => {
          deadWorkerClaimed();
          // The worker hangs (as if the process froze or died) well past its visibility timeout.
          await deadWorkerGate;
          return applyEffect('dead')(payload, run);
        },
      },
      { visibilityTimeoutMs: 60_000 },
    );
    const healthy = queueWith({ 'test.effect': applyEffect('healthy') }, { visibilityTimeoutMs: 60_000 });

    const job = await dying.enqueue(database.db, 'test.effect', { key: 'effect-1' }, { maxAttempts: 3 });
    const deadRun = dying.runOnce();
    await claimedByDeadWorker;
    expect(await healthy.runOnce()).toBe(false); // still locked
    // The dead worker's visibility timeout runs out (set in the past rather than waited for,
    // so that a slow machine cannot make the lock expire before the check above).
    await database.db.execute(sql`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE id = ${job.id}`);
    expect(await healthy.runOnce()).toBe(true);

    let row = await healthy.get(job.id);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 2 });
    const healthyLock = row!.lockedBy;

    // The "dead" worker wakes up: its write is a no-op and it cannot overwrite the job's state.
    releaseDeadWorker();
    await deadRun;
    row = await healthy.get(job.id);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 2, lockedBy: healthyLock });
    expect(await count('test_job_effects')).toBe(1);
    const effects = await queryRows<{ applied_by: string }>(database.db, sql`SELECT applied_by FROM test_job_effects`);
    expect(effects[0]!.applied_by).toBe('healthy');
  });

  it('fails a job whose worker died on its last allowed attempt instead of reclaiming it for ever', async () => {
    const queue = queueWith({ 'test.poison': async () => null }, { visibilityTimeoutMs: 60_000 });
    const job = await queue.enqueue(database.db, 'test.poison', {}, { maxAttempts: 2 });
    await database.db.execute(
      sql`UPDATE jobs SET status = 'running', attempts = 2, locked_by = 'gone', locked_until = now() - interval '1 second' WHERE id = ${job.id}`,
    );
    expect(await queue.runOnce()).toBe(false);
    const row = await queue.get(job.id);
    expect(row!.status).toBe('failed');
    expect(row!.lastError).toMatch(/worker lost/);
  });

  it('never runs one job twice with two workers polling concurrently', async () => {
    const handler =
      (worker: string): JobHandler =>
      async (_payload, run) => {
        await database.db.execute(sql`INSERT INTO test_job_runs (job_id, worker) VALUES (${run.job.id}, ${worker})`);
        await sleep(2);
      };
    const a = queueWith({ 'test.parallel': handler('a') });
    const b = queueWith({ 'test.parallel': handler('b') });
    const total = 60;
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < total; i++) await a.enqueue(tx, 'test.parallel', { i });
    });

    const [ranA, ranB] = await Promise.all([a.drain(), b.drain()]);
    expect(ranA + ranB).toBe(total);
    const perJob = await queryRows<{ job_id: string; runs: number }>(
      database.db,
      sql`SELECT job_id::text, count(*)::int AS runs FROM test_job_runs GROUP BY job_id`,
    );
    expect(perJob).toHaveLength(total);
    expect(perJob.every((r) => r.runs === 1)).toBe(true);
    const statuses = await queryRows<{ status: string; n: number }>(
      database.db,
      sql`SELECT status, count(*)::int AS n FROM jobs GROUP BY status`,
    );
    expect(statuses).toEqual([{ status: 'succeeded', n: total }]);
    if (testBackend() === 'postgres') {
      // On a real server both workers got a share: the SKIP LOCKED claim let them interleave.
      expect(ranA).toBeGreaterThan(0);
      expect(ranB).toBeGreaterThan(0);
    }
  });

  it('reports progress and heartbeats while running', async () => {
    const observed: unknown[] = [];
    const queue: ReturnType<typeof queueWith> = queueWith(
      {
        'test.progress': async (_p, run) => {
          const lockedBefore = (await queue.get(run.job.id))!.lockedUntil!;
          for (let done = 1; done <= 3; done++) {
            await run.reportProgress({ done, total: 3 });
            observed.push((await queue.get(run.job.id))!.progress);
          }
          await sleep(20);
          await run.heartbeat();
          const lockedAfter = (await queue.get(run.job.id))!.lockedUntil!;
          return { extended: lockedAfter.getTime() > lockedBefore.getTime() };
        },
      },
      { visibilityTimeoutMs: 60_000 },
    );
    const job = await queue.enqueue(database.db, 'test.progress', {});
    await queue.drain();
    expect(observed).toEqual([
      { done: 1, total: 3 },
      { done: 2, total: 3 },
      { done: 3, total: 3 },
    ]);
    expect(await queue.get(job.id)).toMatchObject({ status: 'succeeded', progress: { done: 3, total: 3 }, result: { extended: true } });
  });

  it('runs jobs in the background once started, and stops', async () => {
    const queue = queueWith({ 'test.bg': async () => 'ok' }, { pollIntervalMs: 10, concurrency: 2 });
    const job = await queue.enqueue(database.db, 'test.bg', {});
    queue.start();
    for (let i = 0; i < 500 && (await queue.get(job.id))!.status !== 'succeeded'; i++) await sleep(10);
    await queue.stop();
    expect((await queue.get(job.id))!.status).toBe('succeeded');
  });
});
