/**
 * Global Moran's I (Moran 1950; moments from Cliff & Ord 1981, as esda.Moran):
 *   I = (n / S0) · Σ_i Σ_j w_ij z_i z_j / Σ_i z_i²,  z = y − ȳ,
 *   E[I] = −1/(n−1),
 *   Var_N[I] = (n²S1 − nS2 + 3S0²) / ((n−1)(n+1)S0²) − E[I]²                     (normality),
 *   Var_R[I] = [n((n²−3n+3)S1 − nS2 + 3S0²) − b2((n²−n)S1 − 2nS2 + 6S0²)]
 *              / ((n−1)(n−2)(n−3)S0²) − E[I]²,  b2 = n Σz⁴ / (Σz²)²            (randomisation),
 * and a pseudo p-value from full random permutations of y over the areas.
 * The weights are used as given: row-standardise them first for PySAL's default (transform 'R').
 */
import { analyticPValue, pseudoPValue, type Alternative } from './p-values';
import { shuffleInPlace, type RandomSource } from './random';
import { weightsMoments, type SpatialWeights } from './weights';

export interface PermutationOptions {
  permutations?: number;
  random?: RandomSource;
  alternative?: Alternative;
}

export interface GlobalPermutationResult {
  permutations: number;
  p: number;
  mean: number;
  sd: number;
  z: number;
}

export interface GlobalMoranResult {
  n: number;
  I: number;
  expected: number;
  varianceNormal: number;
  varianceRandomisation: number;
  zNormal: number;
  zRandomisation: number;
  pNormal: number;
  pRandomisation: number;
  permutation: GlobalPermutationResult | null;
}

export function globalMoran(y: Float64Array, w: SpatialWeights, options: PermutationOptions = {}): GlobalMoranResult {
  const n = y.length;
  if (w.n !== n) throw new Error(`the weights cover ${w.n} areas and the variable ${n}`);
  if (n < 3) throw new Error(`Moran's I needs at least 3 areas, not ${n}`);
  const alternative = options.alternative ?? 'two-sided';
  const z = centred(y);
  let sumSquares = 0;
  let sumFourth = 0;
  for (let i = 0; i < n; i++) {
    const d2 = z[i]! * z[i]!;
    sumSquares += d2;
    sumFourth += d2 * d2;
  }
  if (sumSquares === 0) throw new Error('the variable is constant: Moran\'s I is undefined');
  const { s0, s1, s2 } = weightsMoments(w);
  if (s0 === 0) throw new Error('no area has a neighbour: Moran\'s I is undefined');

  const scale = n / s0 / sumSquares;
  const I = scale * crossProduct(w, z);
  const expected = -1 / (n - 1);
  const n2 = n * n;
  const s02 = s0 * s0;
  const varianceNormal = (n2 * s1 - n * s2 + 3 * s02) / ((n - 1) * (n + 1) * s02) - expected * expected;
  const kurtosis = (sumFourth / n) / ((sumSquares / n) * (sumSquares / n));
  const varianceRandomisation =
    n > 3
      ? (n * ((n2 - 3 * n + 3) * s1 - n * s2 + 3 * s02) - kurtosis * ((n2 - n) * s1 - 2 * n * s2 + 6 * s02)) /
          ((n - 1) * (n - 2) * (n - 3) * s02) -
        expected * expected
      : Number.NaN;
  const zNormal = (I - expected) / Math.sqrt(varianceNormal);
  const zRandomisation = (I - expected) / Math.sqrt(varianceRandomisation);

  let permutation: GlobalPermutationResult | null = null;
  if (options.permutations) {
    if (!options.random) throw new Error('permutations need a seeded random source');
    permutation = globalPermutation(options.permutations, I, alternative, () => {
      shuffleInPlace(z, options.random!);
      return scale * crossProduct(w, z);
    });
  }
  return {
    n,
    I,
    expected,
    varianceNormal,
    varianceRandomisation,
    zNormal,
    zRandomisation,
    pNormal: analyticPValue(zNormal, alternative),
    pRandomisation: analyticPValue(zRandomisation, alternative),
    permutation,
  };
}

export function centred(y: Float64Array): Float64Array {
  let sum = 0;
  for (const v of y) sum += v;
  const mean = sum / y.length;
  return Float64Array.from(y, (v) => v - mean);
}

/** Σ_i a_i Σ_j w_ij b_j. */
export function crossProduct(w: SpatialWeights, a: Float64Array, b: Float64Array = a): number {
  const { offsets, neighbours, weights } = w;
  let total = 0;
  for (let i = 0; i < w.n; i++) {
    const ai = a[i]!;
    if (ai === 0) continue;
    let lag = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) lag += weights[k]! * b[neighbours[k]!]!;
    total += ai * lag;
  }
  return total;
}

/** Runs `simulate` `permutations` times and compares the draws with `observed`. */
export function globalPermutation(
  permutations: number,
  observed: number,
  alternative: Alternative,
  simulate: () => number,
): GlobalPermutationResult {
  if (!Number.isInteger(permutations) || permutations < 1) throw new Error('permutations must be a positive integer');
  let atLeast = 0;
  let atMost = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let r = 0; r < permutations; r++) {
    const stat = simulate();
    if (stat >= observed) atLeast++;
    if (stat <= observed) atMost++;
    const d = stat - observed;
    sum += d;
    sumSquares += d * d;
  }
  const shift = sum / permutations;
  const mean = observed + shift;
  const sd = Math.sqrt(Math.max(0, sumSquares / permutations - shift * shift));
  return { permutations, p: pseudoPValue(atLeast, atMost, permutations, alternative), mean, sd, z: sd > 0 ? (observed - mean) / sd : Number.NaN };
}
