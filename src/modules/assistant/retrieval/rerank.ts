/**
 * Second-stage reordering by a reranking model: the model reads the query and each candidate
 * together, which a first-stage ranking cannot. Only the head of the list is sent (the answer
 * quotes from the first few passages; the rest keeps its order behind it).
 */

/** Candidates sent to the reranking model. */
export const RERANK_DEPTH = 20;

/**
 * Reorders the first `scores.length` items by descending score; ties and the items beyond keep
 * their first-stage order. A score that is not a finite number counts as the lowest.
 */
export function applyRerankScores<T>(items: readonly T[], scores: readonly number[]): T[] {
  const head = items.slice(0, scores.length).map((item, i) => ({ item, i, score: Number.isFinite(scores[i]) ? (scores[i] as number) : Number.NEGATIVE_INFINITY }));
  head.sort((a, b) => (b.score === a.score ? a.i - b.i : b.score > a.score ? 1 : -1));
  return [...head.map((h) => h.item), ...items.slice(scores.length)];
}

/** The text a reranking model reads for a passage: where it comes from, then what it says. */
export function rerankDocument(p: { documentTitle: string; heading: string | null; text: string }): string {
  return [p.documentTitle, p.heading, p.text].filter((s): s is string => !!s && s.trim() !== '').join('\n');
}
