import type { Highs, Model } from 'highs';
import { ColumnMatrix, createModel, limitTime, MIP_OPTIONS, MODEL_STATUS, RETRY_OPTIONS, SolverError, statusName } from './highs';
import { panelViolations, type CompiledInstance, type QuotaBounds } from './model';
import { panelFromDense, panelWeight, type ClassPanel } from './panels';

export interface PricingResult {
  panel: ClassPanel;
  /** The panel's weight. */
  value: number;
  /** Proven upper bound on the weight of every feasible panel (≥ value). */
  bound: number;
  /** Other valid panels the solver met, heaviest first. */
  others: ClassPanel[];
}

const INTEGRALITY_SLACK = 1e-6;

/**
 * The exact oracle: the feasible panel of largest weight Σ weight[c]·x[c], as a MIP over class
 * counts x[c] ∈ {0, …, cap[c]} with Σ x = k, every quota, and at most one member per household.
 * One HiGHS model is kept and only its objective changes between calls.
 */
export class PricingModel {
  private constructor(
    private readonly highs: Highs,
    private readonly model: Model,
    private readonly compiled: CompiledInstance,
    private readonly bounds: QuotaBounds,
    private readonly excluded: ReadonlySet<number>,
  ) {}

  static create(highs: Highs, compiled: CompiledInstance, bounds: QuotaBounds, excluded: ReadonlySet<number> = new Set()): PricingModel {
    const T = compiled.classes.length;
    const V = compiled.values.length;
    const households = compiled.households.map((classes, h) => ({ classes, h })).filter((e) => e.classes.length >= 2);
    const householdRow = new Map<number, number>();
    households.forEach((e, i) => householdRow.set(e.h, 1 + V + i));
    const matrix = new ColumnMatrix();
    compiled.classes.forEach((cls) => {
      const rows = [0, ...cls.values.map((v) => 1 + v)];
      const row = householdRow.get(cls.household);
      if (row !== undefined) rows.push(row);
      matrix.push(rows, rows.map(() => 1));
    });
    const rowCount = 1 + V + households.length;
    const model = createModel(
      highs,
      {
        numCols: T,
        numRows: rowCount,
        sense: highs.constants.objectiveSense.maximize,
        colCost: new Float64Array(T),
        colLower: new Float64Array(T),
        colUpper: compiled.classes.map((cls, c) => (excluded.has(c) ? 0 : cls.cap)),
        rowLower: [compiled.panelSize, ...bounds.min, ...households.map(() => -highs.infinity)],
        rowUpper: [compiled.panelSize, ...bounds.max, ...households.map(() => 1)],
        matrix: { format: 'csc', numRows: rowCount, numCols: T, ...matrix },
        integrality: new Int32Array(T).fill(1),
      },
      MIP_OPTIONS,
    );
    return new PricingModel(highs, model, compiled, bounds, excluded);
  }

  dispose(): void {
    this.model.dispose();
  }

  /** The dense solution as a panel, or undefined when it is not a valid panel. */
  private validPanel(values: ArrayLike<number>): ClassPanel | undefined {
    for (let c = 0; c < values.length; c++) {
      const v = values[c]!;
      if (Math.abs(v - Math.round(v)) > INTEGRALITY_SLACK) return undefined;
      if (Math.round(v) > 0 && this.excluded.has(c)) return undefined;
    }
    const panel = panelFromDense(values);
    const dense = new Int32Array(values.length);
    for (let i = 0; i < panel.classes.length; i++) dense[panel.classes[i]!] = panel.counts[i]!;
    return panelViolations(this.compiled, dense, this.bounds).length === 0 ? panel : undefined;
  }

  /**
   * The heaviest panel for these weights, or 'infeasible' when no panel meets the quotas.
   * `collectAbove`: also return the other valid panels found during the search weighing more.
   */
  solve(weights: ArrayLike<number>, collectAbove = Infinity, deadline?: number): PricingResult | 'infeasible' {
    const T = this.compiled.classes.length;
    this.model.changeColsCost({ kind: 'range', from: 0, to: T - 1 }, Float64Array.from(weights));
    const failures: string[] = [];
    for (let attempt = 0; attempt <= RETRY_OPTIONS.length; attempt++) {
      if (attempt > 0) {
        this.model.clearSolver();
        this.model.options.set(RETRY_OPTIONS[attempt - 1]!);
      }
      const found: Float64Array[] = [];
      limitTime(this.model, deadline);
      try {
        const { modelStatus } = this.model.run(
          Number.isFinite(collectAbove)
            ? {
                [this.highs.constants.callbackType.mipSolution]: (event) => {
                  const solution = event.data.mip_solution;
                  if (solution && (event.data.objective_function_value ?? -Infinity) > collectAbove) found.push(solution);
                },
              }
            : undefined,
        );
        if (modelStatus === MODEL_STATUS.timeLimit) throw new SolverError('The time limit was reached.');
        if (modelStatus === MODEL_STATUS.infeasible) {
          // Infeasibility is reported only when two settings agree on it.
          if (attempt === 0) {
            failures.push('infeasible with default settings');
            continue;
          }
          return 'infeasible';
        }
        if (modelStatus !== MODEL_STATUS.optimal) {
          failures.push(statusName(modelStatus));
          continue;
        }
        const panel = this.validPanel(this.model.getSolution().colValue);
        if (!panel) {
          failures.push('a solution that breaks a constraint');
          continue;
        }
        const value = panelWeight(panel, weights);
        const dualBound = Number(this.model.info.get('mip_dual_bound'));
        const bound = Math.max(value, Number.isFinite(dualBound) ? dualBound : value);
        const others: ClassPanel[] = [];
        for (const solution of found) {
          const other = this.validPanel(solution);
          if (other) others.push(other);
        }
        others.sort((a, b) => panelWeight(b, weights) - panelWeight(a, weights));
        return { panel, value, bound, others };
      } catch (err) {
        if (err instanceof WebAssembly.RuntimeError || err instanceof SolverError) throw err;
        failures.push(err instanceof Error ? err.message : String(err));
      } finally {
        if (attempt > 0) {
          this.model.options.reset();
          this.model.options.set(MIP_OPTIONS);
        }
      }
    }
    throw new SolverError(`The panel search failed: ${failures.join('; ')}.`);
  }
}
