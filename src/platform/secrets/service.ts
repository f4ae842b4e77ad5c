import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR } from '../audit/service';
import type { Db, DbOrTx } from '../db/client';
import { instanceSecrets } from './schema';

/** The one random secret of the installation; purpose-specific keys are derived from it. */
export const INSTANCE_SECRET = 'instance';
const SECRET_BYTES = 32;

/**
 * Creates the instance secret on first start and returns it. Idempotent, and safe when several
 * processes start at once: the primary key lets one insert win and every process reads the winner.
 */
export async function ensureInstanceSecret(db: Db, name = INSTANCE_SECRET): Promise<Buffer> {
  const existing = await readSecret(db, name);
  if (existing) return existing;
  const candidate = randomBytes(SECRET_BYTES).toString('base64url');
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(instanceSecrets)
      .values({ name, value: candidate })
      .onConflictDoNothing({ target: instanceSecrets.name })
      .returning({ name: instanceSecrets.name });
    if (inserted.length) {
      // The value never goes into the log; only the fact that this installation now has one.
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'platform.instance_secret_created', subjectType: 'instance_secret', subjectId: name });
      return Buffer.from(candidate, 'base64url');
    }
    return (await readSecret(tx, name))!;
  });
}

async function readSecret(db: DbOrTx, name: string): Promise<Buffer | null> {
  const [row] = await db.select({ value: instanceSecrets.value }).from(instanceSecrets).where(eq(instanceSecrets.name, name));
  return row ? Buffer.from(row.value, 'base64url') : null;
}

const cache = new WeakMap<Db, Promise<Buffer>>();

/** Run at every start, before any module: the instance secret exists from then on. */
export async function bootstrapInstanceSecret(db: Db): Promise<void> {
  const secret = await ensureInstanceSecret(db);
  cache.set(db, Promise.resolve(secret));
}

/** The instance secret, read once per database handle. */
export function instanceSecret(db: Db): Promise<Buffer> {
  let pending = cache.get(db);
  if (!pending) {
    pending = ensureInstanceSecret(db);
    // A failed read (database briefly down) must not stick.
    pending.catch(() => cache.delete(db));
    cache.set(db, pending);
  }
  return pending;
}

/** A key for one purpose, so a key leaked from one use tells nothing about the others. */
export function deriveKey(secret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`beffroi:${purpose}`).digest();
}
