/**
 * The embedded database seen from the server's thread: the subset of PGlite's client that Drizzle
 * and the platform use (query, exec, transaction, dumpDataDir, close), each call a message to the
 * thread that owns the database (`pglite-thread-worker.mjs`). Results and errors arrive as plain
 * data; PostgreSQL's error fields (code, constraint…) are kept.
 */
import { Worker } from 'node:worker_threads';

export interface PGliteResults<T = Record<string, unknown>> {
  rows: T[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

/** Serialisable query options: parsers cannot cross threads (the worker installs them itself). */
export interface ThreadQueryOptions {
  rowMode?: 'array' | 'object';
}

export interface ThreadTransaction {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: ThreadQueryOptions): Promise<PGliteResults<T>>;
  exec(sql: string): Promise<PGliteResults[]>;
  /** Ends the transaction with a rollback: throws, like PGlite's. */
  rollback(): Promise<void>;
  closed: boolean;
}

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

export class PGliteThread {
  closed = false;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: SerializedError }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(deserializeError(message.error!));
    });
    const fail = (err: Error) => {
      if (this.failure) return;
      this.failure = err;
      this.closed = true;
      for (const waiting of this.pending.values()) waiting.reject(err);
      this.pending.clear();
      for (const listener of this.failureListeners) listener(err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closing) fail(new Error(`The embedded database thread stopped unexpectedly (exit code ${code}).`));
      this.closed = true;
      // Nothing will answer what is still waiting, even during a close.
      const stopped = new Error('The embedded database thread has stopped.');
      for (const waiting of this.pending.values()) waiting.reject(stopped);
      this.pending.clear();
    });
  }

  private closing = false;
  private readonly failureListeners: ((err: Error) => void)[] = [];

  /**
   * Called once if the database's thread dies (a WebAssembly abort, out of memory): every query
   * fails from then on, so the server should stop and be restarted rather than stay up broken.
   */
  onFailure(listener: (err: Error) => void): void {
    if (this.failure) listener(this.failure);
    else this.failureListeners.push(listener);
  }

  /** Starts the thread and opens the database in it (a data directory, or in memory when null). */
  static async create(opts: {
    dataDir: string | null;
    loadDataDir?: Blob;
    passthroughParserOids: number[];
    /** A transaction that runs no statement for this long is rolled back (default 60 s). */
    idleTransactionMs?: number;
  }): Promise<PGliteThread> {
    const loadDataDir = opts.loadDataDir ? await opts.loadDataDir.arrayBuffer() : undefined;
    const worker = new Worker(new URL('./pglite-thread-worker.mjs', import.meta.url), {
      workerData: {
        dataDir: opts.dataDir,
        loadDataDir,
        passthroughParserOids: opts.passthroughParserOids,
        ...(opts.idleTransactionMs ? { idleTransactionMs: opts.idleTransactionMs } : {}),
      },
      transferList: loadDataDir ? [loadDataDir] : [],
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: boolean; error?: SerializedError }) => {
        if (message.ready === undefined) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        if (message.ready) resolve();
        else reject(deserializeError(message.error!));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The embedded database thread stopped while starting (exit code ${code}).`)));
    });
    return new PGliteThread(worker);
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: ThreadQueryOptions): Promise<PGliteResults<T>> {
    return this.send({ op: 'query', sql, params, options: serialisableOptions(options) }) as Promise<PGliteResults<T>>;
  }

  exec(sql: string): Promise<PGliteResults[]> {
    return this.send({ op: 'exec', sql }) as Promise<PGliteResults[]>;
  }

  /** Like PGlite's: commits when the callback resolves, rolls back when it throws. */
  async transaction<T>(callback: (tx: ThreadTransaction) => Promise<T>): Promise<T> {
    const txId = (await this.send({ op: 'begin' })) as number;
    const tx: ThreadTransaction = {
      closed: false,
      query: (sql, params, options) => this.send({ op: 'query', tx: txId, sql, params, options: serialisableOptions(options) }) as never,
      exec: (sql) => this.send({ op: 'exec', tx: txId, sql }) as never,
      rollback: async () => {
        throw new Error('Transaction rolled back');
      },
    };
    let result: T;
    try {
      result = await callback(tx);
    } catch (err) {
      tx.closed = true;
      await this.send({ op: 'end', tx: txId, commit: false }).catch(() => {});
      throw err;
    }
    tx.closed = true;
    await this.send({ op: 'end', tx: txId, commit: true });
    return result;
  }

  /** Runs the statements in order in one transaction, in one message to the thread. */
  batch(queries: { sql: string; params: unknown[] }[]): Promise<PGliteResults[]> {
    return this.send({ op: 'batch', queries }) as Promise<PGliteResults[]>;
  }

  async dumpDataDir(compression: 'none' | 'gzip' | 'auto' = 'auto'): Promise<Blob> {
    const buffer = (await this.send({ op: 'dump', compression })) as ArrayBuffer;
    return new Blob([buffer]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    try {
      await this.send({ op: 'close' });
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }

  private send(message: Record<string, unknown>): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('The embedded database is closed.'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.worker.postMessage({ ...message, id });
      } catch (err) {
        // A parameter that cannot be copied to the thread (a function, a class instance…).
        this.pending.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }
}

function serialisableOptions(options: (ThreadQueryOptions & { parsers?: unknown }) | undefined): ThreadQueryOptions | undefined {
  if (!options) return undefined;
  if (options.parsers && Object.keys(options.parsers).length > 0) {
    throw new Error('Custom result parsers cannot be sent to the embedded database thread.');
  }
  return options.rowMode ? { rowMode: options.rowMode } : undefined;
}

interface SerializedError {
  name?: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

function deserializeError(data: SerializedError): Error {
  const { name, message, stack, ...fields } = data;
  const err = Object.assign(new Error(message), fields);
  if (name) err.name = name;
  if (stack) err.stack = stack;
  return err;
}
