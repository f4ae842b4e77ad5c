/**
 * What the groups share and what splits them. Group-informed consensus is Pol.is's
 * (`:group-aware-consensus`): the product over groups of each group's smoothed agreement, high
 * only when every group agrees, however small. Divisive statements are ours (Pol.is's math has no
 * such list): the largest gap in agreement between two groups, kept when a two-proportion z test
 * finds it significant at 90 %.
 */
import type { GroupTallies } from './repness';
import { tally, twoPropTest, Z_90 } from './repness';
import type { ConsensusStatement, DivisiveStatement, GroupShare, Id } from './types';

export function groupShares(tallies: GroupTallies, groupIds: readonly number[], statement: number): GroupShare[] {
  return groupIds.map((groupId, g) => {
    const t = tally(tallies, g, statement);
    return { groupId, tally: t, pAgree: (t.agree + 1) / (t.seen + 2), pDisagree: (t.disagree + 1) / (t.seen + 2) };
  });
}

export function consensusStatements(
  tallies: GroupTallies,
  groupIds: readonly number[],
  statementIds: readonly Id[],
  moderatedOut: Uint8Array,
): ConsensusStatement[] {
  const out: ConsensusStatement[] = [];
  statementIds.forEach((statementId, c) => {
    if (moderatedOut[c] || groupIds.length === 0) return;
    const groups = groupShares(tallies, groupIds, c);
    out.push({
      statementId,
      agreeConsensus: groups.reduce((product, g) => product * g.pAgree, 1),
      disagreeConsensus: groups.reduce((product, g) => product * g.pDisagree, 1),
      groups,
    });
  });
  return out.sort((a, b) => b.agreeConsensus - a.agreeConsensus);
}

export function divisiveStatements(
  tallies: GroupTallies,
  groupIds: readonly number[],
  statementIds: readonly Id[],
  moderatedOut: Uint8Array,
  extremity: Float64Array,
): DivisiveStatement[] {
  if (groupIds.length < 2) return [];
  const out: DivisiveStatement[] = [];
  statementIds.forEach((statementId, c) => {
    if (moderatedOut[c]) return;
    const groups = groupShares(tallies, groupIds, c);
    let most = 0;
    let least = 0;
    groups.forEach((g, i) => {
      if (g.pAgree > groups[most]!.pAgree) most = i;
      if (g.pAgree < groups[least]!.pAgree) least = i;
    });
    if (most === least) return;
    const hi = groups[most]!.tally;
    const lo = groups[least]!.tally;
    const zScore = twoPropTest(hi.agree, lo.agree, hi.seen, lo.seen);
    if (!(zScore > Z_90)) return;
    out.push({
      statementId,
      spread: groups[most]!.pAgree - groups[least]!.pAgree,
      mostAgreeingGroupId: groups[most]!.groupId,
      leastAgreeingGroupId: groups[least]!.groupId,
      zScore,
      extremity: extremity[c]!,
      groups,
    });
  });
  return out.sort((a, b) => b.spread - a.spread);
}
