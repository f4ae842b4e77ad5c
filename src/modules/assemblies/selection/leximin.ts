import type { Highs, Model } from 'highs';
import { generateColumns, runLp, type ColumnGenerationCounts, type ColumnGenerationOutcome } from './columns';
import { caratheodoryWalk, quotaRows, type CountRow } from './decompose';
import { ColumnMatrix, createModel, LP_OPTIONS, SolverError } from './highs';
import type { CompiledInstance, QuotaBounds } from './model';
import type { ClassPanel } from './panels';
import { PricingModel } from './pricing';

/**
 * LEXIMIN and MAXIMIN on classes of interchangeable volunteers.
 *
 * The selection probabilities a distribution over panels can give form the polytope
 * conv(X), X the feasible panels (as class-count vectors divided by the class sizes). LEXIMIN is
 * the point of conv(X) whose sorted probability vector is lexicographically largest. The
 * algorithm of Flanigan et al. (Nature 2021) approaches it from inside: column generation, one
 * stage per probability level, each stage closed by an exact MIP. Here it is approached from
 * both sides at once:
 *
 * 1. Outside: Q ⊇ conv(X), at first the LP relaxation of the quotas (Σ c·π = k, each quota on
 *    expected counts, households, 0 ≤ π ≤ cap/c). Its leximin point π* is computed exactly by a
 *    sequence of LPs (no MIP): maximise the smallest unfixed probability, fix the classes whose
 *    row has a positive dual (complementary slackness: they are at that level in every optimum),
 *    repeat.
 * 2. Inside: π* is written as a distribution over feasible panels, first by a Carathéodory walk
 *    (`decompose.ts`), and when the walk leaves the integer hull by column generation (phase-one
 *    LP: minimise the shortfall below π*) started from the walk's panels. Improving panels come
 *    from a local search; the exact MIP is asked only when the search finds none.
 * 3. If π* is reached, it is the answer: it lies in conv(X) and nothing in the larger Q beats it.
 *    Otherwise the MIP has proved max_P y·P ≤ M for the phase-one duals y while y·π* > M: the
 *    valid inequality y·π ≤ M is added to Q (a cut) and the loop resumes at 1.
 *
 * Columns and cuts are kept from round to round. On the pools we measured (bench/results), the
 * relaxation is often already tight where it matters, so that few or no MIPs are solved at all.
 */

export type FairnessObjective = 'leximin' | 'maximin';

export interface ClassDistribution {
  panels: ClassPanel[];
  /** Probability of each panel; they sum to 1. */
  probabilities: number[];
  /** Selection probability of each member of each class. */
  classProbabilities: Float64Array;
  /**
   * Optimality certificate of the smallest probability: weights y ≥ 0 per class (per member:
   * y[c] / size of c), summing to 1, such that no feasible panel weighs more than `bound`. Then no
   * distribution gives everyone more than `bound` (its expected panel weight is at least its
   * smallest probability), while this distribution gives everyone at least `bound` − `shortfall`.
   */
  certificate: { classWeights: Float64Array; bound: number };
  stats: DistributionStats;
}

export interface DistributionStats {
  stages: number;
  cuts: number;
  columns: number;
  mipSolves: number;
  lpSolves: number;
  localSearches: number;
  /** Times the Carathéodory walk left the integer hull (column generation took over). */
  walkFailures: number;
  /** Largest amount by which a class's probability ends below its leximin target (≈ 0). */
  shortfall: number;
  seconds: number;
}

export interface DistributionOptions {
  objective?: FairnessObjective;
  /** Stops with a SolverError after this long (default 900 s). */
  timeLimitSeconds?: number;
  /** Quota bounds other than the instance's own (replacements, relaxed quotas). */
  bounds?: QuotaBounds;
  /** Classes that may not be selected. */
  excluded?: ReadonlySet<number>;
  log?: (line: string) => void;
}

/** A class is fixed at a stage when its dual weight exceeds this. */
const FIXING_TOLERANCE = 1e-9;
/** Fixed probabilities are enforced this much below their level, against round-off. */
const FIXING_SLACK = 1e-10;

/** The outer polytope Q with the leximin rows "π[c] − z ≥ 0". */
class OuterPolytope {
  readonly model: Model;
  private readonly T: number;
  private readonly levelRow0: number;
  private rowCount: number;
  private readonly upper: Float64Array;
  lpSolves = 0;

  constructor(
    private readonly highs: Highs,
    private readonly compiled: CompiledInstance,
    bounds: QuotaBounds,
    excluded: ReadonlySet<number>,
  ) {
    const T = compiled.classes.length;
    const V = compiled.values.length;
    this.T = T;
    const households = compiled.households.filter((h) => h.length >= 2);
    const householdRow = new Map<number, number>();
    households.forEach((classes, i) => classes.forEach((c) => householdRow.set(c, 1 + V + i)));
    this.levelRow0 = 1 + V + households.length;
    this.rowCount = this.levelRow0 + T;
    const matrix = new ColumnMatrix();
    this.upper = new Float64Array(T);
    compiled.classes.forEach((cls, c) => {
      const size = cls.members.length;
      const rows = [0, ...cls.values.map((v) => 1 + v)];
      const coefficients = rows.map(() => size);
      const hRow = householdRow.get(c);
      if (hRow !== undefined) {
        rows.push(hRow);
        coefficients.push(size);
      }
      rows.push(this.levelRow0 + c);
      coefficients.push(1);
      matrix.push(rows, coefficients);
      this.upper[c] = excluded.has(c) ? 0 : cls.cap / size;
    });
    // z
    matrix.push(
      Array.from({ length: T }, (_, c) => this.levelRow0 + c),
      new Array<number>(T).fill(-1),
    );
    const inf = highs.infinity;
    this.model = createModel(
      highs,
      {
        numCols: T + 1,
        numRows: this.rowCount,
        sense: highs.constants.objectiveSense.maximize,
        colCost: [...new Array<number>(T).fill(0), 1],
        colLower: new Float64Array(T + 1),
        colUpper: [...this.upper, 1],
        rowLower: [compiled.panelSize, ...bounds.min, ...households.map(() => -inf), ...new Array<number>(T).fill(0)],
        rowUpper: [compiled.panelSize, ...bounds.max, ...households.map(() => 1), ...new Array<number>(T).fill(inf)],
        matrix: { format: 'csc', numRows: this.rowCount, numCols: T + 1, ...matrix },
      },
      LP_OPTIONS,
    );
  }

  dispose(): void {
    this.model.dispose();
  }

  /** Adds the valid inequality Σ coefficient[c]·π[c] ≤ bound. */
  addCut(coefficients: Float64Array, bound: number): void {
    const indices: number[] = [];
    const values: number[] = [];
    coefficients.forEach((v, c) => {
      if (v > 1e-12) {
        indices.push(c);
        values.push(v);
      }
    });
    this.model.addRow(-this.highs.infinity, bound, { indices, values });
    this.rowCount++;
  }

  /**
   * The leximin point of Q (or, for maximin, its first stage only): the level of every class, and
   * the first stage's level and dual weights.
   */
  leximin(
    objective: FairnessObjective,
    deadline: number,
  ): { levels: Float64Array; point: Float64Array; first: { level: number; weights: Float64Array }; stages: number } {
    const T = this.T;
    const inf = this.highs.infinity;
    // Start from "nothing fixed".
    this.model.changeRowsBounds({ kind: 'range', from: this.levelRow0, to: this.levelRow0 + T - 1 }, new Float64Array(T), new Float64Array(T).fill(inf));
    this.model.changeColsBounds({ kind: 'range', from: 0, to: T - 1 }, new Float64Array(T), this.upper);
    const levels = new Float64Array(T).fill(Number.NaN);
    let unfixed = T;
    let first: { level: number; weights: Float64Array } | undefined;
    let point = new Float64Array(T);
    let stages = 0;
    while (unfixed > 0) {
      if (Date.now() > deadline) throw new SolverError('The time limit was reached.');
      runLp(this.model, 'leximin stage', deadline);
      this.lpSolves++;
      stages++;
      const level = Math.max(0, Math.min(1, this.model.getObjectiveValue()));
      const solution = this.model.getSolution();
      const rowDual = solution.rowDual;
      point = Float64Array.from(solution.colValue.subarray(0, T), (p, c) => Math.min(this.upper[c]!, Math.max(0, p)));
      const weights = new Float64Array(T);
      let best = -1;
      for (let c = 0; c < T; c++) {
        if (!Number.isNaN(levels[c]!)) continue;
        // HiGHS reports ∂objective/∂bound: a binding "≥" row of a maximisation has a negative dual.
        weights[c] = Math.max(0, -rowDual[this.levelRow0 + c]!);
        if (best < 0 || weights[c]! > weights[best]!) best = c;
      }
      if (!first) {
        const sum = weights.reduce((a, b) => a + b, 0);
        first = { level, weights: weights.map((w) => w / sum) };
      }
      const fix: number[] = [];
      for (let c = 0; c < T; c++) {
        if (Number.isNaN(levels[c]!) && (weights[c]! > FIXING_TOLERANCE || this.upper[c]! <= level + FIXING_SLACK)) fix.push(c);
      }
      if (fix.length === 0) fix.push(best);
      if (objective === 'maximin') {
        levels.fill(level);
        break;
      }
      for (const c of fix) {
        levels[c] = Math.min(level, this.upper[c]!);
        unfixed--;
        this.model.changeRowBounds(this.levelRow0 + c, -inf, inf);
        this.model.changeColBounds(c, Math.max(0, levels[c]! - FIXING_SLACK), this.upper[c]!);
      }
    }
    return { levels, point, first: first!, stages };
  }
}

/**
 * Decomposes the target (expected class counts, a point of Q) into a lottery over panels: the
 * Carathéodory walk, and when it leaves the integer hull, column generation on the whole target
 * with the walk's panels as the first columns. Returns a cut when the target itself lies outside.
 *
 * Why not continue from the residual of an earlier step, or walk again: a residual of the walk lies
 * in Q but, with three or more features, not necessarily in the integer hull, so column generation
 * on it can fail too (it did on the 1,727-volunteer pool of the benchmark, then ran for minutes on
 * an earlier residual), and a second walk failed where the first had. The target itself is in the
 * hull unless a cut is due, and the walk's panels, which nearly reach it, leave the LP little to do.
 */
function decompose(
  highs: Highs,
  compiled: CompiledInstance,
  bounds: QuotaBounds,
  excluded: ReadonlySet<number>,
  rows: readonly CountRow[],
  target: Float64Array,
  start: ClassPanel,
  deadline: number,
  counts: ColumnGenerationCounts & { walkFailures: number },
  log: (line: string) => void,
): ColumnGenerationOutcome {
  const sizes = Float64Array.from(compiled.classes, (cls) => cls.members.length);
  const upper = Float64Array.from(compiled.classes, (cls, c) => (excluded.has(c) ? 0 : cls.cap));
  const walk = caratheodoryWalk({ highs, rows, upper, target, prefix: [], start, deadline });
  counts.mipSolves += walk.mipSolves;
  const { steps } = walk;
  if (!walk.failed) return { kind: 'reached', panels: steps.map((s) => s.panel), probabilities: steps.map((s) => s.weight), shortfall: 0 };
  counts.walkFailures++;
  log(`the walk left the integer hull after ${steps.length} panels; column generation from its panels`);
  const outcome = generateColumns(
    highs,
    compiled,
    bounds,
    excluded,
    Float64Array.from(target, (x, c) => Math.max(0, x / sizes[c]! - FIXING_SLACK)),
    steps.map((s) => s.panel),
    steps.map((s) => s.weight),
    deadline,
    counts,
    log,
  );
  if (outcome.kind === 'empty') throw new SolverError('The quotas cannot be met.');
  return outcome;
}

/**
 * The LEXIMIN (or MAXIMIN) distribution over panels, on classes. Assumes the quotas are feasible
 * (check with `checkFeasibility` first): throws a SolverError otherwise.
 */
export async function classDistribution(highs: Highs, compiled: CompiledInstance, options: DistributionOptions = {}): Promise<ClassDistribution> {
  const started = Date.now();
  const deadline = started + (options.timeLimitSeconds ?? 900) * 1000;
  const objective = options.objective ?? 'leximin';
  const log = options.log ?? (() => {});
  const T = compiled.classes.length;
  const bounds = options.bounds ?? { min: compiled.values.map((v) => v.min), max: compiled.values.map((v) => v.max) };
  const excluded = new Set(options.excluded ?? []);
  // A class with a value whose maximum is 0 can never sit.
  compiled.classes.forEach((cls, c) => {
    if (cls.values.some((v) => bounds.max[v] === 0)) excluded.add(c);
  });
  const sizes = Float64Array.from(compiled.classes, (cls) => cls.members.length);
  const rows = quotaRows(compiled, bounds);
  const counts = { lpSolves: 0, mipSolves: 1, localSearches: 0, columns: 0, walkFailures: 0 };

  const feasibility = PricingModel.create(highs, compiled, bounds, excluded);
  let found: ReturnType<PricingModel['solve']>;
  try {
    found = feasibility.solve(new Float64Array(T), Infinity, deadline);
  } finally {
    feasibility.dispose();
  }
  if (found === 'infeasible') throw new SolverError('The quotas cannot be met.');
  const outer = new OuterPolytope(highs, compiled, bounds, excluded);
  try {
    let cuts = 0;
    let stages = 0;
    for (;;) {
      const { levels, point, first, stages: s } = outer.leximin(objective, deadline);
      stages += s;
      log(`level ${first.level.toFixed(6)} after ${s} stages`);
      const outcome = decompose(
        highs,
        compiled,
        bounds,
        excluded,
        rows,
        Float64Array.from(point, (p, c) => p * sizes[c]!),
        found.panel,
        deadline,
        counts,
        log,
      );
      if (outcome.kind === 'cut') {
        outer.addCut(outcome.coefficients, outcome.bound);
        rows.push({
          indices: Int32Array.from({ length: T }, (_, c) => c),
          values: Float64Array.from(outcome.coefficients, (y, c) => y / sizes[c]!),
          lower: -Infinity,
          upper: outcome.bound,
        });
        cuts++;
        log(`cut ${cuts}`);
        continue;
      }
      if (outcome.kind === 'empty') throw new SolverError('The quotas cannot be met.');
      const total = outcome.probabilities.reduce((sum, p) => sum + p, 0);
      const probabilities = outcome.probabilities.map((p) => p / total);
      const classProbabilities = new Float64Array(T);
      outcome.panels.forEach((panel, j) => {
        for (let i = 0; i < panel.classes.length; i++) {
          const c = panel.classes[i]!;
          classProbabilities[c]! += (probabilities[j]! * panel.counts[i]!) / sizes[c]!;
        }
      });
      let worst = 0;
      for (let c = 0; c < T; c++) worst = Math.max(worst, levels[c]! - classProbabilities[c]!);
      const stats: DistributionStats = {
        stages,
        cuts,
        columns: outcome.panels.length + counts.columns,
        mipSolves: counts.mipSolves,
        lpSolves: outer.lpSolves + counts.lpSolves,
        localSearches: counts.localSearches,
        walkFailures: counts.walkFailures,
        shortfall: Math.max(0, worst),
        seconds: (Date.now() - started) / 1000,
      };
      log(`done: ${JSON.stringify(stats)}`);
      return {
        panels: outcome.panels,
        probabilities,
        classProbabilities,
        certificate: { classWeights: first.weights, bound: first.level },
        stats,
      };
    }
  } finally {
    outer.dispose();
  }
}
