import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, bonferroni } from './multiple-testing';
import { multiscalarDeviations } from './multiscalar';
import { assuncaoReisRates } from './rates';
import { weightsFromNeighbourLists } from './weights';

describe('multiple testing', () => {
  it('Benjamini–Hochberg: cutoff, rejections and adjusted p-values (step-up), NaN left out', () => {
    const p = [0.01, Number.NaN, 0.04, 0.03, 0.005, 0.2];
    const bh = benjaminiHochberg(p, 0.05);
    expect(bh.tested).toBe(5);
    // Sorted against i·α/m: 0.005 ≤ 0.01, 0.01 ≤ 0.02, 0.03 ≤ 0.03, 0.04 ≤ 0.04, 0.2 > 0.05.
    expect(bh.cutoff).toBe(0.04);
    expect(bh.rejected).toEqual([true, false, true, true, true, false]);
    const q = Array.from(bh.adjusted);
    expect(q[1]).toBeNaN();
    [0.025, 0.05, 0.05, 0.025, 0.2].forEach((v, k) => expect(q[[0, 2, 3, 4, 5][k]!]!).toBeCloseTo(v, 15));
  });

  it('Bonferroni: α/m and min(1, m·p)', () => {
    const b = bonferroni([0.001, 0.02, 0.5, Number.NaN], 0.05);
    expect(b.cutoff).toBeCloseTo(0.05 / 3, 15);
    expect(b.rejected).toEqual([true, false, false, false]);
    expect(Array.from(b.adjusted).slice(0, 3)).toEqual([0.003, 0.06, 1]);
    expect(() => bonferroni([0.1], 1.5)).toThrow(/significance level/);
  });
});

describe('empirical-Bayes standardised rates', () => {
  it('reproduce esda.assuncao_rate’s doctest', () => {
    const rates = assuncaoReisRates(Float64Array.of(30, 25, 25, 15, 33, 21, 30, 20), Float64Array.of(100, 100, 110, 90, 100, 90, 110, 90));
    [1.03843594, -0.04099089, -0.56250375, -1.73061861].forEach((v, i) => expect(Math.abs(rates[i]! - v)).toBeLessThanOrEqual(5e-9));
  });

  it('refuse a population that is not positive, negative events, or no event at all', () => {
    expect(() => assuncaoReisRates(Float64Array.of(1, 2), Float64Array.of(10, 0))).toThrow(/area #2 .*positive population/);
    expect(() => assuncaoReisRates(Float64Array.of(-1, 2), Float64Array.of(10, 10))).toThrow(/cannot be negative/);
    expect(() => assuncaoReisRates(Float64Array.of(0, 0), Float64Array.of(10, 10))).toThrow(/no area has any event/);
  });
});

describe('multiscalar deviations', () => {
  // Two départements of three communes in a row: A (rich) = a1 a2 a3, B (poor) = b1 b2 b3;
  // a3 touches b1. Income and households: a2 is poor inside a rich département.
  const income = Float64Array.of(3000, 900, 2800, 1100, 1000, 1200);
  const households = Float64Array.of(100, 50, 100, 100, 100, 100);
  const parent = ['A', 'A', 'A', 'B', 'B', 'B'];
  const weights = weightsFromNeighbourLists([[1], [0, 2], [1, 3], [2, 4], [3, 5], [4]]);
  const result = multiscalarDeviations({ numerator: income, denominator: households, parent, weights });

  it('compare each ratio with the ratio of sums of the whole, of its territory and of its neighbourhood', () => {
    const general = (3000 + 900 + 2800 + 1100 + 1000 + 1200) / 550;
    expect(result.general.reference[0]).toBeCloseTo(general, 12);
    expect(result.value[1]).toBe(18);
    expect(result.territorial.reference[1]).toBeCloseTo(6700 / 250, 12);
    expect(result.territorial.index[1]).toBeCloseTo((100 * 18) / (6700 / 250), 12);
    // a2 with its neighbours a1 and a3 (itself included).
    expect(result.spatial.reference[1]).toBeCloseTo(6700 / 250, 12);
    // b1 with a3 and b2.
    expect(result.spatial.reference[3]).toBeCloseTo((2800 + 1100 + 1000) / 300, 12);
    expect(result.general.difference[0]).toBeCloseTo(30 - general, 12);
    expect(result.parents.get('A')).toMatchObject({ areas: 3 });
  });

  it('flag the poor commune inside a rich département, and the rich one inside a poor département', () => {
    expect(result.contrast[1]).toBe('below-within-above');
    expect(result.contrast[5]).toBe('above-within-below');
    expect(result.contrast[0]).toBeNull();
  });

  it('without a denominator, references are plain means; a neighbourhood may leave the area out', () => {
    const plain = multiscalarDeviations({ numerator: Float64Array.of(1, 2, 3), parent: ['P', 'P', 'Q'], weights: weightsFromNeighbourLists([[1], [0, 2], [1]]), includeSelf: false });
    expect(plain.general.reference[0]).toBe(2);
    expect(plain.territorial.reference[0]).toBe(1.5);
    expect(plain.spatial.reference[1]).toBe(2);
    expect(plain.spatial.reference[0]).toBe(2);
    expect(() => multiscalarDeviations({ numerator: Float64Array.of(1), denominator: Float64Array.of(0), parent: ['P'], weights: weightsFromNeighbourLists([[]]) })).toThrow(
      /denominator of 0/,
    );
  });
});
