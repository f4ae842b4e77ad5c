/**
 * The solver thread's side. Loaded on the server's thread only to learn which file to start a
 * thread from (`SOLVER_THREAD_FILE`: in a production build this module is a chunk of its own,
 * whose name only the running code knows), and in the thread, where it runs one computation of
 * the selection library and posts the result back. Same scheme as the platform's parsing threads
 * (`src/platform/files/thread.ts`), whose bootstrap it shares.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ReplacementRequest, SelectionInstance, SelectionOptions } from './selection/index';

export const SOLVER_THREAD_MARK = 'beffroiAssembliesSolver';
export const SOLVER_THREAD_FILE: string = import.meta.filename ?? fileURLToPath(import.meta.url);

export type SolverTask =
  | { kind: 'feasibility'; instance: SelectionInstance }
  | { kind: 'distribution'; instance: SelectionInstance; options: Omit<SelectionOptions, 'log'> }
  | { kind: 'legacy'; instance: SelectionInstance; draws: number; seed: string }
  | { kind: 'replacements'; request: ReplacementRequest };

export type SolverReply = { ok: true; result: unknown } | { ok: false; error: { name: string; code: string | null; message: string } };

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[SOLVER_THREAD_MARK]) {
  parentPort!.once('message', (task: SolverTask) => void run(task));
}

/** The distribution, with its certificate of optimality checked by the library's independent checker. */
async function distribution(lib: typeof import('./selection/index'), task: Extract<SolverTask, { kind: 'distribution' }>) {
  const outcome = await lib.computeDistribution(task.instance, task.options);
  if (outcome.status !== 'ok') return outcome;
  const check = await lib.checkCertificate(task.instance, outcome.lottery, outcome.certificate);
  return { ...outcome, certificateCheck: { valid: check.valid, problems: check.problems } };
}

async function run(task: SolverTask): Promise<void> {
  let reply: SolverReply;
  try {
    // Loaded here only: the solver's WebAssembly lives in this thread.
    const lib = await import('./selection/index');
    const result =
      task.kind === 'feasibility'
        ? await lib.checkQuotas(task.instance)
        : task.kind === 'distribution'
          ? await distribution(lib, task)
          : task.kind === 'legacy'
            ? lib.legacyProbabilities(task.instance, task.draws, task.seed)
            : await lib.drawReplacements(task.request);
    reply = { ok: true, result };
  } catch (err) {
    const e = err as { name?: string; code?: string; message?: string };
    reply = { ok: false, error: { name: e?.name ?? 'Error', code: typeof e?.code === 'string' ? e.code : null, message: e?.message ?? String(err) } };
  }
  parentPort!.postMessage(reply);
}
