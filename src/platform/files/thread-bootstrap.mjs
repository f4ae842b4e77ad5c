/**
 * First code of a parsing thread: loads the thread module named in workerData (thread.ts's
 * `PARSER_THREAD_FILE`). A compiled build names a JavaScript chunk, loaded as it is; a source
 * checkout (tsx, Vitest) names thread.ts, loaded through tsx, a development dependency that a
 * production install need not have. Plain JavaScript so that Node loads it in every setting.
 */
import { pathToFileURL } from 'node:url';
import { workerData } from 'node:worker_threads';

const url = pathToFileURL(workerData.threadFile).href;
if (/\.[cm]?ts$/.test(workerData.threadFile)) {
  const { tsImport } = await import('tsx/esm/api');
  await tsImport(url, import.meta.url);
} else {
  await import(url);
}
