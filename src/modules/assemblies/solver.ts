/**
 * The selection library's computations, each on a thread of its own (node:worker_threads), never
 * on the HTTP thread: a LEXIMIN on a large pool can take a minute, during which the server keeps
 * answering. One computation at a time (the machine's other cores serve requests and the
 * database); a thread that outlives its time limit is stopped. The library's errors come back as
 * the same classes, so that callers handle them as if the library had run in place.
 */
import { runOnThread, serialQueue } from '../../platform/files/run-on-thread';
import type { FeasibilityReport, ReplacementOutcome, SelectionOutcome } from './selection/index';
import { LegacyFailure, SelectionInputError, SolverError } from './selection/index';
import type { SolverReply, SolverTask } from './solver-thread';

export class SolverTimeout extends Error {
  constructor(seconds: number) {
    super(`the computation did not finish within ${seconds} s`);
    this.name = 'SolverTimeout';
  }
}

/** A distribution comes back with its certificate checked (an infeasible outcome has none). */
export type CheckedOutcome = (Extract<SelectionOutcome, { status: 'ok' }> & { certificateCheck: { valid: boolean; problems: string[] } }) | Extract<SelectionOutcome, { status: 'infeasible' }>;

function rebuild(error: Extract<SolverReply, { ok: false }>['error']): Error {
  if (error.name === 'SelectionInputError') return new SelectionInputError((error.code ?? 'csv_invalid') as ConstructorParameters<typeof SelectionInputError>[0], error.message);
  if (error.name === 'SolverError') return new SolverError(error.message);
  if (error.name === 'LegacyFailure') return new LegacyFailure(error.message);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

async function runOnce<T>(task: SolverTask, timeLimitSeconds: number): Promise<T> {
  const { SOLVER_THREAD_FILE, SOLVER_THREAD_MARK } = await import('./solver-thread');
  const reply = await runOnThread<SolverReply>(
    {
      threadFile: SOLVER_THREAD_FILE,
      mark: SOLVER_THREAD_MARK,
      label: 'solver',
      // The library's own limit applies first; this one stops a thread that ignores it.
      timeLimitMs: (timeLimitSeconds * 1.5 + 10) * 1000,
      onTimeout: () => new SolverTimeout(timeLimitSeconds),
    },
    task,
  );
  if (!reply.ok) throw rebuild(reply.error);
  return reply.result as T;
}

const oneAtATime = serialQueue();

/** Runs one task after those already queued. */
function solve<T>(task: SolverTask, timeLimitSeconds: number): Promise<T> {
  return oneAtATime(() => runOnce<T>(task, timeLimitSeconds));
}

export const solver = {
  feasibility: (instance: Extract<SolverTask, { kind: 'feasibility' }>['instance'], timeLimitSeconds: number) =>
    solve<FeasibilityReport>({ kind: 'feasibility', instance }, timeLimitSeconds),
  distribution: (instance: Extract<SolverTask, { kind: 'distribution' }>['instance'], options: Extract<SolverTask, { kind: 'distribution' }>['options']) =>
    solve<CheckedOutcome>({ kind: 'distribution', instance, options }, options.timeLimitSeconds ?? 600),
  legacy: (instance: Extract<SolverTask, { kind: 'legacy' }>['instance'], draws: number, seed: string, timeLimitSeconds: number) =>
    solve<{ probabilities: Record<string, number>; failedAttempts: number }>({ kind: 'legacy', instance, draws, seed }, timeLimitSeconds),
  replacements: (request: Extract<SolverTask, { kind: 'replacements' }>['request'], timeLimitSeconds: number) =>
    solve<ReplacementOutcome>({ kind: 'replacements', request }, timeLimitSeconds),
};
