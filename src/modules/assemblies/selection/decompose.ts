import type { Highs, Model } from 'highs';
import { FaceSearch } from './face-search';
import { ColumnMatrix, createModel, limitTime, LP_OPTIONS, MIP_OPTIONS, MODEL_STATUS, RETRY_OPTIONS, SolverError, statusName } from './highs';
import type { CompiledInstance, QuotaBounds } from './model';
import { orderByWeight, type ClassPanel } from './panels';

/**
 * Writing a target vector of expected class counts as a lottery over panels, by a Carathéodory
 * walk (the argument behind the Birkhoff–von Neumann decomposition): with the residual r and its
 * mass m (at first the target and 1), take an integral panel v on the smallest face of Q that
 * contains r/m, give it the largest weight w for which (r − w·v)/(m − w) stays in Q, and go on
 * with what is left. Each step makes at least one more constraint tight, so the walk ends after
 * at most dim Q + 1 panels. The panel of a step is the previous one, moved onto the new face and
 * improved there by a local search (`FaceSearch`). When the local search is stuck, it starts again
 * from a vertex of the face's LP relaxation (maximising the fill ratios) rounded to whole counts:
 * the vertex is integral but for a few classes, and the search mends those (on the pools of the
 * benchmark it did in 96 % to 100 % of the cases, and the vertices' panels, being extreme, take
 * larger steps: 488 panels instead of 851 on 2,000 volunteers). Only when that fails too does a
 * MIP on Q's own rows (the quotas, households and cuts: a few dozen) supply one (2 MIPs instead of
 * 274 there). The LP starts from the previous step's basis. No LP over panels.
 *
 * When Q is not integral (three or more features), the residual can leave the integer hull: the
 * walk then meets a face without an integral panel and stops, and the caller finishes with column
 * generation on the whole target, the walk's panels and weights as its start (see `leximin.ts`).
 */

export interface CountRow {
  indices: Int32Array;
  values: Float64Array;
  lower: number;
  upper: number;
}

/** The rows of Q in class counts: panel size, quotas, multi-person households. */
export function quotaRows(compiled: CompiledInstance, bounds: QuotaBounds): CountRow[] {
  const T = compiled.classes.length;
  const rows: CountRow[] = [
    { indices: Int32Array.from({ length: T }, (_, c) => c), values: new Float64Array(T).fill(1), lower: compiled.panelSize, upper: compiled.panelSize },
  ];
  const byValue: number[][] = compiled.values.map(() => []);
  compiled.classes.forEach((cls, c) => cls.values.forEach((v) => byValue[v]!.push(c)));
  byValue.forEach((classes, v) => {
    rows.push({ indices: Int32Array.from(classes), values: new Float64Array(classes.length).fill(1), lower: bounds.min[v]!, upper: bounds.max[v]! });
  });
  for (const classes of compiled.households) {
    if (classes.length < 2) continue;
    rows.push({ indices: Int32Array.from(classes), values: new Float64Array(classes.length).fill(1), lower: 0, upper: 1 });
  }
  return rows;
}

/**
 * Any panel on the face will do: the local search improves it afterwards. Most of these MIPs end
 * at the root with the first solution of a heuristic, so the cut pool and the LP's rows are kept
 * small (cuts leave the LP after one round without being tight): 20 % less solver time over the
 * 273 face MIPs of the 2,000-volunteer pool of the benchmark, replayed with and without.
 */
const FACE_MIP_OPTIONS = { ...MIP_OPTIONS, mip_max_improving_sols: 1, mip_lp_age_limit: 1, mip_pool_soft_limit: 10 } as const;
const SOLUTION_LIMIT = 16;

/** Q's rows over class counts as a HiGHS model (a MIP, or its LP relaxation). */
function faceModel(highs: Highs, T: number, rows: readonly CountRow[], upper: Float64Array, integer: boolean): Model {
  const byColumn: { rows: number[]; values: number[] }[] = Array.from({ length: T }, () => ({ rows: [], values: [] }));
  rows.forEach((row, j) => {
    for (let i = 0; i < row.indices.length; i++) {
      const col = byColumn[row.indices[i]!]!;
      col.rows.push(j);
      col.values.push(row.values[i]!);
    }
  });
  const matrix = new ColumnMatrix();
  for (const col of byColumn) matrix.push(col.rows, col.values);
  return createModel(
    highs,
    {
      numCols: T,
      numRows: rows.length,
      sense: highs.constants.objectiveSense.maximize,
      colCost: new Float64Array(T),
      colLower: new Float64Array(T),
      colUpper: upper,
      rowLower: rows.map((r) => r.lower),
      rowUpper: rows.map((r) => r.upper),
      matrix: { format: 'csc', numRows: rows.length, numCols: T, ...matrix },
      ...(integer ? { integrality: new Int32Array(T).fill(1) } : {}),
    },
    integer ? FACE_MIP_OPTIONS : LP_OPTIONS,
  );
}

/**
 * The face's LP relaxation, kept warm from step to step: a vertex of the face, rounded to whole
 * counts, is a start for the local search that often succeeds where the previous panel did not,
 * for a fraction of a MIP's time. Returns undefined when the LP fails (the MIP decides then).
 */
class FaceLp {
  private readonly model: Model;

  constructor(highs: Highs, T: number, rows: readonly CountRow[], upper: Float64Array) {
    this.model = faceModel(highs, T, rows, upper, false);
  }

  dispose(): void {
    this.model.dispose();
  }

  /** A vertex of the face maximising the weights, rounded to whole counts summing to the panel size. */
  roundedVertex(search: FaceSearch, weights: Float64Array, panelSize: number, deadline: number): Float64Array | undefined {
    const T = search.colLower.length;
    this.model.changeColsBounds({ kind: 'range', from: 0, to: T - 1 }, search.colLower, search.colUpper);
    this.model.changeRowsBounds({ kind: 'range', from: 0, to: search.rowLower.length - 1 }, search.rowLower, search.rowUpper);
    this.model.changeColsCost({ kind: 'range', from: 0, to: T - 1 }, weights);
    limitTime(this.model, deadline);
    let modelStatus: number;
    try {
      modelStatus = this.model.run().modelStatus;
    } catch (err) {
      // Only a heuristic: a failed LP leaves the face to the MIP (a trap still ends the computation).
      if (err instanceof WebAssembly.RuntimeError) throw err;
      modelStatus = -1;
    }
    if (modelStatus === MODEL_STATUS.timeLimit) throw new SolverError('The time limit was reached.');
    if (modelStatus !== MODEL_STATUS.optimal) {
      this.model.clearSolver();
      return undefined;
    }
    const x = this.model.getSolution().colValue;
    const counts = new Float64Array(T);
    const remainder = new Float64Array(T);
    const fractional: number[] = [];
    let left = panelSize;
    for (let c = 0; c < T; c++) {
      const v = Math.min(search.colUpper[c]!, Math.max(search.colLower[c]!, x[c]!));
      counts[c] = Math.floor(v + 1e-9);
      left -= counts[c]!;
      remainder[c] = v - counts[c]!;
      if (remainder[c]! > 1e-9) fractional.push(c);
    }
    // Largest remainders first (the local search then mends the quotas the rounding breaks).
    fractional.sort((a, b) => remainder[b]! - remainder[a]! || a - b);
    for (const c of fractional) {
      if (left <= 0) break;
      counts[c]!++;
      left--;
    }
    return left === 0 ? counts : undefined;
  }
}

/** The MIP over class counts with Q's rows; its bounds and objective change from call to call. */
class FaceMip {
  private readonly model: Model;
  solves = 0;

  constructor(highs: Highs, T: number, rows: readonly CountRow[], upper: Float64Array) {
    this.model = faceModel(highs, T, rows, upper, true);
  }

  dispose(): void {
    this.model.dispose();
  }

  /** A panel on the face (dense counts), or undefined when the face holds none. */
  find(search: FaceSearch, weights: Float64Array, deadline: number): Float64Array | undefined {
    const T = search.colLower.length;
    this.model.changeColsBounds({ kind: 'range', from: 0, to: T - 1 }, search.colLower, search.colUpper);
    this.model.changeRowsBounds({ kind: 'range', from: 0, to: search.rowLower.length - 1 }, search.rowLower, search.rowUpper);
    this.model.changeColsCost({ kind: 'range', from: 0, to: T - 1 }, weights);
    this.solves++;
    const failures: string[] = [];
    for (let attempt = 0; attempt <= RETRY_OPTIONS.length; attempt++) {
      if (attempt > 0) {
        this.model.clearSolver();
        this.model.options.set(RETRY_OPTIONS[attempt - 1]!);
      }
      limitTime(this.model, deadline);
      try {
        const { modelStatus } = this.model.run();
        if (modelStatus === MODEL_STATUS.timeLimit) throw new SolverError('The time limit was reached.');
        if (modelStatus === MODEL_STATUS.optimal || modelStatus === SOLUTION_LIMIT) {
          const x = this.model.getSolution().colValue;
          search.load(x);
          if (search.violation() <= 1e-12) return x.map(Math.round);
          failures.push('a solution off the face');
          continue;
        }
        // Infeasibility is believed when two settings agree.
        if (modelStatus === MODEL_STATUS.infeasible && attempt > 0) return undefined;
        failures.push(statusName(modelStatus));
      } catch (err) {
        if (err instanceof WebAssembly.RuntimeError || err instanceof SolverError) throw err;
        failures.push(err instanceof Error ? err.message : String(err));
      } finally {
        if (attempt > 0) {
          this.model.options.reset();
          this.model.options.set(FACE_MIP_OPTIONS);
        }
      }
    }
    throw new SolverError(`The face MIP failed: ${failures.join('; ')}.`);
  }
}

export interface WalkStep {
  panel: ClassPanel;
  /** Share of the whole lottery. */
  weight: number;
}

export interface WalkResult {
  steps: WalkStep[];
  /** True when the walk met a face without an integral panel. */
  failed: boolean;
  mipSolves: number;
}

/** The residual after the given steps of a walk: r = target − Σ w·v and m = 1 − Σ w. */
export function residualAfter(target: Float64Array, steps: readonly WalkStep[]): { residual: Float64Array; mass: number } {
  const residual = Float64Array.from(target);
  let mass = 1;
  for (const { panel, weight } of steps) {
    mass -= weight;
    for (let i = 0; i < panel.classes.length; i++) {
      const c = panel.classes[i]!;
      residual[c] = Math.max(0, residual[c]! - weight * panel.counts[i]!);
    }
  }
  return { residual, mass };
}

export interface WalkInput {
  highs: Highs;
  rows: readonly CountRow[];
  /** Most members of each class a panel may hold (0 for excluded classes). */
  upper: Float64Array;
  /** Expected class counts to reach. */
  target: Float64Array;
  /** Steps already taken (a retry continues after them). */
  prefix: readonly WalkStep[];
  /** A valid panel to start the local search from. */
  start: ClassPanel;
  deadline: number;
}

export function caratheodoryWalk(input: WalkInput): WalkResult {
  const { rows, upper } = input;
  const T = input.target.length;
  const { residual: r, mass } = residualAfter(input.target, input.prefix);
  let m = mass;
  const activity = rows.map((row) => row.indices.reduce((sum, c, i) => sum + row.values[i]! * r[c]!, 0));
  const steps: WalkStep[] = [...input.prefix];
  const search = new FaceSearch(T, rows);
  const mip = new FaceMip(input.highs, T, rows, upper);
  const lp = new FaceLp(input.highs, T, rows, upper);
  const panelSize = rows[0]!.lower;
  const rho = new Float64Array(T);
  let previous = input.prefix.at(-1)?.panel ?? input.start;
  try {
    for (;;) {
      if (Date.now() > input.deadline) throw new SolverError('The time limit was reached.');
      // Differences below this many members are round-off.
      const tol = 1e-10 * Math.max(m, 1e-6);
      for (let c = 0; c < T; c++) {
        const u = upper[c]!;
        if (u === 0 || r[c]! <= tol) {
          search.colLower[c] = search.colUpper[c] = 0;
          rho[c] = 0;
        } else if (r[c]! >= m * u - tol) {
          search.colLower[c] = search.colUpper[c] = u;
          rho[c] = 1;
        } else {
          search.colLower[c] = 0;
          search.colUpper[c] = u;
          // Fill ratio: the panel should hold the classes with the most left to give.
          rho[c] = r[c]! / (m * u);
        }
      }
      rows.forEach((row, j) => {
        if (activity[j]! <= m * row.lower + tol) search.rowLower[j] = search.rowUpper[j] = row.lower;
        else if (activity[j]! >= m * row.upper - tol) search.rowLower[j] = search.rowUpper[j] = row.upper;
        else {
          search.rowLower[j] = row.lower;
          search.rowUpper[j] = row.upper;
        }
      });
      search.load(previous);
      let onFace = search.repair(rho);
      if (!onFace) {
        const start = lp.roundedVertex(search, rho, panelSize, input.deadline);
        if (start) {
          search.load(start);
          onFace = search.repair(rho);
        }
      }
      if (!onFace) {
        const found = mip.find(search, rho, input.deadline);
        if (!found) return { steps, failed: true, mipSolves: mip.solves };
        search.load(found);
      }
      search.improve(rho, orderByWeight(rho));
      const panel = search.current();
      const v = new Float64Array(T);
      for (let i = 0; i < panel.classes.length; i++) v[panel.classes[i]!] = panel.counts[i]!;
      // The largest weight w with (r − w·v)/(m − w) in Q.
      let w = m;
      for (let c = 0; c < T; c++) {
        const vc = v[c]!;
        const u = upper[c]!;
        if (vc > 0) w = Math.min(w, r[c]! / vc);
        if (vc < u) w = Math.min(w, Math.max(0, m * u - r[c]!) / (u - vc));
      }
      const av = rows.map((row) => row.indices.reduce((sum, c, i) => sum + row.values[i]! * v[c]!, 0));
      rows.forEach((row, j) => {
        if (av[j]! > row.lower) w = Math.min(w, Math.max(0, activity[j]! - m * row.lower) / (av[j]! - row.lower));
        if (av[j]! < row.upper) w = Math.min(w, Math.max(0, m * row.upper - activity[j]!) / (row.upper - av[j]!));
      });
      if (!(w > 0)) throw new SolverError('The decomposition stalled (a step of weight 0).');
      const last = w >= m * (1 - 1e-12) || m - w <= 1e-13;
      steps.push({ panel, weight: last ? m : w });
      if (last) return { steps, failed: false, mipSolves: mip.solves };
      previous = panel;
      m -= w;
      for (let c = 0; c < T; c++) if (v[c]! > 0) r[c] = Math.max(0, r[c]! - w * v[c]!);
      rows.forEach((_, j) => {
        activity[j]! -= w * av[j]!;
      });
    }
  } finally {
    mip.dispose();
    lp.dispose();
  }
}
