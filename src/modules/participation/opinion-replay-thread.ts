/**
 * The replay thread's side: rebuilds a consultation's opinion groups from its vote history
 * (`replayConsensus`, a few seconds to a minute for thousands of participants) on a thread of its
 * own, never on the HTTP thread. Loaded on the server's thread only to learn which file to start
 * the thread from; same scheme as the assemblies' solver thread, whose bootstrap it shares.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ReplayConsensusResult, TimedVote } from './opinion/index';

export const REPLAY_THREAD_MARK = 'beffroiOpinionReplay';
export const REPLAY_THREAD_FILE: string = import.meta.filename ?? fileURLToPath(import.meta.url);

export interface ReplayTask {
  votes: TimedVote[];
  moderatedOut: number[];
}

/** The chosen path's result and, of the other paths, what the audit and the page say. */
export type ReplayReply =
  | { ok: true; result: ReplayConsensusResult['result']; chosen: string; paths: { name: string; k: number; agreement: number }[] }
  | { ok: false; message: string };

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[REPLAY_THREAD_MARK]) {
  parentPort!.once('message', (task: ReplayTask) => void run(task));
}

async function run(task: ReplayTask): Promise<void> {
  let reply: ReplayReply;
  try {
    const { replayConsensus } = await import('./opinion/index');
    const consensus = replayConsensus(task.votes, { moderatedOut: task.moderatedOut });
    reply = {
      ok: true,
      result: consensus.result,
      chosen: consensus.chosen.name,
      paths: consensus.paths.map((p) => ({ name: p.path.name, k: p.result.k, agreement: p.agreement })),
    };
  } catch (err) {
    reply = { ok: false, message: (err as Error)?.message ?? String(err) };
  }
  parentPort!.postMessage(reply);
}
