/**
 * A vote matrix that grows vote by vote, for replaying a conversation: `snapshot()` gives the
 * same `VoteMatrix` as `buildVoteMatrix` on every vote added so far, but only the rows that
 * received votes since the last snapshot are sorted again; the others are copied. A replay that
 * recomputes after every few votes would otherwise rebuild the whole matrix each time.
 */
import type { Id, Vote, VoteValue } from './types';
import type { VoteMatrix } from './vote-matrix';
import { compareIds } from './vote-matrix';

interface Segment {
  columns: Int32Array;
  values: Int8Array;
}

export class GrowingVoteMatrix {
  private readonly participantIds: Id[] = [];
  private readonly statementIds: Id[] = [];
  private readonly participantIndex = new Map<Id, number>();
  private readonly statementIndex = new Map<Id, number>();
  /** Per participant (registration order): statement (registration order) → vote. */
  private readonly rows: Map<number, VoteValue>[] = [];
  /** Per participant: its votes sorted by column, as of the last snapshot (null: to redo). */
  private readonly segments: (Segment | null)[] = [];
  /** Participants and statements in `compareIds` order, as registration indices. */
  private rowOrder: number[] = [];
  private columnOrder: number[] = [];
  private rowsSorted = true;
  private columnsSorted = true;
  /** Column of each statement (by registration index) in the last snapshot. */
  private columnOf = new Int32Array(0);
  private votesAdded = 0;

  get size(): number {
    return this.votesAdded;
  }

  /** Adds a vote; a second vote by the same participant on the same statement replaces the first. */
  add(vote: Vote): void {
    if (vote.vote !== 1 && vote.vote !== -1 && vote.vote !== 0) throw new RangeError(`vote must be 1, -1 or 0 (got ${String(vote.vote)})`);
    let p = this.participantIndex.get(vote.participantId);
    if (p === undefined) {
      p = this.participantIds.length;
      this.participantIndex.set(vote.participantId, p);
      const last = this.rowOrder[this.rowOrder.length - 1];
      if (last !== undefined && compareIds(this.participantIds[last]!, vote.participantId) > 0) this.rowsSorted = false;
      this.participantIds.push(vote.participantId);
      this.rows.push(new Map());
      this.segments.push(null);
      this.rowOrder.push(p);
    }
    let s = this.statementIndex.get(vote.statementId);
    if (s === undefined) {
      s = this.statementIds.length;
      this.statementIndex.set(vote.statementId, s);
      const last = this.columnOrder[this.columnOrder.length - 1];
      if (last !== undefined && compareIds(this.statementIds[last]!, vote.statementId) > 0) this.columnsSorted = false;
      this.statementIds.push(vote.statementId);
      this.columnOrder.push(s);
    }
    this.rows[p]!.set(s, vote.vote);
    this.segments[p] = null;
    this.votesAdded++;
  }

  snapshot(moderatedOut: ReadonlySet<Id>): VoteMatrix {
    if (!this.rowsSorted) {
      this.rowOrder.sort((a, b) => compareIds(this.participantIds[a]!, this.participantIds[b]!));
      this.rowsSorted = true;
    }
    if (!this.columnsSorted) {
      this.columnOrder.sort((a, b) => compareIds(this.statementIds[a]!, this.statementIds[b]!));
      this.columnsSorted = true;
    }
    const m = this.columnOrder.length;
    // A statement registered since the last snapshot sorts last unless flagged above; only a
    // change of existing columns makes the cached rows stale.
    let columnsMoved = false;
    const columnOf = new Int32Array(m);
    this.columnOrder.forEach((s, c) => {
      columnOf[s] = c;
      if (s < this.columnOf.length && this.columnOf[s] !== c) columnsMoved = true;
    });
    this.columnOf = columnOf;
    if (columnsMoved) this.segments.fill(null);

    const n = this.rowOrder.length;
    const rowStart = new Int32Array(n + 1);
    const voteCounts = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const p = this.rowOrder[r]!;
      const segment = (this.segments[p] ??= this.segmentOf(p));
      voteCounts[r] = segment.columns.length;
      rowStart[r + 1] = rowStart[r]! + segment.columns.length;
    }
    const columns = new Int32Array(rowStart[n]!);
    const values = new Int8Array(rowStart[n]!);
    for (let r = 0; r < n; r++) {
      const segment = this.segments[this.rowOrder[r]!]!;
      columns.set(segment.columns, rowStart[r]!);
      values.set(segment.values, rowStart[r]!);
    }
    const moderatedOutFlags = new Uint8Array(m);
    let moderatedOutCount = 0;
    for (const id of moderatedOut) {
      const s = this.statementIndex.get(id);
      if (s !== undefined) {
        moderatedOutFlags[columnOf[s]!] = 1;
        moderatedOutCount++;
      }
    }
    return {
      participantIds: this.rowOrder.map((p) => this.participantIds[p]!),
      statementIds: this.columnOrder.map((s) => this.statementIds[s]!),
      rowStart,
      columns,
      values,
      moderatedOut: moderatedOutFlags,
      moderatedOutCount,
      voteCounts,
    };
  }

  private segmentOf(p: number): Segment {
    const entries = [...this.rows[p]!].map(([s, vote]) => [this.columnOf[s]!, vote] as const).sort((a, b) => a[0] - b[0]);
    return { columns: Int32Array.from(entries, (e) => e[0]), values: Int8Array.from(entries, (e) => e[1]) };
  }
}
