/**
 * Runs analyses on one thread of their own (node:worker_threads), one at a time, so that a
 * national-size analysis (35,000 territories, tens of seconds of CPU) never blocks the HTTP thread.
 * A small queue: past `maxQueue` waiting analyses, `observatory.busy` (503). A thread that crashed
 * or overran its time is replaced at the next analysis.
 */
import { Worker } from 'node:worker_threads';
import { HttpProblem } from '../../../platform/http/problem';
import type { AnalysisComputation, AnalysisInput } from './pipeline';
import { ANALYSIS_THREAD_MARK, type AnalysisReply, type AnalysisTask } from './thread';

// The platform's generic thread bootstrap: loads the named module (through tsx for a .ts source).
const BOOTSTRAP = new URL('../../../platform/files/thread-bootstrap.mjs', import.meta.url);

export interface AnalysisRunner {
  /** Runs one analysis; `geometries` is called only when the thread lacks the territory's weights. */
  run(input: AnalysisInput, geometries: () => Promise<(unknown | null)[]>): Promise<AnalysisComputation>;
  /** Analyses waiting or running. */
  readonly load: number;
  close(): Promise<void>;
}

export interface AnalysisRunnerOptions {
  maxQueue?: number;
  timeoutMs?: number;
  /** An idle thread is ended after this long (its cached weights with it); default 2 minutes. */
  idleMs?: number;
  onThreadError?: (err: Error) => void;
}

export function createAnalysisRunner(options: AnalysisRunnerOptions = {}): AnalysisRunner {
  const maxQueue = options.maxQueue ?? 8;
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  let worker: Worker | null = null;
  let closed = false;
  let nextId = 1;
  let chain: Promise<unknown> = Promise.resolve();
  let load = 0;
  let threadFile: Promise<string> | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  const idleMs = options.idleMs ?? 120_000;

  const start = async (): Promise<Worker> => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (worker) return worker;
    threadFile ??= import('./thread').then((m) => m.ANALYSIS_THREAD_FILE);
    const w = new Worker(BOOTSTRAP, { workerData: { [ANALYSIS_THREAD_MARK]: true, threadFile: await threadFile }, stdout: false, stderr: false });
    w.on('error', (err) => options.onThreadError?.(err));
    w.on('exit', () => {
      if (worker === w) worker = null;
    });
    w.unref();
    worker = w;
    return w;
  };

  const post = (w: Worker, input: AnalysisInput): Promise<AnalysisReply> =>
    new Promise((resolve, reject) => {
      const task: AnalysisTask = { id: nextId++, input };
      const finish = (outcome: { reply: AnalysisReply } | { error: Error }) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('exit', onExit);
        if ('reply' in outcome) resolve(outcome.reply);
        else reject(outcome.error);
      };
      const onMessage = (reply: AnalysisReply) => {
        if (reply.id === task.id) finish({ reply });
      };
      const onExit = (code: number) => finish({ error: new Error(`the analysis thread stopped (exit code ${code})`) });
      const timer = setTimeout(() => {
        void w.terminate();
        finish({ error: new HttpProblem(503, 'observatory.analysis_timeout', `The analysis took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`) });
      }, timeoutMs);
      w.on('message', onMessage);
      w.on('exit', onExit);
      w.ref();
      w.postMessage(task);
    }).finally(() => w.unref()) as Promise<AnalysisReply>;

  const execute = async (input: AnalysisInput, geometries: () => Promise<(unknown | null)[]>): Promise<AnalysisComputation> => {
    if (closed) throw new Error('The analysis runner is closed.');
    const w = await start();
    let reply = await post(w, { ...input, territory: { ...input.territory, geometries: undefined } });
    if (!reply.ok && reply.needsGeometries) reply = await post(w, { ...input, territory: { ...input.territory, geometries: await geometries() } });
    if (reply.ok) return reply.result;
    throw new HttpProblem(422, 'observatory.analysis_failed', `The analysis could not be run: ${reply.needsGeometries ? 'no outlines' : reply.message}`, {
      params: { reason: reply.needsGeometries ? 'no outlines' : reply.message },
    });
  };

  return {
    run(input, geometries) {
      if (load >= maxQueue) return Promise.reject(new HttpProblem(503, 'observatory.busy', 'Too many analyses are waiting; retry in a moment.', { headers: { 'retry-after': '5' } }));
      load++;
      const result = chain.then(() => execute(input, geometries));
      chain = result
        .catch(() => undefined)
        .finally(() => {
          load--;
          if (load === 0 && worker) {
            const idle = worker;
            idleTimer = setTimeout(() => {
              if (worker === idle && load === 0) {
                worker = null;
                void idle.terminate();
              }
            }, idleMs);
            idleTimer.unref();
          }
        });
      return result;
    },
    get load() {
      return load;
    },
    async close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
