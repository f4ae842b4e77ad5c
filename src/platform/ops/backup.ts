import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { withAuditTruncateAllowed } from '../audit/append-only';
import { verifyAuditChain } from '../audit/service';
import { queryRows, type Database, type Db, type DbOrTx } from '../db/client';
import { INSTANCE_SECRET, instanceKeyFingerprint } from '../secrets/service';
import type { SettingDefinition } from '../settings/service';
import { backupSecretsKey, openSettingValue, sealSettingValue, type SealedSecretRef } from './backup-secrets';
import {
  countRows,
  dependencyOrder,
  listTables,
  readMigrations,
  readSequences,
  type ColumnInfo,
  type MigrationRecord,
  type SequenceState,
  type TableInfo,
} from './catalog';
import { planRestore, RestorePlanError } from './restore-plan';

/**
 * A Beffroi backup is a gzipped JSON-lines file:
 *   1. a header (format, version, migrations applied, tables with their columns and row counts, sequences);
 *   2. one line per row, `{"t": table, "r": [values]}`, every value in PostgreSQL's text form (or null),
 *      so bigints, timestamps, jsonb, arrays and bytea round-trip exactly through `$1::text::<type>`;
 *   3. a trailer with the total row count, so a truncated file is detected even if gzip is not.
 * It is written from one read-only snapshot and works the same on PGlite and PostgreSQL.
 * Version 2 seals the settings' secrets with a key derived from the instance key (see
 * `backup-secrets.ts` for why sealed rather than left out); version 1 files still restore.
 */
export const BACKUP_FORMAT = 'beffroi-backup';
export const BACKUP_VERSION = 2;

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
  /** Version 2: the instance key this backup depends on (its fingerprint only); a restore needs the same key. */
  instanceKey?: { fingerprint: string };
  /** Version 2: the settings' secrets sealed in this file. */
  sealedSecrets?: SealedSecretRef[];
}

/**
 * The header is checked field by field before anything else is read: a crafted file is refused
 * here, and the names it holds reach SQL only after the target's catalogue has confirmed them.
 */
const identifier = z.string().min(1).max(63);
const migrationRecord = z.strictObject({ hash: z.string().min(1).max(200), createdAt: z.string().regex(/^\d{1,20}$/) });
const headerV1 = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  createdAt: z.string().max(64),
  backend: z.enum(['pglite', 'postgres']),
  migrations: z.array(migrationRecord),
  lastMigration: migrationRecord.nullable(),
  tables: z.array(
    z.strictObject({
      name: identifier,
      columns: z.array(z.strictObject({ name: identifier, type: z.string().min(1).max(200) })),
      rowCount: z.number().int().min(0),
    }),
  ),
  sequences: z.array(z.strictObject({ name: identifier, lastValue: z.string().regex(/^-?\d{1,19}$/), isCalled: z.boolean() })),
});
const headerV2 = headerV1.extend({
  version: z.literal(2),
  instanceKey: z.strictObject({ fingerprint: z.string().regex(/^[\w-]{43}$/) }),
  sealedSecrets: z.array(z.strictObject({ setting: z.string().min(1).max(200), path: z.array(z.string().min(1).max(200)).min(1).max(16) })),
});

function checkHeader(value: unknown): BackupHeader {
  const parsed = ((value as { version?: unknown }).version === 1 ? headerV1 : headerV2).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BackupFileError(`header is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const header = parsed.data as BackupHeader;
  const twice = (names: string[]) => names.find((n, i) => names.indexOf(n) !== i);
  const table = twice(header.tables.map((t) => t.name));
  if (table !== undefined) throw new BackupFileError(`header lists table ${table} twice`);
  for (const t of header.tables) {
    const column = twice(t.columns.map((c) => c.name));
    if (column !== undefined) throw new BackupFileError(`header lists column ${t.name}.${column} twice`);
  }
  const sequence = twice(header.sequences.map((s) => s.name));
  if (sequence !== undefined) throw new BackupFileError(`header lists sequence ${sequence} twice`);
  const secret = twice((header.sealedSecrets ?? []).map((r) => JSON.stringify([r.setting, ...r.path])));
  if (secret !== undefined) throw new BackupFileError(`header lists the sealed secret ${secret} twice`);
  return header;
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
const SETTINGS_TABLE = 'settings';

/** What the backup needs to keep the settings' secrets out of the file in clear. */
export interface BackupSecrets {
  /** The instance key (`configuredInstanceKey`): it must be this database's. */
  instanceKey: Buffer;
  /** Every setting the installation declares: their `secretPaths` say what to seal. */
  settings: readonly Pick<SettingDefinition, 'key' | 'secretPaths'>[];
}

export interface BackupSummary {
  file: string;
  header: BackupHeader;
  totalRows: number;
  bytes: number;
}

/** Writes a consistent dump of the whole database to `file` (atomically: a temp file, then rename). */
export async function createBackup(database: Database, file: string, secrets: BackupSecrets): Promise<BackupSummary> {
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
        await checkInstanceKeyOfDatabase(tx, order, secrets.instanceKey);
        const sealedSettings = await sealedSettingValues(tx, order, secrets);
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
          instanceKey: { fingerprint: instanceKeyFingerprint(secrets.instanceKey) },
          sealedSecrets: [...sealedSettings.values()].flatMap((v) => v.sealed),
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
          const settingsAt = t.name === SETTINGS_TABLE ? settingsColumns(t.columns) : null;
          for (;;) {
            const rows = await queryRows<Record<string, string | null>>(tx, sql.raw(`FETCH ${FETCH_SIZE} FROM beffroi_backup`));
            for (const row of rows) {
              const values = t.columns.map((_c, i) => row[`c${i}`] ?? null);
              // The value read in the same snapshot, with its secrets sealed.
              if (settingsAt) values[settingsAt.value] = sealedSettings.get(values[settingsAt.key]!)?.text ?? values[settingsAt.value]!;
              await write({ t: t.name, r: values } satisfies RowLine);
            }
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

/**
 * The instance key given must be this database's (its marker holds the fingerprint), and the
 * database must no longer hold the secret itself: a backup never carries a key in clear.
 */
async function checkInstanceKeyOfDatabase(tx: DbOrTx, tables: TableInfo[], instanceKey: Buffer) {
  const table = tables.find((t) => t.name === 'instance_secrets');
  if (!table) return;
  if (!table.columns.some((c) => c.name === 'fingerprint')) {
    throw new Error('this database still holds its instance secret (it predates keys kept outside it): start the server once, then back up');
  }
  const rows = await queryRows<{ fingerprint: string | null; legacy: boolean }>(
    tx,
    sql`SELECT fingerprint, value IS NOT NULL AS legacy FROM instance_secrets WHERE name = ${INSTANCE_SECRET}`,
  );
  const marker = rows[0];
  if (!marker) return;
  if (marker.legacy) {
    throw new Error('this database still holds its instance secret (it predates keys kept outside it): start the server once, then back up');
  }
  if (marker.fingerprint !== instanceKeyFingerprint(instanceKey)) {
    throw new Error(
      "the instance key configured here is not this database's (BEFFROI_KEYS_DIR/instance.key or BEFFROI_SECRET): the backup's secrets would not open",
    );
  }
}

/** Each settings row's value with its declared secrets sealed, read in the backup's snapshot. */
async function sealedSettingValues(tx: DbOrTx, tables: TableInfo[], secrets: BackupSecrets) {
  const out = new Map<string, { text: string; sealed: SealedSecretRef[] }>();
  const table = tables.find((t) => t.name === SETTINGS_TABLE);
  if (!table || !settingsColumns(table.columns)) return out;
  const key = backupSecretsKey(secrets.instanceKey);
  const pathsOf = new Map(secrets.settings.map((d) => [d.key, d.secretPaths ?? []]));
  const rows = await queryRows<{ key: string; value: string }>(tx, sql`SELECT key, value::text AS value FROM settings ORDER BY key`);
  for (const row of rows) out.set(row.key, sealSettingValue(key, row.key, row.value, pathsOf.get(row.key) ?? []));
  return out;
}

function settingsColumns(columns: readonly ColumnInfo[]): { key: number; value: number } | null {
  const key = columns.findIndex((c) => c.name === 'key');
  const value = columns.findIndex((c) => c.name === 'value');
  return key >= 0 && value >= 0 ? { key, value } : null;
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
        if (value.version !== 1 && value.version !== BACKUP_VERSION) {
          throw new BackupFileError(`backup format version ${JSON.stringify(value.version)} is not supported (expected 1 or ${BACKUP_VERSION})`);
        }
        header = checkHeader(value);
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

/** Reads the whole file once, checking it (and each row with `visit`), and returns its header. */
export async function inspectBackup(
  file: string,
  visit?: (row: RowLine, header: BackupHeader) => void,
): Promise<{ header: BackupHeader; totalRows: number }> {
  let header: BackupHeader | null = null;
  let totalRows = 0;
  for await (const item of readBackup(file)) {
    if (item.kind === 'header') header = item.header;
    if (item.kind === 'row') visit?.(item.row, header!);
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
  /**
   * The instance key configured for the target (`configuredInstanceKey`): a backup of version 2
   * restores only with the key it was made with, which opens its sealed secrets.
   */
  instanceKey?: Buffer | null;
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
 * Restores a backup into `database`: checks the file, refuses a non-empty target unless forced,
 * migrates the target, checks every table, column, type and sequence the backup names against the
 * target's catalogue and its sealed secrets against the instance key, then replaces every table's
 * content in ONE transaction and verifies row counts and the audit chain before committing. Any
 * refusal or failure leaves the target's data as it was.
 */
export async function restoreBackup(database: Database, file: string, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  const progress = opts.onProgress ?? (() => {});
  progress(`Checking ${file}…`);
  const opener = secretOpener(opts.instanceKey ?? null);
  const { header, totalRows } = await inspectBackup(file, (row, h) => opener.check(row, h));
  opener.finish(header);

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
  let plan;
  try {
    plan = planRestore(header, { tables: targetTables, sequenceNames: (await readSequences(database.db)).map((s) => s.name) });
  } catch (err) {
    if (err instanceof RestorePlanError) throw new RestoreRefusedError(err.message);
    throw err;
  }
  const { cyclic } = dependencyOrder(targetTables);

  progress(`Restoring ${totalRows} rows into ${header.tables.length} tables…`);
  const auditEvents = await database.db.transaction(async (tx) => {
    await emptyTablesForRestore(tx, targetTables);
    if (cyclic) {
      // Rows that reference their own table (or a cycle of tables) cannot be ordered; like
      // pg_restore --disable-triggers, skip foreign-key triggers for this transaction only.
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    }

    let batch: RowLine[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const columns = plan.columnsByTable.get(batch[0]!.t);
      // Read a second time for the inserts: a file replaced in between must not bring unchecked names.
      if (!columns || batch.some((b) => b.r.length !== columns.length)) throw new BackupFileError('the file changed while it was being restored');
      await insertRows(tx, batch[0]!.t, columns, batch.map((b) => b.r));
      batch = [];
    };
    for await (const item of readBackup(file)) {
      if (item.kind !== 'row') continue;
      const row = opener.open(item.row, header);
      if (batch.length && (batch[0]!.t !== row.t || (batch.length + 1) * row.r.length > MAX_PARAMS)) await flush();
      batch.push(row);
    }
    await flush();

    for (const s of plan.sequences) {
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

/**
 * Empties the target's tables before the backup's rows go in: the only statement by which a restore
 * removes rows. Kept apart so that a table that refuses deletions (the append-only audit log) lets
 * a restore through here, inside the restore's transaction, and nowhere else.
 */
export async function emptyTablesForRestore(tx: DbOrTx, tables: readonly TableInfo[]): Promise<void> {
  if (!tables.length) return;
  // The audit tables refuse TRUNCATE (drizzle/0009): lifted for this statement of this transaction only.
  await withAuditTruncateAllowed(tx, () =>
    tx.execute(sql`TRUNCATE ${sql.join(tables.map((t) => sql.identifier(t.name)), sql`, `)} RESTART IDENTITY`),
  );
}

/**
 * Checks, while the file is inspected, that the backup's instance key is the target's and that every
 * sealed secret opens; then opens them in the rows as they are restored.
 */
function secretOpener(instanceKey: Buffer | null) {
  const found = new Set<string>();
  let refs: SealedSecretRef[] = [];
  let checkedHeader: BackupHeader | null = null;
  const refsOf = (setting: string | null) => refs.filter((r) => r.setting === setting);

  function checkKey(header: BackupHeader) {
    if (checkedHeader === header) return;
    checkedHeader = header;
    refs = header.sealedSecrets ?? [];
    // Version 1 backups predate sealing: their secrets are in clear and they name no key.
    if (!header.instanceKey) return;
    if (!instanceKey) {
      throw new RestoreRefusedError(
        'this backup needs the instance key it was made with (its secrets and what the database sealed open only with it): ' +
          "put that installation's instance.key into BEFFROI_KEYS_DIR, or set its BEFFROI_SECRET, then restore again",
      );
    }
    if (instanceKeyFingerprint(instanceKey) !== header.instanceKey.fingerprint) {
      throw new RestoreRefusedError(
        "the instance key configured here is not the one this backup was made with: put that installation's instance.key " +
          'into BEFFROI_KEYS_DIR (or set its BEFFROI_SECRET), then restore again',
      );
    }
  }

  function openRow(row: RowLine, header: BackupHeader): RowLine {
    if (row.t !== SETTINGS_TABLE || !refs.length) return row;
    const at = settingsColumns(header.tables.find((t) => t.name === SETTINGS_TABLE)!.columns);
    if (!at) throw new BackupFileError('the settings table of this backup has no key or value column');
    const mine = refsOf(row.r[at.key] ?? null);
    if (!mine.length) return row;
    const value = row.r[at.value];
    if (value == null) throw new BackupFileError(`setting ${mine[0]!.setting}: sealed secrets listed but no value`);
    let opened: string;
    try {
      opened = openSettingValue(backupSecretsKey(instanceKey!), value, mine);
    } catch (err) {
      throw new RestoreRefusedError((err as Error).message);
    }
    for (const r of mine) found.add(JSON.stringify([r.setting, ...r.path]));
    const r = [...row.r];
    r[at.value] = opened;
    return { t: row.t, r };
  }

  return {
    check(row: RowLine, header: BackupHeader) {
      checkKey(header);
      openRow(row, header);
    },
    finish(header: BackupHeader) {
      checkKey(header);
      const missing = refs.find((r) => !found.has(JSON.stringify([r.setting, ...r.path])));
      if (missing) throw new BackupFileError(`setting ${missing.setting}: sealed secret listed in the header but absent from the rows`);
    },
    open: openRow,
  };
}

/** `columns` are the TARGET's (name and type from its catalogue), in the order of the backup's rows. */
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
