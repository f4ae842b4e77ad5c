/**
 * The parsing thread's side. Loaded twice: on the server's thread only to learn which file to
 * start a thread from (`PARSER_THREAD_FILE`), and in the thread, where it parses each file it is
 * sent and posts the result (or the refusal) back.
 *
 * Why its own file name rather than a path written in parser.ts: in a production build this
 * module is bundled into a chunk of its own (parser.ts imports it dynamically), and only the
 * running code knows that chunk's name. `import.meta.filename` is that name; under tsx and Vitest
 * it is this source file, which thread-bootstrap.mjs loads through tsx.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { FileRefusal } from './refusal';
import { PARSER_THREAD_MARK, type ParserThreadReply, type ParserThreadTask } from './thread-protocol';

export const PARSER_THREAD_FILE: string = import.meta.filename ?? fileURLToPath(import.meta.url);
if (!isMainThread && (workerData as Record<string, unknown> | null)?.[PARSER_THREAD_MARK]) {
  parentPort!.on('message', (task: ParserThreadTask) => void run(task));
}

async function run(task: ParserThreadTask): Promise<void> {
  let reply: ParserThreadReply;
  try {
    // Loaded here only: the server's thread never loads the parsers.
    const { parseFile } = await import('./parse');
    reply = { id: task.id, ok: true, result: await parseFile(new Uint8Array(task.bytes), task.request, task.limits) };
  } catch (err) {
    reply =
      err instanceof FileRefusal
        ? { id: task.id, ok: false, refusal: err.toJSON() }
        : { id: task.id, ok: false, message: (err as Error)?.message ?? String(err) };
  }
  parentPort!.postMessage(reply);
}
