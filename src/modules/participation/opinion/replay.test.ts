import { describe, expect, it } from 'vitest';
import { computeOpinionGroups, smoothK } from './opinion-groups';
import { seededRandom } from './random';
import { reloadedState, replayOpinionGroups, type TimedVote } from './replay';
import type { KSmootherState, OpinionGroupsResult, VoteValue } from './types';

const MINUTE = 60_000;

/**
 * Camps of 24 participants over 12 statements, each camp with its own agree pattern, 8 % of votes
 * flipped; camp c's participants arrive from `starts[c]` minutes on, one a minute, each casting
 * their votes a second apart. Participant ids follow arrival.
 */
function campsArriving(starts: readonly number[], seed = 11): TimedVote[] {
  const random = seededRandom(seed);
  const patterns = [
    [1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1],
    [-1, -1, -1, -1, -1, -1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1, -1],
  ];
  const arrivals: { camp: number; at: number }[] = [];
  starts.forEach((start, camp) => {
    for (let i = 0; i < 24; i++) arrivals.push({ camp, at: (start + i) * MINUTE + camp * 7_000 });
  });
  arrivals.sort((a, b) => a.at - b.at);
  const votes: TimedVote[] = [];
  arrivals.forEach(({ camp, at }, participantId) => {
    for (let s = 0; s < 12; s++) {
      let vote = patterns[camp]![s]! as VoteValue;
      if (random() < 0.08) vote = -vote as VoteValue;
      votes.push({ participantId, statementId: s, vote, timestamp: at + s * 1_000 });
    }
  });
  return votes;
}

const membership = (result: OpinionGroupsResult) => result.groups.map((g) => [g.id, g.members]);

describe('replayOpinionGroups', () => {
  const votes = campsArriving([0, 0, 40]);

  it('is deterministic, whatever the order in which the votes are given', () => {
    const first = replayOpinionGroups(votes, { updateInterval: MINUTE });
    const again = replayOpinionGroups(votes, { updateInterval: MINUTE });
    const shuffled = [...votes].sort(() => 0).reverse();
    const fromShuffled = replayOpinionGroups(shuffled, { updateInterval: MINUTE });
    expect(again).toEqual(first);
    expect(fromShuffled.result).toEqual(first.result);
    expect(first.result.k).toBe(3);
  });

  it('cuts updates at the poll that found the first vote, at most one per update interval', () => {
    const at = [200, 500, 1_400, 70_000, 75_000, 200_000];
    const timed: TimedVote[] = at.map((timestamp, i) => ({ participantId: i % 3, statementId: i, vote: 1, timestamp }));
    const { updates, lastCutoff } = replayOpinionGroups(timed, { updateInterval: MINUTE });
    expect(updates.map((u) => u.cutoff)).toEqual([1_000, 61_000, 121_000, 200_000]);
    expect(updates.map((u) => u.votes)).toEqual([2, 3, 5, 6]);
    expect(lastCutoff).toBe(200_000);
  });

  it('is the chain of computeOpinionGroups runs, each on the votes so far and started from the last state', () => {
    const tolerance = { intermediatePcaTolerance: 1e-10 };
    // One update per distinct minute: give each vote its minute as timestamp.
    const byMinute = votes.map((v) => ({ ...v, timestamp: Math.floor(v.timestamp / MINUTE) }));
    const replayed = replayOpinionGroups(byMinute, { updateInterval: 0, pollInterval: 1, ...tolerance });
    let previous: OpinionGroupsResult | null = null;
    const minutes = [...new Set(byMinute.map((v) => v.timestamp))].sort((a, b) => a - b);
    for (const minute of minutes) {
      previous = computeOpinionGroups({ votes: byMinute.filter((v) => v.timestamp <= minute), previous });
    }
    expect(replayed.updates).toHaveLength(minutes.length);
    expect(replayed.result).toEqual(previous);
  });

  it('carries the seeding across updates: a replay continued from a stored state ends where one replay ends', () => {
    const options = { updateInterval: MINUTE, intermediatePcaTolerance: 1e-10 };
    const whole = replayOpinionGroups(votes, options);
    const half = 50 * MINUTE;
    const firstPart = replayOpinionGroups(
      votes.filter((v) => v.timestamp <= half),
      options,
    );
    const continued = replayOpinionGroups(votes, { ...options, previous: firstPart.result, after: firstPart.lastCutoff });
    expect(firstPart.updates.length + continued.updates.length).toBe(whole.updates.length);
    expect(continued.result).toEqual(whole.result);
    // Without the state, the second part alone is not the same computation.
    const fresh = replayOpinionGroups(votes, { ...options, after: firstPart.lastCutoff });
    expect(fresh.updates).toHaveLength(continued.updates.length);
    expect(fresh.result.state.kSmoother).not.toEqual(continued.result.state.kSmoother);
  });

  it('keeps fine clusters and groups from one update to the next: ids born early survive to the end', () => {
    const early = replayOpinionGroups(
      votes.filter((v) => v.timestamp <= 30 * MINUTE),
      { updateInterval: MINUTE },
    ).result;
    const late = replayOpinionGroups(votes, { updateInterval: MINUTE }).result;
    const earlyBase = new Map(early.state.baseClusters!.map((c) => [c.id, c.members]));
    // Every early fine cluster still exists, with at least its early members.
    for (const cluster of late.state.baseClusters!) {
      const before = earlyBase.get(cluster.id);
      if (before) for (const member of before) expect(cluster.members).toContain(member);
    }
    expect(late.state.baseClusters!.filter((c) => earlyBase.has(c.id))).toHaveLength(earlyBase.size);
    // The two groups of the first camps keep their ids once the third camp is a group of its own.
    expect(early.k).toBe(2);
    const earlyIds = early.groups.map((g) => g.id);
    expect(late.groups.map((g) => g.id)).toEqual(expect.arrayContaining(earlyIds));
  });

  it("changes the number of groups only once a new k has won Pol.is's 4 updates in a row", () => {
    const { updates, result } = replayOpinionGroups(votes, { updateInterval: MINUTE });
    let smoother: KSmootherState | undefined;
    for (const update of updates) {
      smoother = smoothK(update.bestK, smoother, 4);
      expect(update.smoothedK).toBe(smoother.smoothedK);
      expect(update.k).toBeLessThanOrEqual(update.smoothedK);
    }
    // The third camp made k = 3 the best well before the groups changed.
    const firstBest3 = updates.findIndex((u) => u.bestK === 3);
    const firstK3 = updates.findIndex((u) => u.k === 3);
    expect(firstBest3).toBeGreaterThan(0);
    expect(firstK3).toBeGreaterThanOrEqual(firstBest3 + 3);
    expect(updates.slice(firstK3 - 3, firstK3 + 1).every((u) => u.bestK === 3)).toBe(true);
    expect(result.k).toBe(3);
  });

  it('on a reload (worker restart), starts the groupings afresh and takes the best k at once', () => {
    const state = replayOpinionGroups(votes, { updateInterval: MINUTE }).result.state;
    expect(reloadedState(state)).toEqual({ inConversation: state.inConversation, pca: state.pca, baseClusters: state.baseClusters });

    const { updates } = replayOpinionGroups(votes, { updateInterval: MINUTE, restarts: 'after-last-vote' });
    const [reload, redelivered] = updates.slice(-2);
    expect(reload!.reload).toBe(true);
    expect(reload!.smoothedK).toBe(reload!.bestK);
    expect(redelivered!.reload).toBe(false);
    expect(redelivered!.votes).toBe(reload!.votes);

    const daily = replayOpinionGroups(votes, { updateInterval: MINUTE, restarts: { every: 20 * MINUTE } }).updates;
    const reloads = daily.filter((u) => u.reload);
    expect(reloads.length).toBeGreaterThan(3);
    for (const u of reloads) expect(u.smoothedK).toBe(u.bestK);
  });

  it('with nothing new since the stored state, runs one update on it', () => {
    const stored = replayOpinionGroups(votes, { updateInterval: MINUTE });
    const again = replayOpinionGroups(votes, { updateInterval: MINUTE, previous: stored.result, after: stored.lastCutoff });
    expect(again.updates).toHaveLength(0);
    expect(again.result).toEqual(computeOpinionGroups({ votes, previous: stored.result }));
    expect(membership(again.result)).toEqual(membership(stored.result));
  });
});
