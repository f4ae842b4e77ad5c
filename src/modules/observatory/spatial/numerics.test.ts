import { describe, expect, it } from 'vitest';
import { normalCdf, normalSurvival } from './normal';
import { analyticPValue, pseudoPValue } from './p-values';
import { seededRandom } from './random';
import { rowStandardised, weightsFromNeighbourLists, weightsMoments } from './weights';

describe('normal tails', () => {
  it('match SciPy’s norm.sf to 1e-13 relative, far into the tail', () => {
    const scipy: [number, number][] = [
      [0.5, 0.3085375387259869],
      [1.96, 0.024997895148220435],
      [2.5, 0.006209665325776132],
      [3.64, 0.00013631902044580163],
      [6, 9.865876450376946e-10],
      [10, 7.61985302416047e-24],
      [20, 2.7536241186061556e-89],
    ];
    for (const [z, expected] of scipy) {
      expect(Math.abs(normalSurvival(z) - expected) / expected).toBeLessThan(1e-13);
      expect(Math.abs(normalCdf(-z) - expected) / expected).toBeLessThan(1e-13);
    }
    expect(normalSurvival(0)).toBe(0.5);
  });
});

describe('p-values', () => {
  it('analytic: two-sided doubles the directed tail; greater and lesser are fixed tails', () => {
    expect(analyticPValue(-1.96, 'two-sided')).toBeCloseTo(0.04999579029644087, 15);
    expect(analyticPValue(-1.96, 'directed')).toBeCloseTo(0.024997895148220435, 15);
    expect(analyticPValue(-1.96, 'greater')).toBeCloseTo(1 - 0.024997895148220435, 15);
    expect(analyticPValue(-1.96, 'lesser')).toBeCloseTo(0.024997895148220435, 15);
    expect(analyticPValue(Number.NaN, 'two-sided')).toBeNaN();
  });

  it('pseudo: esda’s directed count folds to the smaller tail; two-sided doubles it, capped at 1', () => {
    expect(pseudoPValue(0, 999, 999, 'directed')).toBe(0.001);
    expect(pseudoPValue(990, 10, 999, 'directed')).toBe(10 / 1000);
    expect(pseudoPValue(0, 999, 999, 'two-sided')).toBe(0.002);
    expect(pseudoPValue(600, 500, 999, 'two-sided')).toBe(1);
    expect(pseudoPValue(3, 997, 999, 'greater')).toBe(0.004);
    expect(pseudoPValue(3, 997, 999, 'lesser')).toBe(0.998);
  });
});

describe('the seeded generator', () => {
  it('is reproducible, and different seeds give different streams', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, ((r) => () => r.nextUint32())(seededRandom(seed)));
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(-1)).not.toEqual(draw(1));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
    expect(() => seededRandom(1.5)).toThrow(/integer/);
  });

  it('draws bounded integers uniformly (χ² over 37 cells) and floats in [0, 1)', () => {
    const random = seededRandom(3);
    const cells = 37;
    const counts = new Array<number>(cells).fill(0);
    const draws = 370_000;
    for (let d = 0; d < draws; d++) counts[random.below(cells)]!++;
    const expected = draws / cells;
    const chi2 = counts.reduce((a, c) => a + (c - expected) ** 2 / expected, 0);
    // 36 degrees of freedom: the 99.9th percentile is 67.
    expect(chi2).toBeLessThan(67);
    for (let d = 0; d < 1000; d++) {
      const u = random.nextFloat();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('samples distinct values, every ordered tuple equally often, by rejection and by pool alike', () => {
    const random = seededRandom(4);
    for (const k of [2, 30]) {
      const bound = k === 2 ? 5 : 40;
      const out = new Int32Array(k);
      const firstTwo = new Map<string, number>();
      const draws = 40_000;
      let faults = 0;
      for (let d = 0; d < draws; d++) {
        random.sampleDistinct(out, k, bound);
        if (new Set(out).size !== k || out.some((v) => v < 0 || v >= bound)) faults++;
        const key = `${out[0]},${out[1]}`;
        firstTwo.set(key, (firstTwo.get(key) ?? 0) + 1);
      }
      expect(faults).toBe(0);
      const pairs = bound * (bound - 1);
      expect(firstTwo.size).toBe(pairs);
      const expected = draws / pairs;
      const chi2 = [...firstTwo.values()].reduce((a, c) => a + (c - expected) ** 2 / expected, 0);
      // 19 or 1559 degrees of freedom: well inside the 99.9th percentiles (43.8, 1751).
      expect(chi2).toBeLessThan(k === 2 ? 43.8 : 1751);
    }
  });
});

describe('weights moments', () => {
  it('S0, S1, S2 for symmetric binary and for asymmetric row-standardised weights', () => {
    // A path a–b–c: binary S0 = 4, S1 = ½·Σ(2w)² = 8, S2 = Σ(2·degree)² = 4 + 16 + 4.
    const path = weightsFromNeighbourLists([[1], [0, 2], [1]]);
    expect(weightsMoments(path)).toEqual({ s0: 4, s1: 8, s2: 24 });
    const row = rowStandardised(path);
    // w_ab = 1, w_ba = ½: S1 = ½[(1 + ½)²·2 + (½ + 1)²·2] = 4.5; rows sum to 1 and columns to
    // ½, 2, ½, so S2 = (1 + ½)² + (1 + 2)² + (1 + ½)².
    const m = weightsMoments(row);
    expect(m.s0).toBe(3);
    expect(m.s1).toBeCloseTo(4.5, 15);
    expect(m.s2).toBeCloseTo(2.25 + 9 + 2.25, 15);
  });
});
