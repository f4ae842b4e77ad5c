/**
 * The vote matrix, kept sparse: one row per participant who voted, one column per statement that
 * received a vote (as in Pol.is, a statement nobody voted on is not a column yet). Rows are
 * compressed (CSR) in typed arrays, so a 2,000 × 600 conversation costs a few megabytes and no
 * object per cell.
 */
import type { Id, Vote, VoteValue } from './types';

export interface VoteMatrix {
  /** Sorted (see `compareIds`): the row order, which seeds the first k-means. */
  participantIds: Id[];
  statementIds: Id[];
  /** Row r's entries are `columns[rowStart[r] .. rowStart[r + 1])`. */
  rowStart: Int32Array;
  columns: Int32Array;
  values: Int8Array;
  /** 1 for a moderated-out column. */
  moderatedOut: Uint8Array;
  moderatedOutCount: number;
  /** Votes per participant, passes and votes on moderated-out statements included. */
  voteCounts: Int32Array;
}

/**
 * Numbers before strings, numbers by value, strings by code unit: ids given in arrival order
 * (sequence numbers, like Pol.is's) keep that order, which is the order Pol.is's rows have.
 */
export function compareIds(a: Id, b: Id): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isVoteValue(v: unknown): v is VoteValue {
  return v === 1 || v === -1 || v === 0;
}

/** When the same participant voted twice on a statement, the later vote in the list wins. */
export function buildVoteMatrix(votes: readonly Vote[], moderatedOut: Iterable<Id> = []): VoteMatrix {
  const participantIndex = new Map<Id, number>();
  const statementIndex = new Map<Id, number>();
  const rawRows = new Int32Array(votes.length);
  const rawCols = new Int32Array(votes.length);
  const rawValues = new Int8Array(votes.length);
  for (let i = 0; i < votes.length; i++) {
    const v = votes[i]!;
    if (!isVoteValue(v.vote)) throw new RangeError(`vote must be 1, -1 or 0 (got ${String(v.vote)})`);
    let p = participantIndex.get(v.participantId);
    if (p === undefined) participantIndex.set(v.participantId, (p = participantIndex.size));
    let s = statementIndex.get(v.statementId);
    if (s === undefined) statementIndex.set(v.statementId, (s = statementIndex.size));
    rawRows[i] = p;
    rawCols[i] = s;
    rawValues[i] = v.vote;
  }
  const participantIds = [...participantIndex.keys()].sort(compareIds);
  const statementIds = [...statementIndex.keys()].sort(compareIds);
  const rowOf = rankOf(participantIndex, participantIds);
  const colOf = rankOf(statementIndex, statementIds);
  const n = participantIds.length;
  const m = statementIds.length;

  // Radix sort, by column then (stably) by row: each row's entries come out in column order, so
  // that the result does not depend on the order of the list (floating-point sums included), and
  // repeated votes keep their order, "later in the list" staying later.
  const identity = new Int32Array(votes.length);
  for (let i = 0; i < identity.length; i++) identity[i] = i;
  const byColumn = countingSort(rawCols, colOf, m, identity);
  const order = countingSort(rawRows, rowOf, n, byColumn);
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < votes.length; i++) rowStart[rowOf[rawRows[i]!]! + 1]!++;
  for (let r = 0; r < n; r++) rowStart[r + 1]! += rowStart[r]!;
  const sortedCols = new Int32Array(votes.length);
  const sortedValues = new Int8Array(votes.length);
  for (let at = 0; at < order.length; at++) {
    const i = order[at]!;
    sortedCols[at] = colOf[rawCols[i]!]!;
    sortedValues[at] = rawValues[i]!;
  }

  // Drop repeated (participant, statement) pairs, the last vote overwriting the first one's slot.
  const slotOfColumn = new Int32Array(m);
  const rowStamp = new Int32Array(m).fill(-1);
  const columns = new Int32Array(votes.length);
  const values = new Int8Array(votes.length);
  const compactStart = new Int32Array(n + 1);
  let nnz = 0;
  for (let r = 0; r < n; r++) {
    compactStart[r] = nnz;
    for (let e = rowStart[r]!; e < rowStart[r + 1]!; e++) {
      const c = sortedCols[e]!;
      if (rowStamp[c] === r) {
        values[slotOfColumn[c]!] = sortedValues[e]!;
      } else {
        rowStamp[c] = r;
        slotOfColumn[c] = nnz;
        columns[nnz] = c;
        values[nnz] = sortedValues[e]!;
        nnz++;
      }
    }
  }
  compactStart[n] = nnz;

  const moderatedOutFlags = new Uint8Array(m);
  let moderatedOutCount = 0;
  for (const id of moderatedOut) {
    const s = statementIndex.get(id);
    if (s !== undefined && moderatedOutFlags[colOf[s]!] === 0) {
      moderatedOutFlags[colOf[s]!] = 1;
      moderatedOutCount++;
    }
  }
  const voteCounts = new Int32Array(n);
  for (let r = 0; r < n; r++) voteCounts[r] = compactStart[r + 1]! - compactStart[r]!;
  return {
    participantIds,
    statementIds,
    rowStart: compactStart,
    columns: columns.slice(0, nnz),
    values: values.slice(0, nnz),
    moderatedOut: moderatedOutFlags,
    moderatedOutCount,
    voteCounts,
  };
}

/** `items` (indices of votes) stably sorted by the rank of their key. */
function countingSort(keys: Int32Array, rank: Int32Array, buckets: number, items: Int32Array): Int32Array {
  const start = new Int32Array(buckets + 1);
  for (const i of items) start[rank[keys[i]!]! + 1]!++;
  for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!;
  const out = new Int32Array(items.length);
  for (const i of items) out[start[rank[keys[i]!]!]!++] = i;
  return out;
}

function rankOf(index: Map<Id, number>, sorted: Id[]): Int32Array {
  const rank = new Int32Array(sorted.length);
  sorted.forEach((id, position) => (rank[index.get(id)!] = position));
  return rank;
}

/**
 * Mean vote on each statement over those who voted on it: the value Pol.is fills a missing vote
 * with, and therefore also the centre of the filled matrix. A moderated-out statement is zeroed
 * for everyone, so its mean is 0.
 */
export function columnMeans(matrix: VoteMatrix): Float64Array {
  const m = matrix.statementIds.length;
  const sums = new Float64Array(m);
  const counts = new Int32Array(m);
  for (let e = 0; e < matrix.columns.length; e++) {
    const c = matrix.columns[e]!;
    sums[c]! += matrix.values[e]!;
    counts[c]!++;
  }
  const means = new Float64Array(m);
  for (let c = 0; c < m; c++) means[c] = matrix.moderatedOut[c] || counts[c] === 0 ? 0 : sums[c]! / counts[c]!;
  return means;
}

/**
 * The dense matrix Pol.is hands to its PCA (row-major, participants × statements): votes as they
 * are, a missing vote replaced by the statement's mean, a moderated-out statement 0 for everyone.
 * Only for small matrices and tests: the computation itself never builds it, because once
 * centred every filled cell is exactly 0, so the sparse votes carry all the information.
 */
export function imputedDenseMatrix(matrix: VoteMatrix): Float64Array {
  const n = matrix.participantIds.length;
  const m = matrix.statementIds.length;
  const means = columnMeans(matrix);
  const dense = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    dense.set(means, r * m);
    for (let e = matrix.rowStart[r]!; e < matrix.rowStart[r + 1]!; e++) {
      const c = matrix.columns[e]!;
      dense[r * m + c] = matrix.moderatedOut[c] ? 0 : matrix.values[e]!;
    }
  }
  return dense;
}
