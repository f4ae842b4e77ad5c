import { describe, expect, it } from 'vitest';
import { silhouette } from './silhouette';

describe('silhouette', () => {
  it('matches a hand computation', () => {
    // On a line: A = {0, 1}, B = {4, 5}. Point 0: a = 1, b = (4 + 5) / 2 = 4.5 → 3.5 / 4.5 = 7/9;
    // point 1: a = 1, b = 3.5 → 5/7; by symmetry the same for B. Mean: (7/9 + 5/7) / 2 = 47/63.
    const points = Float64Array.from([0, 0, 1, 0, 4, 0, 5, 0]);
    const clusters = [
      { id: 0, members: [0, 1], center: [0.5, 0] as [number, number] },
      { id: 1, members: [2, 3], center: [4.5, 0] as [number, number] },
    ];
    expect(silhouette(points, clusters)).toBeCloseTo(47 / 63, 12);
  });

  it('scores a point alone in its cluster 0, and a single cluster 0', () => {
    const points = Float64Array.from([0, 0, 1, 0, 10, 0]);
    const clusters = [
      { id: 0, members: [0, 1], center: [0.5, 0] as [number, number] },
      { id: 1, members: [2], center: [10, 0] as [number, number] },
    ];
    // Point 0: a = 1, b = 10 → 0.9; point 1: a = 1, b = 9 → 8/9; point 2: 0.
    expect(silhouette(points, clusters)).toBeCloseTo((0.9 + 8 / 9) / 3, 12);
    expect(silhouette(points, [{ id: 0, members: [0, 1, 2], center: [0, 0] }])).toBe(0);
  });
});
