import { describe, expect, it } from 'vitest';
import type { Direction, IndicatorDefinition } from './indicators';
import { applyNormalisation, exponentialTransform, fitNormalisation, normaliseColumn, type NormalisationSpec } from './normalisation';

const NaN_ = Number.NaN;

function indicator(direction: Direction, id = 'x'): IndicatorDefinition {
  return { id, label: { fr: 'l’indicateur', en: 'the indicator' }, direction };
}

function run(values: number[], direction: Direction, spec: NormalisationSpec, ids?: string[]): number[] {
  return Array.from(normaliseColumn(Float64Array.from(values), indicator(direction), spec, { territoryIds: ids }).values);
}

function expectClose(actual: number[], expected: number[], digits = 12): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => (Number.isNaN(e) ? expect(actual[i]).toBeNaN() : expect(actual[i]!).toBeCloseTo(e, digits)));
}

describe('min-max', () => {
  it('maps the range to 0–100, reflected when higher is worse; a missing value stays missing', () => {
    expectClose(run([2, 4, 6, NaN_, 10], 'higher-is-better', { method: 'min-max' }), [0, 25, 50, NaN_, 100]);
    expectClose(run([2, 4, 6, NaN_, 10], 'higher-is-worse', { method: 'min-max' }), [100, 75, 50, NaN_, 0]);
  });

  it('onto another range, e.g. 1–10 so that a geometric mean is defined', () => {
    expectClose(run([0, 5, 10], 'higher-is-better', { method: 'min-max', lower: 1, upper: 10 }), [1, 5.5, 10]);
  });

  it('gives a constant indicator the middle of the range and says it is constant', () => {
    const result = normaliseColumn(Float64Array.of(3, 3, 3), indicator('higher-is-better'), { method: 'min-max' });
    expect(Array.from(result.values)).toEqual([50, 50, 50]);
    expect(result.constant).toBe(true);
  });

  it('fitted on one year and applied to the next keeps one scale (values may leave 0–100)', () => {
    const fitted = fitNormalisation(Float64Array.of(10, 20, 30), indicator('higher-is-better'), { method: 'min-max' });
    expectClose(Array.from(applyNormalisation(Float64Array.of(15, 35), fitted)), [25, 125]);
  });
});

describe('z-score', () => {
  it('(x − mean)/s with the sample standard deviation, negated when higher is worse', () => {
    // mean 3, s = √2.5 = 1.5811388300841898
    const s = Math.sqrt(2.5);
    expectClose(run([1, 2, 3, 4, 5], 'higher-is-better', { method: 'z-score' }), [-2 / s, -1 / s, 0, 1 / s, 2 / s]);
    expectClose(run([1, 2, 3, 4, 5], 'higher-is-worse', { method: 'z-score' }), [2 / s, 1 / s, 0, -1 / s, -2 / s]);
    expectClose(run([7, 7], 'higher-is-better', { method: 'z-score' }), [0, 0]);
  });
});

describe('rank', () => {
  it('1 for the worst … n for the best, ties sharing their mid-rank', () => {
    expectClose(run([10, 30, 20, 20], 'higher-is-better', { method: 'rank' }), [1, 4, 2.5, 2.5]);
    expectClose(run([10, 30, 20, 20, NaN_], 'higher-is-worse', { method: 'rank' }), [4, 1, 2.5, 2.5, NaN_]);
  });

  it('places a new value among the fitted ones', () => {
    const fitted = fitNormalisation(Float64Array.of(10, 20, 30), indicator('higher-is-better'), { method: 'rank' });
    // 25 lies between the 2nd and 3rd: mid-rank 2.5; 20 is the 2nd.
    expect(Array.from(applyNormalisation(Float64Array.of(25, 20, 5), fitted))).toEqual([2.5, 2, 0.5]);
  });
});

describe('distance to a reference', () => {
  const values = [50, 100, 150];
  it('as a gap in % of the reference (the mean), reflected when higher is worse', () => {
    expectClose(run(values, 'higher-is-better', { method: 'distance-to-reference', reference: 'mean' }), [-50, 0, 50]);
    expectClose(run(values, 'higher-is-worse', { method: 'distance-to-reference', reference: 'mean' }), [50, 0, -50]);
  });

  it('as a ratio ×100, inverted when higher is worse', () => {
    expectClose(run(values, 'higher-is-better', { method: 'distance-to-reference', reference: 'mean', form: 'ratio' }), [50, 100, 150]);
    expectClose(run(values, 'higher-is-worse', { method: 'distance-to-reference', reference: 'mean', form: 'ratio' }), [200, 100, 200 / 3]);
  });

  it('to the median, the best territory, a named territory or a given value', () => {
    expectClose(run([10, 20, 60], 'higher-is-better', { method: 'distance-to-reference', reference: 'median' }), [-50, 0, 200]);
    expectClose(run(values, 'higher-is-better', { method: 'distance-to-reference', reference: 'best' }), [-200 / 3, -100 / 3, 0]);
    expectClose(run(values, 'higher-is-worse', { method: 'distance-to-reference', reference: 'best' }), [0, -100, -200]);
    expectClose(run(values, 'higher-is-better', { method: 'distance-to-reference', reference: { territory: 'B' } }, ['A', 'B', 'C']), [-50, 0, 50]);
    expectClose(run(values, 'higher-is-better', { method: 'distance-to-reference', reference: { values: { x: 200 } } }), [-75, -50, -25]);
  });

  it('refuses a zero reference, an unknown territory, a missing value', () => {
    expect(() => run([-1, 0, 1], 'higher-is-better', { method: 'distance-to-reference', reference: 'mean' })).toThrow(/reference value is 0/);
    expect(() => run(values, 'higher-is-better', { method: 'distance-to-reference', reference: { territory: 'Z' } }, ['A', 'B', 'C'])).toThrow(/not among/);
    expect(() => run(values, 'higher-is-better', { method: 'distance-to-reference', reference: { values: {} } })).toThrow(/no reference value/);
  });
});

describe('exponential transform of ranks (English Indices of Deprivation)', () => {
  it('X = −23·ln(1 − R·(1 − e^(−100/23))): 0 for R = 0, 100 for the most deprived, 50.43 at the 90th percentile', () => {
    expect(exponentialTransform(0)).toBe(0);
    expect(exponentialTransform(1)).toBe(100);
    // Values computed by hand (Python, math.log): 2.390259732416166, 15.646790072602894, 50.426654274244.
    expect(exponentialTransform(0.1)).toBeCloseTo(2.390259732416166, 12);
    expect(exponentialTransform(0.5)).toBeCloseTo(15.646790072602894, 12);
    expect(exponentialTransform(0.9)).toBeCloseTo(50.426654274244, 12);
  });

  it('puts about a tenth of the territories above 50 (the constant 23 is chosen for that)', () => {
    const n = 1000;
    let above = 0;
    for (let d = 1; d <= n; d++) if (exponentialTransform(d / n) > 50) above++;
    // X = 50 at R = (1 − e^(−50/23)) / (1 − e^(−100/23)) = 0.89788: ranks 898 … 1000 are above.
    expect(above).toBe(103);
  });

  it('as a normalisation: the most deprived gets 100 − 100 = 0, the least deprived 100 − X(1/N), and one bad domain is not cancelled by a good one', () => {
    const poverty = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50]; // higher is worse: the last is the most deprived
    const values = run(poverty, 'higher-is-worse', { method: 'exponential-rank' });
    expect(values[9]).toBeCloseTo(0, 10);
    expect(values[0]).toBeCloseTo(100 - exponentialTransform(0.1), 12);
    // The Scottish Indices' example: a territory at 100 on one domain and 0 on another averages
    // 50, which on this scale is the 90th percentile of deprivation, not the median.
    const averaged = (exponentialTransform(1) + exponentialTransform(0)) / 2;
    expect(averaged).toBeCloseTo(50, 10);
    expect(exponentialTransform(0.9)).toBeGreaterThan(averaged);
    expect(exponentialTransform(0.89)).toBeLessThan(averaged);
  });
});
