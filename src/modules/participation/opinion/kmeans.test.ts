import { describe, expect, it } from 'vitest';
import { clusterStep, firstDistinctCenters, inertia, kmeans, kmeansBestOf, sameClustering, warmStartClusters } from './kmeans';
import { seededRandom } from './random';

const points = (...xy: [number, number][]) => Float64Array.from(xy.flat());

describe('k-means', () => {
  const blobs = points([0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10]);

  it('starts from the first k distinct points', () => {
    expect(firstDistinctCenters(points([1, 1], [1, 1], [2, 2], [3, 3]), 2).map((c) => c.center)).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('separates two blobs, with the centres computed by hand', () => {
    // Starts at (0,0) and (0,1): the first step puts (1,0) with (0,0) and the far blob with (0,1).
    // After that step the centres are (0.5, 0) and (7.75, 8), which pulls (0,1) back to the first.
    const clusters = kmeans(blobs, 2, { maxIterations: 20 });
    expect(clusters.map((c) => [c.id, c.members])).toEqual([
      [0, [0, 1, 2]],
      [1, [3, 4, 5]],
    ]);
    expect(clusters[0]!.center[0]).toBeCloseTo(1 / 3, 12);
    expect(clusters[0]!.center[1]).toBeCloseTo(1 / 3, 12);
    expect(clusters[1]!.center[0]).toBeCloseTo(31 / 3, 12);
    expect(clusters[1]!.center[1]).toBeCloseTo(31 / 3, 12);
  });

  it('gives the same clusters on every run', () => {
    expect(kmeans(blobs, 2, { maxIterations: 20 })).toEqual(kmeans(blobs, 2, { maxIterations: 20 }));
  });

  it('weights the centres', () => {
    const [cluster] = clusterStep(points([0, 0], [4, 0]), [{ id: 0, members: [], center: [1, 0] }], Float64Array.from([3, 1]));
    expect(cluster!.center).toEqual([1, 0]);
  });

  it('starts from the previous clusters, keeping their ids, and splits off the farthest point', () => {
    const previous = [{ id: 7, members: [0, 1, 2, 3, 4, 5], center: [0, 0] as [number, number] }];
    const start = warmStartClusters(blobs, previous, 2);
    expect(start.map((c) => c.id)).toEqual([7, 8]);
    // The centre of all six is (16/3, 16/3): (0,0) is the farthest point (7.54 against 7.34 for (11,10)).
    expect(start[1]!.members).toEqual([0]);
    const clusters = kmeans(blobs, 2, { maxIterations: 20, previous });
    expect(clusters.map((c) => [c.id, c.members])).toEqual([
      [7, [3, 4, 5]],
      [8, [0, 1, 2]],
    ]);
  });

  it('compares clusterings by their sorted centres', () => {
    const a = [{ id: 0, members: [], center: [0, 0] as [number, number] }, { id: 1, members: [], center: [5, 5] as [number, number] }];
    const b = [{ id: 3, members: [], center: [5, 5.001] as [number, number] }, { id: 4, members: [], center: [0.001, 0] as [number, number] }];
    expect(sameClustering(a, b)).toBe(true);
    expect(sameClustering(a, [{ id: 0, members: [], center: [0.5, 0] }, b[0]!])).toBe(false);
  });

  it('with restarts never does worse than the single start and stays deterministic', () => {
    const spread = points([0, 0], [0.1, 0], [0.2, 0], [5, 0], [9.8, 0], [9.9, 0], [10, 0]);
    const single = kmeans(spread, 3, { maxIterations: 50 });
    const a = kmeansBestOf(spread, 3, { maxIterations: 50, restarts: 5, random: seededRandom(3) });
    const b = kmeansBestOf(spread, 3, { maxIterations: 50, restarts: 5, random: seededRandom(3) });
    expect(a).toEqual(b);
    expect(inertia(spread, a)).toBeLessThanOrEqual(inertia(spread, single));
    // The optimum: the two tight triples and the lone middle point.
    expect(a.map((c) => c.members).sort((x, y) => x[0]! - y[0]!)).toEqual([[0, 1, 2], [3], [4, 5, 6]]);
  });
});
