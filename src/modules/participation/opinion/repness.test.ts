import { describe, expect, it } from 'vitest';
import { passesByTest, propTest, repnessStats, selectRepresentative, twoPropTest, Z_90 } from './repness';

describe('z tests', () => {
  it('computes the one-proportion test with a pseudo-count', () => {
    // 2 × √11 × (9/11 − 1/2)
    expect(propTest(8, 10)).toBeCloseTo(2.1105794120443457, 12);
    expect(propTest(0, 0)).toBeCloseTo(1, 12);
  });

  it('computes the two-proportion test with pseudo-counts', () => {
    // (9/11 − 3/11) / √(12/22 × 10/22 × 2/11)
    expect(twoPropTest(8, 2, 10, 10)).toBeCloseTo(2.5690465157330262, 12);
    expect(twoPropTest(3, 3, 10, 10)).toBe(0);
    // Everybody agreeing on both sides: no difference, not a division by zero.
    expect(twoPropTest(5, 5, 5, 5)).toBe(0);
  });
});

describe('representative statements', () => {
  const group = { agree: 9, disagree: 1, seen: 10 };
  const others = { agree: 2, disagree: 8, seen: 10 };

  it('computes the smoothed probabilities, ratios and tests', () => {
    const s = repnessStats(group, others);
    expect(s.pa).toBeCloseTo(10 / 12, 12);
    expect(s.ra).toBeCloseTo(10 / 12 / (3 / 12), 12);
    expect(s.rat).toBeCloseTo(twoPropTest(9, 2, 10, 10), 12);
    expect(s.rat).toBeGreaterThan(Z_90);
    expect(passesByTest(s)).toBe(true);
    expect(passesByTest(repnessStats({ agree: 5, disagree: 5, seen: 10 }, { agree: 5, disagree: 5, seen: 10 }))).toBe(false);
  });

  it('picks the agreed statement for one group and the rejected one for the other, agrees first', () => {
    const forGroup = selectRepresentative([
      { statementId: 'a', stats: repnessStats(group, others) },
      { statementId: 'b', stats: repnessStats({ agree: 5, disagree: 5, seen: 10 }, { agree: 5, disagree: 5, seen: 10 }) },
      { statementId: 'c', stats: repnessStats({ agree: 0, disagree: 10, seen: 10 }, { agree: 9, disagree: 1, seen: 10 }) },
    ]);
    expect(forGroup.map((s) => [s.statementId, s.repful])).toEqual([
      ['a', 'agree'],
      ['c', 'disagree'],
    ]);
    const a = forGroup[0]!;
    expect(a.bestAgree).toBe(true);
    expect(a.nSuccess).toBe(9);
    expect(a.nTrials).toBe(10);
    expect(a.repnessScore).toBeCloseTo(a.repness * a.zScore * a.pSuccess * a.pTest, 12);
    expect(a.inGroup).toEqual(group);
    expect(a.outside).toEqual(others);
  });

  it('still gives one statement when none is significant', () => {
    const chosen = selectRepresentative([
      { statementId: 1, stats: repnessStats({ agree: 2, disagree: 1, seen: 4 }, { agree: 2, disagree: 2, seen: 5 }) },
      { statementId: 2, stats: repnessStats({ agree: 1, disagree: 1, seen: 4 }, { agree: 2, disagree: 2, seen: 5 }) },
    ]);
    expect(chosen).toHaveLength(1);
  });

  it('keeps at most five', () => {
    const candidates = Array.from({ length: 8 }, (_, i) => ({ statementId: i, stats: repnessStats({ agree: 9, disagree: 0, seen: 9 + i }, others) }));
    expect(selectRepresentative(candidates)).toHaveLength(5);
  });
});
