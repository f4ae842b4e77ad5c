import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client';

/**
 * The triggers that refuse TRUNCATE on the append-only audit tables (drizzle/0009_audit_append_only.sql).
 * Only a restore lifts them: it replaces the whole database, chain included, with a backup's.
 */
const TRUNCATE_GUARDS = ['audit_events_no_truncate', 'audit_checkpoints_no_truncate', 'audit_prunes_no_truncate'];

/**
 * Runs `truncate` with the audit tables' TRUNCATE guards disabled, then enables them again, all in
 * the caller's transaction: if anything fails the guards were never off for anyone else (ALTER
 * TABLE holds the table's exclusive lock until the end of the transaction). Needs the tables' owner,
 * as a restore does anyway (it migrates the target); the application's role cannot do it.
 */
export async function withAuditTruncateAllowed<T>(tx: DbOrTx, truncate: () => Promise<T>): Promise<T> {
  const guards = await queryRows<{ table_name: string; trigger_name: string }>(
    tx,
    sql`SELECT c.relname AS table_name, t.tgname AS trigger_name
          FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND t.tgname IN (${sql.join(TRUNCATE_GUARDS.map((g) => sql`${g}`), sql`, `)})`,
  );
  const alter = async (action: 'ENABLE' | 'DISABLE') => {
    for (const g of guards) {
      await tx.execute(sql`ALTER TABLE ${sql.identifier(g.table_name)} ${sql.raw(action)} TRIGGER ${sql.identifier(g.trigger_name)}`);
    }
  };
  await alter('DISABLE');
  const result = await truncate();
  await alter('ENABLE');
  return result;
}
