/**
 * The selection library's computations, each on a thread of its own (node:worker_threads), never
 * on the HTTP thread: a LEXIMIN on a large pool can take a minute, during which the server keeps
 * answering. One computation at a time (the machine's other cores serve requests and the
 * database); a thread that outlives its time limit is stopped. The library's errors come back as
 * the same classes, so that callers handle them as if the library had run in place.
 */
import { Worker } from 'node:worker_threads';
import type { FeasibilityReport, ReplacementOutcome, SelectionOutcome } from './selection/index';
import { LegacyFailure, SelectionInputError, SolverError } from './selection/index';
import type { SolverReply, SolverTask } from './solver-thread';

/** The platform's thread bootstrap: loads the thread file named in workerData (tsx in a source checkout). */
const BOOTSTRAP = new URL('../../platform/files/thread-bootstrap.mjs', import.meta.url);

export class SolverTimeout extends Error {
  constructor(seconds: number) {
    super(`the computation did not finish within ${seconds} s`);
    this.name = 'SolverTimeout';
  }
}

/** A distribution comes back with its certificate checked (an infeasible outcome has none). */
export type CheckedOutcome = (Extract<SelectionOutcome, { status: 'ok' }> & { certificateCheck: { valid: boolean; problems: string[] } }) | Extract<SelectionOutcome, { status: 'infeasible' }>;

let queue: Promise<unknown> = Promise.resolve();

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
  const worker = new Worker(BOOTSTRAP, { workerData: { [SOLVER_THREAD_MARK]: true, threadFile: SOLVER_THREAD_FILE }, stdout: false, stderr: false });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    // The library's own limit applies first; this one stops a thread that ignores it.
    const timer = setTimeout(() => settle(() => reject(new SolverTimeout(timeLimitSeconds))), (timeLimitSeconds * 1.5 + 10) * 1000);
    worker.once('message', (reply: SolverReply) => settle(() => (reply.ok ? resolve(reply.result as T) : reject(rebuild(reply.error)))));
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the solver thread stopped (exit code ${code})`))));
    worker.postMessage(task);
  });
}

/** Runs one task after those already queued. */
function solve<T>(task: SolverTask, timeLimitSeconds: number): Promise<T> {
  const run = queue.then(() => runOnce<T>(task, timeLimitSeconds));
  queue = run.catch(() => undefined);
  return run;
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
