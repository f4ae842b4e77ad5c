import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client';

/**
 * What backup and restore need to know about the database, read from pg_catalog so that
 * every module's tables are covered without a list to keep up to date.
 */
export interface ColumnInfo {
  name: string;
  /** As `format_type` prints it; usable as a cast target (`$1::text::<type>`). */
  type: string;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  /** Tables of the public schema this table references through a foreign key. */
  references: string[];
}

export interface SequenceState {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export type MigrationRecord = {
  hash: string;
  createdAt: string;
};

export async function listTables(db: DbOrTx): Promise<TableInfo[]> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname`,
  );
  // Generated columns are recomputed by the server and cannot be inserted.
  const columns = await queryRows<{ table_name: string; name: string; type: string }>(
    db,
    sql`SELECT c.relname AS table_name, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY c.relname, a.attnum`,
  );
  const keys = await queryRows<{ table_name: string; name: string }>(
    db,
    sql`SELECT c.relname AS table_name, a.attname AS name
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord) ON true
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
        WHERE n.nspname = 'public' AND k.contype = 'p'
        ORDER BY c.relname, u.ord`,
  );
  const refs = await queryRows<{ table_name: string; referenced: string }>(
    db,
    sql`SELECT c.relname AS table_name, r.relname AS referenced
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
        WHERE n.nspname = 'public' AND rn.nspname = 'public' AND k.contype = 'f'`,
  );
  return tables.map(({ name }) => ({
    name,
    columns: columns.filter((c) => c.table_name === name).map((c) => ({ name: c.name, type: c.type })),
    primaryKey: keys.filter((k) => k.table_name === name).map((k) => k.name),
    references: [...new Set(refs.filter((r) => r.table_name === name).map((r) => r.referenced))],
  }));
}

export async function readSequences(db: DbOrTx): Promise<SequenceState[]> {
  const names = await queryRows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
  );
  const out: SequenceState[] = [];
  for (const { name } of names) {
    const [row] = await queryRows<{ last_value: string; is_called: boolean }>(
      db,
      sql`SELECT last_value::text AS last_value, is_called FROM ${sql.identifier('public')}.${sql.identifier(name)}`,
    );
    out.push({ name, lastValue: row!.last_value, isCalled: row!.is_called });
  }
  return out;
}

/** Drizzle's record of applied migrations; absent on a database never migrated. */
export async function readMigrations(db: DbOrTx): Promise<MigrationRecord[]> {
  const exists = await queryRows<{ present: boolean }>(
    db,
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!exists[0]?.present) return [];
  return queryRows<MigrationRecord>(
    db,
    sql`SELECT hash, created_at::text AS "createdAt" FROM drizzle.__drizzle_migrations ORDER BY created_at, id`,
  );
}

/** Parents before children, so inserts satisfy foreign keys; self-references are reported. */
export function dependencyOrder(tables: TableInfo[]): { order: TableInfo[]; cyclic: boolean } {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const order: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  let cyclic = false;
  const visit = (t: TableInfo) => {
    const s = state.get(t.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      cyclic = true;
      return;
    }
    state.set(t.name, 'visiting');
    for (const r of t.references) {
      if (r === t.name) cyclic = true;
      else if (byName.has(r)) visit(byName.get(r)!);
    }
    state.set(t.name, 'done');
    order.push(t);
  };
  for (const t of tables) visit(t);
  return { order, cyclic };
}

export async function countRows(db: DbOrTx, table: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM ${sql.identifier(table)}`);
  return Number(row!.n);
}
