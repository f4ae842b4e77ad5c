/**
 * Missing values, handled by an explicit choice (Handbook, step 3) and always reported:
 *
 * - 'exclude': a territory with any missing value leaves the index (listed with what it lacks);
 * - 'parent': the value of its parent territory (a département for a commune), given by the
 *   caller — `parentValuesFromChildren` computes a stand-in when no published figure exists;
 * - 'neighbours': the mean of its neighbours' observed values, weighted by the spatial weights
 *   given (binary contiguity: a plain mean). Only observed values are used — an imputed value is
 *   never a donor — so the result does not depend on the order territories are visited in.
 *
 * Methods can be chained (['neighbours', 'parent']: the parent when no neighbour has a value); a
 * territory no method can fill is excluded. Every imputed value is flagged with its method and
 * the number of donors, and the returned table is complete.
 */
import type { SpatialWeights } from '../spatial/weights';
import { selectTerritories, type IndicatorTable } from './indicators';

export type ImputationMethod = 'parent' | 'neighbours';

export type MissingValuePolicy = 'exclude' | ImputationMethod | readonly ImputationMethod[];

export interface MissingValueContext {
  /** The parent territory of each territory (same order as the table); '' or null for none. */
  parentOf?: readonly (string | null)[];
  /** parentValues[parentId][indicatorId]: the parent's value (NaN or absent when unknown). */
  parentValues?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Weights over the table's territories, in the same order (the spatial core's CSR weights). */
  neighbours?: SpatialWeights;
}

export interface Imputation {
  territory: string;
  indicator: string;
  method: ImputationMethod;
  value: number;
  /** How many values it was computed from (1 for a parent). */
  donors: number;
}

export interface ExcludedTerritory {
  territory: string;
  /** The indicators it lacks (that no method could fill). */
  missing: string[];
}

export interface MissingValueResult {
  /** Complete: the kept territories only, imputed values filled in. */
  table: IndicatorTable;
  /** Indices of the kept territories in the input table. */
  kept: Int32Array;
  imputations: Imputation[];
  excluded: ExcludedTerritory[];
  /** method[k][i] for the kept territory i: null when observed, else how it was imputed. */
  flags: (ImputationMethod | null)[][];
}

export function handleMissingValues(table: IndicatorTable, policy: MissingValuePolicy, context: MissingValueContext = {}): MissingValueResult {
  const methods: readonly ImputationMethod[] = policy === 'exclude' ? [] : typeof policy === 'string' ? [policy] : policy;
  const n = table.territoryIds.length;
  if (methods.includes('neighbours')) {
    if (!context.neighbours) throw new Error('imputing by the neighbours needs the spatial weights');
    if (context.neighbours.n !== n) throw new Error(`the weights cover ${context.neighbours.n} territories and the table ${n}`);
  }
  if (methods.includes('parent')) {
    if (!context.parentOf || !context.parentValues) throw new Error('imputing by the parent needs each territory’s parent and the parents’ values');
    if (context.parentOf.length !== n) throw new Error(`${context.parentOf.length} parents are given for ${n} territories`);
  }

  const filled = table.columns.map((column) => Float64Array.from(column));
  const method: (ImputationMethod | null)[][] = table.columns.map(() => new Array<ImputationMethod | null>(n).fill(null));
  const imputations: Imputation[] = [];
  const unresolved = new Map<number, string[]>();

  table.indicators.forEach((indicator, k) => {
    const column = table.columns[k]!;
    for (let i = 0; i < n; i++) {
      if (!Number.isNaN(column[i]!)) continue;
      let done = false;
      for (const m of methods) {
        const found = m === 'neighbours' ? neighbourMean(column, i, context.neighbours!) : parentValue(i, indicator.id, context);
        if (found) {
          filled[k]![i] = found.value;
          method[k]![i] = m;
          imputations.push({ territory: table.territoryIds[i]!, indicator: indicator.id, method: m, value: found.value, donors: found.donors });
          done = true;
          break;
        }
      }
      if (!done) {
        const list = unresolved.get(i) ?? [];
        list.push(indicator.id);
        unresolved.set(i, list);
      }
    }
  });

  const keptList: number[] = [];
  for (let i = 0; i < n; i++) if (!unresolved.has(i)) keptList.push(i);
  const kept = Int32Array.from(keptList);
  const complete = selectTerritories({ ...table, columns: filled }, kept);
  const excludedIds = new Set([...unresolved.keys()].map((i) => table.territoryIds[i]!));
  return {
    table: complete,
    kept,
    imputations: imputations.filter((imputation) => !excludedIds.has(imputation.territory)),
    excluded: [...unresolved.entries()].sort((a, b) => a[0] - b[0]).map(([i, missing]) => ({ territory: table.territoryIds[i]!, missing })),
    flags: method.map((column) => keptList.map((i) => column[i]!)),
  };
}

function neighbourMean(column: Float64Array, i: number, w: SpatialWeights): { value: number; donors: number } | null {
  let sum = 0;
  let weight = 0;
  let donors = 0;
  for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) {
    const v = column[w.neighbours[k]!]!;
    if (Number.isNaN(v)) continue;
    sum += w.weights[k]! * v;
    weight += w.weights[k]!;
    donors++;
  }
  return donors > 0 && weight > 0 ? { value: sum / weight, donors } : null;
}

function parentValue(i: number, indicator: string, context: MissingValueContext): { value: number; donors: number } | null {
  const parent = context.parentOf![i];
  if (!parent) return null;
  const value = context.parentValues![parent]?.[indicator];
  return value === undefined || !Number.isFinite(value) ? null : { value, donors: 1 };
}

/**
 * A stand-in for the parents' published values: per parent and indicator, the mean of its
 * children's observed values, weighted (by population, households…) when `weights` is given.
 * Only an approximation — the children whose value is missing are often the small ones a
 * statistical secret hides, so the published figure would differ — and named as such where used.
 */
export function parentValuesFromChildren(table: IndicatorTable, parentOf: readonly (string | null)[], weights?: Float64Array): Record<string, Record<string, number>> {
  const sums = new Map<string, { sum: Float64Array; weight: Float64Array }>();
  const m = table.indicators.length;
  parentOf.forEach((parent, i) => {
    if (!parent) return;
    let entry = sums.get(parent);
    if (!entry) {
      entry = { sum: new Float64Array(m), weight: new Float64Array(m) };
      sums.set(parent, entry);
    }
    const w = weights ? weights[i]! : 1;
    if (!(w > 0)) return;
    for (let k = 0; k < m; k++) {
      const v = table.columns[k]![i]!;
      if (Number.isNaN(v)) continue;
      entry.sum[k]! += w * v;
      entry.weight[k]! += w;
    }
  });
  const out: Record<string, Record<string, number>> = {};
  for (const [parent, { sum, weight }] of sums) {
    out[parent] = {};
    table.indicators.forEach((indicator, k) => {
      if (weight[k]! > 0) out[parent]![indicator.id] = sum[k]! / weight[k]!;
    });
  }
  return out;
}

/**
 * The weights among the kept territories only (renumbered in order; links to excluded ones
 * dropped), for the spatial statistics of an index that excluded some territories.
 */
export function weightsAmongKept(w: SpatialWeights, kept: Int32Array): SpatialWeights {
  const newIndex = new Int32Array(w.n).fill(-1);
  kept.forEach((i, a) => (newIndex[i] = a));
  const offsets = new Int32Array(kept.length + 1);
  const neighbours: number[] = [];
  const weights: number[] = [];
  kept.forEach((i, a) => {
    for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) {
      const j = newIndex[w.neighbours[k]!]!;
      if (j < 0) continue;
      neighbours.push(j);
      weights.push(w.weights[k]!);
    }
    offsets[a + 1] = neighbours.length;
  });
  return { n: kept.length, offsets, neighbours: Int32Array.from(neighbours), weights: Float64Array.from(weights), transform: w.transform };
}
