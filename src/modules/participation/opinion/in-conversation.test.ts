import { describe, expect, it } from 'vitest';
import { inConversationOverHistory, participantsInConversation } from './in-conversation';

const rows = (flags: Uint8Array) => [...flags].flatMap((f, i) => (f ? [i] : []));
const rule = { minVotes: 7, greedyParticipants: 3 };

describe('who is in the conversation', () => {
  it('takes participants with 7 votes, or with every statement when there are fewer', () => {
    expect(rows(participantsInConversation(Int32Array.from([7, 6, 9, 1, 8]), 20, new Uint8Array(5), rule))).toEqual([0, 2, 4]);
    // Three statements: 3 votes suffice; participant 1 then tops the group up to three.
    expect(rows(participantsInConversation(Int32Array.from([3, 2, 3, 1]), 3, new Uint8Array(4), rule))).toEqual([0, 1, 2]);
  });

  it('tops up with the most active participants while too few qualify', () => {
    // Only participant 2 qualifies; 3 and then 0 are the most active of the others.
    expect(rows(participantsInConversation(Int32Array.from([4, 1, 9, 5, 0]), 20, new Uint8Array(5), rule))).toEqual([0, 2, 3]);
  });

  it('keeps a participant once in', () => {
    const before = Uint8Array.from([0, 1, 0, 0, 0]);
    expect(rows(participantsInConversation(Int32Array.from([7, 2, 7, 7, 0]), 20, before, rule))).toEqual([0, 1, 2, 3]);
  });

  it('replays the history: an early voter on every statement stays in', () => {
    const history = [
      { participantId: 'early', statementId: 1 },
      { participantId: 'early', statementId: 2 },
      ...Array.from({ length: 7 }, (_, s) => ({ participantId: 'late', statementId: s + 3 })),
      { participantId: 'idle', statementId: 1 },
    ];
    const strict = { minVotes: 7, greedyParticipants: 0 };
    expect([...inConversationOverHistory(history, strict)].sort()).toEqual(['early', 'late']);
  });
});
