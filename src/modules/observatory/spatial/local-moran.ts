/**
 * Local Moran's I, LISA (Anselin 1995), and its bivariate form (Anselin, Syabri & Smirnov 2002),
 * on the scale of esda.Moran_Local and GeoDa: z = (y − ȳ)/s with the sample standard deviation
 * (n − 1), and
 *   I_i = (n−1) · z_i · Σ_j w_ij z_j / Σ_k z_k²   (= z_i · [Wz]_i, since Σz² = n − 1),
 *   bivariate I_i = (n−1) · x_i · [W y]_i / Σ_k x_k²  (x, y standardised).
 * Quadrants as esda (1 HH, 2 LH, 3 LL, 4 HL): "high" is z_i > 0, and the lag is "high" when
 * [Wz]_i > 0; a zero counts as low. Islands (no neighbour) get quadrant 0 and NaN inference.
 *
 * Inference: conditional permutation (see conditional-permutation.ts), and for the univariate
 * statistic the analytic moments under total randomisation (Anselin 1995, eqs. 13–14, in Sokal et
 * al. 1998's reading), applied to Anselin's I_i^A = z_i [Wz]_i / m2 with m2 = Σz²/n:
 *   E[I_i] = −w_i / (n−1),
 *   Var[I_i] = w_i(2) (n − b2)/(n−1) + (w_i² − w_i(2)) (2b2 − n)/((n−1)(n−2)) − w_i²/(n−1)²,
 * with w_i = Σ_j w_ij, w_i(2) = Σ_j w_ij², b2 = m4/m2² (the sample kurtosis; esda's code takes
 * z_i⁴ per area there, which this does not copy).
 */
import { conditionalPermutation, type PermutationSummary } from './conditional-permutation';
import { analyticPValue, type Alternative } from './p-values';
import type { RandomSource } from './random';
import { spatialLag, type SpatialWeights } from './weights';

export const QUADRANT_LABELS = { 1: 'HH', 2: 'LH', 3: 'LL', 4: 'HL' } as const;

export interface LocalOptions {
  permutations?: number;
  random?: RandomSource;
  alternative?: Alternative;
}

export interface LocalMoranResult {
  /** The standardised variable (sample standard deviation) and its spatial lag. */
  z: Float64Array;
  lag: Float64Array;
  I: Float64Array;
  /** 1 HH, 2 LH, 3 LL, 4 HL; 0 for an island. */
  quadrant: Int8Array;
  /** Analytic inference under total randomisation (NaN for islands and for the bivariate form). */
  expected: Float64Array;
  variance: Float64Array;
  zAnalytic: Float64Array;
  pAnalytic: Float64Array;
  permutation: PermutationSummary | null;
}

/** (y − ȳ) / s, s the sample standard deviation (n − 1). */
export function standardised(y: Float64Array, name = 'the variable'): Float64Array {
  const n = y.length;
  if (n < 2) throw new Error(`${name} needs at least two areas`);
  let sum = 0;
  for (const v of y) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of y) ss += (v - mean) * (v - mean);
  if (ss === 0) throw new Error(`${name} is constant: it has no spatial pattern to measure`);
  const s = Math.sqrt(ss / (n - 1));
  return Float64Array.from(y, (v) => (v - mean) / s);
}

export function localMoran(y: Float64Array, w: SpatialWeights, options: LocalOptions = {}): LocalMoranResult {
  const n = y.length;
  if (w.n !== n) throw new Error(`the weights cover ${w.n} areas and the variable ${n}`);
  if (n < 3) throw new Error(`local Moran needs at least 3 areas, not ${n}`);
  const alternative = options.alternative ?? 'two-sided';
  const z = standardised(y);
  const lag = spatialLag(w, z);
  let sumSquares = 0;
  let sumFourth = 0;
  for (const v of z) {
    sumSquares += v * v;
    sumFourth += v * v * v * v;
  }
  const scaling = (n - 1) / sumSquares;
  const I = new Float64Array(n);
  const slope = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    slope[i] = scaling * z[i]!;
    I[i] = slope[i]! * lag[i]!;
  }

  const m2 = sumSquares / n;
  const b2 = sumFourth / n / (m2 * m2);
  const expected = new Float64Array(n).fill(Number.NaN);
  const variance = new Float64Array(n).fill(Number.NaN);
  const zAnalytic = new Float64Array(n).fill(Number.NaN);
  const pAnalytic = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const start = w.offsets[i]!;
    const end = w.offsets[i + 1]!;
    if (end === start) continue;
    let wi = 0;
    let wi2 = 0;
    for (let k = start; k < end; k++) {
      wi += w.weights[k]!;
      wi2 += w.weights[k]! * w.weights[k]!;
    }
    const e = -wi / (n - 1);
    const v = (wi2 * (n - b2)) / (n - 1) + ((wi * wi - wi2) * (2 * b2 - n)) / ((n - 1) * (n - 2)) - e * e;
    const anselinI = (z[i]! * lag[i]!) / m2;
    expected[i] = e;
    variance[i] = v;
    zAnalytic[i] = v > 0 ? (anselinI - e) / Math.sqrt(v) : Number.NaN;
    pAnalytic[i] = analyticPValue(zAnalytic[i]!, alternative);
  }

  const permutation = options.permutations
    ? conditionalPermutation({
        weights: w,
        values: z,
        slope,
        intercept: new Float64Array(n),
        observed: I,
        permutations: options.permutations,
        random: requireRandom(options),
        alternative,
      })
    : null;
  return { z, lag, I, quadrant: quadrants(w, z, lag), expected, variance, zAnalytic, pAnalytic, permutation };
}

/** I_i = x_i · [W y]_i on standardised x and y: x here, its neighbours' y around it. */
export function bivariateLocalMoran(x: Float64Array, y: Float64Array, w: SpatialWeights, options: LocalOptions = {}): LocalMoranResult {
  const n = x.length;
  if (y.length !== n) throw new Error(`the two variables cover ${n} and ${y.length} areas`);
  if (w.n !== n) throw new Error(`the weights cover ${w.n} areas and the variables ${n}`);
  if (n < 3) throw new Error(`bivariate local Moran needs at least 3 areas, not ${n}`);
  const alternative = options.alternative ?? 'two-sided';
  const zx = standardised(x, 'the first variable');
  const zy = standardised(y, 'the second variable');
  const lag = spatialLag(w, zy);
  let sumSquares = 0;
  for (const v of zx) sumSquares += v * v;
  const scaling = (n - 1) / sumSquares;
  const I = new Float64Array(n);
  const slope = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    slope[i] = scaling * zx[i]!;
    I[i] = slope[i]! * lag[i]!;
  }
  const nan = () => new Float64Array(n).fill(Number.NaN);
  const permutation = options.permutations
    ? conditionalPermutation({
        weights: w,
        values: zy,
        slope,
        intercept: new Float64Array(n),
        observed: I,
        permutations: options.permutations,
        random: requireRandom(options),
        alternative,
      })
    : null;
  return { z: zx, lag, I, quadrant: quadrants(w, zx, lag), expected: nan(), variance: nan(), zAnalytic: nan(), pAnalytic: nan(), permutation };
}

function quadrants(w: SpatialWeights, z: Float64Array, lag: Float64Array): Int8Array {
  const q = new Int8Array(z.length);
  for (let i = 0; i < z.length; i++) {
    if (w.offsets[i + 1] === w.offsets[i]) continue;
    const high = z[i]! > 0;
    const lagHigh = lag[i]! > 0;
    q[i] = high ? (lagHigh ? 1 : 4) : lagHigh ? 2 : 3;
  }
  return q;
}

function requireRandom(options: LocalOptions): RandomSource {
  if (!options.random) throw new Error('permutations need a seeded random source');
  return options.random;
}
