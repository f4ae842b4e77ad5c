/**
 * Near-duplicate submissions, by normalised text and shingles. Pure.
 *
 * A submission is compared with what is already there through:
 * - its normalised form (case, accents, punctuation and spacing ignored) → `fingerprint`, for exact
 *   repeats;
 * - its character 5-gram shingles: two texts are near-duplicates when the Jaccard similarity of
 *   their shingle sets reaches the threshold (0.8: a typo, a changed word in a sentence, an added
 *   "svp" — not the same idea in other words).
 *
 * Comparing a new text with every stored one would read them all; a MinHash signature of the
 * shingles, cut into bands (locality-sensitive hashing, Broder 1997; Leskovec, Rajaraman & Ullman,
 * *Mining of Massive Datasets*, ch. 3), gives each text a few keys that the database indexes: texts
 * that share a band key are the candidates, and only they are compared exactly. With 16 bands of 4
 * rows, a pair at similarity 0.8 shares a band with probability 1 − (1 − 0.8⁴)¹⁶ ≈ 0.9998; at 0.5,
 * with probability 0.64, and the exact comparison then rejects it.
 */
import { createHash } from 'node:crypto';

export const SHINGLE_SIZE = 5;
export const NEAR_DUPLICATE_THRESHOLD = 0.8;
const BANDS = 16;
const ROWS_PER_BAND = 4;
const SIGNATURE_SIZE = BANDS * ROWS_PER_BAND;
/** 2^31 − 1, a prime: the hash functions are h(x) = (a·x + b) mod P. */
const PRIME = 2_147_483_647;

/** Lower case, accents removed, anything but letters and digits turned to one space. */
export function normaliseForComparison(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The same for texts that differ only in case, accents, punctuation or spacing. */
export function fingerprintOf(text: string): string {
  return createHash('sha256').update(normaliseForComparison(text)).digest('hex').slice(0, 32);
}

/** Character shingles of the normalised text; a text shorter than one shingle is its own single shingle. */
export function shinglesOf(text: string, size = SHINGLE_SIZE): Set<string> {
  const normal = normaliseForComparison(text);
  const chars = [...normal];
  const out = new Set<string>();
  if (chars.length === 0) return out;
  if (chars.length <= size) {
    out.add(normal);
    return out;
  }
  for (let i = 0; i + size <= chars.length; i++) out.add(chars.slice(i, i + size).join(''));
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** FNV-1a, 32 bits: a shingle's number before the MinHash permutations. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619);
  return h >>> 0;
}

/** Fixed coefficients of the permutations (a deterministic generator: every process computes the same keys). */
const COEFFICIENTS: readonly [number, number][] = (() => {
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % PRIME;
  };
  return Array.from({ length: SIGNATURE_SIZE }, () => [Math.max(1, next()), next()] as [number, number]);
})();

/** (a·x + b) mod P without losing precision: x and a are below 2^32, so split a. */
function permute(x: number, a: number, b: number): number {
  const high = Math.floor(a / 65_536);
  const low = a % 65_536;
  const product = (((high * x) % PRIME) * 65_536 + low * x) % PRIME;
  return (product + b) % PRIME;
}

export function minhashSignature(shingles: ReadonlySet<string>): number[] {
  const signature = new Array<number>(SIGNATURE_SIZE).fill(PRIME);
  for (const shingle of shingles) {
    const x = hash32(shingle);
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const [a, b] = COEFFICIENTS[i]!;
      const v = permute(x, a, b);
      if (v < signature[i]!) signature[i] = v;
    }
  }
  return signature;
}

/** The band keys a text is indexed under: `<band>:<hash of its rows>`. */
export function bandKeys(signature: readonly number[]): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    const rows = signature.slice(band * ROWS_PER_BAND, (band + 1) * ROWS_PER_BAND).join(',');
    keys.push(`${band}:${hash32(rows).toString(36)}`);
  }
  return keys;
}

export interface NearDuplicateKeys {
  fingerprint: string;
  bands: string[];
}

/** What is stored with a text so that later submissions can find it. */
export function nearDuplicateKeys(text: string): NearDuplicateKeys {
  const shingles = shinglesOf(text);
  return { fingerprint: fingerprintOf(text), bands: shingles.size ? bandKeys(minhashSignature(shingles)) : [] };
}

export interface NearDuplicateMatch<T> {
  item: T;
  similarity: number;
}

/**
 * The stored text most similar to `text` among the candidates, if it reaches the threshold. The
 * candidates are those found by fingerprint or band key; each is compared exactly.
 */
export function findNearDuplicate<T>(
  text: string,
  candidates: readonly T[],
  textOf: (item: T) => string,
  threshold = NEAR_DUPLICATE_THRESHOLD,
): NearDuplicateMatch<T> | null {
  const fingerprint = fingerprintOf(text);
  const shingles = shinglesOf(text);
  let best: NearDuplicateMatch<T> | null = null;
  for (const item of candidates) {
    const other = textOf(item);
    const similarity = fingerprintOf(other) === fingerprint ? 1 : jaccard(shingles, shinglesOf(other));
    if (similarity >= threshold && (!best || similarity > best.similarity)) best = { item, similarity };
  }
  return best;
}
