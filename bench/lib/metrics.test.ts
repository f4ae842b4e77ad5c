import { describe, expect, it } from 'vitest';
import { containsAnyGold, mulberry32, ndcgAtK, percentile, recallAtK, reciprocalRankAtK, retrievalMetrics } from './metrics.js';

describe('retrieval metrics', () => {
  const rel = new Set(['x', 'y']);
  const ranked = ['a', 'x', 'b', 'y'];

  it('recall and reciprocal rank', () => {
    expect(recallAtK(ranked, rel, 1)).toBe(0);
    expect(recallAtK(ranked, rel, 2)).toBe(1);
    expect(reciprocalRankAtK(ranked, rel, 10)).toBe(0.5);
    expect(reciprocalRankAtK(ranked, rel, 1)).toBe(0);
  });

  it('nDCG with binary gains, ideal from min(|rel|, k)', () => {
    // DCG = 1/log2(3) + 1/log2(5) = 0.6309298 + 0.4306766 = 1.0616064
    // IDCG = 1 + 1/log2(3) = 1.6309298 → 0.6509209
    expect(ndcgAtK(ranked, rel, 10)).toBeCloseTo(0.6509209, 6);
    expect(ndcgAtK(['x'], new Set(['x']), 10)).toBe(1);
    expect(ndcgAtK(['a', 'x'], new Set(['x']), 10)).toBeCloseTo(1 / Math.log2(3), 12);
    expect(ndcgAtK(['a'], new Set(), 10)).toBe(0);
  });

  it('averages over queries', () => {
    const m = retrievalMetrics([
      { ranked: ['x'], relevant: new Set(['x']) },
      { ranked: ['a', 'b', 'c', 'd', 'e', 'x'], relevant: new Set(['x']) },
    ]);
    expect(m.recall_at_1).toBe(0.5);
    expect(m.recall_at_5).toBe(0.5);
    expect(m.recall_at_10).toBe(1);
    expect(m.mrr_at_10).toBeCloseTo((1 + 1 / 6) / 2, 12);
    expect(m.ndcg_at_10).toBeCloseTo((1 + 1 / Math.log2(7)) / 2, 12);
  });

  it('percentile (nearest rank)', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
  });

  it('gold containment is accent and case insensitive', () => {
    expect(containsAnyGold('Le Ministère estime à 100 000 personnes', ['ministere', 'x'])).toBe(true);
    expect(containsAnyGold('rien', ['autre'])).toBe(false);
  });

  it('seeded RNG is deterministic', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe('document ranking and k-fold selection', () => {
  it('counts each document once, at the rank of its first passage', async () => {
    const { documentRanking } = await import('./metrics.js');
    expect(documentRanking(['a#1', 'b#0', 'a#0', 'c#2'], (p) => p.split('#')[0] as string)).toEqual(['a', 'b', 'c']);
  });

  it('chooses on the other folds and reports on the fold left out', async () => {
    const { crossValidate, foldsByGroup } = await import('./metrics.js');
    // Questions 0-3 in fold 0, 4-7 in fold 1. "b" is better on fold 1 only, by enough to win there in training.
    const foldOf = [0, 0, 0, 0, 1, 1, 1, 1];
    const scores = { a: [1, 1, 1, 1, 0, 0, 0, 0], b: [0, 0, 0, 0, 1, 1, 1, 1] };
    const r = crossValidate(scores, foldOf, 2);
    expect(r.map((f) => f.chosen)).toEqual(['b', 'a']);
    expect(r.map((f) => f.test)).toEqual([0, 0]);
    expect(r[0]?.byChoice).toEqual({ a: 1, b: 0 });
    const folds = foldsByGroup([7, 7, 3, 3, 3, 9, 1], 2);
    expect(folds[0]).toBe(folds[1]);
    expect(folds[2]).toBe(folds[4]);
    expect(new Set(folds).size).toBe(2);
  });
});
