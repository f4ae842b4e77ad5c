import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, DbOrTx } from '../db/client';
import { queryRows } from '../db/client';
import { stripControlCharacters } from '../validation/text';
import { jobs } from './schema';

export type JobRow = typeof jobs.$inferSelect;

export interface JobRunContext {
  job: JobRow;
  /** Persists progress (e.g. `{ done: 12, total: 40 }`) for the back-office to show. */
  reportProgress(progress: unknown): Promise<void>;
  /** Extends the visibility timeout during long work. */
  heartbeat(): Promise<void>;
  signal: AbortSignal;
}

/**
 * A job handler must be idempotent: delivery is at-least-once (a worker may die after the
 * handler committed but before the job was marked done). Handlers make each of their writes
 * in a transaction, so a crash leaves either the whole write or none of it.
 */
export type JobHandler = (payload: any, run: JobRunContext) => Promise<unknown>;

export interface EnqueueOptions {
  /** A second enqueue with the same key returns the existing job instead of adding one. */
  idempotencyKey?: string;
  maxAttempts?: number;
  runAt?: Date;
}

export interface JobQueue {
  enqueue(tx: DbOrTx, kind: string, payload: unknown, opts?: EnqueueOptions): Promise<JobRow>;
  get(id: number): Promise<JobRow | undefined>;
  /** Claims and runs at most one ready job; returns false when none was ready. */
  runOnce(): Promise<boolean>;
  /** Runs jobs until none is ready (tests, CLI). */
  drain(maxJobs?: number): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  visibilityTimeoutMs?: number;
  pollIntervalMs?: number;
  concurrency?: number;
  backoffBaseMs?: number;
}

/**
 * A job's result, progress and error can quote what it read (a crawled page's URL or title, a
 * parser's message about a file): the control characters a text field refuses are dropped from
 * their strings before storage, as jsonb refuses a NUL and the update would fail with the job done.
 */
function storable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null, (_key, v: unknown) => (typeof v === 'string' ? stripControlCharacters(v) : v)));
}

export function createJobQueue(
  db: Db,
  handlers: Record<string, JobHandler>,
  log: FastifyBaseLogger,
  opts: JobQueueOptions = {},
): JobQueue {
  const visibilityMs = opts.visibilityTimeoutMs ?? 5 * 60_000;
  const pollMs = opts.pollIntervalMs ?? 500;
  const concurrency = opts.concurrency ?? 1;
  const backoffBaseMs = opts.backoffBaseMs ?? 2000;
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const abort = new AbortController();
  let running = false;
  const loops: Promise<void>[] = [];

  async function claim(): Promise<JobRow | undefined> {
    // A job whose worker died on its last allowed attempt would otherwise be reclaimed for ever.
    await db.execute(
      sql`UPDATE jobs SET status = 'failed', locked_until = NULL, updated_at = now(), finished_at = now(),
            last_error = COALESCE(last_error || ' / ', '') || 'worker lost (visibility timeout) on the last attempt'
          WHERE status = 'running' AND locked_until < now() AND attempts >= max_attempts`,
    );
    // Each claim gets its own lock token, so a slow worker whose lock expired (even a sibling
    // loop of this process) cannot mark done a job another claim now holds.
    const lockToken = `${workerId}:${randomUUID().slice(0, 8)}`;
    // SKIP LOCKED lets several workers poll one table; an expired lock means its worker died.
    const rows = await queryRows<Record<string, unknown>>(
      db,
      sql`UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${lockToken},
            locked_until = now() + (${visibilityMs} * interval '1 millisecond'), updated_at = now()
          WHERE id = (
            SELECT id FROM jobs
            WHERE (status = 'queued' AND run_at <= now()) OR (status = 'running' AND locked_until < now())
            ORDER BY run_at, id
            FOR UPDATE SKIP LOCKED
            LIMIT 1)
          RETURNING id`,
    );
    const id = rows[0]?.id;
    if (id == null) return undefined;
    const [job] = await db.select().from(jobs).where(eq(jobs.id, Number(id)));
    return job;
  }

  async function execute(job: JobRow) {
    const handler = handlers[job.kind];
    const mine = and(eq(jobs.id, job.id), eq(jobs.lockedBy, job.lockedBy ?? ''), eq(jobs.status, 'running'));
    if (!handler) {
      await db
        .update(jobs)
        .set({ status: 'failed', lastError: `No handler for job kind "${job.kind}"`, updatedAt: new Date(), finishedAt: new Date() })
        .where(mine);
      return;
    }
    try {
      const result = await handler(job.payload, {
        job,
        signal: abort.signal,
        reportProgress: async (progress) => {
          await db.update(jobs).set({ progress: storable(progress) as object, updatedAt: new Date() }).where(mine);
        },
        heartbeat: async () => {
          await db
            .update(jobs)
            .set({ lockedUntil: sql`now() + (${visibilityMs} * interval '1 millisecond')`, updatedAt: new Date() })
            .where(mine);
        },
      });
      await db
        .update(jobs)
        .set({
          status: 'succeeded',
          result: storable(result ?? null) as object,
          lockedUntil: null,
          lastError: null,
          updatedAt: new Date(),
          finishedAt: new Date(),
        })
        .where(mine);
    } catch (err) {
      const message = stripControlCharacters(err instanceof Error ? err.message : String(err));
      const permanent = (err as { permanent?: boolean })?.permanent === true;
      const exhausted = permanent || job.attempts >= job.maxAttempts;
      log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, err: message }, 'job failed');
      await db
        .update(jobs)
        .set(
          exhausted
            ? { status: 'failed', lastError: message, lockedUntil: null, updatedAt: new Date(), finishedAt: new Date() }
            : {
                status: 'queued',
                lastError: message,
                lockedUntil: null,
                // The database clock, as claim() compares run_at with now(): app hosts may drift.
                runAt: sql`now() + (${backoffBaseMs * 2 ** (job.attempts - 1)} * interval '1 millisecond')`,
                updatedAt: new Date(),
              },
        )
        .where(mine);
    }
  }

  const queue: JobQueue = {
    async enqueue(tx, kind, payload, o = {}) {
      // ON CONFLICT rather than select-then-insert: two concurrent enqueues with one key
      // must not fail with a unique violation.
      const [row] = await tx
        .insert(jobs)
        .values({
          kind,
          payload: (payload ?? {}) as object,
          idempotencyKey: o.idempotencyKey ?? null,
          maxAttempts: o.maxAttempts ?? 5,
          runAt: o.runAt ?? new Date(),
        })
        .onConflictDoNothing({ target: jobs.idempotencyKey })
        .returning();
      if (row) return row;
      const [existing] = await tx.select().from(jobs).where(eq(jobs.idempotencyKey, o.idempotencyKey!));
      if (!existing) throw new Error(`Job with idempotency key "${o.idempotencyKey}" vanished while enqueuing`);
      return existing;
    },
    async get(id) {
      const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
      return row;
    },
    async runOnce() {
      const job = await claim();
      if (!job) return false;
      await execute(job);
      return true;
    },
    async drain(maxJobs = 10_000) {
      let n = 0;
      while (n < maxJobs && (await queue.runOnce())) n++;
      return n;
    },
    start() {
      if (running) return;
      running = true;
      for (let i = 0; i < concurrency; i++) {
        loops.push(
          (async () => {
            while (running) {
              let worked = false;
              try {
                worked = await queue.runOnce();
              } catch (err) {
                if (running) log.error({ err }, 'job worker error');
              }
              if (!worked && running) await new Promise((r) => setTimeout(r, pollMs));
            }
          })(),
        );
      }
    },
    async stop() {
      running = false;
      abort.abort();
      await Promise.allSettled(loops);
      loops.length = 0;
    },
  };
  return queue;
}

/** Throw this from a handler for an error that retrying cannot fix (bad input, unsupported file). */
export class PermanentJobError extends Error {
  readonly permanent = true;
}
