import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import { verifyAuditChain } from '../audit/service';
import { queryRows, type Database, type Db, type DbOrTx } from '../db/client';
import {
  countRows,
  dependencyOrder,
  listTables,
  readMigrations,
  readSequences,
  type ColumnInfo,
  type MigrationRecord,
  type SequenceState,
} from './catalog';

/**
 * A Beffroi backup is a gzipped JSON-lines file:
 *   1. a header (format, version, migrations applied, tables with their columns and row counts, sequences);
 *   2. one line per row, `{"t": table, "r": [values]}`, every value in PostgreSQL's text form (or null),
 *      so bigints, timestamps, jsonb, arrays and bytea round-trip exactly through `$1::text::<type>`;
 *   3. a trailer with the total row count, so a truncated file is detected even if gzip is not.
 * It is written from one read-only snapshot and works the same on PGlite and PostgreSQL.
 */
export const BACKUP_FORMAT = 'beffroi-backup';
export const BACKUP_VERSION = 1;

export interface BackupTable {
  name: string;
  columns: ColumnInfo[];
  rowCount: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  backend: Database['kind'];
  /** Drizzle's applied migrations (hash of the SQL file, folder timestamp); the last one identifies the schema. */
  migrations: MigrationRecord[];
  lastMigration: MigrationRecord | null;
  tables: BackupTable[];
  sequences: SequenceState[];
}

interface RowLine {
  t: string;
  r: (string | null)[];
}

interface Trailer {
  end: true;
  rows: number;
}

export class BackupFileError extends Error {
  override name = 'BackupFileError';
}

export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

const FETCH_SIZE = 2000;

export interface BackupSummary {
  file: string;
  header: BackupHeader;
  totalRows: number;
  bytes: number;
}

/** Writes a consistent dump of the whole database to `file` (atomically: a temp file, then rename). */
export async function createBackup(database: Database, file: string): Promise<BackupSummary> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.partial-${process.pid}`;
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(temp);
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain');
  };

  try {
    // One snapshot for everything: rows written while the backup runs are either all in it or all out.
    const { header, totalRows } = await database.db.transaction(
      async (tx) => {
        const { order } = dependencyOrder(await listTables(tx));
        const migrations = await readMigrations(tx);
        if (!migrations.length) {
          throw new Error('this database has no Beffroi migrations (wrong DATABASE_URL or BEFFROI_DATA_DIR?)');
        }
        const tables: BackupTable[] = [];
        for (const t of order) tables.push({ name: t.name, columns: t.columns, rowCount: await countRows(tx, t.name) });
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: new Date().toISOString(),
          backend: database.kind,
          migrations,
          lastMigration: migrations[migrations.length - 1] ?? null,
          tables,
          sequences: await readSequences(tx),
        };
        await write(header);

        let totalRows = 0;
        for (const t of order) {
          const columns = t.columns.map((c, i) => sql`${sql.identifier(c.name)}::text AS ${sql.identifier(`c${i}`)}`);
          const orderBy = t.primaryKey.length
            ? sql` ORDER BY ${sql.join(t.primaryKey.map((k) => sql.identifier(k)), sql`, `)}`
            : sql``;
          await tx.execute(
            sql`DECLARE beffroi_backup NO SCROLL CURSOR FOR SELECT ${sql.join(columns, sql`, `)} FROM ${sql.identifier(t.name)}${orderBy}`,
          );
          let written = 0;
          for (;;) {
            const rows = await queryRows<Record<string, string | null>>(tx, sql.raw(`FETCH ${FETCH_SIZE} FROM beffroi_backup`));
            for (const row of rows) await write({ t: t.name, r: t.columns.map((_c, i) => row[`c${i}`] ?? null) } satisfies RowLine);
            written += rows.length;
            if (rows.length < FETCH_SIZE) break;
          }
          await tx.execute(sql`CLOSE beffroi_backup`);
          if (written !== tables.find((x) => x.name === t.name)!.rowCount) {
            throw new Error(`Table ${t.name} changed during the backup snapshot (should not happen)`);
          }
          totalRows += written;
        }
        await write({ end: true, rows: totalRows } satisfies Trailer);
        return { header, totalRows };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    gzip.end();
    await once(out, 'finish');
    fs.renameSync(temp, target);
    return { file: target, header, totalRows, bytes: fs.statSync(target).size };
  } catch (err) {
    gzip.destroy();
    out.destroy();
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/** Lines of a gzipped file; a corrupt or truncated gzip stream rejects. */
async function* readLines(file: string): AsyncGenerator<string> {
  const source = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  gunzip.setEncoding('utf8');
  let buffered = '';
  for await (const chunk of gunzip as AsyncIterable<string>) {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
    }
  }
  if (buffered.length) yield buffered;
}

type Parsed = { kind: 'header'; header: BackupHeader } | { kind: 'row'; row: RowLine } | { kind: 'end'; trailer: Trailer };

/** Parses and checks every line: a file that fails here is rejected before the database is touched. */
async function* readBackup(file: string): AsyncGenerator<Parsed> {
  let header: BackupHeader | null = null;
  let ended = false;
  let lineNo = 0;
  const counts = new Map<string, number>();
  let currentTable: string | null = null;
  try {
    for await (const line of readLines(file)) {
      lineNo++;
      if (ended) throw new BackupFileError(`line ${lineNo}: data after the end marker`);
      let value: any;
      try {
        value = JSON.parse(line);
      } catch {
        throw new BackupFileError(`line ${lineNo}: not valid JSON`);
      }
      if (!header) {
        if (value?.format !== BACKUP_FORMAT) throw new BackupFileError('not a Beffroi backup (missing header)');
        if (value.version !== BACKUP_VERSION) {
          throw new BackupFileError(`backup format version ${value.version} is not supported (expected ${BACKUP_VERSION})`);
        }
        if (!Array.isArray(value.tables) || !Array.isArray(value.sequences) || !Array.isArray(value.migrations)) {
          throw new BackupFileError('header is incomplete');
        }
        header = value as BackupHeader;
        yield { kind: 'header', header };
        continue;
      }
      if (value?.end === true) {
        const total = [...counts.values()].reduce((a, b) => a + b, 0);
        if (value.rows !== total) throw new BackupFileError(`end marker announces ${value.rows} rows, file holds ${total}`);
        for (const t of header.tables) {
          if ((counts.get(t.name) ?? 0) !== t.rowCount) {
            throw new BackupFileError(`table ${t.name}: header announces ${t.rowCount} rows, file holds ${counts.get(t.name) ?? 0}`);
          }
        }
        ended = true;
        yield { kind: 'end', trailer: value as Trailer };
        continue;
      }
      const table = header.tables.find((t) => t.name === value?.t);
      if (!table || !Array.isArray(value.r)) throw new BackupFileError(`line ${lineNo}: not a row of a table in the header`);
      if (value.r.length !== table.columns.length || !value.r.every((v: unknown) => v === null || typeof v === 'string')) {
        throw new BackupFileError(`line ${lineNo}: row of ${table.name} does not match its columns`);
      }
      if (currentTable !== table.name) {
        if (counts.has(table.name)) throw new BackupFileError(`line ${lineNo}: rows of ${table.name} are not contiguous`);
        currentTable = table.name;
      }
      counts.set(table.name, (counts.get(table.name) ?? 0) + 1);
      yield { kind: 'row', row: value as RowLine };
    }
  } catch (err) {
    if (err instanceof BackupFileError) throw err;
    throw new BackupFileError(`unreadable backup file: ${(err as Error).message}`);
  }
  if (!header) throw new BackupFileError('empty file');
  if (!ended) throw new BackupFileError('file is truncated (no end marker)');
}

/** Reads the whole file once, checking it, and returns its header. */
export async function inspectBackup(file: string): Promise<{ header: BackupHeader; totalRows: number }> {
  let header: BackupHeader | null = null;
  let totalRows = 0;
  for await (const item of readBackup(file)) {
    if (item.kind === 'header') header = item.header;
    if (item.kind === 'end') totalRows = item.trailer.rows;
  }
  return { header: header!, totalRows };
}

/** Public tables holding at least one row. */
export async function nonEmptyTables(db: Db): Promise<string[]> {
  const tables = await listTables(db);
  const out: string[] = [];
  for (const t of tables) {
    const rows = await queryRows<{ present: boolean }>(db, sql`SELECT EXISTS (SELECT 1 FROM ${sql.identifier(t.name)}) AS present`);
    if (rows[0]?.present) out.push(t.name);
  }
  return out;
}

export interface RestoreOptions {
  /** Replace the content of a database that already holds data. */
  force?: boolean;
  /** Restore even if the backup's audit chain does not verify (e.g. to investigate tampering). */
  allowBrokenAuditChain?: boolean;
  onProgress?: (message: string) => void;
}

export interface RestoreSummary {
  header: BackupHeader;
  totalRows: number;
  auditEvents: number;
}

/** Max bind parameters per INSERT, well under PostgreSQL's 65,535. */
const MAX_PARAMS = 20_000;

/**
 * Restores a backup into `database`: checks the file, refuses a non-empty target unless
 * forced, migrates the target, then replaces every table's content in ONE transaction and
 * verifies row counts and the audit chain before committing. Any failure leaves the
 * target's data as it was.
 */
export async function restoreBackup(database: Database, file: string, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  const progress = opts.onProgress ?? (() => {});
  progress(`Checking ${file}…`);
  const { header, totalRows } = await inspectBackup(file);

  const occupied = await nonEmptyTables(database.db);
  if (occupied.length && !opts.force) {
    throw new RestoreRefusedError(
      `the target database is not empty (${occupied.join(', ')}); pass --force to replace its content`,
    );
  }

  progress('Migrating the target database…');
  await database.migrate();
  const applied = new Set((await readMigrations(database.db)).map((m) => m.createdAt));
  const unknown = header.migrations.filter((m) => !applied.has(m.createdAt));
  if (unknown.length) {
    throw new RestoreRefusedError(
      `the backup was made by a newer Beffroi (migration ${unknown[unknown.length - 1]!.createdAt} is unknown here); upgrade first`,
    );
  }

  const targetTables = await listTables(database.db);
  for (const t of header.tables) {
    const target = targetTables.find((x) => x.name === t.name);
    if (!target) throw new RestoreRefusedError(`table ${t.name} of the backup does not exist in the target`);
    for (const c of t.columns) {
      if (!target.columns.some((x) => x.name === c.name)) {
        throw new RestoreRefusedError(`column ${t.name}.${c.name} of the backup does not exist in the target`);
      }
    }
  }
  const { cyclic } = dependencyOrder(targetTables);

  progress(`Restoring ${totalRows} rows into ${header.tables.length} tables…`);
  const auditEvents = await database.db.transaction(async (tx) => {
    if (targetTables.length) {
      await tx.execute(
        sql`TRUNCATE ${sql.join(targetTables.map((t) => sql.identifier(t.name)), sql`, `)} RESTART IDENTITY`,
      );
    }
    if (cyclic) {
      // Rows that reference their own table (or a cycle of tables) cannot be ordered; like
      // pg_restore --disable-triggers, skip foreign-key triggers for this transaction only.
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    }

    const columnsOf = new Map(header.tables.map((t) => [t.name, t.columns]));
    let batch: RowLine[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await insertRows(tx, batch[0]!.t, columnsOf.get(batch[0]!.t)!, batch.map((b) => b.r));
      batch = [];
    };
    for await (const item of readBackup(file)) {
      if (item.kind !== 'row') continue;
      if (batch.length && (batch[0]!.t !== item.row.t || (batch.length + 1) * item.row.r.length > MAX_PARAMS)) await flush();
      batch.push(item.row);
    }
    await flush();

    for (const s of header.sequences) {
      const exists = await queryRows<{ present: boolean }>(
        tx,
        sql`SELECT to_regclass(${`public.${quoteIdent(s.name)}`}) IS NOT NULL AS present`,
      );
      if (!exists[0]?.present) continue;
      await tx.execute(sql`SELECT setval(${`public.${quoteIdent(s.name)}`}::regclass, ${s.lastValue}::bigint, ${s.isCalled})`);
    }

    for (const t of header.tables) {
      const n = await countRows(tx, t.name);
      if (n !== t.rowCount) throw new Error(`table ${t.name}: restored ${n} rows, expected ${t.rowCount}`);
    }
    const chain = await verifyAuditChain(tx as unknown as Db);
    if (!chain.ok && !opts.allowBrokenAuditChain) {
      throw new Error(
        `the restored audit chain is BROKEN at event #${chain.firstBroken!.id} (${chain.firstBroken!.reason}); nothing was restored`,
      );
    }
    return chain.checked;
  });
  return { header, totalRows, auditEvents };
}

async function insertRows(tx: DbOrTx, table: string, columns: ColumnInfo[], rows: (string | null)[][]) {
  const values: SQL[] = rows.map(
    (r) => sql`(${sql.join(r.map((v, i) => sql`${v}::text::${sql.raw(columns[i]!.type)}`), sql`, `)})`,
  );
  await tx.execute(
    sql`INSERT INTO ${sql.identifier(table)} (${sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `)})
        OVERRIDING SYSTEM VALUE VALUES ${sql.join(values, sql`, `)}`,
  );
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
