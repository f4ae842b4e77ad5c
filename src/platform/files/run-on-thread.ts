/**
 * One computation on a thread of its own (node:worker_threads), started for it and ended after it,
 * so that a long computation (a LEXIMIN, a replay of a conversation's history) never blocks the
 * HTTP thread. The module's thread file is loaded by thread-bootstrap.mjs (through tsx in a source
 * checkout, as it is in a build); it receives `task` as its one message and posts one reply. A
 * thread that outlives `timeLimitMs` is stopped and the promise rejects with `onTimeout()`; one
 * that fails or exits before replying rejects too.
 */
import { Worker } from 'node:worker_threads';

const BOOTSTRAP = new URL('./thread-bootstrap.mjs', import.meta.url);

export interface OneShotThread {
  /** The thread module's file (its `import.meta.filename`: a chunk of its own in a build). */
  threadFile: string;
  /** The workerData flag the thread module checks before it listens. */
  mark: string;
  /** Named in the error when the thread stops without replying ("the solver thread stopped…"). */
  label: string;
  timeLimitMs: number;
  onTimeout: () => Error;
}

export function runOnThread<Reply>(thread: OneShotThread, task: unknown): Promise<Reply> {
  const worker = new Worker(BOOTSTRAP, { workerData: { [thread.mark]: true, threadFile: thread.threadFile }, stdout: false, stderr: false });
  return new Promise<Reply>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => settle(() => reject(thread.onTimeout())), thread.timeLimitMs);
    worker.once('message', (reply: Reply) => settle(() => resolve(reply)));
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the ${thread.label} thread stopped (exit code ${code})`))));
    worker.postMessage(task);
  });
}

/** Runs tasks one after the other (the machine's other cores serve requests and the database). */
export function serialQueue(): <T>(run: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(run: () => Promise<T>): Promise<T> => {
    const next = tail.then(run);
    tail = next.catch(() => undefined);
    return next;
  };
}
