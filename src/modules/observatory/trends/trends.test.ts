import { describe, expect, it } from 'vitest';
import type { IndicatorDefinition, IndicatorTable } from '../index/indicators';
import { seededRandom, type RandomSource } from '../spatial/random';
import { weightsFromNeighbourLists } from '../spatial/weights';
import { alignYears, indexChange, indicatorChanges } from './changes';
import { detectWeakSignals } from './weak-signals';

const POVERTY: IndicatorDefinition = { id: 'poverty', label: { fr: 'le taux de pauvreté', en: 'the poverty rate' }, direction: 'higher-is-worse' };
const INCOME: IndicatorDefinition = { id: 'income', label: { fr: 'le revenu médian', en: 'the median income' }, direction: 'higher-is-better' };

function normal(random: RandomSource): number {
  // Box–Muller.
  const u = 1 - random.nextFloat();
  const v = random.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A side × side grid with rook contiguity, territories numbered row by row. */
function grid(side: number) {
  const lists = Array.from({ length: side * side }, (_, i) => {
    const r = Math.floor(i / side);
    const c = i % side;
    const out: number[] = [];
    if (r > 0) out.push(i - side);
    if (r < side - 1) out.push(i + side);
    if (c > 0) out.push(i - 1);
    if (c < side - 1) out.push(i + 1);
    return out;
  });
  return { weights: weightsFromNeighbourLists(lists), ids: Array.from({ length: side * side }, (_, i) => `C${i}`) };
}

describe('year-over-year changes', () => {
  const previous: IndicatorTable = {
    territoryIds: ['A', 'B', 'C', 'OLD'],
    indicators: [POVERTY, INCOME],
    columns: [Float64Array.of(10, 20, Number.NaN, 5), Float64Array.of(100, 0, 300, 1)],
  };
  const current: IndicatorTable = {
    territoryIds: ['NEW', 'C', 'B', 'A'],
    indicators: [INCOME, POVERTY],
    columns: [Float64Array.of(9, 330, 10, 90), Float64Array.of(1, 12, 25, 11)],
  };

  it('match territories and indicators by id, list what is in one year only, change and % change', () => {
    const aligned = alignYears(previous, current);
    expect(aligned.territoryIds).toEqual(['C', 'B', 'A']);
    expect(aligned.onlyPrevious).toEqual(['OLD']);
    expect(aligned.onlyCurrent).toEqual(['NEW']);
    const changes = indicatorChanges(aligned);
    expect(changes.indicators.map((i) => i.id)).toEqual(['income', 'poverty']);
    expect(Array.from(changes.change[0]!)).toEqual([30, 10, -10]);
    expect(Array.from(changes.change[1]!)).toEqual([Number.NaN, 5, 1]);
    expect(Array.from(changes.relativeChange[0]!)).toEqual([10, Number.NaN, -10]);
    expect(changes.relativeChange[1]![1]).toBe(25);
  });

  it('the index of two years on one scale: a general improvement shows (a yearly min-max would hide it)', () => {
    const random = seededRandom(5);
    const ids = Array.from({ length: 30 }, (_, i) => `T${i}`);
    const base = [Float64Array.from(ids, () => 10 + 10 * random.nextFloat()), Float64Array.from(ids, () => 1000 + 500 * random.nextFloat())];
    const before: IndicatorTable = { territoryIds: ids, indicators: [POVERTY, INCOME], columns: base };
    const after: IndicatorTable = { territoryIds: ids, indicators: [POVERTY, INCOME], columns: [Float64Array.from(base[0]!, (v) => v - 1), Float64Array.from(base[1]!, (v) => v + 50)] };
    const result = indexChange(alignYears(before, after), { normalisation: { method: 'min-max' }, weighting: { scheme: 'equal' }, aggregation: 'arithmetic', missingValues: 'exclude' });
    const first = result.change[0]!;
    expect(first).toBeGreaterThan(0);
    for (const c of result.change) expect(c).toBeCloseTo(first, 10);
  });

  it('no index change where a value was imputed in either year (it would measure the imputation), unless asked', () => {
    const ids = ['A', 'B', 'C', 'D'];
    const line = weightsFromNeighbourLists([[1], [0, 2], [1, 3], [2]]);
    const before: IndicatorTable = { territoryIds: ids, indicators: [POVERTY, INCOME], columns: [Float64Array.of(10, 12, 14, 16), Float64Array.of(100, 90, 80, 70)] };
    const after: IndicatorTable = { territoryIds: ids, indicators: [POVERTY, INCOME], columns: [Float64Array.of(11, Number.NaN, 15, 17), Float64Array.of(100, 90, 80, 70)] };
    const options = { normalisation: { method: 'min-max' }, weighting: { scheme: 'equal' }, aggregation: 'arithmetic', missingValues: 'neighbours', missingContext: { neighbours: line } } as const;
    const result = indexChange(alignYears(before, after), options);
    expect(result.imputed).toEqual([false, true, false, false]);
    expect(result.change[1]).toBeNaN();
    expect(result.change[0]).toBeLessThan(0);
    const kept = indexChange(alignYears(before, after), options, {}, { keepImputed: true });
    expect(Number.isFinite(kept.change[1]!)).toBe(true);
  });
});

describe('weak signals', () => {
  const side = 20;
  const { weights, ids } = grid(side);
  const planted = [47, 210, 333];

  /** A smooth regional drift plus noise of sd 0.5; three territories get +4 (8 sd) of poverty. */
  function changes(seed: number) {
    const random = seededRandom(seed);
    const poverty = Float64Array.from(ids, (_, i) => 0.02 * (i % side) - 0.5 + 0.5 * normal(random));
    const income = Float64Array.from(ids, () => 50 + 20 * normal(random));
    for (const i of planted) poverty[i]! += 4;
    return { poverty, income };
  }

  it('find the planted changes against the neighbours’ (and nothing else), with their direction and a sentence', () => {
    const { poverty, income } = changes(11);
    const result = detectWeakSignals({
      territoryIds: ids,
      reference: 'neighbours',
      neighbours: weights,
      variables: [
        { ...POVERTY, change: poverty },
        { ...INCOME, change: income },
      ],
    });
    expect(result.tests).toBe(800);
    expect(result.spreads.map((s) => s.scaleEstimator)).toEqual(['mad', 'mad']);
    expect(result.alerts.map((a) => a.index).sort((a, b) => a - b)).toEqual(planted);
    for (const alert of result.alerts) {
      expect(alert.worsening).toBe(true);
      expect(alert.signals).toHaveLength(1);
      const signal = alert.signals[0]!;
      expect(signal).toMatchObject({ variable: 'poverty', tendency: 'worse' });
      expect(signal.z).toBeGreaterThan(5);
      expect(signal.q).toBeLessThan(0.05);
      expect(signal.gap).toBeCloseTo(signal.change - signal.referenceChange, 12);
    }
    expect(result.alerts[0]!.sentence.fr).toMatch(/^Évolution qui se démarque de celle de ses voisins : le taux de pauvreté \+\d,\d contre [−+]?\d,\d{1,2} en moyenne \(z = \d+,\d, q < 0,001, défavorable\)\.$/);
    expect(result.alerts[0]!.sentence.en).toMatch(/^Change that stands out from its neighbours’: the poverty rate \+\d\.\d against [−+]?\d\.\d{1,2} on average \(z = \d+\.\d, q < 0\.001, unfavourable\)\.$/);
  });

  it('a falling poverty rate is a favourable signal; an income rising more than around is one too', () => {
    const { poverty, income } = changes(12);
    for (const i of planted) poverty[i]! -= 8;
    income[100]! += 200;
    const result = detectWeakSignals({
      territoryIds: ids,
      reference: 'neighbours',
      neighbours: weights,
      variables: [
        { ...POVERTY, change: poverty },
        { ...INCOME, change: income },
      ],
    });
    const byIndex = new Map(result.alerts.map((a) => [a.index, a]));
    for (const i of planted) expect(byIndex.get(i)!.signals[0]).toMatchObject({ variable: 'poverty', tendency: 'better' });
    expect(byIndex.get(100)!.signals[0]).toMatchObject({ variable: 'income', tendency: 'better' });
    expect(byIndex.get(100)!.worsening).toBe(false);
  });

  it('against the parent’s other territories, with a minimum gap that silences small moves', () => {
    const { poverty } = changes(13);
    const parentOf = ids.map((_, i) => `P${Math.floor(i / side / 10)}${Math.floor((i % side) / 10)}`);
    const result = detectWeakSignals({ territoryIds: ids, reference: 'parent', parentOf, variables: [{ ...POVERTY, change: poverty }] });
    expect(result.alerts.map((a) => a.index).sort((a, b) => a - b)).toEqual(planted);
    expect(result.alerts[0]!.sentence.en).toMatch(/^Change that stands out from that of the other territories of P\d\d: /);
    const silenced = detectWeakSignals({ territoryIds: ids, reference: 'parent', parentOf, variables: [{ ...POVERTY, change: poverty, minimumGap: 10 }] });
    expect(silenced.alerts).toEqual([]);
  });

  it('no alert on pure noise (the false discovery rate holds)', () => {
    const random = seededRandom(99);
    const noise = Float64Array.from(ids, () => normal(random));
    const result = detectWeakSignals({ territoryIds: ids, reference: 'neighbours', neighbours: weights, variables: [{ ...POVERTY, change: noise }] });
    expect(result.alerts.length).toBeLessThanOrEqual(1);
  });

  it('missing changes are not tested; too few references leave a territory untested', () => {
    const change = Float64Array.from(ids, (_, i) => (i === 0 ? Number.NaN : i % 7));
    const result = detectWeakSignals({ territoryIds: ids, reference: 'neighbours', neighbours: weights, variables: [{ ...POVERTY, change }], minimumReferences: 3 });
    // Corners have 2 neighbours (untested at 3); territory 0 has no change; the corners' neighbours of 0 lose one.
    expect(result.z[0]![0]).toBeNaN();
    expect(result.z[0]![side - 1]).toBeNaN();
    expect(result.tests).toBe(side * side - 4 - 2);
  });
});
