import { createHmac, randomBytes } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { auditEvents } from '../audit/schema';
import { recordAudit, SYSTEM_ACTOR } from '../audit/service';
import type { AppConfig } from '../config';
import type { Db, DbOrTx } from '../db/client';
import { keyFilePath, readKeyFile, readOrCreateKeyFile } from './key-file';
import { instanceSecrets } from './schema';

/**
 * The one key of the installation; purpose-specific keys are derived from it (`deriveKey`). It seals
 * WhatsApp numbers waiting to be sent, keys the login-throttle hashes, hashes messaging channel ids
 * and seals the secrets of backups. It never lives in the database it protects: it is BEFFROI_SECRET
 * when set (as before), otherwise the key file `<BEFFROI_KEYS_DIR>/instance.key`, generated at the
 * first start. The database keeps only a marker (the key's fingerprint), so that a start with a
 * lost or different key is refused instead of silently sealing with a new key that opens nothing.
 */
export const INSTANCE_SECRET = 'instance';
export const INSTANCE_KEY_FILE = 'instance.key';
const SECRET_BYTES = 32;
/** Serialises the processes that start together on one PostgreSQL server while the key is settled. */
const INSTANCE_KEY_LOCK = 7_264_105;

export type InstanceKeyConfig = Pick<AppConfig, 'secret' | 'keysDir' | 'isProduction'>;
export interface InstanceKeyLog {
  info(message: string): void;
  warn(message: string): void;
}
export interface ConfiguredInstanceKey {
  key: Buffer;
  source: 'env' | 'file';
}

/** A start (or a backup, a restore) that cannot go on without the right instance key. */
export class InstanceKeyError extends Error {
  override name = 'InstanceKeyError';
}

/** Identifies a key without revealing it (a keyed hash of a fixed label): stored in the database and in backups. */
export function instanceKeyFingerprint(key: Buffer): string {
  return deriveKey(key, 'platform.instance-key-fingerprint').toString('base64url');
}

/**
 * The instance key as configured on this machine, read without the database: BEFFROI_SECRET's bytes
 * (what the modules that use `config.secret` directly have always used), else the key file, else null.
 */
export function configuredInstanceKey(config: Pick<AppConfig, 'secret' | 'keysDir'>): ConfiguredInstanceKey | null {
  if (config.secret) return { key: Buffer.from(config.secret, 'utf8'), source: 'env' };
  const content = readKeyFile(config.keysDir, INSTANCE_KEY_FILE);
  return content ? { key: parseKeyFile(content, instanceKeyFile(config)), source: 'file' } : null;
}

export function instanceKeyFile(config: Pick<AppConfig, 'keysDir'>): string {
  return keyFilePath(config.keysDir, INSTANCE_KEY_FILE);
}

/** Text, so that an administrator can copy it into a password safe: 32 bytes, base64url, one line. */
function encodeKeyFile(key: Buffer): Buffer {
  return Buffer.from(`${key.toString('base64url')}\n`, 'utf8');
}

function parseKeyFile(content: Buffer, file: string): Buffer {
  const text = content.toString('utf8').trim();
  const key = Buffer.from(text, 'base64url');
  if (key.length !== SECRET_BYTES || key.toString('base64url') !== text) {
    throw new InstanceKeyError(`${file} is not a Beffroi instance key (expected one line of 43 base64url characters)`);
  }
  return key;
}

const silentLog: InstanceKeyLog = { info() {}, warn() {} };
const cache = new WeakMap<Db, Buffer>();

/**
 * Run at every start, before any module: settles the instance key and checks it against the
 * database's marker. Idempotent and safe when several processes start at once (an advisory lock on
 * PostgreSQL; the key file is created atomically). In production a missing or different key stops
 * the start with a message saying what to put back; in development the key is replaced, with a
 * warning, since what the old one sealed is test data.
 */
export async function bootstrapInstanceSecret(db: Db, config: InstanceKeyConfig, log: InstanceKeyLog = silentLog): Promise<Buffer> {
  const key = await settleInstanceKey(db, config, log);
  cache.set(db, key);
  return key;
}

async function settleInstanceKey(db: Db, config: InstanceKeyConfig, log: InstanceKeyLog): Promise<Buffer> {
  const configured = configuredInstanceKey(config);
  const [marker] = await db.select().from(instanceSecrets).where(eq(instanceSecrets.name, INSTANCE_SECRET));
  // Every start but the first: one read, no transaction, no lock.
  if (configured && marker && marker.value === null && marker.fingerprint === instanceKeyFingerprint(configured.key)) {
    return configured.key;
  }
  // Everything below runs on the transaction's connection only (`tx`): the embedded database has one.
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${INSTANCE_KEY_LOCK})`);
    const [row] = await tx.select().from(instanceSecrets).where(eq(instanceSecrets.name, INSTANCE_SECRET)).for('update');
    // Read again under the lock: another process may have created the file or moved the secret meanwhile.
    const current = configuredInstanceKey(config);
    if (row?.value != null) return moveSecretOutOfDatabase(tx, row.value, current, config, log);
    if (row) return checkAgainstMarker(tx, row, current, config, log);
    return firstKey(tx, current, config, log);
  });
}

/** An installation from before keys left the database: its secret goes to the key file once, then out of the database. */
async function moveSecretOutOfDatabase(
  tx: DbOrTx,
  value: string,
  current: ConfiguredInstanceKey | null,
  config: InstanceKeyConfig,
  log: InstanceKeyLog,
): Promise<Buffer> {
  const file = instanceKeyFile(config);
  const secret = Buffer.from(value, 'base64url');
  // Written before the row is emptied: a crash in between leaves the secret in both places, never in neither.
  const inFile = parseKeyFile(readOrCreateKeyFile(config.keysDir, INSTANCE_KEY_FILE, () => encodeKeyFile(secret)), file);
  if (!inFile.equals(secret)) {
    throw new InstanceKeyError(
      `The database holds the instance secret it was created with (from before keys were kept outside the database), ` +
        `and ${file} holds a different key. Move ${file} aside (keep it) and start again: the database's secret will be moved there.`,
    );
  }
  // BEFFROI_SECRET, when set, is what the modules have been using; the moved secret is kept in the file all the same.
  const effective: ConfiguredInstanceKey = current?.source === 'env' ? current : { key: secret, source: 'file' };
  await tx
    .update(instanceSecrets)
    .set({ value: null, fingerprint: instanceKeyFingerprint(effective.key), source: effective.source })
    .where(eq(instanceSecrets.name, INSTANCE_SECRET));
  await recordAudit(tx, SYSTEM_ACTOR, {
    action: 'platform.instance_secret_moved',
    subjectType: 'instance_secret',
    subjectId: INSTANCE_SECRET,
    after: { source: effective.source },
  });
  log.warn(
    `The instance secret was moved out of the database into ${file}. Back this file up with the database ` +
      `(the database alone no longer opens what it sealed); BEFFROI_KEYS_DIR must point at its folder on every start.`,
  );
  return effective.key;
}

async function checkAgainstMarker(
  tx: DbOrTx,
  marker: { fingerprint: string | null; source: string | null },
  current: ConfiguredInstanceKey | null,
  config: InstanceKeyConfig,
  log: InstanceKeyLog,
): Promise<Buffer> {
  if (current && marker.fingerprint === instanceKeyFingerprint(current.key)) return current.key;
  const problem = current ? wrongKey(marker.source, current.source, config) : missingKey(marker.source, config);
  return replaceLostKey(tx, problem, current, config, log);
}

async function firstKey(tx: DbOrTx, current: ConfiguredInstanceKey | null, config: InstanceKeyConfig, log: InstanceKeyLog): Promise<Buffer> {
  // The append-only audit log outlives a deleted marker: a key was created or moved here before.
  const [earlier] = await tx
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(inArray(auditEvents.action, ['platform.instance_secret_created', 'platform.instance_secret_moved']))
    .limit(1);
  if (earlier && !current) return replaceLostKey(tx, missingKey(null, config), current, config, log);
  const key = current?.key ?? createKeyFile(config, log);
  const source = current?.source ?? 'file';
  await tx.insert(instanceSecrets).values({ name: INSTANCE_SECRET, fingerprint: instanceKeyFingerprint(key), source });
  // The key never goes into the log; only the fact that this installation now has one, and where from.
  await recordAudit(tx, SYSTEM_ACTOR, {
    action: 'platform.instance_secret_created',
    subjectType: 'instance_secret',
    subjectId: INSTANCE_SECRET,
    after: { source },
  });
  if (current?.source === 'file') log.info(`Instance key: ${instanceKeyFile(config)} (existing file, now this database's key)`);
  return key;
}

/** Production: refuse. Development: start with the key at hand (or a new one) and say what is lost. */
async function replaceLostKey(
  tx: DbOrTx,
  problem: string,
  current: ConfiguredInstanceKey | null,
  config: InstanceKeyConfig,
  log: InstanceKeyLog,
): Promise<Buffer> {
  if (config.isProduction) {
    throw new InstanceKeyError(
      `${problem} Beffroi does not start with another key: it would open nothing this database sealed ` +
        `(WhatsApp replies waiting to be sent, the secrets of its backups) and break its keyed hashes. ` +
        `If the key is lost for good, what it sealed is lost too: start once with NODE_ENV=development to accept a new key.`,
    );
  }
  const key = current?.key ?? createKeyFile(config, log);
  const source = current?.source ?? 'file';
  await tx
    .insert(instanceSecrets)
    .values({ name: INSTANCE_SECRET, fingerprint: instanceKeyFingerprint(key), source })
    .onConflictDoUpdate({ target: instanceSecrets.name, set: { value: null, fingerprint: instanceKeyFingerprint(key), source } });
  await recordAudit(tx, SYSTEM_ACTOR, {
    action: 'platform.instance_secret_replaced',
    subjectType: 'instance_secret',
    subjectId: INSTANCE_SECRET,
    after: { source },
  });
  log.warn(
    `${problem} Development mode: starting with ${source === 'env' ? 'BEFFROI_SECRET' : instanceKeyFile(config)} instead. ` +
      `What the previous key sealed can no longer be read (WhatsApp replies waiting to be sent, secrets in older backups); ` +
      `login counters and messaging conversations start afresh.`,
  );
  return key;
}

function createKeyFile(config: InstanceKeyConfig, log: InstanceKeyLog): Buffer {
  const file = instanceKeyFile(config);
  const content = readOrCreateKeyFile(config.keysDir, INSTANCE_KEY_FILE, () => encodeKeyFile(randomBytes(SECRET_BYTES)), (created) =>
    log.warn(
      `Generated the instance key ${created}. Back it up with the database, and keep it out of the database's storage: ` +
        `without it a restored database cannot open what it sealed, nor the secrets of its backups, and a production start is refused.`,
    ),
  );
  return parseKeyFile(content, file);
}

function missingKey(markerSource: string | null, config: InstanceKeyConfig): string {
  const file = instanceKeyFile(config);
  if (markerSource === 'env') return 'The instance key is missing: this database was sealed with BEFFROI_SECRET, which is not set. Set it again, to the same value.';
  return (
    `The instance key is missing: this database was sealed with the key file ${file}, which does not exist. ` +
    `Put instance.key back from your backup into ${config.keysDir} (or point BEFFROI_KEYS_DIR at the folder that holds it).`
  );
}

function wrongKey(markerSource: string | null, currentSource: 'env' | 'file', config: InstanceKeyConfig): string {
  const file = instanceKeyFile(config);
  const given = currentSource === 'env' ? 'BEFFROI_SECRET' : `The key file ${file}`;
  const expected = markerSource === 'env' ? 'BEFFROI_SECRET as it was then' : 'its own key file (instance.key)';
  return (
    `${given} is not the instance key this database was sealed with; it was sealed with ${expected}. ` +
    `Put that key back${markerSource === 'env' ? '' : ` into ${config.keysDir}`} (a database restored from another installation needs that installation's key).`
  );
}

/** The instance key settled at start by `bootstrapInstanceSecret` for this database handle. */
export async function instanceSecret(db: Db): Promise<Buffer> {
  const key = cache.get(db);
  if (!key) throw new Error('The instance key is settled at start (bootstrapInstanceSecret) before it is used');
  return key;
}

/** A key for one purpose, so a key leaked from one use tells nothing about the others. */
export function deriveKey(secret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`beffroi:${purpose}`).digest();
}
