/**
 * The analysis thread's side. Loaded twice: on the server's thread only to learn which file to
 * start the thread from (`ANALYSIS_THREAD_FILE`, as the platform's parsing threads do), and in the
 * thread, where it runs each analysis it is sent and posts the result back. It keeps the spatial
 * weights of the last few territories (by zoning, version and scope), so the outlines cross over
 * once per version.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { AnalysisComputation, AnalysisInput } from './pipeline';

export const ANALYSIS_THREAD_FILE: string = import.meta.filename ?? fileURLToPath(import.meta.url);
export const ANALYSIS_THREAD_MARK = 'beffroi.observatory.analysis';

export interface AnalysisTask {
  id: number;
  input: AnalysisInput;
}

export type AnalysisReply =
  | { id: number; ok: true; result: AnalysisComputation }
  | { id: number; ok: false; needsGeometries: true }
  | { id: number; ok: false; needsGeometries?: false; message: string };

const WEIGHTS_KEPT = 4;

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[ANALYSIS_THREAD_MARK]) {
  const { queenWeights, runAnalysis } = await import('./pipeline');
  const { weightsAmongKept } = await import('../index/missing-values');
  const weightsByKey = new Map<string, ReturnType<typeof queenWeights>>();
  parentPort!.on('message', (task: AnalysisTask) => {
    let reply: AnalysisReply;
    try {
      const key = task.input.territory.key;
      let weights = weightsByKey.get(key);
      if (!weights) {
        const geometries = task.input.territory.geometries;
        if (!geometries) {
          parentPort!.postMessage({ id: task.id, ok: false, needsGeometries: true } satisfies AnalysisReply);
          return;
        }
        weights = queenWeights(geometries);
        weightsByKey.set(key, weights);
        while (weightsByKey.size > WEIGHTS_KEPT) weightsByKey.delete(weightsByKey.keys().next().value!);
      }
      const members = weightsAmongKept(weights, Int32Array.from(task.input.territory.members));
      reply = { id: task.id, ok: true, result: runAnalysis(task.input, members) };
    } catch (err) {
      reply = { id: task.id, ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    parentPort!.postMessage(reply);
  });
}
