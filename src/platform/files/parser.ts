/**
 * The platform's one way to parse an untrusted file: `ctx.files.parse(bytes, { accept, … })`.
 *
 * Files are parsed on parsing threads (node:worker_threads), never on the HTTP thread, which keeps
 * answering whatever a file does; and a file can cost no more than its limits:
 * - time: past `timeoutMs` the thread is terminated (`file.parse_timeout`);
 * - memory: V8 caps the thread's JavaScript heap at `memoryMb` (`resourceLimits`); buffers
 *   (inflated streams, decoded images) live outside that heap and its cap, so the thread's external
 *   memory is read every 25 ms and the thread terminated when it too passes `memoryMb`
 *   (`file.parse_memory`). A parse can thus hold up to twice `memoryMb`, plus what 25 ms of
 *   allocation adds; the heap is not summed with the buffers because it may hold garbage up to
 *   its cap, which V8 collects only when it must;
 * - size: every format's caps (limits.ts) are checked inside, before and during the work.
 *
 * A small pool: at most `concurrency` threads parse at once, others wait (past `maxQueue` waiting,
 * `file.parser_busy`, 503). A thread that finished a parse normally — result or refusal — is kept
 * for the next file (up to `maxUses` files, and `idleMs` unused): loading pdfjs or mammoth and
 * warming them up costs a new thread far more than most parses (measured: see ARCHITECTURE.md).
 * A thread that was terminated, crashed, or ran a call with its own memory limit is never reused.
 */
import { Worker } from 'node:worker_threads';
import type { ParsedFile, ParseRequest } from './formats';
import { resolveLimits, type FileLimits } from './limits';
import { FileRefusal, isSerializedRefusal, refuse } from './refusal';
import { PARSER_THREAD_MARK, type ParserThreadReply, type ParserThreadTask } from './thread-protocol';

export interface FileParserOptions {
  /** Parses running at once, each on its own thread; default 2. */
  concurrency?: number;
  /** Parses allowed to wait for a thread; past it, `file.parser_busy`. Default 16. */
  maxQueue?: number;
  /** Files one thread parses before it is replaced; default 50 (1: a new thread for every file). */
  maxUses?: number;
  /** An unused thread is ended after this long (ms); default 30 s. */
  idleMs?: number;
  /** Defaults of every call (each call's own `limits` override them). */
  limits?: Partial<FileLimits>;
  /** Tests: the module a thread runs instead of thread.ts (a .ts or .mjs file path). */
  threadFile?: string;
  /**
   * Told of what is not a refusal: a parser that threw something else, a thread that crashed or
   * could not start. The caller still gets `file.unreadable`; this is for the operators' log.
   */
  onThreadError?: (err: Error) => void;
}

export interface FileParser {
  /** Parses a file on a parsing thread; throws a `FileRefusal` (a problem detail) when refused. */
  parse(bytes: Uint8Array, request: ParseRequest): Promise<ParsedFile>;
  /** Parsing threads alive now, busy or idle. */
  readonly threads: number;
  /** Ends the threads (running parses fail) and refuses new parses. */
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  memoryMb: number;
  uses: number;
  alive: boolean;
  idleTimer: NodeJS.Timeout | null;
}

const MEMORY_POLL_MS = 25;
const BOOTSTRAP = new URL('./thread-bootstrap.mjs', import.meta.url);
const closedError = () => new Error('The file parser is closed.');

export function createFileParser(options: FileParserOptions = {}): FileParser {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const maxQueue = options.maxQueue ?? 16;
  const maxUses = Math.max(1, options.maxUses ?? 50);
  const idleMs = options.idleMs ?? 30_000;
  const poolMemoryMb = resolveLimits(options.limits).memoryMb;
  const waiting: (() => void)[] = [];
  const idle: Thread[] = [];
  const threads = new Set<Thread>();
  let active = 0;
  let closed = false;
  let nextTask = 1;
  let threadFile: Promise<string> | null = null;
  // thread.ts is imported here for its file name only: it loads no parser on this thread.
  const resolveThreadFile = () => (threadFile ??= options.threadFile ? Promise.resolve(options.threadFile) : import('./thread').then((m) => m.PARSER_THREAD_FILE));

  const acquireSlot = async () => {
    if (active < concurrency) {
      active++;
      return;
    }
    if (waiting.length >= maxQueue) throw refuse.parserBusy();
    await new Promise<void>((resolve) => waiting.push(resolve));
    if (closed) throw closedError();
  };
  const releaseSlot = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  const end = (thread: Thread) => {
    thread.alive = false;
    if (thread.idleTimer) clearTimeout(thread.idleTimer);
    threads.delete(thread);
    const i = idle.indexOf(thread);
    if (i >= 0) idle.splice(i, 1);
    void thread.worker.terminate();
  };

  const takeThread = async (memoryMb: number): Promise<Thread> => {
    const reusable = memoryMb === poolMemoryMb ? idle.pop() : undefined;
    if (reusable) {
      if (reusable.idleTimer) clearTimeout(reusable.idleTimer);
      reusable.idleTimer = null;
      reusable.worker.ref();
      return reusable;
    }
    const worker = new Worker(BOOTSTRAP, {
      workerData: { [PARSER_THREAD_MARK]: true, threadFile: await resolveThreadFile() },
      resourceLimits: {
        maxOldGenerationSizeMb: memoryMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(memoryMb / 8))),
        stackSizeMb: 4,
      },
      stdout: false,
      stderr: false,
    });
    const thread: Thread = { worker, memoryMb, uses: 0, alive: true, idleTimer: null };
    // A thread that dies while idle is simply forgotten; one that dies during a parse fails that parse (below).
    worker.on('exit', () => end(thread));
    worker.on('error', () => end(thread));
    threads.add(thread);
    return thread;
  };

  const giveBack = (thread: Thread) => {
    if (closed || !thread.alive || thread.uses >= maxUses || thread.memoryMb !== poolMemoryMb) return end(thread);
    thread.worker.unref();
    thread.idleTimer = setTimeout(() => end(thread), idleMs);
    thread.idleTimer.unref();
    idle.push(thread);
  };

  const runOn = (thread: Thread, bytes: Uint8Array, request: ParseRequest, limits: FileLimits): Promise<ParsedFile> => {
    thread.uses++;
    // A copy the thread owns: the caller keeps its bytes (to store them, say).
    const copy = new Uint8Array(bytes);
    const task: ParserThreadTask = { id: nextTask++, bytes: copy.buffer, request: { ...request, limits: undefined }, limits };
    const { worker } = thread;
    return new Promise<ParsedFile>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: { result: ParsedFile } | { error: Error }, reusable: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(poll);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (reusable) giveBack(thread);
        else end(thread);
        if ('result' in outcome) resolve(outcome.result);
        else reject(outcome.error);
      };
      const onMessage = (reply: ParserThreadReply) => {
        if (reply.id !== task.id) return;
        if (reply.ok) finish({ result: reply.result as ParsedFile }, true);
        else if (isSerializedRefusal(reply.refusal)) finish({ error: FileRefusal.fromJSON(reply.refusal) }, true);
        else {
          // A parser that threw something other than a refusal met a file it could not read; its state is unknown.
          options.onThreadError?.(new Error(`a file parser failed: ${reply.message ?? 'unknown error'}`));
          finish({ error: refuse.unreadable() }, false);
        }
      };
      const onError = (err: Error & { code?: string }) => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') return finish({ error: refuse.parseMemory(limits.memoryMb) }, false);
        options.onThreadError?.(err);
        finish({ error: refuse.unreadable() }, false);
      };
      const onExit = (exitCode: number) => {
        if (!closed && !settled) options.onThreadError?.(new Error(`a file-parsing thread stopped during a parse (exit code ${exitCode})`));
        finish({ error: closed ? closedError() : refuse.unreadable() }, false);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const timer = setTimeout(() => finish({ error: refuse.parseTimeout(limits.timeoutMs) }, false), limits.timeoutMs);
      const budget = limits.memoryMb * 1_048_576;
      const poll = setInterval(() => {
        worker
          .getHeapStatistics()
          .then((h) => {
            // The heap is V8's to cap (it may hold garbage up to its limit); this watch is for what V8 does not cap.
            const external = (h as { external_memory?: number }).external_memory ?? 0;
            if (external > budget) finish({ error: refuse.parseMemory(limits.memoryMb) }, false);
          })
          .catch(() => {});
      }, MEMORY_POLL_MS);
      worker.postMessage(task, [copy.buffer]);
    });
  };

  return {
    get threads() {
      return threads.size;
    },
    async parse(bytes, request) {
      if (closed) throw closedError();
      const limits = resolveLimits(options.limits, request.limits);
      // Refused here without a thread.
      if (bytes.length === 0) throw refuse.empty();
      if (bytes.length > limits.maxBytes) throw refuse.tooLarge(limits.maxBytes);
      await acquireSlot();
      try {
        return await runOn(await takeThread(limits.memoryMb), bytes, request, limits);
      } finally {
        releaseSlot();
      }
    },
    async close() {
      closed = true;
      for (const next of waiting.splice(0)) next();
      const all = [...threads];
      for (const t of all) end(t);
      await Promise.all(all.map((t) => t.worker.terminate()));
    },
  };
}
