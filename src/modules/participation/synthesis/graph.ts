/**
 * The similarity graph of the contributions and its communities.
 *
 * Each contribution is linked to its most similar others (cosine of TF-IDF vectors, above a
 * floor); groups are the communities of that graph found by the Louvain method (Blondel et al.,
 * 2008, "Fast unfolding of communities in large networks") maximising modularity with a
 * resolution parameter (Reichardt & Bornholdt, 2006). The number of groups is therefore
 * chosen by the optimisation, not given; a contribution linked to nothing stays on its own.
 * This is the "similarity graph + community detection" family used by tools such as
 * BERTopic/Talk to the City's clustering steps, without their embedding model.
 */
import { mulberry32 } from './random';
import type { SparseVector } from './vectors';

/** Undirected weighted graph in compressed rows: node i's neighbours are targets[offsets[i]..offsets[i+1]). */
export interface Graph {
  nodeCount: number;
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  /** Weight of the node's own loop, counted as in the sum over ordered pairs (aggregated graphs only). */
  selfWeights: Float64Array;
  /** How many original nodes each node stands for (1 each, until aggregated). */
  nodeSizes: Float64Array;
}

/**
 * What the communities maximise. `modularity`: links inside minus what a random graph with the
 * same degrees would have there (Newman–Girvan, with a resolution); its scale depends on the
 * size of the whole graph, so the same resolution cuts a small consultation finer than a large
 * one. `cpm`: the constant Potts model (Traag, Van Dooren & Nesterov, 2011), links inside minus
 * resolution × pairs inside: a community must be denser than the resolution, whatever the size
 * of the graph; so a resolution tuned on one corpus means the same on another of another size.
 */
export type CommunityQuality = 'modularity' | 'cpm';

export interface SimilarityGraphOptions {
  neighbours: number;
  minSimilarity: number;
}

function toGraph(nodeCount: number, edges: Map<number, number>, selfWeights?: Float64Array, nodeSizes?: Float64Array): Graph {
  const degree = new Int32Array(nodeCount);
  for (const key of edges.keys()) {
    degree[Math.floor(key / nodeCount)]!++;
    degree[key % nodeCount]!++;
  }
  const offsets = new Int32Array(nodeCount + 1);
  for (let i = 0; i < nodeCount; i++) offsets[i + 1] = offsets[i]! + degree[i]!;
  const targets = new Int32Array(offsets[nodeCount]!);
  const weights = new Float64Array(offsets[nodeCount]!);
  const fill = offsets.slice(0, nodeCount);
  // Keys ascend within a row when read in key order: rows end up sorted, so the result is deterministic.
  const keys = [...edges.keys()].sort((a, b) => a - b);
  for (const key of keys) {
    const w = edges.get(key)!;
    const a = Math.floor(key / nodeCount);
    const b = key % nodeCount;
    targets[fill[a]!] = b;
    weights[fill[a]!++] = w;
    targets[fill[b]!] = a;
    weights[fill[b]!++] = w;
  }
  return {
    nodeCount,
    offsets,
    targets,
    weights,
    selfWeights: selfWeights ?? new Float64Array(nodeCount),
    nodeSizes: nodeSizes ?? new Float64Array(nodeCount).fill(1),
  };
}

/**
 * Links each vector to its `neighbours` most similar others with similarity ≥ `minSimilarity`
 * (exact, through an inverted index), then keeps every link either end chose, weighted by the
 * similarity.
 */
export function similarityGraph(vectors: readonly SparseVector[], dimensions: number, options: SimilarityGraphOptions): Graph {
  const n = vectors.length;
  const postingCount = new Int32Array(dimensions + 1);
  for (const v of vectors) for (const d of v.indices) postingCount[d + 1]!++;
  for (let d = 0; d < dimensions; d++) postingCount[d + 1]! += postingCount[d]!;
  const postingDoc = new Int32Array(postingCount[dimensions]!);
  const postingValue = new Float64Array(postingCount[dimensions]!);
  const cursor = postingCount.slice(0, dimensions);
  vectors.forEach((v, doc) => {
    for (let k = 0; k < v.indices.length; k++) {
      const at = cursor[v.indices[k]!]!++;
      postingDoc[at] = doc;
      postingValue[at] = v.values[k]!;
    }
  });

  const scores = new Float64Array(n);
  const touched = new Int32Array(n);
  const edges = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = vectors[i]!;
    let touchedCount = 0;
    for (let k = 0; k < v.indices.length; k++) {
      const d = v.indices[k]!;
      const w = v.values[k]!;
      for (let p = postingCount[d]!; p < postingCount[d + 1]!; p++) {
        const j = postingDoc[p]!;
        if (j === i) continue;
        if (scores[j] === 0) touched[touchedCount++] = j;
        scores[j]! += w * postingValue[p]!;
      }
    }
    const candidates: number[] = [];
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t]!;
      if (scores[j]! >= options.minSimilarity) candidates.push(j);
    }
    candidates.sort((a, b) => scores[b]! - scores[a]! || a - b);
    for (const j of candidates.slice(0, options.neighbours)) {
      const key = i < j ? i * n + j : j * n + i;
      edges.set(key, scores[j]!);
    }
    for (let t = 0; t < touchedCount; t++) scores[touched[t]!] = 0;
  }
  return toGraph(n, edges);
}

/** The graph whose nodes are the groups of `membership` (group ids 0..groupCount-1). */
export function aggregateGraph(graph: Graph, membership: Int32Array, groupCount: number): Graph {
  const edges = new Map<number, number>();
  const selfWeights = new Float64Array(groupCount);
  const nodeSizes = new Float64Array(groupCount);
  for (let i = 0; i < graph.nodeCount; i++) {
    const gi = membership[i]!;
    selfWeights[gi]! += graph.selfWeights[i]!;
    nodeSizes[gi]! += graph.nodeSizes[i]!;
    for (let e = graph.offsets[i]!; e < graph.offsets[i + 1]!; e++) {
      const gj = membership[graph.targets[e]!]!;
      const w = graph.weights[e]!;
      if (gi === gj) selfWeights[gi]! += w;
      else if (gi < gj) {
        // Each undirected edge is read from both ends: count it from the lower group only.
        const key = gi * groupCount + gj;
        edges.set(key, (edges.get(key) ?? 0) + w);
      }
    }
  }
  return toGraph(groupCount, edges, selfWeights, nodeSizes);
}

function nodeDegrees(graph: Graph): Float64Array {
  const degrees = new Float64Array(graph.nodeCount);
  for (let i = 0; i < graph.nodeCount; i++) {
    let k = graph.selfWeights[i]!;
    for (let e = graph.offsets[i]!; e < graph.offsets[i + 1]!; e++) k += graph.weights[e]!;
    degrees[i] = k;
  }
  return degrees;
}

/** Renumbers group ids to 0..count-1 in order of first appearance. */
export function compactMembership(membership: Int32Array): { membership: Int32Array; count: number } {
  const renumber = new Map<number, number>();
  const out = new Int32Array(membership.length);
  membership.forEach((g, i) => {
    let id = renumber.get(g);
    if (id === undefined) {
      id = renumber.size;
      renumber.set(g, id);
    }
    out[i] = id;
  });
  return { membership: out, count: renumber.size };
}

/** One pass of local moves of the Louvain method; returns whether any node moved. */
function moveNodes(graph: Graph, membership: Int32Array, resolution: number, quality: CommunityQuality, random: () => number): boolean {
  const n = graph.nodeCount;
  // Modularity weighs a node by its degree against twice the total weight; CPM by its size, against 1.
  const degrees = nodeDegrees(graph);
  let twoM = 0;
  for (const k of degrees) twoM += k;
  if (twoM === 0) return false;
  const weightOf = quality === 'cpm' ? graph.nodeSizes : degrees;
  const scale = quality === 'cpm' ? 1 : twoM;
  const total = new Float64Array(n);
  for (let i = 0; i < n; i++) total[membership[i]!]! += weightOf[i]!;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const linkTo = new Float64Array(n);
  const seen: number[] = [];
  // Community ids with no member: where a node goes when it is better off alone.
  const memberCount = new Int32Array(n);
  for (let i = 0; i < n; i++) memberCount[membership[i]!]!++;
  const emptyIds: number[] = [];
  for (let c = n - 1; c >= 0; c--) if (memberCount[c] === 0) emptyIds.push(c);
  let movedAny = false;
  for (let pass = 0; pass < 100; pass++) {
    let moved = 0;
    for (const i of order) {
      const own = membership[i]!;
      const k = weightOf[i]!;
      for (let e = graph.offsets[i]!; e < graph.offsets[i + 1]!; e++) {
        const c = membership[graph.targets[e]!]!;
        if (linkTo[c] === 0) seen.push(c);
        linkTo[c]! += graph.weights[e]!;
      }
      total[own]! -= k;
      // Gain of joining c, up to a constant: links to c minus what the quality function expects there.
      const gain = (c: number): number => linkTo[c]! - (resolution * k * total[c]!) / scale;
      let best = own;
      let bestGain = gain(own);
      for (const c of seen) {
        const g = gain(c);
        // Strictly better only: on a tie the node stays, so passes end and results do not flicker.
        if (g > bestGain + 1e-12) {
          best = c;
          bestGain = g;
        }
      }
      // Alone, a node gains nothing and loses nothing: better than a community that costs more than it links.
      if (bestGain < -1e-12 && total[own]! > 0 && emptyIds.length > 0) best = emptyIds.pop()!;
      total[best]! += k;
      if (best !== own) {
        membership[i] = best;
        memberCount[own]!--;
        memberCount[best]!++;
        if (memberCount[own] === 0) emptyIds.push(own);
        moved++;
      }
      for (const c of seen) linkTo[c] = 0;
      seen.length = 0;
    }
    if (moved === 0) break;
    movedAny = true;
  }
  return movedAny;
}

/**
 * Communities of the graph maximising modularity or CPM at the given resolution (Louvain method).
 * Deterministic for a given seed. Returns compact community ids per node.
 */
export function louvain(
  graph: Graph,
  options: { resolution: number; seed: number; quality?: CommunityQuality },
): { membership: Int32Array; count: number } {
  const random = mulberry32(options.seed);
  let current = graph;
  // node of the original graph → node of the current level
  let mapping = Int32Array.from({ length: graph.nodeCount }, (_, i) => i);
  for (let level = 0; level < 50; level++) {
    const membership = Int32Array.from({ length: current.nodeCount }, (_, i) => i);
    const moved = moveNodes(current, membership, options.resolution, options.quality ?? 'modularity', random);
    const compact = compactMembership(membership);
    if (!moved || compact.count === current.nodeCount) break;
    mapping = mapping.map((node) => compact.membership[node]!);
    current = aggregateGraph(current, compact.membership, compact.count);
  }
  // Refinement: nodes moved as part of an aggregate may fit better elsewhere, or alone (a
  // contribution carried into a group by the one neighbour it shares a word with).
  if (current !== graph) moveNodes(graph, mapping, options.resolution, options.quality ?? 'modularity', random);
  return compactMembership(mapping);
}

/** Modularity of a partition at a resolution (for tests and diagnostics). */
export function modularity(graph: Graph, membership: Int32Array, resolution = 1): number {
  const degrees = nodeDegrees(graph);
  let twoM = 0;
  for (const k of degrees) twoM += k;
  if (twoM === 0) return 0;
  const internal = new Map<number, number>();
  const total = new Map<number, number>();
  for (let i = 0; i < graph.nodeCount; i++) {
    const c = membership[i]!;
    total.set(c, (total.get(c) ?? 0) + degrees[i]!);
    let inside = graph.selfWeights[i]!;
    for (let e = graph.offsets[i]!; e < graph.offsets[i + 1]!; e++) if (membership[graph.targets[e]!] === c) inside += graph.weights[e]!;
    internal.set(c, (internal.get(c) ?? 0) + inside);
  }
  let q = 0;
  for (const [c, inside] of internal) q += inside / twoM - resolution * (total.get(c)! / twoM) ** 2;
  return q;
}
