/**
 * `npm run audit:verify -- --checkpoints <file or URL>`: reads checkpoints kept elsewhere (a saved
 * copy of `GET /api/audit/checkpoints`, a witness's webhook body or e-mail attachment, or that URL,
 * all of its pages), then compares them with the chain in the database (`checkpoint-compare.ts`).
 * Without sources it compares the chain with the checkpoints stored in the database itself, which
 * shows a careless truncation; only copies kept elsewhere show one made by someone who also
 * removed the stored checkpoints.
 */
import fs from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { checkpointsDocumentSchema, type CheckpointsDocument } from './checkpoint-document';
import {
  checkSignatures,
  compareWithChain,
  describeFinding,
  findForks,
  positionsToRead,
  type FoundCheckpoint,
  type Finding,
} from './checkpoint-compare';
import { auditCheckpoints } from './schema';
import { walkAuditChain, type ChainWalk } from './service';
import { importPublicKey, keyIdOf } from './signed-checkpoint';

export class CheckpointSourceError extends Error {
  override name = 'CheckpointSourceError';
}

export interface CheckpointSource {
  label: string;
  documents: CheckpointsDocument[];
}

const MAX_PAGES = 100_000;

function parseDocuments(value: unknown, label: string): CheckpointsDocument[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    const parsed = checkpointsDocumentSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = `${items.length > 1 ? `document ${i + 1}, ` : ''}${issue.path.join('.') || '(root)'}`;
      throw new CheckpointSourceError(`${label} is not a Beffroi checkpoints document (${where}: ${issue.message})`);
    }
    return parsed.data;
  });
}

/** A saved document (or a JSON array of them), or the published URL, every page of it. */
export async function loadCheckpointSource(spec: string, fetchImpl: typeof fetch = fetch): Promise<CheckpointSource> {
  if (/^https?:\/\//i.test(spec)) {
    const documents: CheckpointsDocument[] = [];
    let before: number | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = new URL(spec);
      url.searchParams.set('limit', '200');
      if (before !== null) url.searchParams.set('before', String(before));
      let body: unknown;
      try {
        const response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
        if (!response.ok) throw new CheckpointSourceError(`${url} answered HTTP ${response.status}`);
        body = await response.json();
      } catch (err) {
        if (err instanceof CheckpointSourceError) throw err;
        throw new CheckpointSourceError(`cannot read ${url}: ${(err as Error).message}`);
      }
      const [document] = parseDocuments(body, String(url));
      documents.push(document!);
      if (document!.nextBefore === null) return { label: spec, documents };
      before = document!.nextBefore;
    }
    throw new CheckpointSourceError(`${spec}: more than ${MAX_PAGES} pages`);
  }
  let text: string;
  try {
    text = fs.readFileSync(spec, 'utf8');
  } catch (err) {
    throw new CheckpointSourceError(`cannot read ${spec}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CheckpointSourceError(`${spec} is not JSON`);
  }
  return { label: spec, documents: parseDocuments(value, spec) };
}

/** The keys the documents publish, each checked against its id (a key published under another key's id is left out). */
export function publishedKeys(documents: readonly CheckpointsDocument[]): Map<string, KeyObject> {
  return importKeys(documents.flatMap((d) => [{ keyId: d.keyId, publicKey: d.publicKey }, ...d.keys]));
}

function importKeys(pairs: readonly { keyId: string; publicKey: string }[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const k of pairs) {
    if (keys.has(k.keyId) || keyIdOf(k.publicKey) !== k.keyId) continue;
    try {
      keys.set(k.keyId, importPublicKey(k.publicKey));
    } catch {
      // Not an Ed25519 key: the checkpoints naming it are reported as signed by an unknown key.
    }
  }
  return keys;
}

function found(documents: readonly CheckpointsDocument[], source: string): FoundCheckpoint[] {
  return documents.flatMap((d) => d.checkpoints.map((c) => ({ ...c, source })));
}

export interface CheckpointVerification {
  chain: ChainWalk;
  findings: Finding[];
  /** Validly signed checkpoints compared with the chain. */
  valid: FoundCheckpoint[];
  matched: FoundCheckpoint[];
  pruned: FoundCheckpoint[];
  /** Key ids that signed the valid checkpoints. */
  keyIds: string[];
  /** Stored checkpoints signed by keys that no given source publishes: not used. */
  storedWithUnknownKeys: number;
}

/**
 * Compares the chain with the checkpoints of `sources` and those stored in the database. With
 * sources, only their keys are trusted (`trustedKeyIds` narrows them further); without, the
 * stored checkpoints are checked against the keys stored with them.
 */
export async function verifyChainAgainstCheckpoints(
  db: DbOrTx,
  sources: readonly CheckpointSource[],
  trustedKeyIds?: ReadonlySet<string>,
): Promise<CheckpointVerification> {
  const stored = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.id));
  const storedFound: FoundCheckpoint[] = stored.map((r) => ({
    id: r.id,
    size: r.size,
    lastEventId: r.lastEventId,
    lastHash: r.lastHash,
    signedAt: r.signedAt.toISOString(),
    keyId: r.keyId,
    signature: r.signature,
    source: 'database',
  }));
  let keys: Map<string, KeyObject>;
  let candidates: FoundCheckpoint[];
  let storedWithUnknownKeys = 0;
  if (sources.length) {
    keys = publishedKeys(sources.flatMap((s) => s.documents));
    const storedKnown = storedFound.filter((c) => keys.has(c.keyId));
    storedWithUnknownKeys = storedFound.length - storedKnown.length;
    candidates = [...sources.flatMap((s) => found(s.documents, s.label)), ...storedKnown];
  } else {
    keys = importKeys(stored);
    candidates = storedFound;
  }
  const signatures = checkSignatures(candidates, keys, trustedKeyIds);
  const forks = findForks(signatures.valid);
  const chain = await walkAuditChain(db, { positions: positionsToRead(signatures.valid) });
  const comparison = compareWithChain(signatures.valid, chain);
  return {
    chain,
    findings: [...signatures.findings, ...forks, ...comparison.findings],
    valid: signatures.valid,
    matched: comparison.matched,
    pruned: comparison.pruned,
    keyIds: [...new Set(signatures.valid.map((c) => c.keyId))],
    storedWithUnknownKeys,
  };
}

/** A finding as the back-office shows it: its kind, what it names, and the verifier's sentence. */
export function findingSummary(f: Finding): { kind: Finding['kind']; checkpointId: number | null; eventId: number | null; message: string } {
  const checkpoint = 'checkpoint' in f ? f.checkpoint : f.kind === 'fork' ? f.second : f.kind === 'rollback' ? f.later : null;
  const eventId = f.kind === 'rewrite' ? f.eventId : f.kind === 'unconfirmed_anchor' ? f.anchor.eventId : (checkpoint?.lastEventId ?? null);
  return {
    kind: f.kind,
    checkpointId: f.kind === 'unconfirmed_anchor' ? f.anchor.checkpointId : (checkpoint?.id ?? null),
    eventId,
    message: describeFinding(f),
  };
}
