import { describe, expect, it } from 'vitest';
import { aggregate, decompose } from './aggregation';

const columns = [Float64Array.of(10, 50, 80, 20), Float64Array.of(90, 50, 40, 60), Float64Array.of(30, 50, 70, 5)];
const weights = Float64Array.of(0.5, 0.3, 0.2);

describe('arithmetic against geometric aggregation', () => {
  it('10 and 90 average 50 arithmetically, 30 geometrically: the geometric mean punishes imbalance', () => {
    const pair = [Float64Array.of(10, 50), Float64Array.of(90, 50)];
    const half = Float64Array.of(0.5, 0.5);
    expect(Array.from(aggregate(pair, half, 'arithmetic'))).toEqual([50, 50]);
    const geometric = aggregate(pair, half, 'geometric');
    expect(geometric[0]).toBeCloseTo(30, 12);
    expect(geometric[1]).toBeCloseTo(50, 12);
  });

  it('weighted forms: Σ w·y and Π y^w', () => {
    const a = aggregate(columns, weights, 'arithmetic');
    const g = aggregate(columns, weights, 'geometric');
    expect(a[0]).toBeCloseTo(0.5 * 10 + 0.3 * 90 + 0.2 * 30, 12);
    expect(g[0]).toBeCloseTo(10 ** 0.5 * 90 ** 0.3 * 30 ** 0.2, 12);
    // The geometric mean never exceeds the arithmetic one.
    for (let i = 0; i < 4; i++) expect(g[i]!).toBeLessThanOrEqual(a[i]! + 1e-12);
  });

  it('geometric refuses a value ≤ 0, naming the territory and the indicator', () => {
    expect(() => aggregate([Float64Array.of(1, 0)], Float64Array.of(1), 'geometric', ['A', 'B'], ['fibre'])).toThrow(/territory B has 0 for indicator fibre/);
  });
});

describe('decomposition of each score, exact', () => {
  it('arithmetic: the parts add up to the score, and against the average territory to S − S̄', () => {
    const scores = aggregate(columns, weights, 'arithmetic');
    const d = decompose(columns, weights, 'arithmetic');
    const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
    expect(d.reference).toBeCloseTo(mean, 12);
    for (let i = 0; i < 4; i++) {
      expect(d.ofScore.reduce((s, c) => s + c[i]!, 0)).toBeCloseTo(scores[i]!, 12);
      expect(d.contributions.reduce((s, c) => s + c[i]!, 0)).toBeCloseTo(scores[i]! - mean, 12);
    }
    // Territory 1, indicator 1: 0.5·(10 − 40) = −15 points (mean of the first column: 40).
    expect(d.contributions[0]![0]).toBeCloseTo(-15, 12);
  });

  it('geometric: log-parts add up to ln S, against the geometric mean to ln(S/G), so the factors multiply to S/G', () => {
    const scores = aggregate(columns, weights, 'geometric');
    const d = decompose(columns, weights, 'geometric');
    const geometricMean = Math.exp(scores.reduce((s, v) => s + Math.log(v), 0) / scores.length);
    expect(d.reference).toBeCloseTo(geometricMean, 12);
    for (let i = 0; i < 4; i++) {
      expect(d.ofScore.reduce((s, c) => s + c[i]!, 0)).toBeCloseTo(Math.log(scores[i]!), 12);
      const product = d.contributions.reduce((p, c) => p * Math.exp(c[i]!), 1);
      expect(product).toBeCloseTo(scores[i]! / geometricMean, 12);
    }
  });
});
