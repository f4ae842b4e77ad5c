import type { Highs, Model } from 'highs';
import { ColumnMatrix, createModel, limitTime, LP_OPTIONS, MODEL_STATUS, RETRY_OPTIONS, SolverError, statusName } from './highs';
import type { CompiledInstance, QuotaBounds } from './model';
import { orderByWeight, panelKey, panelWeight, PanelSearch, type ClassPanel } from './panels';
import { PricingModel } from './pricing';

/**
 * Column generation, as in Flanigan et al. (2021): the phase-one LP over known panels
 * (minimise the shortfall below target probabilities), new panels from the local search and, when
 * it finds none, from the exact MIP. Either the targets are reached, or the MIP proves that no
 * panel improves while a shortfall remains: the LP's duals y then give a valid inequality
 * Σ y·π ≤ bound that the targets break (a cut).
 */

/** A panel-weight difference smaller than this is not an improvement. */
const REDUCED_COST_TOLERANCE = 1e-9;
/** Total shortfall (in members) under which the targets count as reached. */
export const SHORTFALL_TOLERANCE = 1e-7;
/** A cut must separate the targets by at least this much to be worth adding. */
const CUT_TOLERANCE = 1e-8;

export function runLp(model: Model, what: string, deadline?: number, options: Record<string, string | number | boolean> = LP_OPTIONS): void {
  const failures: string[] = [];
  for (let attempt = 0; attempt <= RETRY_OPTIONS.length; attempt++) {
    if (attempt > 0) {
      model.clearSolver();
      model.options.set(RETRY_OPTIONS[attempt - 1]!);
    }
    limitTime(model, deadline);
    try {
      const { modelStatus } = model.run();
      if (modelStatus === MODEL_STATUS.optimal) return;
      if (modelStatus === MODEL_STATUS.timeLimit) throw new SolverError('The time limit was reached.');
      failures.push(statusName(modelStatus));
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError || err instanceof SolverError) throw err;
      failures.push(err instanceof Error ? err.message : String(err));
    } finally {
      if (attempt > 0) {
        model.options.reset();
        model.options.set(options);
      }
    }
  }
  throw new SolverError(`The ${what} LP failed: ${failures.join('; ')}.`);
}

/**
 * Dual simplex (HiGHS's default). Primal simplex would keep the basis primal feasible when a column
 * is added, but the first solve starts from the walk's hundreds of panels, and there dual simplex is
 * several times faster: 18 s instead of 66 s on a pool of 1,727 volunteers in 1,107 classes
 * (bench/results/sortition.md, gen_sf_e_110).
 */
const MASTER_OPTIONS = { ...LP_OPTIONS, simplex_strategy: 1 } as const;

/** The phase-one LP: one row per active class, a slack column for its shortfall, one column per panel. */
class Master {
  readonly model: Model;
  readonly panels: ClassPanel[] = [];
  private readonly keys = new Map<string, number>();
  private readonly rowOf: Int32Array;
  private readonly n: number;
  lpSolves = 0;

  constructor(
    private readonly highs: Highs,
    private readonly sizes: Float64Array,
    private readonly active: Int32Array,
  ) {
    const n = active.length;
    this.n = n;
    this.rowOf = new Int32Array(sizes.length).fill(-1);
    active.forEach((c, row) => {
      this.rowOf[c] = row;
    });
    const matrix = new ColumnMatrix();
    for (let row = 0; row < n; row++) matrix.push([row], [1]);
    this.model = createModel(
      highs,
      {
        numCols: n,
        numRows: n + 1,
        sense: highs.constants.objectiveSense.minimize,
        colCost: Float64Array.from(active, (c) => sizes[c]!),
        colLower: new Float64Array(n),
        colUpper: new Float64Array(n).fill(highs.infinity),
        rowLower: [...new Float64Array(n), 1],
        rowUpper: [...new Float64Array(n).fill(highs.infinity), 1],
        matrix: { format: 'csc', numRows: n + 1, numCols: n, ...matrix },
      },
      MASTER_OPTIONS,
    );
  }

  dispose(): void {
    this.model.dispose();
  }

  /**
   * A starting point for the first solve: the given panels at these weights (rescaled to sum to 1)
   * and each class's shortfall below its target. HiGHS turns it into a basis (crossover) instead of
   * starting from nothing, which saves most of the first solve when the weights nearly reach the
   * targets (the Carathéodory walk's panels).
   */
  startFrom(panels: readonly ClassPanel[], weights: readonly number[], targets: Float64Array): void {
    const total = weights.reduce((a, b) => a + b, 0);
    if (!(total > 0)) return;
    const colValue = new Float64Array(this.n + this.panels.length);
    const covered = new Float64Array(this.sizes.length);
    panels.forEach((panel, j) => {
      const column = this.keys.get(panelKey(panel));
      if (column === undefined) return;
      const weight = weights[j]! / total;
      colValue[this.n + column]! += weight;
      for (let i = 0; i < panel.classes.length; i++) covered[panel.classes[i]!]! += (weight * panel.counts[i]!) / this.sizes[panel.classes[i]!]!;
    });
    this.active.forEach((c, row) => {
      colValue[row] = Math.max(0, targets[c]! - covered[c]!);
    });
    this.model.setSolution({ colValue });
  }

  setTargets(targets: Float64Array): void {
    this.model.changeRowsBounds(
      { kind: 'range', from: 0, to: this.n - 1 },
      Float64Array.from(this.active, (c) => targets[c]!),
      new Float64Array(this.n).fill(this.highs.infinity),
    );
  }

  /** Adds the panel unless present or using an inactive class; returns whether it was added. */
  add(panel: ClassPanel): boolean {
    for (const c of panel.classes) if (this.rowOf[c]! < 0) return false;
    const key = panelKey(panel);
    if (this.keys.has(key)) return false;
    this.keys.set(key, this.panels.length);
    this.panels.push(panel);
    const indices = [...Array.from(panel.classes, (c) => this.rowOf[c]!), this.n];
    const values = [...Array.from(panel.counts, (x, i) => x / this.sizes[panel.classes[i]!]!), 1];
    this.model.addCol(0, 0, this.highs.infinity, { indices, values });
    return true;
  }

  solve(deadline: number): { shortfall: number; classDuals: Float64Array; convexityDual: number } {
    runLp(this.model, 'distribution', deadline, MASTER_OPTIONS);
    this.lpSolves++;
    const solution = this.model.getSolution();
    const classDuals = new Float64Array(this.sizes.length);
    this.active.forEach((c, row) => {
      classDuals[c] = Math.max(0, solution.rowDual[row]!);
    });
    return { shortfall: Math.max(0, this.model.getObjectiveValue()), classDuals, convexityDual: solution.rowDual[this.n]! };
  }

  /** The panels in use and their probabilities. */
  lottery(): { panels: ClassPanel[]; probabilities: number[] } {
    const values = this.model.getSolution().colValue;
    const panels: ClassPanel[] = [];
    const probabilities: number[] = [];
    this.panels.forEach((panel, i) => {
      const p = values[this.n + i]!;
      if (p > 1e-12) {
        panels.push(panel);
        probabilities.push(p);
      }
    });
    return { panels, probabilities };
  }
}

export type ColumnGenerationOutcome =
  | { kind: 'reached'; panels: ClassPanel[]; probabilities: number[]; shortfall: number }
  | { kind: 'cut'; coefficients: Float64Array; bound: number }
  | { kind: 'empty' };

export interface ColumnGenerationCounts {
  lpSolves: number;
  mipSolves: number;
  localSearches: number;
  columns: number;
}

/**
 * Column generation for target probabilities on the classes not `excluded` (those must stay
 * out of every panel). Starts from `seeds` (panels valid for the restriction) and a diverse set
 * grown from them by multiplicative weights, as in the paper.
 */
export function generateColumns(
  highs: Highs,
  compiled: CompiledInstance,
  bounds: QuotaBounds,
  excluded: ReadonlySet<number>,
  targets: Float64Array,
  seeds: readonly ClassPanel[],
  /** Weights of the seeds in a near solution, when known (see `Master.startFrom`). */
  seedWeights: readonly number[] | undefined,
  deadline: number,
  counts: ColumnGenerationCounts,
  log: (line: string) => void,
): ColumnGenerationOutcome {
  const T = compiled.classes.length;
  const sizes = Float64Array.from(compiled.classes, (cls) => cls.members.length);
  const active = Int32Array.from({ length: T }, (_, c) => c).filter((c) => !excluded.has(c));
  const pricing = PricingModel.create(highs, compiled, bounds, excluded);
  const master = new Master(highs, sizes, active);
  const search = new PanelSearch(compiled, bounds, excluded);
  try {
    master.setTargets(targets);
    for (const seed of seeds) master.add(seed);
    let start = master.panels[0];
    if (!start) {
      counts.mipSolves++;
      const any = pricing.solve(new Float64Array(T), Infinity, deadline);
      if (any === 'infeasible') return { kind: 'empty' };
      start = any.panel;
      master.add(start);
    }
    // Diversity: every class's members become less attractive each time the class is chosen.
    const diversity = Float64Array.from({ length: T }, (_, c) => (excluded.has(c) ? 0 : 1));
    // Not needed after a near solution: its panels already cover every class.
    const rounds = seedWeights ? 0 : Math.min(100, Math.max(10, Math.ceil(active.length / 8)));
    let previous = start;
    for (let r = 0; r < rounds; r++) {
      search.load(previous);
      search.improve(diversity, orderByWeight(diversity));
      counts.localSearches++;
      const panel = search.current();
      master.add(panel);
      previous = panel;
      for (let i = 0; i < panel.classes.length; i++) {
        const c = panel.classes[i]!;
        diversity[c]! *= 0.8 ** (panel.counts[i]! / sizes[c]!);
      }
    }
    if (seedWeights) master.startFrom(seeds, seedWeights, targets);

    for (;;) {
      if (Date.now() > deadline) throw new SolverError('The time limit was reached.');
      const { shortfall, classDuals, convexityDual } = master.solve(deadline);
      counts.lpSolves++;
      if (master.lpSolves % 10 === 0) log(`  column generation: ${master.panels.length} panels, shortfall ${shortfall.toExponential(3)}`);
      if (shortfall <= SHORTFALL_TOLERANCE) return { kind: 'reached', ...master.lottery(), shortfall };
      const weights = Float64Array.from(classDuals, (y, c) => y / sizes[c]!);
      const threshold = -convexityDual + REDUCED_COST_TOLERANCE;
      // Local search from the panels in use, heaviest first.
      const { panels: used } = master.lottery();
      const starts = used
        .map((panel) => ({ panel, weight: panelWeight(panel, weights) }))
        .sort((a, b) => b.weight - a.weight)
        .slice(0, 40);
      const order = orderByWeight(weights);
      let added = 0;
      for (const { panel } of starts) {
        search.load(panel);
        search.improve(weights, order);
        counts.localSearches++;
        const improved = search.current();
        if (panelWeight(improved, weights) > threshold && master.add(improved)) added++;
      }
      counts.columns += added;
      if (added > 0) continue;
      const best = pricing.solve(weights, threshold, deadline);
      counts.mipSolves++;
      if (best === 'infeasible') return { kind: 'empty' };
      if (best.value > threshold) {
        master.add(best.panel);
        for (const other of best.others.slice(0, 20)) master.add(other);
        counts.columns++;
        continue;
      }
      // No panel improves: Σ y·π ≤ bound holds for every panel and the targets break it.
      const separation = classDuals.reduce((sum, y, c) => sum + y * targets[c]!, 0) - best.bound;
      if (separation > CUT_TOLERANCE) return { kind: 'cut', coefficients: classDuals, bound: best.bound };
      // Only round-off stands between the targets and the panels: accept the tiny shortfall.
      return { kind: 'reached', ...master.lottery(), shortfall };
    }
  } finally {
    pricing.dispose();
    master.dispose();
  }
}
