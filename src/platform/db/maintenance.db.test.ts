import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { BeffroiApp } from '../app';
import { jobs } from '../jobs/schema';
import { createTestApp } from '../testing/app';
import { testBackend } from '../testing/db';
import { DB_MAINTENANCE_JOB } from './maintenance';

describe('database maintenance', () => {
  let b: BeffroiApp;
  beforeAll(async () => {
    b = await createTestApp();
  });
  afterAll(async () => {
    await b.close();
  });

  const maintenanceJobs = () => b.ctx.db.select().from(jobs).where(eq(jobs.kind, DB_MAINTENANCE_JOB));

  it.runIf(testBackend() === 'pglite')('runs on the embedded database at start, then schedules itself for the next day', async () => {
    expect((await maintenanceJobs()).length).toBe(1);
    await b.ctx.jobs.drain();
    const after = await maintenanceJobs();
    expect(after.some((j) => j.status === 'succeeded')).toBe(true);
    const next = after.find((j) => j.status === 'queued');
    expect(next).toBeDefined();
    expect(next!.runAt.getTime()).toBeGreaterThan(Date.now() + 23 * 60 * 60_000);
  });

  it.runIf(testBackend() === 'postgres')('is left to the server’s autovacuum on PostgreSQL', async () => {
    expect(await maintenanceJobs()).toEqual([]);
  });
});
