/**
 * Compares signed checkpoints with the audit chain as it is now, and with each other. Pure: the
 * caller reads the chain (`walkAuditChain`) and the checkpoints (a saved copy of
 * `GET /api/audit/checkpoints`, that URL, the database's own table) and passes what it found.
 *
 * A hash chain is not a Merkle tree: without the events, two checkpoints can only be compared by
 * their sizes, event ids and hashes. With the chain, each checkpoint is checked at its position:
 * - truncation: the chain now holds fewer events than a checkpoint covered;
 * - rewrite: the event at a checkpoint's position has another hash (an event changed and the chain
 *   recomputed after it, or the whole chain recomputed from the genesis);
 * - fork: two validly signed checkpoints that cannot both be prefixes of one chain;
 * - rollback: a checkpoint signed later covers fewer events than one signed earlier (the chain was
 *   cut, then grew again — a restored backup does exactly this);
 * - bad signature: a checkpoint that its key did not sign, or signed by a key not trusted;
 * - unconfirmed anchor: the chain starts after a prune whose anchor no valid checkpoint confirms.
 */
import type { KeyObject } from 'node:crypto';
import { GENESIS_HASH } from './chain';
import { checkpointSignatureValid, type SignedCheckpoint } from './signed-checkpoint';

/** A checkpoint as found in one source. `id` is the publisher's number for it (not signed). */
export interface FoundCheckpoint extends SignedCheckpoint {
  id: number | null;
  /** Where it was read: a file name, a URL, `database`. */
  source: string;
}

/** Where the retained chain starts after a prune: the head of checkpoint `checkpointId`. */
export interface ChainAnchor {
  size: number;
  eventId: number;
  hash: string;
  checkpointId: number;
  prunedAt: string;
}

/** What the chain holds now, as `walkAuditChain` reads it. */
export interface ChainFacts {
  /** Events from the genesis through the last one, pruned ones included. */
  size: number;
  last: { id: number; hash: string } | null;
  anchor: ChainAnchor | null;
  /** The event at each position asked for (1 = the first event ever appended). */
  at: ReadonlyMap<number, { id: number; hash: string }>;
}

export type Finding =
  | { kind: 'bad_signature'; checkpoint: FoundCheckpoint; reason: 'unknown_key' | 'untrusted_key' | 'invalid' }
  | { kind: 'fork'; first: FoundCheckpoint; second: FoundCheckpoint }
  | { kind: 'rollback'; earlier: FoundCheckpoint; later: FoundCheckpoint }
  | { kind: 'truncation'; checkpoint: FoundCheckpoint; chainSize: number; chainLastEventId: number | null }
  | { kind: 'rewrite'; checkpoint: FoundCheckpoint; position: number; eventId: number; hash: string }
  | { kind: 'unconfirmed_anchor'; anchor: ChainAnchor };

export interface SignatureCheck {
  /** Validly signed by a trusted key, each checkpoint once (the same one from two sources counts once). */
  valid: FoundCheckpoint[];
  findings: Finding[];
}

/**
 * Keeps the checkpoints that a known key signed. `keys` maps key ids to public keys (those the
 * sources publish); `trusted`, when given, restricts them to the key ids the verifier pinned.
 */
export function checkSignatures(
  checkpoints: readonly FoundCheckpoint[],
  keys: ReadonlyMap<string, KeyObject>,
  trusted?: ReadonlySet<string>,
): SignatureCheck {
  const valid: FoundCheckpoint[] = [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const c of checkpoints) {
    const key = keys.get(c.keyId);
    if (!key) {
      findings.push({ kind: 'bad_signature', checkpoint: c, reason: 'unknown_key' });
    } else if (trusted && !trusted.has(c.keyId)) {
      findings.push({ kind: 'bad_signature', checkpoint: c, reason: 'untrusted_key' });
    } else if (!checkpointSignatureValid(key, c)) {
      findings.push({ kind: 'bad_signature', checkpoint: c, reason: 'invalid' });
    } else if (!seen.has(`${c.keyId}:${c.signature}`)) {
      seen.add(`${c.keyId}:${c.signature}`);
      valid.push(c);
    }
  }
  return { valid, findings };
}

const bySize = (a: FoundCheckpoint, b: FoundCheckpoint) => a.size - b.size || a.lastEventId - b.lastEventId;

/**
 * Pairs of valid checkpoints that cannot both be prefixes of one chain: along a chain, positions
 * and event ids grow together, and a hash appears once (it covers the previous one). Also reports
 * a checkpoint that covers fewer events than one signed before it.
 */
export function findForks(valid: readonly FoundCheckpoint[]): Finding[] {
  const findings: Finding[] = [];
  const sorted = [...valid].sort(bySize);
  const sizeOfHash = new Map<string, FoundCheckpoint>();
  let previous: FoundCheckpoint | null = null;
  for (const c of sorted) {
    const sameHash = sizeOfHash.get(c.lastHash);
    if (sameHash && (sameHash.size !== c.size || sameHash.lastEventId !== c.lastEventId)) {
      findings.push({ kind: 'fork', first: sameHash, second: c });
    } else if (previous) {
      const sameSize = previous.size === c.size;
      if (sameSize ? previous.lastHash !== c.lastHash || previous.lastEventId !== c.lastEventId : previous.lastEventId >= c.lastEventId) {
        findings.push({ kind: 'fork', first: previous, second: c });
      }
    }
    if (!sizeOfHash.has(c.lastHash)) sizeOfHash.set(c.lastHash, c);
    previous = c;
  }
  const bySignedAt = [...valid].sort((a, b) => (a.signedAt < b.signedAt ? -1 : a.signedAt > b.signedAt ? 1 : a.size - b.size));
  let largest: FoundCheckpoint | null = null;
  for (const c of bySignedAt) {
    if (largest && c.size < largest.size && c.signedAt > largest.signedAt) findings.push({ kind: 'rollback', earlier: largest, later: c });
    if (!largest || c.size >= largest.size) largest = c;
  }
  return findings;
}

/** The chain positions `compareWithChain` needs to see. */
export function positionsToRead(valid: readonly FoundCheckpoint[]): Set<number> {
  return new Set(valid.map((c) => c.size).filter((s) => s > 0));
}

export interface ChainComparison {
  findings: Finding[];
  /** Valid checkpoints older than the retained chain: not checkable, covered by a confirmed anchor. */
  pruned: FoundCheckpoint[];
  /** Valid checkpoints whose head the chain still holds. */
  matched: FoundCheckpoint[];
}

/** Checks every valid checkpoint at its position in the chain. */
export function compareWithChain(valid: readonly FoundCheckpoint[], chain: ChainFacts): ChainComparison {
  const findings: Finding[] = [];
  const pruned: FoundCheckpoint[] = [];
  const matched: FoundCheckpoint[] = [];
  const { anchor } = chain;
  for (const c of [...valid].sort(bySize)) {
    if (c.size > chain.size) {
      findings.push({ kind: 'truncation', checkpoint: c, chainSize: chain.size, chainLastEventId: chain.last?.id ?? null });
      continue;
    }
    if (anchor && c.size < anchor.size) {
      pruned.push(c);
      continue;
    }
    const event =
      c.size === 0
        ? { id: 0, hash: GENESIS_HASH }
        : anchor && c.size === anchor.size
          ? { id: anchor.eventId, hash: anchor.hash }
          : chain.at.get(c.size);
    if (!event) {
      // The walk did not reach this position: the chain is shorter than its own count says.
      findings.push({ kind: 'truncation', checkpoint: c, chainSize: chain.size, chainLastEventId: chain.last?.id ?? null });
    } else if (event.hash !== c.lastHash) {
      findings.push({ kind: 'rewrite', checkpoint: c, position: c.size, eventId: event.id, hash: event.hash });
    } else {
      matched.push(c);
    }
  }
  if (anchor && !valid.some((c) => c.size === anchor.size && c.lastHash === anchor.hash && c.lastEventId === anchor.eventId)) {
    findings.push({ kind: 'unconfirmed_anchor', anchor });
  }
  return { findings, pruned, matched };
}

function label(c: FoundCheckpoint): string {
  const name = c.id === null ? 'checkpoint' : `checkpoint #${c.id}`;
  return `${name} (${c.source}, signed ${c.signedAt}: ${c.size} events through event #${c.lastEventId}, hash ${c.lastHash.slice(0, 16)}…)`;
}

/** One line an operator can act on: what is wrong, naming the event and the checkpoint. */
export function describeFinding(f: Finding): string {
  switch (f.kind) {
    case 'bad_signature':
      return f.reason === 'invalid'
        ? `BAD SIGNATURE: ${label(f.checkpoint)} is not signed by its key ${f.checkpoint.keyId.slice(0, 16)}…`
        : f.reason === 'unknown_key'
          ? `BAD SIGNATURE: ${label(f.checkpoint)} names key ${f.checkpoint.keyId.slice(0, 16)}…, which no source publishes`
          : `BAD SIGNATURE: ${label(f.checkpoint)} is signed by key ${f.checkpoint.keyId.slice(0, 16)}…, which is not among the trusted keys`;
    case 'fork':
      return `FORK: ${label(f.first)} and ${label(f.second)} are both validly signed but cannot both be prefixes of one chain`;
    case 'rollback':
      return `ROLLBACK: ${label(f.later)} covers fewer events than ${label(f.earlier)}, signed before it: the chain was cut and grew again`;
    case 'truncation': {
      const end = f.chainLastEventId === null ? 'no event' : `its last event is #${f.chainLastEventId}`;
      return `TRUNCATED: the chain holds ${f.chainSize} events (${end}) but ${label(f.checkpoint)} covered ${f.checkpoint.size}: ${f.checkpoint.size - f.chainSize} events at the end are missing`;
    }
    case 'rewrite':
      return `REWRITTEN: event #${f.eventId} at position ${f.position} has hash ${f.hash.slice(0, 16)}…, but ${label(f.checkpoint)} signed another hash there: the chain was changed and recomputed up to that point`;
    case 'unconfirmed_anchor':
      return `UNCONFIRMED PRUNE: the chain starts after event #${f.anchor.eventId} (pruned ${f.anchor.prunedAt}, through checkpoint #${f.anchor.checkpointId}), but no validly signed checkpoint has that head`;
  }
}
