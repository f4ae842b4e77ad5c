/**
 * Uncertainty and sensitivity analysis of the index (Handbook, step 7; Saisana, Saltelli &
 * Tarantola 2005): the index is recomputed many times, each time with one plausible set of the
 * choices its author had to make, and each territory's rank is followed across the draws.
 *
 * A draw picks, independently and uniformly:
 *   - a (normalisation, aggregation) pair among those given that are valid — geometric
 *     aggregation is skipped for a normalisation that yields values ≤ 0 (z-scores, gaps to a
 *     reference, the worst territory's 0 in min-max 0–100), and reported as such;
 *   - a weighting scheme among those given;
 *   - a perturbation of the weights: each multiplied by an independent uniform factor in
 *     [1 − δ, 1 + δ] (δ = 0.25 by default), then rescaled to sum to 1.
 * The imputed raw values are the same in every draw (the missing-value choice is made once).
 *
 * Per territory: median rank and the interval between the 5th and 95th percentiles of its ranks
 * (type-7 quantiles), rank 1 being the lowest score. Ranks within a draw compare scores to single
 * precision (see `simulationMidRanks`).
 *
 * Sensitivity, two summaries:
 *   - the share of the variance of ranks due to each choice (first-order index, the correlation
 *     ratio): S_f = Σ_i Var_f(E[rank_i | choice f]) / Σ_i Var(rank_i), summed over territories;
 *     1 − Σ_f S_f is what the weights' perturbation and the interactions between choices explain;
 *   - the Handbook's simpler output, the mean absolute shift of ranks against the nominal index,
 *     R̄_S = (1/n)·Σ_i |rank_i − nominal rank_i|, averaged over the draws made with each option,
 *     and its own first-order index per choice.
 * Same seed, same draws, same results on every machine.
 */
import { seededRandom } from '../spatial/random';
import type { Aggregation } from './aggregation';
import type { CompositeIndexResult } from './composite-index';
import { applyNormalisation, describeNormalisation, fitNormalisation, type NormalisationSpec } from './normalisation';
import { QuantileScratch, quantilesByBuckets, RankScratch, simulationMidRanks } from './ranks';
import { computeWeights, describeWeighting, type WeightingSpec } from './weights';

export interface UncertaintyOptions {
  seed: number;
  draws?: number;
  normalisations: readonly NormalisationSpec[];
  weightings: readonly WeightingSpec[];
  aggregations: readonly Aggregation[];
  /** δ: each weight is multiplied by a uniform factor in [1 − δ, 1 + δ]; 0 to keep them as computed. */
  weightPerturbation?: number;
  /** The interval's quantiles; default [0.05, 0.95]. */
  interval?: readonly [number, number];
}

export type Factor = 'normalisation' | 'weighting' | 'aggregation';

export interface FactorSensitivity {
  factor: Factor;
  /** Share of the variance of territories' ranks explained by this choice alone. */
  shareOfRankVariance: number;
  /** The same for the mean absolute rank shift R̄_S. */
  shareOfRankShiftVariance: number;
  levels: { label: string; draws: number; meanAbsoluteRankShift: number }[];
}

export interface UncertaintyResult {
  draws: number;
  seed: number;
  interval: readonly [number, number];
  weightPerturbation: number;
  combinations: { normalisation: string; aggregation: Aggregation }[];
  skippedCombinations: { normalisation: string; aggregation: Aggregation; reason: string }[];
  medianRank: Float64Array;
  lowerRank: Float64Array;
  upperRank: Float64Array;
  meanRank: Float64Array;
  sensitivity: {
    factors: FactorSensitivity[];
    /** 1 − Σ first-order shares of rank variance: the weights' perturbation and interactions. */
    remainder: number;
    /** R̄_S averaged over all draws. */
    meanAbsoluteRankShift: number;
  };
}

/** Territories read back together from the draw-major rank matrix. */
const TERRITORY_BLOCK = 128;

interface PreparedNormalisation {
  label: string;
  columns: Float64Array[];
  logColumns: Float64Array[] | null;
  /** Weights of each weighting scheme on this normalisation (PCA depends on it). */
  weights: Float64Array[];
}

export function monteCarloUncertainty(index: CompositeIndexResult, options: UncertaintyOptions): UncertaintyResult {
  const draws = options.draws ?? 1000;
  const delta = options.weightPerturbation ?? 0.25;
  const interval = options.interval ?? ([0.05, 0.95] as const);
  if (!Number.isInteger(draws) || draws < 2) throw new Error(`the Monte Carlo needs at least 2 draws, not ${draws}`);
  if (!(delta >= 0 && delta < 1)) throw new Error(`the weight perturbation must lie in [0, 1), not ${delta}`);
  if (!(interval[0] >= 0 && interval[0] < 0.5 && interval[1] > 0.5 && interval[1] <= 1)) throw new Error('the interval needs a lower quantile below 0.5 and an upper one above');
  if (!options.normalisations.length || !options.weightings.length || !options.aggregations.length) {
    throw new Error('give at least one normalisation, one weighting and one aggregation');
  }
  const raw = index.raw;
  const n = raw.territoryIds.length;
  const m = raw.indicators.length;

  const prepared: PreparedNormalisation[] = options.normalisations.map((spec) => {
    const columns = raw.columns.map((column, k) => applyNormalisation(column, fitNormalisation(column, raw.indicators[k]!, spec, { territoryIds: raw.territoryIds })));
    const positive = columns.every((column) => column.every((v) => v > 0));
    return {
      label: describeNormalisation(spec),
      columns,
      logColumns: positive ? columns.map((column) => Float64Array.from(column, Math.log)) : null,
      weights: options.weightings.map((weighting) => computeWeights(weighting, raw.indicators, columns).weights),
    };
  });
  const pairs: { s: number; a: number }[] = [];
  const skipped: UncertaintyResult['skippedCombinations'] = [];
  prepared.forEach((p, s) =>
    options.aggregations.forEach((aggregation, a) => {
      if (aggregation === 'geometric' && !p.logColumns) {
        skipped.push({ normalisation: p.label, aggregation, reason: 'some normalised values are ≤ 0, where a geometric mean is undefined' });
      } else pairs.push({ s, a });
    }),
  );
  if (pairs.length === 0) throw new Error('no valid combination of normalisation and aggregation');

  const random = seededRandom(options.seed);
  // Draw-major: each draw writes its n ranks into one contiguous stretch (the radix sort scatters
  // within it, in cache); territories are read back in blocks below.
  const ranks = new Float32Array(n * draws);
  const scratch = new RankScratch(n);
  const scores = new Float64Array(n);
  const weights = new Float64Array(m);
  const choice = { normalisation: new Int32Array(draws), weighting: new Int32Array(draws), aggregation: new Int32Array(draws) };

  for (let d = 0; d < draws; d++) {
    const pair = pairs[random.below(pairs.length)]!;
    const w = random.below(options.weightings.length);
    choice.normalisation[d] = pair.s;
    choice.aggregation[d] = pair.a;
    choice.weighting[d] = w;
    const base = prepared[pair.s]!.weights[w]!;
    let total = 0;
    for (let k = 0; k < m; k++) {
      const factor = delta > 0 ? 1 - delta + 2 * delta * random.nextFloat() : 1;
      weights[k] = base[k]! * factor;
      total += weights[k]!;
    }
    const geometric = options.aggregations[pair.a] === 'geometric';
    const columns = geometric ? prepared[pair.s]!.logColumns! : prepared[pair.s]!.columns;
    scores.fill(0);
    for (let k = 0; k < m; k++) {
      const wk = weights[k]! / total;
      if (wk === 0) continue;
      const column = columns[k]!;
      for (let i = 0; i < n; i++) scores[i]! += wk * column[i]!;
    }
    // exp() is monotone: the ranks of Σ w·ln y are those of the geometric mean.
    simulationMidRanks(scores, scratch, ranks, d * n, 1);
  }

  const levelsOf: Record<Factor, number> = { normalisation: prepared.length, weighting: options.weightings.length, aggregation: options.aggregations.length };
  const factors: Factor[] = ['normalisation', 'weighting', 'aggregation'];
  const levelCounts = factors.map((f) => {
    const counts = new Float64Array(levelsOf[f]);
    for (let d = 0; d < draws; d++) counts[choice[f][d]!]!++;
    return counts;
  });
  const [levelN, levelW, levelA] = [choice.normalisation, choice.weighting, choice.aggregation];
  const [sumsN, sumsW, sumsA] = factors.map((f) => new Float64Array(levelsOf[f]));
  const levelSums = [sumsN!, sumsW!, sumsA!];
  const between = new Float64Array(factors.length);
  let totalVariance = 0;
  const shift = new Float64Array(draws);
  const medianRank = new Float64Array(n);
  const lowerRank = new Float64Array(n);
  const upperRank = new Float64Array(n);
  const meanRank = new Float64Array(n);
  const quantiles = new Float64Array(3);
  const qs = [interval[0], 0.5, interval[1]];
  const block = new Float32Array(TERRITORY_BLOCK * draws);
  const quantileScratch = new QuantileScratch(draws);

  for (let first = 0; first < n; first += TERRITORY_BLOCK) {
    const size = Math.min(TERRITORY_BLOCK, n - first);
    // Transpose a block of territories: row t holds territory first + t's ranks over the draws.
    for (let d = 0; d < draws; d++) {
      const from = d * n + first;
      for (let t = 0; t < size; t++) block[t * draws + d] = ranks[from + t]!;
    }
    for (let t = 0; t < size; t++) {
      const i = first + t;
      const row = block.subarray(t * draws, (t + 1) * draws);
      const nominal = index.ranks[i]!;
      let sum = 0;
      let squares = 0;
      sumsN!.fill(0);
      sumsW!.fill(0);
      sumsA!.fill(0);
      for (let d = 0; d < draws; d++) {
        const r = row[d]!;
        sum += r;
        squares += r * r;
        shift[d]! += Math.abs(r - nominal);
        sumsN![levelN[d]!]! += r;
        sumsW![levelW[d]!]! += r;
        sumsA![levelA[d]!]! += r;
      }
      const mean = sum / draws;
      meanRank[i] = mean;
      totalVariance += Math.max(0, squares / draws - mean * mean);
      for (let f = 0; f < factors.length; f++) {
        const counts = levelCounts[f]!;
        const sums = levelSums[f]!;
        let b = 0;
        for (let l = 0; l < counts.length; l++) {
          if (counts[l] === 0) continue;
          const gap = sums[l]! / counts[l]! - mean;
          b += (counts[l]! / draws) * gap * gap;
        }
        between[f]! += b;
      }
      quantilesByBuckets(row, qs, quantiles, quantileScratch);
      lowerRank[i] = quantiles[0]!;
      medianRank[i] = quantiles[1]!;
      upperRank[i] = quantiles[2]!;
    }
  }
  for (let d = 0; d < draws; d++) shift[d] = shift[d]! / n;

  const shiftMean = shift.reduce((a, b) => a + b, 0) / draws;
  let shiftVariance = 0;
  for (const s of shift) shiftVariance += (s - shiftMean) ** 2;
  shiftVariance /= draws;
  const labels: Record<Factor, string[]> = {
    normalisation: prepared.map((p) => p.label),
    weighting: options.weightings.map(describeWeighting),
    aggregation: [...options.aggregations],
  };
  const factorResults: FactorSensitivity[] = factors.map((f, fi) => {
    const counts = levelCounts[fi]!;
    const shiftSums = new Float64Array(counts.length);
    for (let d = 0; d < draws; d++) shiftSums[choice[f][d]!]! += shift[d]!;
    let shiftBetween = 0;
    const levels = labels[f].map((label, l) => {
      const c = counts[l]!;
      const levelMean = c > 0 ? shiftSums[l]! / c : Number.NaN;
      if (c > 0) shiftBetween += (c / draws) * (levelMean - shiftMean) ** 2;
      return { label, draws: c, meanAbsoluteRankShift: levelMean };
    });
    return {
      factor: f,
      shareOfRankVariance: totalVariance > 0 ? between[fi]! / totalVariance : 0,
      shareOfRankShiftVariance: shiftVariance > 0 ? shiftBetween / shiftVariance : 0,
      levels,
    };
  });
  const explained = factorResults.reduce((s, f) => s + f.shareOfRankVariance, 0);
  return {
    draws,
    seed: options.seed,
    interval,
    weightPerturbation: delta,
    combinations: pairs.map(({ s, a }) => ({ normalisation: prepared[s]!.label, aggregation: options.aggregations[a]! })),
    skippedCombinations: skipped,
    medianRank,
    lowerRank,
    upperRank,
    meanRank,
    sensitivity: { factors: factorResults, remainder: Math.max(0, 1 - explained), meanAbsoluteRankShift: shiftMean },
  };
}
