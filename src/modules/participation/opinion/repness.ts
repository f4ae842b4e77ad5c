/**
 * Representative statements of a group: those its members agree (or disagree) with significantly
 * more than the other groups do, as Pol.is selects them (`polismath.math.repness`), with
 * Laplace-smoothed proportions and its two z tests.
 */
import type { Id, RepresentativeStatement, VoteTally } from './types';

/** One-sided z at 90 % confidence: Pol.is's bar for "significant". */
export const Z_90 = 1.2816;

/** z statistic of a proportion against 1/2, with one pseudo-count added to successes and trials. */
export function propTest(successes: number, trials: number): number {
  const s = successes + 1;
  const n = trials + 1;
  return 2 * Math.sqrt(n) * (s / n - 0.5);
}

/** Two-proportion z statistic (in-group against outside), one pseudo-count added to each of the four counts. */
export function twoPropTest(successesIn: number, successesOut: number, trialsIn: number, trialsOut: number): number {
  const sIn = successesIn + 1;
  const sOut = successesOut + 1;
  const nIn = trialsIn + 1;
  const nOut = trialsOut + 1;
  const pooled = (sIn + sOut) / (nIn + nOut);
  if (pooled === 1) return 0;
  return (sIn / nIn - sOut / nOut) / Math.sqrt(pooled * (1 - pooled) * (1 / nIn + 1 / nOut));
}

/** Agree, disagree and seen counts per statement for each group, in typed arrays. */
export interface GroupTallies {
  agree: Int32Array[];
  disagree: Int32Array[];
  seen: Int32Array[];
}

export function tally(tallies: GroupTallies, group: number, statement: number): VoteTally {
  return { agree: tallies.agree[group]![statement]!, disagree: tallies.disagree[group]![statement]!, seen: tallies.seen[group]![statement]! };
}

/** The counts of every group but `group`, added up. */
export function outsideTally(tallies: GroupTallies, group: number, statement: number): VoteTally {
  const out: VoteTally = { agree: 0, disagree: 0, seen: 0 };
  for (let g = 0; g < tallies.seen.length; g++) {
    if (g === group) continue;
    out.agree += tallies.agree[g]![statement]!;
    out.disagree += tallies.disagree[g]![statement]!;
    out.seen += tallies.seen[g]![statement]!;
  }
  return out;
}

export interface RepnessStats {
  inGroup: VoteTally;
  outside: VoteTally;
  pa: number;
  pd: number;
  pat: number;
  pdt: number;
  /** pa (pd) over the outside's smoothed agree (disagree) probability. */
  ra: number;
  rd: number;
  rat: number;
  rdt: number;
}

export function repnessStats(inGroup: VoteTally, outside: VoteTally): RepnessStats {
  const pa = (inGroup.agree + 1) / (inGroup.seen + 2);
  const pd = (inGroup.disagree + 1) / (inGroup.seen + 2);
  return {
    inGroup,
    outside,
    pa,
    pd,
    pat: propTest(inGroup.agree, inGroup.seen),
    pdt: propTest(inGroup.disagree, inGroup.seen),
    ra: pa / ((outside.agree + 1) / (outside.seen + 2)),
    rd: pd / ((outside.disagree + 1) / (outside.seen + 2)),
    rat: twoPropTest(inGroup.agree, outside.agree, inGroup.seen, outside.seen),
    rdt: twoPropTest(inGroup.disagree, outside.disagree, inGroup.seen, outside.seen),
  };
}

/** Both the group's own majority and its difference from the others are significant. */
export function passesByTest(s: RepnessStats): boolean {
  return (s.rat > Z_90 && s.pat > Z_90) || (s.rdt > Z_90 && s.pdt > Z_90);
}

export function finalize(statementId: Id, s: RepnessStats, bestAgree = false): RepresentativeStatement {
  const agree = s.rat > s.rdt;
  const nSuccess = agree ? s.inGroup.agree : s.inGroup.disagree;
  const pSuccess = agree ? s.pa : s.pd;
  const pTest = agree ? s.pat : s.pdt;
  const repness = agree ? s.ra : s.rd;
  const zScore = agree ? s.rat : s.rdt;
  return {
    statementId,
    repful: agree ? 'agree' : 'disagree',
    nSuccess,
    nTrials: s.inGroup.seen,
    pSuccess,
    pTest,
    repness,
    zScore,
    repnessScore: repness * zScore * pSuccess * pTest,
    bestAgree,
    inGroup: s.inGroup,
    outside: s.outside,
  };
}

/** Whether `s` should replace the group's best "agree" statement so far (Pol.is's `beats-best-agr?`). */
function beatsBestAgree(s: RepnessStats, best: RepnessStats | null): boolean {
  if (s.inGroup.agree === 0 && s.inGroup.disagree === 0) return false;
  if (best && best.ra > 1) return s.ra * s.rat * s.pa * s.pat > best.ra * best.rat * best.pa * best.pat;
  if (best) return s.pa * s.pat > best.pa * best.pat;
  return s.pat > Z_90 || (s.ra > 1 && s.pa > 0.5);
}

/**
 * Up to five statements for one group: those passing both tests, ranked by Pol.is's metric, the
 * best "agree" statement first and agrees before disagrees; when none passes, the best one there
 * is, so that every group has at least one.
 */
export function selectRepresentative(candidates: readonly { statementId: Id; stats: RepnessStats }[], limit = 5): RepresentativeStatement[] {
  const sufficient: RepresentativeStatement[] = [];
  let best: RepresentativeStatement | null = null;
  let bestAgree: { statementId: Id; stats: RepnessStats } | null = null;
  for (const candidate of candidates) {
    const { statementId, stats } = candidate;
    if (passesByTest(stats)) sufficient.push(finalize(statementId, stats));
    if (sufficient.length === 0 && (best === null || Math.max(stats.rat, stats.rdt) > best.zScore)) best = finalize(statementId, stats);
    if (beatsBestAgree(stats, bestAgree?.stats ?? null)) bestAgree = candidate;
  }
  const head = bestAgree ? finalize(bestAgree.statementId, bestAgree.stats, true) : null;
  if (sufficient.length === 0) return head ? [head] : best ? [best] : [];
  const ranked = sufficient.filter((s) => !head || s.statementId !== head.statementId).sort((a, b) => b.repnessScore - a.repnessScore);
  const chosen = (head ? [head, ...ranked] : ranked).slice(0, limit);
  return [...chosen.filter((s) => s.repful === 'agree'), ...chosen.filter((s) => s.repful === 'disagree')];
}
