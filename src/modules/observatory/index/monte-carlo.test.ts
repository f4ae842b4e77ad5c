import { describe, expect, it } from 'vitest';
import { seededRandom } from '../spatial/random';
import { buildCompositeIndex, type CompositeIndexOptions } from './composite-index';
import type { IndicatorTable } from './indicators';
import { monteCarloUncertainty, type UncertaintyOptions } from './monte-carlo';

/**
 * 60 territories, 4 indicators drawn at random with a skewed one (so that normalisations
 * disagree), then territory 0 made the worst on every indicator and territory 1 the best: they
 * must keep the first and last ranks whatever the choices.
 */
function syntheticTable(): IndicatorTable {
  const random = seededRandom(42);
  const n = 60;
  const columns = [0, 1, 2, 3].map((k) => Float64Array.from({ length: n }, () => (k === 3 ? Math.exp(3 * random.nextFloat()) : 10 + 80 * random.nextFloat())));
  for (let k = 0; k < 4; k++) {
    const worse = k === 1;
    columns[k]![0] = worse ? 1000 : 0.001;
    columns[k]![1] = worse ? 0.001 : 1000;
  }
  return {
    territoryIds: Array.from({ length: n }, (_, i) => `T${i}`),
    indicators: ['a', 'b', 'c', 'd'].map((id, k) => ({ id, label: { fr: id, en: id }, direction: k === 1 ? 'higher-is-worse' : 'higher-is-better' })),
    columns,
  };
}

const nominal: CompositeIndexOptions = { normalisation: { method: 'min-max' }, weighting: { scheme: 'equal' }, aggregation: 'arithmetic', missingValues: 'exclude' };
const full: UncertaintyOptions = {
  seed: 7,
  draws: 400,
  normalisations: [{ method: 'min-max' }, { method: 'min-max', lower: 1, upper: 100 }, { method: 'z-score' }, { method: 'rank' }, { method: 'exponential-rank' }],
  weightings: [{ scheme: 'equal' }, { scheme: 'pca' }, { scheme: 'expert', weights: { a: 3, b: 1, c: 1, d: 1 } }],
  aggregations: ['arithmetic', 'geometric'],
};

describe('Monte Carlo uncertainty', () => {
  const index = buildCompositeIndex(syntheticTable(), nominal);
  const result = monteCarloUncertainty(index, full);

  it('is deterministic for a seed, and another seed draws otherwise', () => {
    const again = monteCarloUncertainty(index, full);
    expect(Array.from(again.medianRank)).toEqual(Array.from(result.medianRank));
    expect(Array.from(again.lowerRank)).toEqual(Array.from(result.lowerRank));
    expect(Array.from(again.upperRank)).toEqual(Array.from(result.upperRank));
    expect(again.sensitivity).toEqual(result.sensitivity);
    const other = monteCarloUncertainty(index, { ...full, seed: 8 });
    expect(Array.from(other.upperRank)).not.toEqual(Array.from(result.upperRank));
  });

  it('gives sensible intervals: ordered, around the nominal rank, exact for dominated territories', () => {
    const n = index.territoryIds.length;
    let covered = 0;
    for (let i = 0; i < n; i++) {
      expect(result.lowerRank[i]!).toBeLessThanOrEqual(result.medianRank[i]!);
      expect(result.medianRank[i]!).toBeLessThanOrEqual(result.upperRank[i]!);
      expect(result.lowerRank[i]!).toBeGreaterThanOrEqual(1);
      expect(result.upperRank[i]!).toBeLessThanOrEqual(n);
      if (index.ranks[i]! >= result.lowerRank[i]! && index.ranks[i]! <= result.upperRank[i]!) covered++;
    }
    expect(covered / n).toBeGreaterThan(0.9);
    // Worst everywhere: rank 1 in every draw; best everywhere: rank n.
    expect([result.lowerRank[0], result.medianRank[0], result.upperRank[0]]).toEqual([1, 1, 1]);
    expect([result.lowerRank[1], result.upperRank[1]]).toEqual([n, n]);
    // Someone in the middle moves.
    expect(Math.max(...Array.from(result.upperRank, (u, i) => u - result.lowerRank[i]!))).toBeGreaterThan(5);
  });

  it('skips geometric aggregation where a normalisation yields values ≤ 0, and says so', () => {
    expect(result.skippedCombinations.map((c) => `${c.normalisation}/${c.aggregation}`)).toEqual([
      'min-max 0–100/geometric',
      'z-score/geometric',
      'exponential rank (IoD)/geometric',
    ]);
    expect(result.combinations).toHaveLength(7);
  });

  it('sensitivity shares lie in [0, 1] and, with the remainder, add up to 1', () => {
    const shares = result.sensitivity.factors.map((f) => f.shareOfRankVariance);
    shares.forEach((s) => expect(s).toBeGreaterThanOrEqual(0));
    expect(shares.reduce((a, b) => a + b, 0) + result.sensitivity.remainder).toBeCloseTo(1, 12);
    for (const f of result.sensitivity.factors) expect(f.levels.reduce((s, l) => s + l.draws, 0)).toBe(400);
  });

  it('when only the normalisation varies, it explains all the variance, and the nominal choice shifts no rank', () => {
    const only = monteCarloUncertainty(index, {
      seed: 1,
      draws: 200,
      normalisations: [{ method: 'min-max' }, { method: 'rank' }],
      weightings: [{ scheme: 'equal' }],
      aggregations: ['arithmetic'],
      weightPerturbation: 0,
    });
    const [normalisation, weighting, aggregation] = only.sensitivity.factors;
    expect(normalisation!.shareOfRankVariance).toBeCloseTo(1, 12);
    expect(normalisation!.shareOfRankShiftVariance).toBeCloseTo(1, 12);
    expect(weighting!.shareOfRankVariance).toBe(0);
    expect(aggregation!.shareOfRankVariance).toBe(0);
    expect(normalisation!.levels[0]).toMatchObject({ label: 'min-max 0–100', meanAbsoluteRankShift: 0 });
    expect(normalisation!.levels[1]!.meanAbsoluteRankShift).toBeGreaterThan(0);
  });

  it('refuses impossible settings', () => {
    expect(() => monteCarloUncertainty(index, { ...full, draws: 1 })).toThrow(/at least 2 draws/);
    expect(() => monteCarloUncertainty(index, { ...full, weightPerturbation: 1 })).toThrow(/\[0, 1\)/);
    expect(() => monteCarloUncertainty(index, { ...full, normalisations: [{ method: 'z-score' }], aggregations: ['geometric'] })).toThrow(/no valid combination/);
  });
});
