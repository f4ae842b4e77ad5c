import { describe, expect, it } from 'vitest';
import { weightsFromNeighbourLists } from '../spatial/weights';
import { buildCompositeIndex } from './composite-index';
import type { IndicatorTable } from './indicators';

const table: IndicatorTable = {
  territoryIds: ['A', 'B', 'C', 'D', 'E'],
  indicators: [
    { id: 'income', label: { fr: 'le revenu', en: 'the income' }, direction: 'higher-is-better' },
    { id: 'poverty', label: { fr: 'la pauvreté', en: 'the poverty' }, direction: 'higher-is-worse' },
    { id: 'fibre', label: { fr: 'la fibre', en: 'the fibre' }, direction: 'higher-is-better' },
  ],
  columns: [Float64Array.of(18, 25, Number.NaN, 30, 21), Float64Array.of(30, 12, 20, 8, 24), Float64Array.of(10, 90, 40, 100, 20)],
};

describe('composite index pipeline', () => {
  it('imputes, normalises with the right direction, weighs, aggregates, ranks from the lowest score', () => {
    const neighbours = weightsFromNeighbourLists([[1], [0, 2], [1, 3], [2, 4], [3]]);
    const index = buildCompositeIndex(table, {
      normalisation: { method: 'min-max' },
      weighting: { scheme: 'expert', weights: { income: 2, poverty: 1, fibre: 1 } },
      aggregation: 'arithmetic',
      missingValues: 'neighbours',
      missingContext: { neighbours },
    });
    expect(index.territoryIds).toEqual(['A', 'B', 'C', 'D', 'E']);
    // C's income: (25 + 30)/2 = 27.5.
    expect(index.raw.columns[0]![2]).toBe(27.5);
    expect(index.imputations).toEqual([{ territory: 'C', indicator: 'income', method: 'neighbours', value: 27.5, donors: 2 }]);
    // Poverty, higher is worse: 8 → 100, 30 → 0.
    expect(index.normalised[1]![3]).toBe(100);
    expect(index.normalised[1]![0]).toBe(0);
    expect(Array.from(index.weights.weights)).toEqual([0.5, 0.25, 0.25]);
    // A: income 0, poverty 0, fibre 0 → 0, the lowest; D: 100 everywhere → 100.
    expect(index.scores[0]).toBe(0);
    expect(index.scores[3]).toBe(100);
    expect(index.ranks[0]).toBe(1);
    expect(index.ranks[3]).toBe(5);
    for (let i = 0; i < 5; i++) {
      expect(index.decomposition.ofScore.reduce((s, c) => s + c[i]!, 0)).toBeCloseTo(index.scores[i]!, 12);
    }
  });

  it('excluding a territory keeps the others in order, and says which was left out', () => {
    const index = buildCompositeIndex(table, { normalisation: { method: 'rank' }, weighting: { scheme: 'equal' }, aggregation: 'geometric', missingValues: 'exclude' });
    expect(index.territoryIds).toEqual(['A', 'B', 'D', 'E']);
    expect(Array.from(index.kept)).toEqual([0, 1, 3, 4]);
    expect(index.excluded).toEqual([{ territory: 'C', missing: ['income'] }]);
  });

  it('PCA weights with a report, and one scale shared with another year', () => {
    const complete: IndicatorTable = { ...table, columns: [Float64Array.of(18, 25, 22, 30, 21), table.columns[1]!, table.columns[2]!] };
    const options = { normalisation: { method: 'min-max' }, weighting: { scheme: 'pca' }, aggregation: 'arithmetic', missingValues: 'exclude' } as const;
    const year1 = buildCompositeIndex(complete, options);
    expect(year1.weights.pca).not.toBeNull();
    expect(year1.weights.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 14);
    const better: IndicatorTable = { ...complete, columns: complete.columns.map((c, k) => Float64Array.from(c, (v) => (k === 1 ? v - 1 : v + 1))) };
    const year2 = buildCompositeIndex(better, options, { normalisation: year1.fitted, weights: year1.weights });
    for (let i = 0; i < 5; i++) expect(year2.scores[i]!).toBeGreaterThan(year1.scores[i]!);
  });

  it('rejects a malformed table', () => {
    expect(() => buildCompositeIndex({ ...table, columns: [table.columns[0]!] }, { normalisation: { method: 'rank' }, weighting: { scheme: 'equal' }, aggregation: 'arithmetic', missingValues: 'exclude' })).toThrow(
      /3 indicators are defined but 1 columns given/,
    );
    expect(() =>
      buildCompositeIndex({ ...table, territoryIds: ['A', 'A', 'C', 'D', 'E'] }, { normalisation: { method: 'rank' }, weighting: { scheme: 'equal' }, aggregation: 'arithmetic', missingValues: 'exclude' }),
    ).toThrow(/territory A appears twice/);
  });
});
