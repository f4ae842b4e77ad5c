import { describe, expect, it } from 'vitest';
import type { Vote } from './types';
import { buildVoteMatrix, columnMeans, compareIds, imputedDenseMatrix } from './vote-matrix';

const v = (participantId: number | string, statementId: number | string, vote: 1 | -1 | 0): Vote => ({ participantId, statementId, vote });

describe('buildVoteMatrix', () => {
  it('sorts ids (numbers by value), keeps the later of two votes on the same pair, and counts votes', () => {
    const m = buildVoteMatrix([v(10, 2, 1), v(9, 1, -1), v(10, 1, 0), v(10, 2, -1)]);
    expect(m.participantIds).toEqual([9, 10]);
    expect(m.statementIds).toEqual([1, 2]);
    expect(Array.from(m.voteCounts)).toEqual([1, 2]);
    // Row 10: statement 1 pass, statement 2 disagree (the later vote), in column order.
    expect(Array.from(m.columns.slice(m.rowStart[1]!, m.rowStart[2]!))).toEqual([0, 1]);
    expect(Array.from(m.values.slice(m.rowStart[1]!, m.rowStart[2]!))).toEqual([0, -1]);
  });

  it('does not depend on the order of the votes', () => {
    const votes = [v(1, 'a', 1), v(2, 'b', -1), v(1, 'b', 0), v(3, 'a', -1), v(2, 'a', 1)];
    const a = buildVoteMatrix(votes);
    const b = buildVoteMatrix([...votes].reverse());
    expect(b).toEqual(a);
  });

  it('flags moderated-out statements that are columns and ignores the others', () => {
    const m = buildVoteMatrix([v(1, 1, 1), v(1, 2, 1)], [2, 99]);
    expect(Array.from(m.moderatedOut)).toEqual([0, 1]);
    expect(m.moderatedOutCount).toBe(1);
  });

  it('refuses a vote that is not 1, -1 or 0', () => {
    expect(() => buildVoteMatrix([{ participantId: 1, statementId: 1, vote: 2 as never }])).toThrow(RangeError);
  });

  it('orders numbers before strings', () => {
    expect([['b'], [3], ['a'], [1]].map(([x]) => x!).sort(compareIds)).toEqual([1, 3, 'a', 'b']);
  });
});

describe('mean imputation', () => {
  // Statement 1: votes 1, -1, 1 → mean 1/3. Statement 2: only participant 1 voted 0 → mean 0.
  // Statement 3 is moderated out: zero for everyone.
  const m = buildVoteMatrix([v(1, 1, 1), v(2, 1, -1), v(3, 1, 1), v(1, 2, 0), v(2, 3, 1)], [3]);

  it('takes the mean of the votes cast, 0 for a moderated-out statement', () => {
    expect(Array.from(columnMeans(m))).toEqual([1 / 3, 0, 0]);
  });

  it('fills each missing vote with its statement mean', () => {
    expect(Array.from(imputedDenseMatrix(m))).toEqual([1, 0, 0, -1, 0, 0, 1, 0, 0]);
    const n = buildVoteMatrix([v(1, 1, 1), v(2, 1, -1), v(2, 2, 1), v(3, 2, -1), v(4, 2, -1)]);
    // Statement 1 mean 0, statement 2 mean -1/3; participant 1 missed 2, 3 and 4 missed 1.
    expect(Array.from(imputedDenseMatrix(n))).toEqual([1, -1 / 3, -1, 1, 0, -1, 0, -1]);
  });
});
