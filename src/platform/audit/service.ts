import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { GENESIS_HASH, findChainBreak, hashEvent, type ChainBreak } from './chain';
import { auditEvents } from './schema';

/** Who did something: a staff user, a resident (anonymous, by conversation or ticket), or the system. */
export interface Actor {
  type: 'user' | 'resident' | 'system';
  id: string | null;
  requestId?: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null };

export interface AuditInput {
  action: string;
  subjectType: string;
  subjectId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Shared by every Beffroi process: serialises appends so the chain stays linear. */
const AUDIT_CHAIN_LOCK_KEY = 7_264_102;

/**
 * Takes the chain lock until the end of the transaction. A hot path may put it in a statement it
 * runs anyway (e.g. as a CTE the statement selects from) and then call `recordAudit` with
 * `{ chainLockTaken: true }`, saving a round trip. It must be an earlier statement of the same
 * transaction: under READ COMMITTED the last hash is read by a later statement, whose snapshot is
 * taken after the lock is granted, so it sees the event committed by the previous holder.
 */
export const TAKE_AUDIT_CHAIN_LOCK = sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`;

/**
 * Appends one event to the chain. Call it inside the transaction that makes the change,
 * so the event and the change commit or roll back together.
 */
export async function recordAudit(
  tx: DbOrTx,
  actor: Actor,
  input: AuditInput,
  opts: { chainLockTaken?: boolean } = {},
): Promise<{ id: number; hash: string }> {
  if (!opts.chainLockTaken) await tx.execute(TAKE_AUDIT_CHAIN_LOCK);
  const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  const fields = {
    occurredAt: new Date(),
    actorType: actor.type,
    actorId: actor.id,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId == null ? null : String(input.subjectId),
    requestId: actor.requestId ?? null,
    before: input.before ?? null,
    after: input.after ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = hashEvent(fields);
  const [row] = await tx
    .insert(auditEvents)
    .values({ ...fields, hash })
    .returning({ id: auditEvents.id });
  return { id: row!.id, hash };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: ChainBreak | null;
}

/** Reads the whole chain in pages and reports the first event that does not fit. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, lastId))
      .orderBy(asc(auditEvents.id))
      .limit(pageSize);
    if (page.length === 0) return { ok: true, checked, firstBroken: null };
    const broken = findChainBreak(page, prevHash);
    if (broken) return { ok: false, checked: checked + page.findIndex((e) => e.id === broken.id), firstBroken: broken };
    checked += page.length;
    prevHash = page[page.length - 1]!.hash;
    lastId = page[page.length - 1]!.id;
  }
}
