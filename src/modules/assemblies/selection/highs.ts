import loadHighs, { type Highs, type Model, type ModelData } from 'highs';

/**
 * The HiGHS solver (MIT, compiled to WebAssembly by the `highs` package): loading, and the checks
 * every solve goes through. A solve whose status is not "optimal" is never read as if it were.
 */

export class SolverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SolverError';
  }
}

let runtime: Promise<Highs> | undefined;

/** One WebAssembly instance per process, loaded on first use. */
export function loadSolver(): Promise<Highs> {
  runtime ??= loadHighs().catch((err: unknown) => {
    runtime = undefined;
    throw err;
  });
  return runtime;
}

/**
 * Forgets the loaded instance: after a WebAssembly trap its memory may be inconsistent, so the
 * next computation starts from a fresh one.
 */
export function discardSolver(): void {
  runtime = undefined;
}

export const MODEL_STATUS = {
  optimal: 7,
  infeasible: 8,
  unboundedOrInfeasible: 9,
  unbounded: 10,
  timeLimit: 13,
} as const;

/**
 * Hands what is left of the computation's time to the solver: without it, one hard MIP or LP
 * could run far past the caller's deadline, which is otherwise checked only between solves.
 */
export function limitTime(model: Model, deadline: number | undefined): void {
  if (deadline === undefined) return;
  const left = (deadline - Date.now()) / 1000;
  if (left <= 0) throw new SolverError('The time limit was reached.');
  // HiGHS compares time_limit with the model's run time summed over all its solves.
  model.zeroAllClocks();
  model.options.set({ time_limit: left });
}

const STATUS_NAMES: Record<number, string> = {
  0: 'not set',
  1: 'load error',
  2: 'model error',
  3: 'presolve error',
  4: 'solve error',
  5: 'postsolve error',
  6: 'empty',
  7: 'optimal',
  8: 'infeasible',
  9: 'unbounded or infeasible',
  10: 'unbounded',
  11: 'objective bound',
  12: 'objective target',
  13: 'time limit',
  14: 'iteration limit',
  15: 'unknown',
  16: 'solution limit',
  17: 'interrupted',
};

export function statusName(status: number): string {
  return STATUS_NAMES[status] ?? `status ${status}`;
}

/** Tight tolerances: selection probabilities are compared to 1e-9, not HiGHS's default 1e-7. */
export const LP_OPTIONS = {
  output_flag: false,
  // Presolve would discard the basis: re-solves after a small change must start from it.
  presolve: 'off',
  primal_feasibility_tolerance: 1e-9,
  dual_feasibility_tolerance: 1e-9,
  random_seed: 0,
} as const;

export const MIP_OPTIONS = {
  output_flag: false,
  mip_rel_gap: 0,
  mip_abs_gap: 1e-10,
  mip_feasibility_tolerance: 1e-9,
  primal_feasibility_tolerance: 1e-9,
  random_seed: 0,
} as const;

/**
 * Alternative settings tried, in order, when a solve ends with a status other than optimal or
 * infeasible (a known failure mode of HiGHS on some models: "unknown", or a solution that breaks
 * a constraint).
 */
export const RETRY_OPTIONS: readonly Record<string, string | number | boolean>[] = [
  { presolve: 'off' },
  { presolve: 'on', random_seed: 17, simplex_strategy: 4 },
  { presolve: 'off', random_seed: 42, mip_heuristic_effort: 0, mip_detect_symmetry: false },
];

export function createModel(highs: Highs, data: ModelData, options: Record<string, string | number | boolean>): Model {
  const model = highs.createModel(data);
  try {
    model.options.set(options);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}

/** Column-wise matrix builder for `ModelData`. */
export class ColumnMatrix {
  readonly starts: number[] = [0];
  readonly indices: number[] = [];
  readonly values: number[] = [];

  /** Entries of one column; rows must be distinct. */
  push(rows: readonly number[], coefficients: readonly number[]): void {
    for (let i = 0; i < rows.length; i++) {
      this.indices.push(rows[i]!);
      this.values.push(coefficients[i]!);
    }
    this.starts.push(this.indices.length);
  }

  get columns(): number {
    return this.starts.length - 1;
  }
}
