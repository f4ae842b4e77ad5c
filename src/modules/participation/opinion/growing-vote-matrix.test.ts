import { describe, expect, it } from 'vitest';
import { GrowingVoteMatrix } from './growing-vote-matrix';
import { seededRandom } from './random';
import type { Id, Vote, VoteValue } from './types';
import { buildVoteMatrix } from './vote-matrix';

function randomVotes(count: number, seed: number): Vote[] {
  const random = seededRandom(seed);
  // Mixed ids, arriving out of order, with repeated (participant, statement) pairs.
  const participant = (): Id => (random() < 0.2 ? `p${Math.floor(random() * 5)}` : Math.floor(random() * 40));
  const statement = (): Id => (random() < 0.1 ? `s${Math.floor(random() * 3)}` : Math.floor(random() * 25));
  const values: VoteValue[] = [1, -1, 0];
  return Array.from({ length: count }, () => ({ participantId: participant(), statementId: statement(), vote: values[Math.floor(random() * 3)]! }));
}

describe('GrowingVoteMatrix', () => {
  it('gives, after each batch, the matrix buildVoteMatrix builds from all the votes so far', () => {
    const votes = randomVotes(600, 3);
    const moderatedOut = new Set<Id>([3, 's1', 99]);
    const growing = new GrowingVoteMatrix();
    let added = 0;
    for (const batch of [1, 7, 30, 62, 150, 350]) {
      while (added < batch) growing.add(votes[added++]!);
      expect(growing.snapshot(moderatedOut)).toEqual(buildVoteMatrix(votes.slice(0, added), moderatedOut));
    }
    while (added < votes.length) growing.add(votes[added++]!);
    expect(growing.snapshot(moderatedOut)).toEqual(buildVoteMatrix(votes, moderatedOut));
    expect(growing.size).toBe(votes.length);
  });

  it('refuses a vote that is not 1, -1 or 0', () => {
    expect(() => new GrowingVoteMatrix().add({ participantId: 1, statementId: 1, vote: 2 as VoteValue })).toThrow(RangeError);
  });
});
