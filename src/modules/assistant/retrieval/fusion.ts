/**
 * Reciprocal rank fusion (Cormack et al. 2009): score(d) = Σ_lists 1 / (k + rank_d),
 * rank starting at 1. Used to merge lexical and dense rankings.
 */

export interface FusedHit {
  id: string;
  score: number;
}

/**
 * Fuse several ranked lists of ids (best first). Ids absent from a list get no
 * contribution from it. Ties are broken by best single rank, then by id.
 */
export function reciprocalRankFusion(lists: readonly (readonly string[])[], k = 60, weights?: readonly number[]): FusedHit[] {
  const scores = new Map<string, { score: number; best: number }>();
  lists.forEach((list, li) => {
    const w = weights?.[li] ?? 1;
    const seen = new Set<string>();
    list.forEach((id, i) => {
      if (seen.has(id)) return;
      seen.add(id);
      const e = scores.get(id) ?? { score: 0, best: Infinity };
      e.score += w / (k + i + 1);
      e.best = Math.min(e.best, i + 1);
      scores.set(id, e);
    });
  });
  return [...scores]
    .sort((a, b) => b[1].score - a[1].score || a[1].best - b[1].best || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([id, e]) => ({ id, score: e.score }));
}
