import { describe, expect, it } from 'vitest';
import { consensusStatements, divisiveStatements } from './consensus';
import type { GroupTallies } from './repness';

// Two groups, three statements: 0 agreed by both, 1 agreed by group 0 only, 2 rejected by both.
const tallies: GroupTallies = {
  agree: [Int32Array.from([8, 9, 0]), Int32Array.from([4, 0, 1])],
  disagree: [Int32Array.from([0, 1, 10]), Int32Array.from([1, 5, 4])],
  seen: [Int32Array.from([10, 10, 10]), Int32Array.from([5, 5, 5])],
};
const moderated = new Uint8Array(3);

describe('group-informed consensus', () => {
  it('multiplies the groups’ smoothed agreement', () => {
    const consensus = consensusStatements(tallies, [0, 1], ['x', 'y', 'z'], moderated);
    expect(consensus.map((c) => c.statementId)).toEqual(['x', 'y', 'z']);
    // (8+1)/(10+2) × (4+1)/(5+2)
    expect(consensus[0]!.agreeConsensus).toBeCloseTo((9 / 12) * (5 / 7), 12);
    expect(consensus[2]!.disagreeConsensus).toBeCloseTo((11 / 12) * (5 / 7), 12);
    expect(consensus[0]!.groups[1]).toEqual({ groupId: 1, tally: { agree: 4, disagree: 1, seen: 5 }, pAgree: 5 / 7, pDisagree: 2 / 7 });
  });

  it('leaves moderated-out statements out', () => {
    expect(consensusStatements(tallies, [0, 1], ['x', 'y', 'z'], Uint8Array.from([1, 0, 0])).map((c) => c.statementId)).toEqual(['y', 'z']);
  });
});

describe('divisive statements', () => {
  it('keeps the statements whose agreement differs significantly between groups', () => {
    const divisive = divisiveStatements(tallies, [0, 1], ['x', 'y', 'z'], moderated, Float64Array.from([0.1, 2, 0.3]));
    expect(divisive.map((d) => d.statementId)).toEqual(['y']);
    expect(divisive[0]).toMatchObject({ mostAgreeingGroupId: 0, leastAgreeingGroupId: 1, extremity: 2 });
    expect(divisive[0]!.spread).toBeCloseTo(10 / 12 - 1 / 7, 12);
  });

  it('is empty with a single group', () => {
    expect(divisiveStatements(tallies, [0], ['x', 'y', 'z'], moderated, new Float64Array(3))).toEqual([]);
  });
});
