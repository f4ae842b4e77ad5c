import type { Highs } from 'highs';
import { ColumnMatrix, createModel, MIP_OPTIONS, MODEL_STATUS, RETRY_OPTIONS, SolverError, statusName } from './highs';
import type { CompiledInstance, FeatureQuota } from './model';

/**
 * Whether any panel meets the quotas and, when none does, the smallest relaxation that makes one
 * exist: a MIP over class counts in which each minimum may drop (down to its min_flex) and each
 * maximum rise (up to its max_flex) at a cost. Lowering a small minimum costs more than lowering a
 * large one (1 + 2/min per seat, the Sortition Foundation's rule: taking the last seat away from a
 * group is the most visible change), raising a maximum costs 1 per seat.
 */

export interface QuotaChange {
  feature: string;
  value: string;
  min: { from: number; to: number } | null;
  max: { from: number; to: number } | null;
}

export type FeasibilityReport =
  | { feasible: true }
  | {
      feasible: false;
      /** The relaxed quotas (all of them), or null when even the flex bounds do not allow a panel. */
      relaxedQuotas: FeatureQuota[] | null;
      /** The values whose quotas change, with the old and new bounds. */
      changes: QuotaChange[];
      message: string;
    };

function relaxationWeight(min: number): number {
  return min === 0 ? 0 : 1 + 2 / min;
}

export function checkFeasibility(highs: Highs, compiled: CompiledInstance): FeasibilityReport {
  const T = compiled.classes.length;
  const V = compiled.values.length;
  const households = compiled.households.filter((h) => h.length >= 2);
  const householdRow = new Map<number, number>();
  households.forEach((classes, i) => classes.forEach((c) => householdRow.set(c, 1 + 2 * V + i)));
  // Rows: panel size; per value "count + lowered ≥ min" and "count − raised ≤ max"; households.
  const matrix = new ColumnMatrix();
  compiled.classes.forEach((cls, c) => {
    const rows = [0];
    for (const v of [...cls.values].sort((a, b) => a - b)) rows.push(1 + 2 * v, 2 + 2 * v);
    const h = householdRow.get(c);
    if (h !== undefined) rows.push(h);
    matrix.push(rows, rows.map(() => 1));
  });
  compiled.values.forEach((_, v) => matrix.push([1 + 2 * v], [1]));
  compiled.values.forEach((_, v) => matrix.push([2 + 2 * v], [-1]));
  const inf = highs.infinity;
  const rowLower = [compiled.panelSize];
  const rowUpper = [compiled.panelSize];
  for (const value of compiled.values) {
    rowLower.push(value.min, -inf);
    rowUpper.push(inf, value.max);
  }
  for (let i = 0; i < households.length; i++) {
    rowLower.push(-inf);
    rowUpper.push(1);
  }
  const numCols = T + 2 * V;
  const model = createModel(
    highs,
    {
      numCols,
      numRows: rowLower.length,
      sense: highs.constants.objectiveSense.minimize,
      colCost: [...new Array<number>(T).fill(0), ...compiled.values.map((v) => relaxationWeight(v.min)), ...new Array<number>(V).fill(1)],
      colLower: new Float64Array(numCols),
      colUpper: [
        ...compiled.classes.map((cls) => cls.cap),
        ...compiled.values.map((v) => v.min - v.minFlex),
        ...compiled.values.map((v) => Math.max(0, v.maxFlex - v.max)),
      ],
      rowLower,
      rowUpper,
      matrix: { format: 'csc', numRows: rowLower.length, numCols, ...matrix },
      integrality: new Int32Array(numCols).fill(1),
    },
    MIP_OPTIONS,
  );
  try {
    const failures: string[] = [];
    for (let attempt = 0; attempt <= RETRY_OPTIONS.length; attempt++) {
      if (attempt > 0) {
        model.clearSolver();
        model.options.set(RETRY_OPTIONS[attempt - 1]!);
      }
      const { modelStatus } = model.run();
      if (modelStatus === MODEL_STATUS.infeasible && attempt > 0) {
        return {
          feasible: false,
          relaxedQuotas: null,
          changes: [],
          message: 'No panel can be drawn from this pool, even with every quota relaxed as far as its flex bounds allow.',
        };
      }
      if (modelStatus !== MODEL_STATUS.optimal) {
        failures.push(statusName(modelStatus));
        continue;
      }
      const x = model.getSolution().colValue;
      const lowered = compiled.values.map((_, v) => Math.round(x[T + v]!));
      const raised = compiled.values.map((_, v) => Math.round(x[T + V + v]!));
      if (lowered.every((d) => d === 0) && raised.every((d) => d === 0)) return { feasible: true };
      const changes: QuotaChange[] = [];
      const relaxedQuotas: FeatureQuota[] = compiled.values.map((value, v) => {
        const quota: FeatureQuota = {
          feature: compiled.features[value.feature]!.name,
          value: value.name,
          min: value.min - lowered[v]!,
          max: value.max + raised[v]!,
          minFlex: value.minFlex,
          maxFlex: value.maxFlex,
        };
        if (lowered[v] || raised[v]) {
          changes.push({
            feature: quota.feature,
            value: quota.value,
            min: lowered[v] ? { from: value.min, to: quota.min } : null,
            max: raised[v] ? { from: value.max, to: quota.max } : null,
          });
        }
        return quota;
      });
      const described = changes
        .map((c) => `${c.feature}:${c.value} ${[c.min && `min ${c.min.from}→${c.min.to}`, c.max && `max ${c.max.from}→${c.max.to}`].filter(Boolean).join(', ')}`)
        .join('; ');
      return { feasible: false, relaxedQuotas, changes, message: `The quotas cannot be met; the smallest relaxation that can: ${described}.` };
    }
    throw new SolverError(`The feasibility check failed: ${failures.join('; ')}.`);
  } finally {
    model.dispose();
  }
}
