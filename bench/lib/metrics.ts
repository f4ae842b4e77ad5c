/**
 * Retrieval metric maths (binary relevance). Pure functions, reused by benchmarks.
 */

/** 1 if any of the first k ranked ids is relevant, else 0. */
export function recallAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (relevant.has(ranked[i] as string)) return 1;
  return 0;
}

/** Reciprocal rank of the first relevant id within the first k (0 if none). */
export function reciprocalRankAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (relevant.has(ranked[i] as string)) return 1 / (i + 1);
  return 0;
}

/**
 * nDCG@k with binary gains: DCG = Σ rel_i / log2(i + 2) over the first k ranks;
 * ideal DCG assumes min(|relevant|, k) relevant ids at the top.
 */
export function ndcgAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (relevant.has(ranked[i] as string)) dcg += 1 / Math.log2(i + 2);
  const ideal = Math.min(relevant.size, k);
  let idcg = 0;
  for (let i = 0; i < ideal; i++) idcg += 1 / Math.log2(i + 2);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export interface RetrievalMetrics {
  recall_at_1: number;
  recall_at_5: number;
  recall_at_10: number;
  mrr_at_10: number;
  ndcg_at_10: number;
}

/** Mean retrieval metrics over queries: each run is (ranked ids, relevant ids). */
export function retrievalMetrics(runs: readonly { ranked: readonly string[]; relevant: ReadonlySet<string> }[]): RetrievalMetrics {
  const n = Math.max(1, runs.length);
  const sum = { recall_at_1: 0, recall_at_5: 0, recall_at_10: 0, mrr_at_10: 0, ndcg_at_10: 0 };
  for (const r of runs) {
    sum.recall_at_1 += recallAtK(r.ranked, r.relevant, 1);
    sum.recall_at_5 += recallAtK(r.ranked, r.relevant, 5);
    sum.recall_at_10 += recallAtK(r.ranked, r.relevant, 10);
    sum.mrr_at_10 += reciprocalRankAtK(r.ranked, r.relevant, 10);
    sum.ndcg_at_10 += ndcgAtK(r.ranked, r.relevant, 10);
  }
  return {
    recall_at_1: sum.recall_at_1 / n,
    recall_at_5: sum.recall_at_5 / n,
    recall_at_10: sum.recall_at_10 / n,
    mrr_at_10: sum.mrr_at_10 / n,
    ndcg_at_10: sum.ndcg_at_10 / n,
  };
}

/** Accent-, case- and whitespace-insensitive containment of any gold answer. */
export function containsAnyGold(answer: string, golds: readonly string[]): boolean {
  const norm = (s: string): string =>
    s.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/\s+/g, ' ').trim();
  const a = norm(answer);
  return golds.some((g) => {
    const ng = norm(g);
    return ng.length > 0 && a.includes(ng);
  });
}

/** Deterministic PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Documents in the order of their first passage in a passage ranking (each document counted once). */
export function documentRanking(rankedPassages: readonly string[], documentOf: (passageId: string) => string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of rankedPassages) {
    const d = documentOf(id);
    if (seen.has(d)) continue;
    seen.add(d);
    out.push(d);
  }
  return out;
}

/** Per-question nDCG@k of a set of runs, for comparisons question by question. */
export function ndcgPerQuestion(runs: readonly { ranked: readonly string[]; relevant: ReadonlySet<string> }[], k = 10): number[] {
  return runs.map((r) => ndcgAtK(r.ranked, r.relevant, k));
}

export interface FoldResult {
  fold: number;
  /** The choice with the best mean score on the other folds. */
  chosen: string;
  /** Mean score of the chosen choice on the other folds (where it was chosen). */
  train: number;
  /** Mean score of the chosen choice on this fold, which took no part in choosing it. */
  test: number;
  /** Mean score of every choice on this fold. */
  byChoice: Record<string, number>;
}

/**
 * k-fold selection: for each fold, the choice of best mean score over the questions of the other
 * folds, and its mean score on the fold left out. `scores[choice][i]` is question i's score under
 * that choice; `foldOf[i]` its fold (questions of one article share a fold).
 */
export function crossValidate(scores: Readonly<Record<string, readonly number[]>>, foldOf: readonly number[], folds: number): FoldResult[] {
  const mean = (xs: readonly number[], keep: (i: number) => boolean): number => {
    let s = 0;
    let n = 0;
    xs.forEach((x, i) => {
      if (keep(i)) {
        s += x;
        n++;
      }
    });
    return n ? s / n : 0;
  };
  const choices = Object.keys(scores);
  const out: FoldResult[] = [];
  for (let f = 0; f < folds; f++) {
    let chosen = choices[0] as string;
    let train = -Infinity;
    for (const c of choices) {
      const m = mean(scores[c] as number[], (i) => foldOf[i] !== f);
      // Ties keep the earlier choice: the default comes first.
      if (m > train + 1e-12) {
        train = m;
        chosen = c;
      }
    }
    const byChoice: Record<string, number> = {};
    for (const c of choices) byChoice[c] = mean(scores[c] as number[], (i) => foldOf[i] === f);
    out.push({ fold: f, chosen, train, test: byChoice[chosen] as number, byChoice });
  }
  return out;
}

/** Fold of each item of a group (an article): groups shuffled with a seed, then dealt round-robin. */
export function foldsByGroup(groups: readonly number[], folds: number, seed = 20240601): number[] {
  const distinct = [...new Set(groups)].sort((a, b) => a - b);
  const rnd = mulberry32(seed);
  for (let i = distinct.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [distinct[i], distinct[j]] = [distinct[j] as number, distinct[i] as number];
  }
  const foldOfGroup = new Map(distinct.map((g, k) => [g, k % folds]));
  return groups.map((g) => foldOfGroup.get(g) as number);
}
