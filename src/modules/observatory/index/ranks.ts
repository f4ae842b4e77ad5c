/**
 * Ranks of scores, 1 for the lowest. The observatory ranks from the bottom because what it looks
 * for is the territories in the most difficult situation: rank 1 is the lowest composite score.
 * Ties share the mean of the positions they occupy (mid-ranks), so a tie never favours the
 * territory listed first.
 */

/** Mid-ranks in ascending order of `values` (1 = smallest); NaN values get NaN. */
export function ascendingMidRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i]!)) order.push(i);
  order.sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n).fill(Number.NaN);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    // Positions start+1 … end share their mean.
    const shared = (start + 1 + end) / 2;
    for (let p = start; p < end; p++) ranks[order[p]!] = shared;
    start = end;
  }
  return ranks;
}

/**
 * Scratch space for `simulationMidRanks`, allocated once per Monte Carlo run (nothing is
 * allocated per draw).
 */
export class RankScratch {
  readonly keys: Uint32Array;
  readonly keysSwap: Uint32Array;
  readonly order: Int32Array;
  readonly orderSwap: Int32Array;
  readonly counts = new Int32Array(3 * RADIX_BUCKETS);
  readonly single = new Float32Array(1);
  readonly singleBits = new Uint32Array(this.single.buffer);
  constructor(readonly n: number) {
    this.keys = new Uint32Array(n);
    this.keysSwap = new Uint32Array(n);
    this.order = new Int32Array(n);
    this.orderSwap = new Int32Array(n);
  }
}

const RADIX_BITS = 11;
const RADIX_BUCKETS = 1 << RADIX_BITS;
const RADIX_MASK = RADIX_BUCKETS - 1;

/**
 * Mid-ranks of finite scores for the Monte Carlo loop, written to out[offset + i·stride]. Scores
 * are compared in single precision (about 7 significant digits: closer scores count as tied and
 * share their mid-rank), which lets a three-pass least-significant-digit radix sort of 32-bit keys
 * order them in linear time — several times faster than a comparison sort at 35,000 territories,
 * and the same on every machine.
 */
export function simulationMidRanks(scores: Float64Array, scratch: RankScratch, out: Float32Array, offset: number, stride: number): void {
  const n = scores.length;
  const { keys, keysSwap, order, orderSwap, counts, single, singleBits } = scratch;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    // + 0 turns −0 into +0, so the two zeros get one key.
    single[0] = scores[i]! + 0;
    const bits = singleBits[0]!;
    // IEEE order to unsigned order: negative numbers have all bits flipped, positive ones the sign bit set.
    const key = (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
    keys[i] = key;
    order[i] = i;
    counts[key & RADIX_MASK]!++;
    counts[RADIX_BUCKETS + ((key >>> RADIX_BITS) & RADIX_MASK)]!++;
    counts[2 * RADIX_BUCKETS + (key >>> (2 * RADIX_BITS))]!++;
  }
  let fromKeys = keys;
  let fromOrder = order;
  let toKeys = keysSwap;
  let toOrder = orderSwap;
  for (let pass = 0; pass < 3; pass++) {
    const base = pass * RADIX_BUCKETS;
    const shift = pass * RADIX_BITS;
    let total = 0;
    for (let b = 0; b < RADIX_BUCKETS; b++) {
      const c = counts[base + b]!;
      counts[base + b] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const key = fromKeys[i]!;
      const at = counts[base + ((key >>> shift) & RADIX_MASK)]!++;
      toKeys[at] = key;
      toOrder[at] = fromOrder[i]!;
    }
    [fromKeys, toKeys] = [toKeys, fromKeys];
    [fromOrder, toOrder] = [toOrder, fromOrder];
  }
  let start = 0;
  while (start < n) {
    let end = start + 1;
    const key = fromKeys[start]!;
    while (end < n && fromKeys[end] === key) end++;
    const shared = (start + 1 + end) / 2;
    for (let p = start; p < end; p++) out[offset + fromOrder[p]! * stride] = shared;
    start = end;
  }
}

/** Scratch space for `quantilesByBuckets`. */
export class QuantileScratch {
  readonly counts = new Int32Array(QUANTILE_BUCKETS + 1);
  readonly ordered: Float32Array;
  constructor(readonly length: number) {
    this.ordered = new Float32Array(length);
  }
}

const QUANTILE_BUCKETS = 256;
const INSERTION_SORT_LIMIT = 24;

/**
 * Type-7 quantiles (ascending `qs`) of a territory's simulated ranks, the Monte Carlo's hot spot:
 * a counting sort into 256 buckets spanning [min, max], then only the buckets holding the needed
 * order statistics are sorted. About three passes over the values instead of the dozen a
 * selection needs; the result is exactly that of a full sort. `values` is left untouched.
 */
export function quantilesByBuckets(values: Float32Array, qs: readonly number[], out: Float64Array, scratch: QuantileScratch): void {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) {
    for (let j = 0; j < qs.length; j++) out[j] = min;
    return;
  }
  const { counts, ordered } = scratch;
  counts.fill(0);
  const scale = (QUANTILE_BUCKETS / (max - min)) * (1 - 1e-9);
  for (let i = 0; i < n; i++) counts[1 + Math.floor((values[i]! - min) * scale)]!++;
  // counts[b] becomes the start of bucket b.
  for (let b = 1; b <= QUANTILE_BUCKETS; b++) counts[b]! += counts[b - 1]!;
  const fill = counts.slice(0, QUANTILE_BUCKETS);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    ordered[fill[Math.floor((v - min) * scale)]!++] = v;
  }
  let sortedUpTo = -1;
  const orderStatistic = (k: number): number => {
    // Find k's bucket and sort it once.
    let lo = 0;
    let hi = QUANTILE_BUCKETS - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (counts[mid]! <= k) lo = mid;
      else hi = mid - 1;
    }
    const start = counts[lo]!;
    const end = counts[lo + 1]!;
    if (start > sortedUpTo) {
      sortRange(ordered, start, end);
      sortedUpTo = end - 1;
    }
    return ordered[k]!;
  };
  for (let j = 0; j < qs.length; j++) {
    const h = (n - 1) * qs[j]!;
    const k = Math.floor(h);
    const low = orderStatistic(k);
    out[j] = h > k && k + 1 < n ? low + (h - k) * (orderStatistic(k + 1) - low) : low;
  }
}

function sortRange(values: Float32Array, start: number, end: number): void {
  if (end - start > INSERTION_SORT_LIMIT) {
    values.subarray(start, end).sort();
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= start && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
}

/** The q-quantile (0 ≤ q ≤ 1) of `values[0..length)`, sorted in place; linear interpolation (Hyndman & Fan type 7, R's default). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
