import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { BeffroiApp } from '../app';
import { jobs } from '../jobs/schema';
import { createTestApp } from '../testing/app';
import { testBackend } from '../testing/db';
import { databaseMaintenanceHandler, DB_MAINTENANCE_JOB } from './maintenance';

describe('database maintenance', () => {
  let b: BeffroiApp;
  beforeAll(async () => {
    b = await createTestApp();
  });
  afterAll(async () => {
    await b.close();
  });

  const maintenanceJobs = () => b.ctx.db.select().from(jobs).where(eq(jobs.kind, DB_MAINTENANCE_JOB));

  it.runIf(testBackend() === 'pglite')('is scheduled for the coming night on the embedded database, and reschedules itself after a run', async () => {
    const [first, ...others] = await maintenanceJobs();
    expect(others).toEqual([]);
    expect(first!.runAt.getTime()).toBeGreaterThan(Date.now());
    expect(first!.runAt.getTime()).toBeLessThanOrEqual(Date.now() + 24 * 60 * 60_000);
    const handler = databaseMaintenanceHandler(() => b.ctx);
    await expect(handler()).resolves.toMatchObject({ kind: 'pglite' });
    // A run by hand reschedules tonight's run, which is already queued: the key keeps it to one.
    expect((await maintenanceJobs()).length).toBe(1);
  });

  it.runIf(testBackend() === 'postgres')('is left to the server’s autovacuum on PostgreSQL', async () => {
    expect(await maintenanceJobs()).toEqual([]);
  });
});
