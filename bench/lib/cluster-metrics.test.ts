import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, normalizedMutualInformation } from './cluster-metrics';
import { kMeans, kMeansGivenK, silhouette, similarityMatrix } from './kmeans-baseline';

describe('clustering agreement', () => {
  it('matches scikit-learn on reference cases', () => {
    // sklearn.metrics.adjusted_rand_score / normalized_mutual_info_score (arithmetic)
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.5714285714, 9);
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 9);
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.5714285714, 9);
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBeCloseTo(0, 9);
    expect(normalizedMutualInformation([0, 0, 0, 0], [0, 1, 2, 3])).toBeCloseTo(0, 9);
  });

  it('ignores label names and scores identical partitions 1', () => {
    expect(adjustedRandIndex(['a', 'a', 'b', 'c'], [7, 7, 1, 2])).toBe(1);
    expect(normalizedMutualInformation(['a', 'a', 'b', 'c'], [7, 7, 1, 2])).toBeCloseTo(1, 12);
    expect(adjustedRandIndex([1, 2, 3], [4, 5, 6])).toBe(1);
  });
});

describe('k-means baseline', () => {
  const texts = [
    'vélo piste cyclable vélo', 'piste cyclable pour le vélo', 'le vélo et la piste',
    'cantine repas enfants', 'repas de la cantine', 'les enfants et la cantine',
  ];

  it('separates two obvious groups given k = 2, and silhouette prefers 2 to 3', () => {
    const run = kMeansGivenK(texts, 2, 1);
    expect(new Set(run.assignment.slice(0, 3)).size).toBe(1);
    expect(new Set(run.assignment.slice(3)).size).toBe(1);
    expect(run.assignment[0]).not.toBe(run.assignment[3]);
  });

  it('computes a silhouette in [-1, 1], higher for the right partition', () => {
    const unit = (a: number, b: number) => ({ indices: Int32Array.from([0, 1]), values: Float64Array.from([a / Math.hypot(a, b), b / Math.hypot(a, b)]) });
    const vectors = [unit(1, 0.1), unit(1, 0.2), unit(0.1, 1), unit(0.2, 1)];
    const m = similarityMatrix(vectors);
    const right = silhouette(m, 4, Int32Array.from([0, 0, 1, 1]));
    const wrong = silhouette(m, 4, Int32Array.from([0, 1, 0, 1]));
    expect(right).toBeGreaterThan(0.8);
    expect(wrong).toBeLessThan(0);
    expect(Array.from(kMeans(vectors, 2, 2, 3))).toSatisfy((a: number[]) => a[0] === a[1] && a[2] === a[3] && a[0] !== a[2]);
  });
});
