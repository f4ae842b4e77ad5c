import { createHash } from 'node:crypto';
import { asc, desc, gt, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client';
import { GENESIS_HASH, findChainBreak, hashEvent, payloadAroundPrevHash, type ChainBreak } from './chain';
import type { ChainAnchor, ChainFacts } from './checkpoint-compare';
import { auditEvents, auditPrunes } from './schema';

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
  const append = auditAppend(actor, input);
  return append.check(await queryRows(tx, append.statement));
}

/**
 * The statement that appends one event, and the check of what it returned, for callers that
 * run it among other statements (`statementsInTransaction`). It must follow, in the same
 * transaction, a statement that took the chain lock (`TAKE_AUDIT_CHAIN_LOCK`). The payload is
 * checked before anything is sent; the returned hash is checked after the commit there, so a
 * mismatch at that point (the database hashing differently) is reported rather than rolled back.
 */
export function auditAppend(
  actor: Actor,
  input: AuditInput,
): { statement: SQL; check(rows: Record<string, unknown>[]): { id: number; hash: string } } {
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
  };
  // One statement reads the last hash and appends: its snapshot is taken after the lock was granted
  // (an earlier statement). The database hashes the payload around the hash it read; the result is
  // checked against `hashEvent` below, so the chain keeps exactly the hashes `verifyAuditChain` expects.
  const { head, tail } = payloadAroundPrevHash(fields);
  // The database will hash head + previous hash + tail; make sure, before anything is written,
  // that this is the hash the chain's verification computes (the check below runs after commit
  // when the statement is part of a batch).
  if (sha256Hex(`${head}${JSON.stringify(GENESIS_HASH)}${tail}`) !== hashEvent({ ...fields, prevHash: GENESIS_HASH })) {
    throw new Error('The audit event cannot be hashed as the chain expects.');
  }
  const statement = sql`WITH prev AS (
        SELECT coalesce((SELECT hash FROM ${auditEvents} ORDER BY id DESC LIMIT 1), ${GENESIS_HASH}::text) AS hash)
      INSERT INTO ${auditEvents}
        (occurred_at, actor_type, actor_id, action, subject_type, subject_id, request_id, before, after, prev_hash, hash)
      SELECT ${fields.occurredAt.toISOString()}::timestamptz, ${fields.actorType}::text, ${fields.actorId}::text, ${fields.action}::text,
        ${fields.subjectType}::text, ${fields.subjectId}::text, ${fields.requestId}::text,
        ${jsonOrNull(fields.before)}::jsonb, ${jsonOrNull(fields.after)}::jsonb, prev.hash,
        encode(sha256(convert_to(${head}::text || '"' || prev.hash || '"' || ${tail}::text, 'UTF8')), 'hex')
      FROM prev
      RETURNING id, prev_hash, hash`;
  return {
    statement,
    check(rows) {
      const row = rows[0] as { id: number | string; prev_hash: string; hash: string } | undefined;
      if (!row || row.hash !== hashEvent({ ...fields, prevHash: row.prev_hash })) {
        throw new Error('The audit event was not hashed as the chain expects.');
      }
      return { id: Number(row.id), hash: row.hash };
    },
  };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** As Drizzle stores a jsonb column: null is SQL NULL, not the JSON value null. */
function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export interface VerifyResult {
  ok: boolean;
  /** Events verified before the first broken one (all of them when the chain is intact). */
  checked: number;
  firstBroken: ChainBreak | null;
  /** Where the retained chain starts when old events were pruned (`audit_prune_before`), else null. */
  anchor: ChainAnchor | null;
}

/** Reads the whole chain in pages and reports the first event that does not fit. */
export async function verifyAuditChain(db: DbOrTx, pageSize = 5000): Promise<VerifyResult> {
  const { ok, checked, firstBroken, anchor } = await walkAuditChain(db, { pageSize });
  return { ok, checked, firstBroken, anchor };
}

export interface ChainWalk extends VerifyResult, ChainFacts {}

export interface WalkOptions {
  /**
   * Start after this event, already verified, instead of the chain's start (the genesis, or the
   * anchor of the last prune): checkpoints verify only what was appended since the previous one.
   */
  from?: { afterId: number; prevHash: string; size: number };
  /** Positions (1 = the first event ever appended) whose event to report in `at`. */
  positions?: ReadonlySet<number>;
  pageSize?: number;
}

/** The anchor the retained chain starts from, when old events were pruned. */
export async function readChainAnchor(db: DbOrTx): Promise<ChainAnchor | null> {
  const [row] = await db.select().from(auditPrunes).orderBy(desc(auditPrunes.throughEventId)).limit(1);
  return row
    ? { size: row.throughSize, eventId: row.throughEventId, hash: row.throughHash, checkpointId: row.checkpointId, prunedAt: row.prunedAt.toISOString() }
    : null;
}

/**
 * Walks the chain in id order, in pages, checking each event's link and hash, and counting
 * positions from the genesis (pruned events included). After the first broken event it keeps
 * counting, without checking, so that a caller comparing checkpoints still sees the whole length.
 */
export async function walkAuditChain(db: DbOrTx, opts: WalkOptions = {}): Promise<ChainWalk> {
  const pageSize = opts.pageSize ?? 5000;
  const anchor = await readChainAnchor(db);
  // From an anchor the walk still starts at the first row: a row left (or slipped in) before the
  // anchor then shows as a broken link instead of being skipped.
  const start = opts.from ?? (anchor ? { afterId: 0, prevHash: anchor.hash, size: anchor.size } : { afterId: 0, prevHash: GENESIS_HASH, size: 0 });
  let expectedPrev = start.prevHash;
  let size = start.size;
  let last: { id: number; hash: string } | null = opts.from
    ? { id: opts.from.afterId, hash: opts.from.prevHash }
    : anchor
      ? { id: anchor.eventId, hash: anchor.hash }
      : null;
  let lastId = start.afterId;
  let checked = 0;
  let firstBroken: ChainBreak | null = null;
  const at = new Map<number, { id: number; hash: string }>();
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, lastId))
      .orderBy(asc(auditEvents.id))
      .limit(pageSize);
    for (const e of page) {
      if (!firstBroken) {
        firstBroken = findChainBreak([e], expectedPrev);
        if (!firstBroken) checked++;
      }
      expectedPrev = e.hash;
      size++;
      if (opts.positions?.has(size)) at.set(size, { id: e.id, hash: e.hash });
      last = { id: e.id, hash: e.hash };
    }
    if (page.length < pageSize) break;
    lastId = page[page.length - 1]!.id;
  }
  return { ok: firstBroken === null, checked, firstBroken, anchor, size, last, at };
}
