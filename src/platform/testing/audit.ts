import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';

/**
 * Changes the audit log behind the application's back, as someone with a superuser's rights could:
 * the append-only triggers (drizzle/0009) are skipped for this transaction only, through
 * `session_replication_role`, which only a superuser may set. Tests use it to show that the
 * verifier still sees what the triggers were bypassed for.
 */
export async function tamperWithAuditLog(db: Db, ...statements: SQL[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    for (const statement of statements) await tx.execute(statement);
  });
}
