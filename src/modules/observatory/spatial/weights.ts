/**
 * Spatial weights as a compressed sparse row (CSR) matrix: the neighbours of area i are
 * `neighbours[offsets[i] .. offsets[i+1])`, sorted ascending, with their weights alongside. The
 * diagonal is always empty (an area is never its own neighbour; Gi* adds the self-weight itself).
 * Every statistic reads weights through this one layout, so lags and permutations walk flat typed
 * arrays.
 */

export type WeightsTransform = 'binary' | 'row' | 'original';

export interface SpatialWeights {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
  readonly weights: Float64Array;
  /** How `weights` relate to the structure they were built from. */
  readonly transform: WeightsTransform;
}

/** Builds weights from neighbour lists (indices), dropping self-links and duplicates; weights 1. */
export function weightsFromNeighbourLists(lists: readonly (readonly number[])[]): SpatialWeights {
  const n = lists.length;
  const offsets = new Int32Array(n + 1);
  const cleaned: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = [...new Set(lists[i]!)].filter((j) => j !== i).sort((a, b) => a - b);
    for (const j of row) {
      if (!Number.isInteger(j) || j < 0 || j >= n) throw new Error(`area ${i} has a neighbour index ${j} outside 0..${n - 1}`);
    }
    cleaned.push(row);
    offsets[i + 1] = offsets[i]! + row.length;
  }
  const neighbours = new Int32Array(offsets[n]!);
  for (let i = 0; i < n; i++) neighbours.set(cleaned[i]!, offsets[i]!);
  return { n, offsets, neighbours, weights: new Float64Array(neighbours.length).fill(1), transform: 'binary' };
}

/**
 * Builds binary weights from an unordered list of pairs (i < j or any order), made symmetric.
 * `pairs` holds them flat: [i0, j0, i1, j1, …].
 */
export function symmetricWeightsFromPairs(n: number, pairs: Int32Array | readonly number[]): SpatialWeights {
  const degree = new Int32Array(n);
  for (let p = 0; p < pairs.length; p += 2) {
    const a = pairs[p]!;
    const b = pairs[p + 1]!;
    if (a === b) continue;
    degree[a]!++;
    degree[b]!++;
  }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + degree[i]!;
  const fill = offsets.slice(0, n);
  const raw = new Int32Array(offsets[n]!);
  for (let p = 0; p < pairs.length; p += 2) {
    const a = pairs[p]!;
    const b = pairs[p + 1]!;
    if (a === b) continue;
    raw[fill[a]!++] = b;
    raw[fill[b]!++] = a;
  }
  // Sort each row and drop duplicated pairs.
  const finalOffsets = new Int32Array(n + 1);
  const neighbours = new Int32Array(raw.length);
  let out = 0;
  for (let i = 0; i < n; i++) {
    const row = raw.subarray(offsets[i]!, offsets[i + 1]!).sort();
    let previous = -1;
    for (const j of row) {
      if (j === previous) continue;
      neighbours[out++] = j;
      previous = j;
    }
    finalOffsets[i + 1] = out;
  }
  const trimmed = neighbours.slice(0, out);
  return { n, offsets: finalOffsets, neighbours: trimmed, weights: new Float64Array(out).fill(1), transform: 'binary' };
}

/** Indices of areas without any neighbour. */
export function islands(w: SpatialWeights): number[] {
  const out: number[] = [];
  for (let i = 0; i < w.n; i++) if (w.offsets[i + 1] === w.offsets[i]) out.push(i);
  return out;
}

/** Each row divided by its sum (islands keep an empty row), as PySAL's transform 'R'. */
export function rowStandardised(w: SpatialWeights): SpatialWeights {
  const weights = new Float64Array(w.weights.length);
  for (let i = 0; i < w.n; i++) {
    const start = w.offsets[i]!;
    const end = w.offsets[i + 1]!;
    let sum = 0;
    for (let k = start; k < end; k++) sum += w.weights[k]!;
    for (let k = start; k < end; k++) weights[k] = sum === 0 ? 0 : w.weights[k]! / sum;
  }
  return { ...w, weights, transform: 'row' };
}

/** Every link weighted 1, as PySAL's transform 'B'. */
export function binary(w: SpatialWeights): SpatialWeights {
  return { ...w, weights: new Float64Array(w.weights.length).fill(1), transform: 'binary' };
}

export function withTransform(w: SpatialWeights, transform: 'binary' | 'row'): SpatialWeights {
  return transform === 'row' ? rowStandardised(binary(w)) : binary(w);
}

/** out[i] = Σ_j w_ij · x_j. */
export function spatialLag(w: SpatialWeights, x: Float64Array, out = new Float64Array(w.n)): Float64Array {
  const { offsets, neighbours, weights } = w;
  for (let i = 0; i < w.n; i++) {
    let sum = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) sum += weights[k]! * x[neighbours[k]!]!;
    out[i] = sum;
  }
  return out;
}

export interface WeightsMoments {
  /** S0 = Σ_i Σ_j w_ij. */
  s0: number;
  /** S1 = ½ Σ_i Σ_j (w_ij + w_ji)². */
  s1: number;
  /** S2 = Σ_i (w_i· + w_·i)². */
  s2: number;
}

/** The moments of Cliff & Ord (1981), for symmetric or asymmetric weights (k nearest neighbours). */
export function weightsMoments(w: SpatialWeights): WeightsMoments {
  const { n, offsets, neighbours, weights } = w;
  let s0 = 0;
  let sumSquares = 0;
  let crossProducts = 0;
  const rowSums = new Float64Array(n);
  const columnSums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const j = neighbours[k]!;
      const wij = weights[k]!;
      s0 += wij;
      sumSquares += wij * wij;
      rowSums[i]! += wij;
      columnSums[j]! += wij;
      crossProducts += wij * weightAt(w, j, i);
    }
  }
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const t = rowSums[i]! + columnSums[i]!;
    s2 += t * t;
  }
  // ½ Σ (w_ij + w_ji)² = Σ w_ij² + Σ w_ij·w_ji.
  return { s0, s1: sumSquares + crossProducts, s2 };
}

/** w_ij, found by binary search in row i (0 when j is not a neighbour of i). */
export function weightAt(w: SpatialWeights, i: number, j: number): number {
  let lo = w.offsets[i]!;
  let hi = w.offsets[i + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = w.neighbours[mid]!;
    if (v === j) return w.weights[mid]!;
    if (v < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
