/**
 * What the server's thread and a parsing thread say to each other. Its own module so that
 * parser.ts imports thread.ts only dynamically: in a production build that makes thread.ts a chunk
 * of its own, the file a parsing thread starts from (see thread.ts).
 */
import type { ParseRequest } from './formats';
import type { FileLimits } from './limits';
import type { SerializedRefusal } from './refusal';

/** In workerData: marks a parsing thread, and names the module it runs. */
export const PARSER_THREAD_MARK = 'beffroi.files.parse';

/** One file to parse; a thread parses the files it is sent one after the other. */
export interface ParserThreadTask {
  id: number;
  bytes: ArrayBuffer;
  request: ParseRequest;
  limits: FileLimits;
}

export type ParserThreadReply = { id: number } & ({ ok: true; result: unknown } | { ok: false; refusal?: SerializedRefusal; message?: string });
