import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { replayOpinionGroups, type TimedVote } from './replay';
import { medoidPartition, partitionAgreement, partitionOf, replayConsensus, replayPaths } from './replay-consensus';
import type { VoteValue } from './types';

const MINUTE = 60_000;

describe('medoidPartition', () => {
  // Two partitions that are the same up to their labels, and one that splits each of their groups.
  const a = new Map([[1, 0], [2, 0], [3, 1], [4, 1]]);
  const b = new Map([[1, 1], [2, 1], [3, 0], [4, 0]]);
  const c = new Map([[1, 0], [2, 1], [3, 0], [4, 1]]);

  it('keeps the partition that agrees best with the others (hand-checked adjusted Rand indices)', () => {
    // ARI(a, b) = 1; ARI(a, c): no pair together in both, expected 2·2/6 = 2/3, max 2 → (0 − 2/3)/(2 − 2/3) = −0.5.
    expect(partitionAgreement(a, b)).toBe(1);
    expect(partitionAgreement(a, c)).toBeCloseTo(-0.5, 12);
    const { index, agreement } = medoidPartition([c, a, b]);
    expect(index).toBe(1);
    expect(agreement[0]).toBeCloseTo(-0.5, 12);
    expect(agreement[1]).toBeCloseTo(0.25, 12);
    expect(agreement[2]).toBeCloseTo(0.25, 12);
  });

  it('compares partitions on the participants both group, and takes the first on a tie', () => {
    const withMore = new Map([...a, [5, 1], [6, 0]]);
    expect(partitionAgreement(a, withMore)).toBe(1);
    expect(medoidPartition([a, b]).index).toBe(0);
    expect(medoidPartition([c])).toEqual({ index: 0, agreement: [1] });
    expect(() => medoidPartition([])).toThrow(RangeError);
  });
});

/** Two camps of 20 over 10 statements, 10 % of votes flipped; one participant a minute, votes a second apart. */
function twoCamps(seed = 5): TimedVote[] {
  const random = seededRandom(seed);
  const votes: TimedVote[] = [];
  for (let p = 0; p < 40; p++) {
    const camp = p % 2;
    for (let s = 0; s < 10; s++) {
      let vote = ((s < 5) === (camp === 0) ? 1 : -1) as VoteValue;
      if (random() < 0.1) vote = -vote as VoteValue;
      votes.push({ participantId: p, statementId: s, vote, timestamp: p * MINUTE + s * 1000 });
    }
  }
  return votes;
}

describe('replayConsensus', () => {
  const votes = twoCamps();
  const intervals = [10_000, 600_000];
  const consensus = replayConsensus(votes, { intervals });

  it('replays every path of the grid, in its order, and returns the medoid path’s result', () => {
    expect(consensus.paths.map((p) => p.path.name)).toEqual(replayPaths(intervals).map((p) => p.name));
    expect(consensus.paths.map((p) => p.path.name)).toEqual([
      'single-run',
      'replay-10s-no-restart',
      'replay-10s-restart-after-last-vote',
      'replay-10min-no-restart',
      'replay-10min-restart-after-last-vote',
    ]);
    const best = Math.max(...consensus.paths.map((p) => p.agreement));
    const chosen = consensus.paths.find((p) => p.path.name === consensus.chosen.name)!;
    expect(chosen.agreement).toBe(best);
    expect(consensus.result).toBe(chosen.result);
    // Two clear camps: every path finds them.
    expect(consensus.result.k).toBe(2);
    for (const p of consensus.paths) expect(p.agreement).toBe(1);
  });

  it('runs each path as replayOpinionGroups does, a restart carrying on from the uninterrupted replay', () => {
    const plain = replayOpinionGroups(votes, { updateInterval: 600_000, restarts: 'never' });
    const restarted = replayOpinionGroups(votes, { updateInterval: 600_000, restarts: 'after-last-vote', previous: plain.result, after: plain.lastCutoff });
    const byName = new Map(consensus.paths.map((p) => [p.path.name, p]));
    expect(partitionOf(byName.get('replay-10min-no-restart')!.result)).toEqual(partitionOf(plain.result));
    expect(partitionOf(byName.get('replay-10min-restart-after-last-vote')!.result)).toEqual(partitionOf(restarted.result));
    expect(byName.get('replay-10min-restart-after-last-vote')!.updates).toBe(plain.updates.length + restarted.updates.length);
    expect(byName.get('single-run')!.updates).toBe(1);
  });

  it('is deterministic and does not depend on the order the votes are given in', () => {
    const again = replayConsensus([...votes].reverse(), { intervals });
    expect(again.chosen.name).toBe(consensus.chosen.name);
    expect(partitionOf(again.result)).toEqual(partitionOf(consensus.result));
  });
});
