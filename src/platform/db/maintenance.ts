/**
 * Housekeeping that a PostgreSQL server's autovacuum does by itself and the embedded database
 * cannot: PGlite runs no background processes, so dead rows (every answer updates its
 * conversation, every job its row) and planner statistics are never refreshed. Without fresh
 * statistics the planner keeps its estimates for empty tables and picks plans that grow with
 * the data. A daily job vacuums and analyses it; on a server it does nothing.
 */
import type { AppContext } from '../modules';

export const DB_MAINTENANCE_JOB = 'platform.database_maintenance';
const DAY_MS = 24 * 60 * 60_000;

/** One run per day: the start-up enqueue and the self re-enqueue converge on the idempotency key. */
export async function scheduleDatabaseMaintenance(ctx: Pick<AppContext, 'jobs' | 'db' | 'database'>, runAt: Date): Promise<void> {
  if (ctx.database.kind !== 'pglite') return;
  const day = runAt.toISOString().slice(0, 10);
  await ctx.jobs.enqueue(ctx.db, DB_MAINTENANCE_JOB, {}, { idempotencyKey: `${DB_MAINTENANCE_JOB}:${day}`, runAt, maxAttempts: 3 });
}

export function databaseMaintenanceHandler(ctx: () => AppContext) {
  return async () => {
    const c = ctx();
    try {
      const started = Date.now();
      await c.database.maintain();
      return { kind: c.database.kind, seconds: (Date.now() - started) / 1000 };
    } finally {
      await scheduleDatabaseMaintenance(c, new Date(Date.now() + DAY_MS));
    }
  };
}
