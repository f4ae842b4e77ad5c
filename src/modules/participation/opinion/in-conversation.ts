/**
 * Who is "in the conversation", i.e. grouped: Pol.is takes a participant once they have voted on
 * 7 statements, or on every statement while there are fewer than 7; while fewer than 15 qualify,
 * the most active participants are taken up to 15; and once in, a participant stays in
 * (`:in-conv` in `polismath.math.conversation`).
 */
import type { Id } from './types';

export interface InConversationRule {
  minVotes: number;
  greedyParticipants: number;
}

export const POLIS_IN_CONVERSATION_RULE: Readonly<InConversationRule> = Object.freeze({ minVotes: 7, greedyParticipants: 15 });

/**
 * The participants (row indices) in the conversation now. `voteCounts` counts every vote cast,
 * `statementCount` the statements that have received a vote, `previouslyIn` the rows that were in.
 */
export function participantsInConversation(
  voteCounts: Int32Array,
  statementCount: number,
  previouslyIn: Uint8Array,
  rule: InConversationRule = POLIS_IN_CONVERSATION_RULE,
): Uint8Array {
  const n = voteCounts.length;
  const inConversation = previouslyIn.slice();
  const threshold = Math.min(rule.minVotes, statementCount);
  let count = 0;
  for (let r = 0; r < n; r++) {
    if (!inConversation[r] && voteCounts[r]! >= threshold && voteCounts[r]! > 0) inConversation[r] = 1;
    if (inConversation[r]) count++;
  }
  if (count < rule.greedyParticipants) {
    const candidates: number[] = [];
    for (let r = 0; r < n; r++) if (!inConversation[r] && voteCounts[r]! > 0) candidates.push(r);
    candidates.sort((a, b) => voteCounts[b]! - voteCounts[a]! || a - b);
    for (const r of candidates.slice(0, rule.greedyParticipants - count)) inConversation[r] = 1;
  }
  return inConversation;
}

/**
 * Replays a conversation's votes in the order they were cast, applying the rule after each one,
 * to learn who Pol.is had let in along the way (a participant who voted on all 3 statements of a
 * young conversation stays in). For importing a conversation whose history is known; a live
 * service gets the same by passing each run's state to the next.
 */
export function inConversationOverHistory(
  votesInOrder: readonly { participantId: Id; statementId: Id }[],
  rule: InConversationRule = POLIS_IN_CONVERSATION_RULE,
): Set<Id> {
  const statements = new Set<Id>();
  const voted = new Map<Id, Set<Id>>();
  const inConversation = new Set<Id>();
  for (const { participantId, statementId } of votesInOrder) {
    statements.add(statementId);
    let mine = voted.get(participantId);
    if (!mine) voted.set(participantId, (mine = new Set()));
    mine.add(statementId);
    // The threshold only rises, so only the voter's own vote can let them in.
    if (!inConversation.has(participantId) && mine.size >= Math.min(rule.minVotes, statements.size)) inConversation.add(participantId);
    if (inConversation.size < rule.greedyParticipants) {
      const candidates = [...voted.entries()].filter(([id]) => !inConversation.has(id)).sort((a, b) => b[1].size - a[1].size);
      for (const [id] of candidates.slice(0, rule.greedyParticipants - inConversation.size)) inConversation.add(id);
    }
  }
  return inConversation;
}
