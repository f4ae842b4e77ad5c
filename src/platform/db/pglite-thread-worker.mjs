/**
 * The embedded database (PGlite) on a thread of its own, driven by `pglite-thread.ts`.
 *
 * Why a thread: PGlite is PostgreSQL compiled to WebAssembly plus an emulated file system; on the
 * server's main thread its work (half of an answer's CPU) and the HTTP server's could not use the
 * machine's second core. Plain JavaScript so that node:worker_threads loads it the same way under
 * `node --import tsx`, Vitest and plain Node.
 *
 * Protocol: each message { id, op, ... } gets one reply { id, ok, result | error }. A transaction
 * is opened by `begin` (reply: its number), its statements carry `tx`, and `end` commits it or
 * rolls it back. PGlite's own lock makes statements outside the transaction wait for its end.
 * `batch` runs a list of statements as one transaction in a single message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Blob } from 'node:buffer';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

const { dataDir, loadDataDir, passthroughParserOids, idleTransactionMs = 60_000 } = workerData;

/**
 * A transaction holds the only connection: one left open by a bug (a callback that never settles,
 * a provider called inside it that hangs) would stop every request. One that runs no statement
 * for `idleTransactionMs` is rolled back; its next statement, and its end, get "not open".
 * @type {Map<number, { tx: any, finish: { commit: () => void, rollback: () => void }, done: Promise<unknown>, running: number, timer: NodeJS.Timeout | null }>}
 */
const transactions = new Map();
let nextTransaction = 1;
/** @type {import('@electric-sql/pglite').PGlite} */
let client;

try {
  client = await PGlite.create(dataDir ?? undefined, {
    extensions: { pg_trgm, unaccent },
    ...(loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : {}),
  });
  // Types the ORM reads as text and converts itself (see client.ts): parsed once, here.
  for (const oid of passthroughParserOids) client.parsers[oid] = (value) => value;
  parentPort.postMessage({ ready: true });
} catch (err) {
  parentPort.postMessage({ ready: false, error: serializeError(err) });
  process.exit(1);
}

parentPort.on('message', (message) => {
  run(message).then(
    ({ result, transfer }) => {
      try {
        parentPort.postMessage({ id: message.id, ok: true, result }, transfer ?? []);
      } catch (err) {
        // A value PostgreSQL returned that cannot be copied back: the query fails, the thread lives on.
        parentPort.postMessage({ id: message.id, ok: false, error: serializeError(err) });
      }
    },
    (err) => parentPort.postMessage({ id: message.id, ok: false, error: serializeError(err) }),
  );
});

async function run(message) {
  if (message.tx === undefined || message.op === 'end') return runOp(message, client);
  const entry = transactionOf(message.tx);
  entry.running++;
  disarm(entry);
  try {
    return await runOp(message, entry.tx);
  } finally {
    entry.running--;
    if (entry.running === 0 && transactions.get(message.tx) === entry) arm(message.tx, entry);
  }
}

function disarm(entry) {
  if (entry.timer) clearTimeout(entry.timer);
  entry.timer = null;
}

function arm(id, entry) {
  disarm(entry);
  entry.timer = setTimeout(() => {
    if (transactions.get(id) !== entry || entry.running > 0) return;
    transactions.delete(id);
    entry.finish.rollback();
    entry.done.catch(() => {});
    console.error(`[beffroi] embedded database: transaction ${id} ran no statement for ${idleTransactionMs} ms and was rolled back`);
  }, idleTransactionMs);
  entry.timer.unref?.();
}

async function runOp(message, target) {
  switch (message.op) {
    case 'query': {
      const res = await target.query(message.sql, message.params, message.options);
      return { result: { rows: res.rows, fields: res.fields, affectedRows: res.affectedRows } };
    }
    case 'exec': {
      const results = await target.exec(message.sql);
      return { result: results.map((res) => ({ rows: res.rows, fields: res.fields, affectedRows: res.affectedRows })) };
    }
    case 'batch': {
      // A whole transaction in one message: the database's lock is held only while it runs here,
      // never across a wait for the server's thread.
      const results = await client.transaction(async (tx) => {
        const out = [];
        for (const q of message.queries) {
          const res = await tx.query(q.sql, q.params);
          out.push({ rows: res.rows, fields: res.fields, affectedRows: res.affectedRows });
        }
        return out;
      });
      return { result: results };
    }
    case 'begin':
      return { result: await begin() };
    case 'end': {
      const entry = transactionOf(message.tx);
      transactions.delete(message.tx);
      disarm(entry);
      if (message.commit) {
        entry.finish.commit();
        await entry.done;
      } else {
        entry.finish.rollback();
        await entry.done.catch(() => {});
      }
      return { result: null };
    }
    case 'dump': {
      const file = await client.dumpDataDir(message.compression);
      const buffer = await file.arrayBuffer();
      return { result: buffer, transfer: [buffer] };
    }
    case 'close':
      if (!client.closed) await client.close();
      return { result: null };
    default:
      throw new Error(`Unknown operation ${message.op}`);
  }
}

function transactionOf(id) {
  const entry = transactions.get(id);
  if (!entry) throw new Error(`Transaction ${id} is not open.`);
  return entry;
}

/** Opens a PGlite transaction and keeps it open until `end`: resolves with its number once BEGIN ran. */
function begin() {
  return new Promise((started, failed) => {
    const id = nextTransaction++;
    let opened = false;
    const done = client.transaction(
      (tx) =>
        new Promise((commit, rollback) => {
          opened = true;
          const entry = { tx, finish: { commit, rollback: () => rollback(new Error('rolled back')) }, done, running: 0, timer: null };
          transactions.set(id, entry);
          arm(id, entry);
          started(id);
        }),
    );
    done.catch((err) => {
      if (!opened) failed(err);
    });
  });
}

/** Errors cross the thread as plain data; PostgreSQL's fields (code, detail, constraint…) are kept. */
function serializeError(err) {
  if (!(err instanceof Error)) return { message: String(err) };
  const out = { name: err.name, message: err.message, stack: err.stack };
  for (const [key, value] of Object.entries(err)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
  }
  return out;
}
