import { describe, expect, it } from 'vitest';
import { weightsFromNeighbourLists } from '../spatial/weights';
import type { IndicatorTable } from './indicators';
import { handleMissingValues, parentValuesFromChildren, weightsAmongKept } from './missing-values';

const NA = Number.NaN;

/**
 * Five territories on a line A – B – C – D – E, two départements (A, B, C in 01; D, E in 02).
 * Income is missing for B (neighbours A and C have it) and for D and E together (E's only
 * neighbour is D, itself missing); poverty is missing for C.
 */
const table: IndicatorTable = {
  territoryIds: ['A', 'B', 'C', 'D', 'E'],
  indicators: [
    { id: 'income', label: { fr: 'le revenu', en: 'the income' }, direction: 'higher-is-better' },
    { id: 'poverty', label: { fr: 'la pauvreté', en: 'the poverty' }, direction: 'higher-is-worse' },
  ],
  columns: [Float64Array.of(100, NA, 200, NA, NA), Float64Array.of(10, 12, NA, 20, 22)],
};
const line = weightsFromNeighbourLists([[1], [0, 2], [1, 3], [2, 4], [3]]);
const parentOf = ['01', '01', '01', '02', '02'];
const parentValues = { '01': { income: 140, poverty: 11 }, '02': { income: 90 } };

describe('missing values', () => {
  it('exclude: territories lacking anything leave the index, listed with what they lack', () => {
    const result = handleMissingValues(table, 'exclude');
    expect(result.table.territoryIds).toEqual(['A']);
    expect(Array.from(result.kept)).toEqual([0]);
    expect(result.excluded).toEqual([
      { territory: 'B', missing: ['income'] },
      { territory: 'C', missing: ['poverty'] },
      { territory: 'D', missing: ['income'] },
      { territory: 'E', missing: ['income'] },
    ]);
    expect(result.imputations).toEqual([]);
  });

  it('neighbours: the mean of the neighbours’ observed values; an imputed value is never a donor', () => {
    const result = handleMissingValues(table, 'neighbours', { neighbours: line });
    // B: (100 + 200)/2; C's poverty: (12 + 20)/2; D: only C has income (E is missing) → 200;
    // E: its only neighbour D has no observed income → excluded, though D was just imputed.
    expect(result.imputations).toEqual([
      { territory: 'B', indicator: 'income', method: 'neighbours', value: 150, donors: 2 },
      { territory: 'D', indicator: 'income', method: 'neighbours', value: 200, donors: 1 },
      { territory: 'C', indicator: 'poverty', method: 'neighbours', value: 16, donors: 2 },
    ]);
    expect(result.excluded).toEqual([{ territory: 'E', missing: ['income'] }]);
    expect(result.table.territoryIds).toEqual(['A', 'B', 'C', 'D']);
    expect(Array.from(result.table.columns[0]!)).toEqual([100, 150, 200, 200]);
    expect(result.flags).toEqual([
      [null, 'neighbours', null, 'neighbours'],
      [null, null, 'neighbours', null],
    ]);
  });

  it('parent: the parent territory’s value, when it has one', () => {
    const result = handleMissingValues(table, 'parent', { parentOf, parentValues });
    expect(result.imputations.map((x) => [x.territory, x.indicator, x.value])).toEqual([
      ['B', 'income', 140],
      ['D', 'income', 90],
      ['E', 'income', 90],
      ['C', 'poverty', 11],
    ]);
    expect(result.excluded).toEqual([]);
  });

  it('a chain: neighbours first, the parent when no neighbour has a value; flags say which', () => {
    const result = handleMissingValues(table, ['neighbours', 'parent'], { neighbours: line, parentOf, parentValues });
    expect(result.excluded).toEqual([]);
    const e = result.imputations.find((x) => x.territory === 'E')!;
    expect(e).toEqual({ territory: 'E', indicator: 'income', method: 'parent', value: 90, donors: 1 });
    expect(result.flags[0]).toEqual([null, 'neighbours', null, 'neighbours', 'parent']);
  });

  it('refuses to impute without what the method needs', () => {
    expect(() => handleMissingValues(table, 'neighbours')).toThrow(/needs the spatial weights/);
    expect(() => handleMissingValues(table, 'parent', { parentOf })).toThrow(/needs each territory’s parent/);
  });

  it('parent stand-ins: the (weighted) mean of the children that have a value', () => {
    const values = parentValuesFromChildren(table, parentOf, Float64Array.of(1, 1, 3, 1, 1));
    expect(values['01']).toEqual({ income: (100 + 3 * 200) / 4, poverty: (10 + 12) / 2 });
    expect(values['02']).toEqual({ poverty: 21 });
  });

  it('weights among the kept territories: renumbered, links to the excluded dropped', () => {
    const kept = handleMissingValues(table, 'neighbours', { neighbours: line }).kept;
    const w = weightsAmongKept(line, kept);
    expect(w.n).toBe(4);
    expect(Array.from(w.offsets)).toEqual([0, 1, 3, 5, 6]);
    expect(Array.from(w.neighbours)).toEqual([1, 0, 2, 1, 3, 2]);
  });
});
