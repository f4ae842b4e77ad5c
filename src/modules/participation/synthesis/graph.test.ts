import { describe, expect, it } from 'vitest';
import { aggregateGraph, louvain, modularity, similarityGraph } from './graph';
import type { SparseVector } from './vectors';

const unit = (entries: [number, number][]): SparseVector => {
  const norm = Math.hypot(...entries.map((e) => e[1]));
  return { indices: Int32Array.from(entries, (e) => e[0]), values: Float64Array.from(entries, (e) => e[1] / norm) };
};

describe('similarity graph and Louvain communities', () => {
  // Two groups of four on dimensions {0,1} and {2,3}, a bridge (dims 1 and 2), and one vector alone (dim 9).
  const vectors = [
    unit([[0, 1], [1, 1]]), unit([[0, 1], [1, 0.8]]), unit([[0, 0.9], [1, 1]]), unit([[0, 1], [1, 0.9]]),
    unit([[2, 1], [3, 1]]), unit([[2, 1], [3, 0.8]]), unit([[2, 0.9], [3, 1]]), unit([[2, 1], [3, 0.9]]),
    unit([[1, 1], [2, 1]]),
    unit([[9, 1]]),
  ];

  it('links only similar vectors, at most k each way, and leaves the lone one unlinked', () => {
    const graph = similarityGraph(vectors, 10, { neighbours: 3, minSimilarity: 0.3 });
    const degree = (i: number) => graph.offsets[i + 1]! - graph.offsets[i]!;
    expect(degree(9)).toBe(0);
    for (let i = 0; i < 9; i++) expect(degree(i)).toBeGreaterThan(0);
    // symmetric
    for (let i = 0; i < graph.nodeCount; i++) {
      for (let e = graph.offsets[i]!; e < graph.offsets[i + 1]!; e++) {
        const j = graph.targets[e]!;
        const back = Array.from(graph.targets.subarray(graph.offsets[j]!, graph.offsets[j + 1]!));
        expect(back).toContain(i);
      }
    }
  });

  it('finds the two groups without being told how many, deterministically', () => {
    const graph = similarityGraph(vectors, 10, { neighbours: 4, minSimilarity: 0.3 });
    const { membership, count } = louvain(graph, { resolution: 1, seed: 1 });
    expect(new Set(membership.slice(0, 4)).size).toBe(1);
    expect(new Set(membership.slice(4, 8)).size).toBe(1);
    expect(membership[0]).not.toBe(membership[4]);
    expect(membership[9]).not.toBe(membership[0]);
    expect(count).toBeGreaterThanOrEqual(3);
    expect(modularity(graph, membership)).toBeGreaterThan(0.3);
    expect(louvain(graph, { resolution: 1, seed: 1 }).membership).toEqual(membership);
  });

  it('keeps the total weight when aggregating', () => {
    const graph = similarityGraph(vectors, 10, { neighbours: 4, minSimilarity: 0.3 });
    const { membership, count } = louvain(graph, { resolution: 1, seed: 1 });
    const total = (g: typeof graph) => g.weights.reduce((a, b) => a + b, 0) + g.selfWeights.reduce((a, b) => a + b, 0);
    const aggregated = aggregateGraph(graph, membership, count);
    expect(total(aggregated)).toBeCloseTo(total(graph), 9);
    expect(modularity(aggregated, Int32Array.from({ length: count }, (_, i) => i))).toBeCloseTo(modularity(graph, membership), 9);
  });
});
