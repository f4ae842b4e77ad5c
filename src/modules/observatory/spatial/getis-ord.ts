/**
 * Getis–Ord statistics for a non-negative variable with a natural origin (counts, amounts, rates).
 *
 * Global G (Getis & Ord 1992), always on binary weights as esda.G forces:
 *   G = Σ_i Σ_j≠i w_ij y_i y_j / Σ_i Σ_j≠i y_i y_j,  E[G] = S0 / (n(n−1)),
 *   E[G²] = [B0 (Σy²)² + B1 Σy⁴ + B2 (Σy)² Σy² + B3 Σy Σy³ + B4 (Σy)⁴]
 *           / [((Σy)² − Σy²)² n(n−1)(n−2)(n−3)],   Var[G] = E[G²] − E[G]²,
 * with B0…B4 from S0, S1, S2 (Getis & Ord 1992, eq. 9).
 *
 * Local Gi and Gi* (Getis & Ord 1992; Ord & Getis 1995), as esda.G_Local:
 *   G_i = Σ_j w_ij y_j / (Σ_j y_j − y_i)   (Gi: j ≠ i),
 *   G*_i = (Σ_j≠i w_ij y_j + w_ii y_i) / Σ_j y_j   (Gi*: self included),
 * binary weights (w = 1, w_ii = 1) or row-standardised ones (1/k_i, and 1/(k_i+1) with the self
 * weight for Gi*). With N = n − 1 (Gi) or n (Gi*), W_i the row sum (self weight included),
 * ȳ_i and s_i² the mean and variance of the N values that enter the denominator:
 *   E[G_i] = W_i / N,  Var[G_i] = W_i (N − W_i) / (N − 1) / N² · s_i² / ȳ_i².
 * For binary weights this is Ord & Getis (1995); for row-standardised weights it is esda's
 * convention (W_i = 1 there, not Σ_j w_ij²), kept so that z-scores match PySAL's.
 */
import { conditionalPermutation, type PermutationSummary } from './conditional-permutation';
import { globalPermutation, type GlobalPermutationResult, type PermutationOptions } from './moran';
import { analyticPValue, type Alternative } from './p-values';
import { shuffleInPlace } from './random';
import { binary, weightsMoments, type SpatialWeights } from './weights';

export interface GlobalGResult {
  n: number;
  G: number;
  expected: number;
  variance: number;
  z: number;
  p: number;
  permutation: GlobalPermutationResult | null;
}

export function assertNonNegative(y: Float64Array, statistic: string): void {
  for (let i = 0; i < y.length; i++) {
    if (y[i]! < 0) throw new Error(`${statistic} needs a variable with no negative value (area #${i + 1} has ${y[i]})`);
  }
}

export function globalG(y: Float64Array, structure: SpatialWeights, options: PermutationOptions = {}): GlobalGResult {
  const n = y.length;
  if (structure.n !== n) throw new Error(`the weights cover ${structure.n} areas and the variable ${n}`);
  if (n < 4) throw new Error(`Getis-Ord G needs at least 4 areas, not ${n}`);
  assertNonNegative(y, 'Getis-Ord G');
  const alternative = options.alternative ?? 'two-sided';
  const w = binary(structure);
  const { s0, s1, s2 } = weightsMoments(w);
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let sum4 = 0;
  for (const v of y) {
    sum1 += v;
    sum2 += v * v;
    sum3 += v * v * v;
    sum4 += v * v * v * v;
  }
  const denominator = sum1 * sum1 - sum2;
  if (denominator <= 0) throw new Error('Getis-Ord G is undefined: fewer than two areas have a positive value');
  const n2 = n * n;
  const s02 = s0 * s0;
  const b0 = (n2 - 3 * n + 3) * s1 - n * s2 + 3 * s02;
  const b1 = -((n2 - n) * s1 - 2 * n * s2 + 6 * s02);
  const b2 = -(2 * n * s1 - (n + 3) * s2 + 6 * s02);
  const b3 = 4 * (n - 1) * s1 - 2 * (n + 1) * s2 + 8 * s02;
  const b4 = s1 - s2 + s02;
  const expected = s0 / (n * (n - 1));
  const expectedSquare =
    (b0 * sum2 * sum2 + b1 * sum4 + b2 * sum1 * sum1 * sum2 + b3 * sum1 * sum3 + b4 * sum1 ** 4) /
    (denominator * denominator * n * (n - 1) * (n - 2) * (n - 3));
  const variance = expectedSquare - expected * expected;
  const numerator = (values: Float64Array) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let lag = 0;
      for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) lag += values[w.neighbours[k]!]!;
      total += values[i]! * lag;
    }
    return total;
  };
  const G = numerator(y) / denominator;
  const z = (G - expected) / Math.sqrt(variance);
  let permutation: GlobalPermutationResult | null = null;
  if (options.permutations) {
    if (!options.random) throw new Error('permutations need a seeded random source');
    const shuffled = Float64Array.from(y);
    permutation = globalPermutation(options.permutations, G, alternative, () => {
      shuffleInPlace(shuffled, options.random!);
      return numerator(shuffled) / denominator;
    });
  }
  return { n, G, expected, variance, z, p: analyticPValue(z, alternative), permutation };
}

export interface LocalGOptions extends PermutationOptions {
  star?: boolean;
  /** esda.G_Local's default is 'row'. */
  transform?: 'binary' | 'row';
}

export interface LocalGResult {
  star: boolean;
  transform: 'binary' | 'row';
  G: Float64Array;
  expected: Float64Array;
  variance: Float64Array;
  z: Float64Array;
  p: Float64Array;
  permutation: PermutationSummary | null;
}

/** Gi (star false) or Gi* (star true); the weights' structure is read, their values are not. */
export function localG(y: Float64Array, structure: SpatialWeights, options: LocalGOptions = {}): LocalGResult {
  const n = y.length;
  if (structure.n !== n) throw new Error(`the weights cover ${structure.n} areas and the variable ${n}`);
  if (n < 3) throw new Error(`local G needs at least 3 areas, not ${n}`);
  const star = options.star ?? false;
  const transform = options.transform ?? 'row';
  const alternative: Alternative = options.alternative ?? 'two-sided';
  assertNonNegative(y, star ? 'Gi*' : 'Gi');
  const removeSelf = star ? 0 : 1;
  const N = n - removeSelf;
  let sum = 0;
  let sumSquares = 0;
  for (const v of y) {
    sum += v;
    sumSquares += v * v;
  }
  const { offsets, neighbours } = structure;
  const neighbourWeights = new Float64Array(neighbours.length);
  const slope = new Float64Array(n);
  const intercept = new Float64Array(n);
  const G = new Float64Array(n).fill(Number.NaN);
  const expected = new Float64Array(n).fill(Number.NaN);
  const variance = new Float64Array(n).fill(Number.NaN);
  const z = new Float64Array(n).fill(Number.NaN);
  const p = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const start = offsets[i]!;
    const k = offsets[i + 1]! - start;
    if (k === 0) continue;
    const linkWeight = transform === 'row' ? 1 / (k + (star ? 1 : 0)) : 1;
    const selfWeight = star ? linkWeight : 0;
    let lag = 0;
    for (let m = start; m < start + k; m++) {
      neighbourWeights[m] = linkWeight;
      lag += linkWeight * y[neighbours[m]!]!;
    }
    const denominator = sum - removeSelf * y[i]!;
    if (denominator <= 0) continue;
    slope[i] = 1 / denominator;
    intercept[i] = (selfWeight * y[i]!) / denominator;
    G[i] = (lag + selfWeight * y[i]!) / denominator;
    const rowSum = transform === 'row' ? 1 : k + (star ? 1 : 0);
    const mean = denominator / N;
    const meanOfSquares = (sumSquares - removeSelf * y[i]! * y[i]!) / N;
    const spread = meanOfSquares - mean * mean;
    expected[i] = rowSum / N;
    variance[i] = ((rowSum * (N - rowSum)) / (N - 1) / (N * N)) * (spread / (mean * mean));
    z[i] = variance[i]! > 0 ? (G[i]! - expected[i]!) / Math.sqrt(variance[i]!) : Number.NaN;
    p[i] = analyticPValue(z[i]!, alternative);
  }
  let permutation: PermutationSummary | null = null;
  if (options.permutations) {
    if (!options.random) throw new Error('permutations need a seeded random source');
    permutation = conditionalPermutation({
      weights: { ...structure, weights: neighbourWeights, transform: transform === 'row' ? 'row' : 'binary' },
      values: y,
      slope,
      intercept,
      observed: G,
      permutations: options.permutations,
      random: options.random,
      alternative,
    });
  }
  return { star, transform, G, expected, variance, z, p, permutation };
}
