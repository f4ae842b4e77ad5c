import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type BeffroiApp } from '../app';
import { queryRows, sql } from '../db/client';
import type { ModuleManifest } from '../modules';
import { openTestDatabase, testBackend, testConfig } from '../testing/db';

const WORKERS = 3;
const ROUNDS = 2;

/**
 * `BEFFROI_WORKERS=n` as an operator sets it: the application's own job queue, started by
 * createApp, runs n jobs at the same time. Each job waits at a barrier that opens only when n jobs
 * are inside their handler, so fewer loops never get past it.
 */
describe(`background workers (${testBackend()})`, () => {
  let beffroi: BeffroiApp | undefined;
  afterAll(async () => {
    await beffroi?.close();
  });

  it(`runs ${WORKERS} jobs at once with BEFFROI_WORKERS=${WORKERS}, and claims none twice`, async () => {
    const started: number[] = [];
    let inside = 0;
    let mostInside = 0;
    let arrived = 0;
    let openBarrier!: () => void;
    let barrier = new Promise<void>((resolve) => (openBarrier = resolve));

    const probe: ModuleManifest = {
      name: 'worker-probe',
      jobs: () => ({
        'worker-probe.barrier': async (_payload, run) => {
          started.push(run.job.id);
          inside++;
          mostInside = Math.max(mostInside, inside);
          const mine = barrier;
          if (++arrived === WORKERS) {
            // The last of the round opens the barrier for its round and sets up the next one.
            arrived = 0;
            const open = openBarrier;
            barrier = new Promise<void>((resolve) => (openBarrier = resolve));
            open();
          }
          let timer: NodeJS.Timeout | undefined;
          try {
            await Promise.race([
              mine,
              new Promise((_resolve, reject) => {
                timer = setTimeout(() => reject(new Error(`only ${inside} of ${WORKERS} jobs were running at once`)), 10_000);
              }),
            ]);
          } finally {
            clearTimeout(timer);
            inside--;
          }
          return { ok: true };
        },
      }),
    };

    beffroi = await createApp({
      config: testConfig({ BEFFROI_WORKERS: String(WORKERS) }),
      modules: [probe],
      database: await openTestDatabase(),
      webRoot: null,
      logger: false,
    });
    const { jobs, db } = beffroi.ctx;
    const total = WORKERS * ROUNDS;
    await db.transaction(async (tx) => {
      for (let i = 0; i < total; i++) await jobs.enqueue(tx, 'worker-probe.barrier', { i }, { maxAttempts: 1 });
    });

    const finished = async () =>
      queryRows<{ status: string; attempts: number }>(db, sql`SELECT status, attempts FROM jobs WHERE kind = 'worker-probe.barrier'`);
    const deadline = Date.now() + 45_000;
    while ((await finished()).some((j) => j.status === 'queued' || j.status === 'running') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }

    const rows = await finished();
    expect(rows.map((r) => r.status)).toEqual(Array(total).fill('succeeded'));
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    expect(started).toHaveLength(total);
    expect(new Set(started).size).toBe(total);
    expect(mostInside).toBe(WORKERS);
  });
});
