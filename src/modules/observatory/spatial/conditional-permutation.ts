/**
 * Conditional permutation inference for local statistics (Anselin 1995, §4): area i keeps its own
 * value, and its k_i neighbours' values are replaced by k_i values drawn without replacement from
 * the n − 1 other areas, `permutations` times. Every local statistic here is affine in the
 * weighted sum of those drawn values, S = Σ_k w_ik·x_π(k):
 *   local Moran    I_i  = [(n−1)·z_i / Σz²] · S,
 *   bivariate      I_i  = [(n−1)·x_i / Σx²] · S(y),
 *   Gi             G_i  = S / (Σy − y_i),
 *   Gi*            G*_i = S / Σy + w_ii·y_i / Σy,
 * so one engine serves them all, given each area's slope and intercept.
 *
 * The draws: area i's candidates are the indices 0..n−2, those ≥ i shifted up by one (so i is
 * never its own neighbour). Like esda, one table of `permutations` rows of k_max distinct
 * candidate indices is drawn once per analysis and read by every area (area i reads the first k_i
 * of each row): a sequential read instead of a random draw per neighbour, 2–3 times faster.
 * Unlike esda, each area also draws a random translation c_i and reads (index + c_i) mod (n − 1):
 * a translated uniform tuple of distinct indices is still a uniform tuple of distinct indices, so
 * each area's reference distribution is exactly that of fresh draws, while two areas no longer
 * get near-identical neighbour sets (in esda, areas i and i + 1 do, and their p-values move
 * together). When the table would be too large (a distance band linking thousands of areas), the
 * engine draws fresh tuples for every area and permutation instead. Nothing is allocated per area.
 */
import type { Alternative } from './p-values';
import { pseudoPValue } from './p-values';
import type { RandomSource } from './random';
import type { SpatialWeights } from './weights';

/** Table entries (Int32) above which fresh draws replace the shared table: 32 MB. */
const TABLE_LIMIT = 8_000_000;

export interface ConditionalPermutationInput {
  weights: SpatialWeights;
  /** The values drawn for the neighbours (standardised z for Moran, raw y for G). */
  values: Float64Array;
  slope: Float64Array;
  intercept: Float64Array;
  observed: Float64Array;
  permutations: number;
  random: RandomSource;
  alternative: Alternative;
  /** 'table' (default when it fits in memory) or 'fresh' draws for every permutation. */
  draws?: 'table' | 'fresh';
}

export interface PermutationSummary {
  /** Pseudo p-value per area; NaN for an island (no neighbour to permute). */
  p: Float64Array;
  /** Mean and standard deviation (population, as esda) of the simulated statistics. */
  mean: Float64Array;
  sd: Float64Array;
  /** (observed − mean) / sd, esda's z_sim. */
  z: Float64Array;
}

export function conditionalPermutation(input: ConditionalPermutationInput): PermutationSummary {
  const { weights, values, slope, intercept, observed, permutations, random, alternative } = input;
  const { n, offsets, weights: w } = weights;
  if (!Number.isInteger(permutations) || permutations < 1) throw new Error('permutations must be a positive integer');
  const p = new Float64Array(n).fill(Number.NaN);
  const mean = new Float64Array(n).fill(Number.NaN);
  const sd = new Float64Array(n).fill(Number.NaN);
  const z = new Float64Array(n).fill(Number.NaN);
  if (n < 2) return { p, mean, sd, z };

  const candidates = n - 1;
  let maxCardinality = 0;
  for (let i = 0; i < n; i++) maxCardinality = Math.max(maxCardinality, offsets[i + 1]! - offsets[i]!);
  if (maxCardinality === 0) return { p, mean, sd, z };
  const useTable = input.draws === 'fresh' ? false : permutations * maxCardinality <= TABLE_LIMIT;
  let table: Int32Array;
  if (useTable) {
    table = new Int32Array(permutations * maxCardinality);
    const row = new Int32Array(maxCardinality);
    for (let r = 0; r < permutations; r++) {
      random.sampleDistinct(row, maxCardinality, candidates);
      table.set(row, r * maxCardinality);
    }
  } else table = new Int32Array(maxCardinality);

  for (let i = 0; i < n; i++) {
    const start = offsets[i]!;
    const k = offsets[i + 1]! - start;
    const obs = observed[i]!;
    if (k === 0 || !Number.isFinite(obs)) continue;
    const a = slope[i]!;
    const b = intercept[i]!;
    const translation = useTable ? random.below(candidates) : 0;
    let atLeast = 0;
    let atMost = 0;
    let sum = 0;
    let sumSquares = 0;
    for (let r = 0; r < permutations; r++) {
      let rowStart = 0;
      if (useTable) rowStart = r * maxCardinality;
      else random.sampleDistinct(table, k, candidates);
      let s = 0;
      for (let j = 0; j < k; j++) {
        let drawn = table[rowStart + j]! + translation;
        if (drawn >= candidates) drawn -= candidates;
        s += w[start + j]! * values[drawn >= i ? drawn + 1 : drawn]!;
      }
      const stat = a * s + b;
      if (stat >= obs) atLeast++;
      if (stat <= obs) atMost++;
      // Moments about the observed value, which lies near the draws: no cancellation.
      const d = stat - obs;
      sum += d;
      sumSquares += d * d;
    }
    const shift = sum / permutations;
    const m = obs + shift;
    const variance = Math.max(0, sumSquares / permutations - shift * shift);
    mean[i] = m;
    sd[i] = Math.sqrt(variance);
    z[i] = sd[i]! > 0 ? (obs - m) / sd[i]! : Number.NaN;
    p[i] = pseudoPValue(atLeast, atMost, permutations, alternative);
  }
  return { p, mean, sd, z };
}
