import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from './chain';
import {
  checkSignatures,
  compareWithChain,
  describeFinding,
  findForks,
  positionsToRead,
  type ChainFacts,
  type FoundCheckpoint,
} from './checkpoint-compare';
import { checkpointStatement, keyIdOf, publicKeyText, signCheckpoint } from './signed-checkpoint';

const hash = (n: number | string) => createHash('sha256').update(`event ${n}`).digest('hex');

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKeyText(publicKey));
  return { privateKey, publicKey, keyId };
}

const main = keyPair();
const other = keyPair();
const keys = new Map<string, KeyObject>([[main.keyId, main.publicKey]]);

/** A checkpoint of event `id` at position `size`, signed at minute `minute`. */
function checkpoint(id: number, size: number, minute: number, opts: { h?: string; key?: ReturnType<typeof keyPair> } = {}): FoundCheckpoint {
  const key = opts.key ?? main;
  const signedAt = new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString();
  return { id, source: 'saved.json', ...signCheckpoint(key.privateKey, key.keyId, { size, lastEventId: id * 10, lastHash: opts.h ?? hash(size), signedAt }) };
}

/** A chain of `size` events (event at position p has id p * 10 and hash(p)). */
function chain(size: number, opts: { rewrittenFrom?: number; anchor?: ChainFacts['anchor'] } = {}): ChainFacts {
  const at = new Map<number, { id: number; hash: string }>();
  for (let p = (opts.anchor?.size ?? 0) + 1; p <= size; p++) {
    at.set(p, { id: p * 10, hash: opts.rewrittenFrom !== undefined && p >= opts.rewrittenFrom ? hash(`forged ${p}`) : hash(p) });
  }
  return { size, last: size ? { id: size * 10, hash: at.get(size)?.hash ?? hash(size) } : null, anchor: opts.anchor ?? null, at };
}

describe('signed checkpoint statement', () => {
  it('is the documented text, and its signature checks with the published key only', () => {
    const c = checkpoint(7, 7, 0);
    expect(checkpointStatement(c)).toBe(
      `beffroi-audit-checkpoint/v1\nsize 7\nlast-event-id 70\nlast-hash ${hash(7)}\nsigned-at 2026-03-01T10:00:00.000Z\n`,
    );
    expect(checkSignatures([c], keys).valid).toEqual([c]);
    expect(keyIdOf(publicKeyText(main.publicKey))).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('checkSignatures', () => {
  it('names a changed checkpoint, an unknown key and a key not trusted; counts one checkpoint from two sources once', () => {
    const good = checkpoint(1, 1, 0);
    const changed = { ...checkpoint(2, 2, 1), size: 3 };
    const unknown = checkpoint(3, 3, 2, { key: other });
    const result = checkSignatures([good, { ...good, source: 'database' }, changed, unknown], keys);
    expect(result.valid).toEqual([good]);
    expect(result.findings.map((f) => f.kind === 'bad_signature' && f.reason)).toEqual(['invalid', 'unknown_key']);
    expect(describeFinding(result.findings[0]!)).toMatch(/^BAD SIGNATURE: checkpoint #2 \(saved\.json, .*\) is not signed by its key/);

    const bothKeys = new Map(keys).set(other.keyId, other.publicKey);
    const pinned = checkSignatures([good, unknown], bothKeys, new Set([main.keyId]));
    expect(pinned.valid).toEqual([good]);
    expect(pinned.findings).toMatchObject([{ kind: 'bad_signature', reason: 'untrusted_key' }]);
  });
});

describe('compareWithChain', () => {
  const a = checkpoint(1, 6, 0);
  const b = checkpoint(2, 10, 60);

  it('finds every checkpoint at its position in an intact chain that grew since', () => {
    const facts = chain(14);
    expect(positionsToRead([a, b])).toEqual(new Set([6, 10]));
    expect(compareWithChain([a, b], facts)).toEqual({ findings: [], pruned: [], matched: [a, b] });
  });

  it('reports a truncation when the last three events are gone, naming the checkpoint and the chain end', () => {
    const { findings } = compareWithChain([a, b], chain(7));
    expect(findings).toMatchObject([{ kind: 'truncation', checkpoint: b, chainSize: 7, chainLastEventId: 70 }]);
    expect(describeFinding(findings[0]!)).toBe(
      `TRUNCATED: the chain holds 7 events (its last event is #70) but checkpoint #2 (saved.json, signed ${b.signedAt}: 10 events through event #20, hash ${b.lastHash.slice(0, 16)}…) covered 10: 3 events at the end are missing`,
    );
  });

  it('reports a rewrite when the chain was recomputed from the genesis, at every checkpoint, naming the event', () => {
    const { findings } = compareWithChain([a, b], chain(12, { rewrittenFrom: 2 }));
    expect(findings.map((f) => f.kind)).toEqual(['rewrite', 'rewrite']);
    expect(findings[0]).toMatchObject({ kind: 'rewrite', checkpoint: a, position: 6, eventId: 60, hash: hash('forged 6') });
    expect(describeFinding(findings[0]!)).toMatch(/^REWRITTEN: event #60 at position 6 has hash .* but checkpoint #1 .* signed another hash there/);
  });

  it('reports a rewrite of the tail only where it reaches a checkpoint', () => {
    const { findings, matched } = compareWithChain([a, b], chain(12, { rewrittenFrom: 8 }));
    expect(matched).toEqual([a]);
    expect(findings).toMatchObject([{ kind: 'rewrite', checkpoint: b, position: 10 }]);
  });

  it('leaves checkpoints older than a confirmed prune unchecked, and checks the anchor itself', () => {
    const anchorCheckpoint = checkpoint(2, 10, 60);
    const anchor = { size: 10, eventId: 20, hash: anchorCheckpoint.lastHash, checkpointId: 2, prunedAt: '2026-04-01T00:00:00.000Z' };
    const facts = chain(15, { anchor });
    expect(compareWithChain([a, anchorCheckpoint], facts)).toEqual({ findings: [], pruned: [a], matched: [anchorCheckpoint] });
    // Without a signed checkpoint at the anchor, the prune itself is unproven.
    const { findings } = compareWithChain([a], facts);
    expect(findings).toMatchObject([{ kind: 'unconfirmed_anchor' }]);
    expect(describeFinding(findings[0]!)).toMatch(/^UNCONFIRMED PRUNE: the chain starts after event #20/);
    // A checkpoint at the anchor with another hash: the prefix was rewritten before it was pruned.
    const forged = checkpoint(2, 10, 60, { h: hash('other') });
    expect(compareWithChain([forged], facts).findings.map((f) => f.kind)).toEqual(['rewrite', 'unconfirmed_anchor']);
  });

  it('accepts a checkpoint of the empty chain', () => {
    const empty = checkpoint(0, 0, 0, { h: GENESIS_HASH });
    expect(compareWithChain([empty], chain(0)).findings).toEqual([]);
  });
});

describe('findForks', () => {
  it('finds nothing among checkpoints of one growing chain', () => {
    expect(findForks([checkpoint(1, 6, 0), checkpoint(2, 10, 60), checkpoint(3, 11, 120)])).toEqual([]);
  });

  it('finds two checkpoints of the same size with different heads', () => {
    const first = checkpoint(2, 10, 60);
    const second = checkpoint(5, 10, 90, { h: hash('elsewhere') });
    const findings = findForks([first, second]);
    expect(findings).toMatchObject([{ kind: 'fork', first, second }]);
    expect(describeFinding(findings[0]!)).toMatch(/^FORK: checkpoint #2 .* and checkpoint #5 .* cannot both be prefixes of one chain$/);
  });

  it('finds a longer chain whose last event has a smaller id, and one hash at two positions', () => {
    expect(findForks([checkpoint(3, 10, 0), checkpoint(2, 12, 60)]).map((f) => f.kind)).toEqual(['fork']);
    expect(findForks([checkpoint(1, 6, 0, { h: hash('x') }), checkpoint(2, 10, 60, { h: hash('x') })]).map((f) => f.kind)).toEqual(['fork']);
  });

  it('reports a checkpoint that covers fewer events than one signed before it', () => {
    const earlier = checkpoint(2, 10, 0);
    const later = checkpoint(1, 6, 60);
    expect(findForks([earlier, later])).toMatchObject([{ kind: 'rollback', earlier, later }]);
  });
});
