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
