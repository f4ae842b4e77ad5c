/**
 * The observatory's input: a table of indicators over territories, one column per indicator
 * (territories in a fixed order), NaN for a missing value. Columns rather than rows because every
 * step — normalising, weighting, aggregating, the Monte Carlo draws — walks one indicator over all
 * territories at a time.
 *
 * Each indicator says which way is good (`direction`): the whole index is oriented so that a
 * higher normalised value, and a higher composite score, is a better situation. Labels carry
 * their article ("le taux de pauvreté", "the poverty rate") because sentences put them after
 * "par" / "by".
 */

export type Direction = 'higher-is-better' | 'higher-is-worse';

export interface Wording {
  fr: string;
  en: string;
}

export interface IndicatorDefinition {
  /** A stable identifier (a column name such as "TP6016"). */
  id: string;
  /** As it reads after "par" / "by", article included: { fr: 'le taux de pauvreté', en: 'the poverty rate' }. */
  label: Wording;
  direction: Direction;
}

export interface IndicatorTable {
  territoryIds: readonly string[];
  indicators: readonly IndicatorDefinition[];
  /** columns[k][i]: indicator k of territory i; NaN when missing. */
  columns: readonly Float64Array[];
}

/** Checks the table's shape: unique ids, one column per indicator, each as long as the territories. */
export function assertIndicatorTable(table: IndicatorTable): void {
  const n = table.territoryIds.length;
  const m = table.indicators.length;
  if (m === 0) throw new Error('the index needs at least one indicator');
  if (table.columns.length !== m) throw new Error(`${m} indicators are defined but ${table.columns.length} columns given`);
  const seenTerritories = new Set<string>();
  for (const id of table.territoryIds) {
    if (seenTerritories.has(id)) throw new Error(`territory ${id} appears twice`);
    seenTerritories.add(id);
  }
  const seenIndicators = new Set<string>();
  table.indicators.forEach((indicator, k) => {
    if (seenIndicators.has(indicator.id)) throw new Error(`indicator ${indicator.id} appears twice`);
    seenIndicators.add(indicator.id);
    if (indicator.direction !== 'higher-is-better' && indicator.direction !== 'higher-is-worse') {
      throw new Error(`indicator ${indicator.id} has no valid direction`);
    }
    const column = table.columns[k]!;
    if (column.length !== n) throw new Error(`indicator ${indicator.id} has ${column.length} values for ${n} territories`);
    for (let i = 0; i < n; i++) {
      const v = column[i]!;
      if (!Number.isNaN(v) && !Number.isFinite(v)) throw new Error(`indicator ${indicator.id} is infinite for territory ${table.territoryIds[i]}`);
    }
  });
}

/** The territories kept, in the given order (indices into the table). */
export function selectTerritories(table: IndicatorTable, kept: ArrayLike<number>): IndicatorTable {
  return {
    territoryIds: Array.from(kept, (i) => table.territoryIds[i]!),
    indicators: table.indicators,
    columns: table.columns.map((column) => Float64Array.from(kept, (i) => column[i]!)),
  };
}
