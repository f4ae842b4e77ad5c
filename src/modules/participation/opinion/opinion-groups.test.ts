import { describe, expect, it } from 'vitest';
import { computeOpinionGroups, maxGroupsFor, smoothK } from './opinion-groups';
import { seededRandom } from './random';
import type { Vote } from './types';

/**
 * 60 participants in two camps over 10 statements: camp A (even ids) agrees with 0–4 and
 * rejects 5–8, camp B the opposite; everyone agrees with statement 9; 10% of votes are flipped
 * or missing. Statement 10 is moderated out.
 */
function twoCamps(seed = 5): Vote[] {
  const random = seededRandom(seed);
  const votes: Vote[] = [];
  for (let p = 0; p < 60; p++) {
    for (let s = 0; s < 11; s++) {
      if (random() < 0.1) continue;
      const campA = p % 2 === 0;
      let vote: 1 | -1 | 0 = s === 9 ? 1 : s === 10 ? -1 : (s < 5) === campA ? 1 : -1;
      if (s !== 9 && random() < 0.1) vote = vote === 1 ? -1 : 1;
      votes.push({ participantId: p, statementId: s, vote });
    }
  }
  return votes;
}

describe('computeOpinionGroups', () => {
  const votes = twoCamps();
  const result = computeOpinionGroups({ votes, moderatedOut: [10] });

  it('finds the two camps', () => {
    expect(result.k).toBe(2);
    for (const group of result.groups) {
      const parities = new Set(group.members.map((id) => (id as number) % 2));
      expect(parities.size).toBe(1);
    }
    expect(result.participants).toHaveLength(60);
    expect(result.participants.every((p) => p.groupId !== null)).toBe(true);
    expect(result.silhouette).toBeGreaterThan(0.5);
    expect(result.pca.explainedVariance[0]).toBeGreaterThan(result.pca.explainedVariance[1]);
  });

  it('gives each camp its own statements as representative, with their test statistics', () => {
    for (const group of result.repness) {
      expect(group.statements.length).toBeGreaterThan(0);
      const campA = (result.groups.find((g) => g.id === group.groupId)!.members[0] as number) % 2 === 0;
      for (const s of group.statements) {
        const agreedByA = (s.statementId as number) < 5;
        expect(s.repful === 'agree').toBe(agreedByA === campA);
        expect(s.zScore).toBeGreaterThan(1.2816);
        expect(s.inGroup.seen).toBeGreaterThan(0);
        expect(s.outside.seen).toBeGreaterThan(0);
      }
      expect(group.statements.some((s) => s.statementId === 9 || s.statementId === 10)).toBe(false);
    }
  });

  it('puts the statement everyone agrees with first in consensus, and the others in divisive', () => {
    expect(result.consensus[0]!.statementId).toBe(9);
    expect(result.consensus.some((c) => c.statementId === 10)).toBe(false);
    const divisive = result.divisive.map((d) => d.statementId);
    expect(divisive).not.toContain(9);
    expect(divisive.length).toBeGreaterThanOrEqual(8);
  });

  it('gives routing priorities, none to the moderated-out statement', () => {
    const byId = new Map(result.statements.map((s) => [s.statementId, s]));
    expect(byId.get(10)!.priority).toBe(0);
    expect(byId.get(0)!.priority).toBeGreaterThan(0);
  });

  it('is deterministic, whatever the order of the votes', () => {
    expect(computeOpinionGroups({ votes, moderatedOut: [10] })).toEqual(result);
    const shuffled = [...votes].sort((a, b) => ((a.statementId as number) * 7 + (a.participantId as number)) % 13 - ((b.statementId as number) * 7 + (b.participantId as number)) % 13);
    const again = computeOpinionGroups({ votes: shuffled, moderatedOut: [10] });
    expect(again.groups).toEqual(result.groups);
    expect(again.silhouette).toBeCloseTo(result.silhouette, 10);
  });

  it('keeps group ids and members from one run to the next (the previous run seeds the next)', () => {
    const more: Vote[] = [...votes, { participantId: 100, statementId: 0, vote: 1 }, { participantId: 100, statementId: 5, vote: -1 }];
    const next = computeOpinionGroups({ votes: more, moderatedOut: [10], previous: result });
    expect(next.groups.map((g) => g.id)).toEqual(result.groups.map((g) => g.id));
    for (const g of result.groups) expect(next.groups.find((h) => h.id === g.id)!.members).toEqual(g.members);
    // Two votes are not enough to be grouped.
    expect(next.participants.find((p) => p.id === 100)!.groupId).toBeNull();
    // The state survives JSON, as the service will store it.
    const viaJson = computeOpinionGroups({ votes: more, moderatedOut: [10], previous: JSON.parse(JSON.stringify({ state: result.state })) });
    expect(viaJson.groups).toEqual(next.groups);
  });

  it('copes with no votes and with a single participant', () => {
    const empty = computeOpinionGroups({ votes: [] });
    expect(empty).toMatchObject({ k: 0, groups: [], participants: [], consensus: [] });
    const one = computeOpinionGroups({ votes: [{ participantId: 'a', statementId: 's', vote: 1 }] });
    expect(one.participants).toHaveLength(1);
    expect(one.k).toBeLessThanOrEqual(1);
  });
});

describe('number of groups', () => {
  it('allows more groups as fine clusters grow, up to 5', () => {
    expect([5, 11, 12, 24, 36, 100].map((n) => maxGroupsFor(n, 5))).toEqual([2, 2, 3, 4, 5, 5]);
  });

  it('changes k only after the new best k has won 4 runs in a row', () => {
    let state = smoothK(2, undefined, 4);
    expect(state.smoothedK).toBe(2);
    for (let run = 1; run <= 3; run++) {
      state = smoothK(3, state, 4);
      expect(state.smoothedK).toBe(2);
    }
    state = smoothK(3, state, 4);
    expect(state).toEqual({ lastK: 3, lastKCount: 4, smoothedK: 3 });
    expect(smoothK(2, state, 4).smoothedK).toBe(3);
  });
});
