/**
 * Which statement to show a participant next, the way Pol.is routes comments: a random draw among
 * the statements they have not voted on, each weighted by a priority that favours statements few
 * have seen and those that separate the groups (`priority-metric` in
 * `polismath.math.conversation`, `selectProbabilistically` in the Pol.is server).
 */
import { compareIds } from './vote-matrix';
import type { Id } from './types';

/** Pol.is shows meta statements (about the conversation itself) with this fixed importance. */
export const META_PRIORITY = 7;

export interface PriorityInput {
  /** Votes of grouped participants: agrees, passes, and votes of any kind. */
  agree: number;
  pass: number;
  seen: number;
  /** Distance from the map's centre a lone "agree" would give (see `statementExtremity`). */
  extremity: number;
  isMeta?: boolean;
}

/**
 * (importance × novelty)²: importance = (1 − pass rate) × (extremity + 1) × agree rate, rates
 * smoothed with one pseudo-vote each way; novelty = 1 + 8 × 2^(−seen / 5), which makes a
 * statement nobody has seen nine times as likely and fades after a few dozen votes. Squaring
 * sharpens the preference.
 */
export function statementPriority({ agree, pass, seen, extremity, isMeta = false }: PriorityInput): number {
  if (isMeta) return META_PRIORITY ** 2;
  const passRate = (pass + 1) / (seen + 2);
  const agreeRate = (agree + 1) / (seen + 2);
  const importance = (1 - passRate) * (extremity + 1) * agreeRate;
  return (importance * (1 + 8 * 2 ** (-seen / 5))) ** 2;
}

/** The priority of a statement the last computation has not seen yet (no votes, at the centre). */
export const UNSEEN_STATEMENT_PRIORITY = statementPriority({ agree: 0, pass: 0, seen: 0, extremity: 0 });

export interface NextStatementRequest {
  /** Statements that may be shown (accepted, not moderated out). */
  shown: Iterable<Id>;
  /** Statements the participant has already voted on (or skipped for good). */
  voted: Iterable<Id>;
  /** Priorities from the last computation (`result.statements`); a statement missing gets `UNSEEN_STATEMENT_PRIORITY`. */
  priorities: ReadonlyMap<Id, number> | readonly { statementId: Id; priority: number }[];
  /** A number in [0, 1): the caller's randomness, so that the choice is testable. */
  random: number;
}

/** The statement to show next, or null when the participant has voted on everything. */
export function chooseNextStatement(request: NextStatementRequest): Id | null {
  const voted = new Set(request.voted);
  const priorities =
    request.priorities instanceof Map
      ? (request.priorities as ReadonlyMap<Id, number>)
      : new Map((request.priorities as readonly { statementId: Id; priority: number }[]).map((s) => [s.statementId, s.priority] as const));
  const candidates = [...new Set(request.shown)].filter((id) => !voted.has(id)).sort(compareIds);
  if (candidates.length === 0) return null;
  const weights = candidates.map((id) => {
    const p = priorities.get(id);
    return p !== undefined && Number.isFinite(p) && p > 0 ? p : UNSEEN_STATEMENT_PRIORITY;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const target = Math.min(Math.max(request.random, 0), 1) * total;
  let cumulative = 0;
  for (let i = 0; i < candidates.length; i++) {
    cumulative += weights[i]!;
    if (cumulative > target) return candidates[i]!;
  }
  return candidates[candidates.length - 1]!;
}
