import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  requestId: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
}

/**
 * JSON with object keys sorted at every depth: jsonb does not keep key order,
 * so the hash must not depend on it.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function hashedFields(e: ChainedFields): Record<string, unknown> {
  return {
    occurredAt: e.occurredAt.toISOString(),
    actorType: e.actorType,
    actorId: e.actorId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    requestId: e.requestId,
    before: e.before ?? null,
    after: e.after ?? null,
    prevHash: e.prevHash,
  };
}

export function hashEvent(e: ChainedFields): string {
  return createHash('sha256').update(canonicalJson(hashedFields(e))).digest('hex');
}

/**
 * `hashEvent`'s payload cut around the previous hash: the payload is
 * `head + JSON.stringify(prevHash) + tail`, so the database can hash it with the last hash it
 * reads, in the statement that appends the event.
 */
export function payloadAroundPrevHash(e: Omit<ChainedFields, 'prevHash'>): { head: string; tail: string } {
  const fields = hashedFields({ ...e, prevHash: '' });
  const parts = Object.keys(fields)
    .filter((k) => fields[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${JSON.stringify(k)}:${k === 'prevHash' ? '' : canonicalJson(fields[k])}`);
  const at = parts.indexOf('"prevHash":') + 1;
  return { head: `{${parts.slice(0, at).join(',')}`, tail: `${parts.slice(at).map((p) => `,${p}`).join('')}}` };
}

export interface ChainBreak {
  id: number;
  reason: 'hash_mismatch' | 'prev_hash_mismatch';
}

/** Walks events in id order and returns the first one that does not fit the chain. */
export function findChainBreak(
  events: Iterable<ChainedFields & { id: number; hash: string }>,
  startPrevHash = GENESIS_HASH,
): ChainBreak | null {
  let expectedPrev = startPrevHash;
  for (const e of events) {
    if (e.prevHash !== expectedPrev) return { id: e.id, reason: 'prev_hash_mismatch' };
    if (hashEvent(e) !== e.hash) return { id: e.id, reason: 'hash_mismatch' };
    expectedPrev = e.hash;
  }
  return null;
}

/** Summarises a large payload by its digest, so the audit log stays small but verifiable. */
export function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
