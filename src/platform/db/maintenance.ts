/**
 * Housekeeping that a PostgreSQL server's autovacuum does by itself and the embedded database
 * cannot: PGlite runs no background processes, so dead rows (every answer updates its
 * conversation, every job its row) and planner statistics are never refreshed. Without fresh
 * statistics the planner keeps its estimates for empty tables and picks plans that grow with
 * the data. A nightly job vacuums and analyses it; on a server it does nothing.
 */
import type { AppContext } from '../modules';

export const DB_MAINTENANCE_JOB = 'platform.database_maintenance';
/** The embedded database answers nothing while it is vacuumed (under a second for 100 MB): at night. */
const MAINTENANCE_HOUR_PARIS = 3;

const PARIS_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' });

/** The first full hour after `from` that is `hour` o'clock in Paris (summer and winter time alike). */
export function nextParisHour(from: Date, hour: number): Date {
  const t = new Date(from);
  t.setUTCMinutes(0, 0, 0);
  for (let i = 0; i < 50; i++) {
    t.setUTCHours(t.getUTCHours() + 1);
    if (Number(PARIS_HOUR.format(t)) === hour) return new Date(t);
  }
  throw new Error(`No ${hour} o'clock in Paris within two days of ${from.toISOString()}`);
}

/** Next night's run; the start-up enqueue and the self re-enqueue converge on the idempotency key. */
export async function scheduleDatabaseMaintenance(ctx: Pick<AppContext, 'jobs' | 'db' | 'database'>, after: Date): Promise<void> {
  if (ctx.database.kind !== 'pglite') return;
  const runAt = nextParisHour(after, MAINTENANCE_HOUR_PARIS);
  await ctx.jobs.enqueue(ctx.db, DB_MAINTENANCE_JOB, {}, { idempotencyKey: `${DB_MAINTENANCE_JOB}:${runAt.toISOString()}`, runAt, maxAttempts: 3 });
}

export function databaseMaintenanceHandler(ctx: () => AppContext) {
  return async () => {
    const c = ctx();
    try {
      const started = Date.now();
      await c.database.maintain();
      return { kind: c.database.kind, seconds: (Date.now() - started) / 1000 };
    } finally {
      await scheduleDatabaseMaintenance(c, new Date());
    }
  };
}
