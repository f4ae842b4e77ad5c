import { describe, expect, it } from 'vitest';
import { seededRandom } from '../spatial/random';
import { ascendingMidRanks, QuantileScratch, quantileOfSorted, quantilesByBuckets, RankScratch, simulationMidRanks } from './ranks';

describe('ranks', () => {
  it('mid-ranks from the lowest value, ties sharing their positions’ mean, NaN left out', () => {
    expect(Array.from(ascendingMidRanks([3, 1, 2, 2, Number.NaN, 5]))).toEqual([4, 1, 2.5, 2.5, Number.NaN, 5]);
  });

  it('the Monte Carlo radix ranks equal the exact mid-ranks on scores that differ in single precision, negatives and both zeros included', () => {
    const random = seededRandom(3);
    const n = 5000;
    // Values on a grid of 1/8: exact in single precision, with many ties.
    const scores = Float64Array.from({ length: n }, () => Math.round((random.nextFloat() - 0.5) * 800) / 8);
    scores[0] = -0;
    scores[1] = 0;
    const out = new Float32Array(n * 3);
    simulationMidRanks(scores, new RankScratch(n), out, 1, 3);
    const exact = ascendingMidRanks(scores);
    for (let i = 0; i < n; i++) expect(out[1 + 3 * i]).toBe(exact[i]);
  });

  it('bucketed quantiles equal those of a full sort: spread, clustered, skewed by an outlier, constant', () => {
    const random = seededRandom(12);
    const qs = [0.05, 0.5, 0.95];
    const shapes: ((k: number) => number)[] = [
      () => 1 + random.below(35000),
      () => 500 + random.below(4),
      (k) => (k === 0 ? 1e6 : 1 + random.below(50) + random.nextFloat()),
      () => 7,
    ];
    for (const size of [1, 2, 3, 20, 1000]) {
      for (const shape of shapes) {
        const values = Float32Array.from({ length: size }, (_, k) => shape(k));
        const copy = Float32Array.from(values);
        const sorted = Float32Array.from(values).sort();
        const out = new Float64Array(3);
        quantilesByBuckets(values, qs, out, new QuantileScratch(size));
        expect(Array.from(out)).toEqual(qs.map((q) => quantileOfSorted(sorted, q)));
        expect(values).toEqual(copy);
      }
    }
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});
