/**
 * K-means in the plane as Pol.is runs it (`polismath.math.clusters`): a first run starts from the
 * first k distinct points, in row order; a later run starts from the previous clusters, recentred
 * on today's positions of their members, and makes up any missing cluster from the point farthest
 * from every centre. Nothing here is random, so the same input gives the same clusters.
 */

/** Points interleaved as [x0, y0, x1, y1, …]. */
export type Points = Float64Array;

export interface Cluster {
  id: number;
  /** Indices of the member points, ascending. */
  members: number[];
  center: [number, number];
}

export interface KMeansOptions {
  /** Steps after the start (Pol.is: 100 for the fine clusters, 20 for the groups). */
  maxIterations: number;
  /** One weight per point (a fine cluster's size, when grouping fine clusters). */
  weights?: Float64Array;
  /** The previous clustering, members as indices into `points` (members no longer present dropped by the caller). */
  previous?: readonly Cluster[] | null;
}

/** Clusters count as unchanged once every centre moved less than this (Pol.is: 0.01). */
export const SAME_CLUSTERING_THRESHOLD = 0.01;

const pointCount = (points: Points) => points.length / 2;

function squaredDistance(points: Points, i: number, center: readonly [number, number]): number {
  const dx = points[2 * i]! - center[0];
  const dy = points[2 * i + 1]! - center[1];
  return dx * dx + dy * dy;
}

function distance(points: Points, i: number, center: readonly [number, number]): number {
  return Math.sqrt(squaredDistance(points, i, center));
}

function weightedCenter(points: Points, members: readonly number[], weights?: Float64Array): [number, number] {
  let sx = 0;
  let sy = 0;
  let total = 0;
  for (const i of members) {
    const w = weights ? weights[i]! : 1;
    sx += w * points[2 * i]!;
    sy += w * points[2 * i + 1]!;
    total += w;
  }
  return total > 0 ? [sx / total, sy / total] : [Number.NaN, Number.NaN];
}

/** The first `k` distinct points in order, as empty clusters numbered from 0. */
export function firstDistinctCenters(points: Points, k: number): Cluster[] {
  const clusters: Cluster[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < pointCount(points) && clusters.length < k; i++) {
    const key = `${points[2 * i]},${points[2 * i + 1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    clusters.push({ id: clusters.length, members: [], center: [points[2 * i]!, points[2 * i + 1]!] });
  }
  return clusters;
}

export function countDistinctPoints(points: Points, atMost = Infinity): number {
  const seen = new Set<string>();
  for (let i = 0; i < pointCount(points) && seen.size < atMost; i++) seen.add(`${points[2 * i]},${points[2 * i + 1]}`);
  return seen.size;
}

/**
 * One Lloyd step: every point joins its nearest centre (on a tie, the later cluster, as Pol.is's
 * `min-key` does), clusters left empty disappear, centres move to their members' weighted mean.
 */
export function clusterStep(points: Points, clusters: readonly Cluster[], weights?: Float64Array): Cluster[] {
  const members: number[][] = clusters.map(() => []);
  for (let i = 0; i < pointCount(points); i++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let c = 0; c < clusters.length; c++) {
      const d = squaredDistance(points, i, clusters[c]!.center);
      if (d <= bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    if (best >= 0) members[best]!.push(i);
  }
  const next: Cluster[] = [];
  clusters.forEach((cluster, c) => {
    if (members[c]!.length > 0) next.push({ id: cluster.id, members: members[c]!, center: weightedCenter(points, members[c]!, weights) });
  });
  return next;
}

/** Whether the sorted centres of two clusterings are pairwise closer than the threshold. */
export function sameClustering(a: readonly Cluster[], b: readonly Cluster[], threshold = SAME_CLUSTERING_THRESHOLD): boolean {
  const sorted = (clusters: readonly Cluster[]) =>
    clusters.map((c) => c.center).sort((p, q) => (p[0] !== q[0] ? p[0] - q[0] : p[1] - q[1]));
  const ca = sorted(a);
  const cb = sorted(b);
  // Pol.is zips the two lists, so only the common prefix is compared.
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const dx = ca[i]![0] - cb[i]![0];
    const dy = ca[i]![1] - cb[i]![1];
    if (Math.sqrt(dx * dx + dy * dy) >= threshold) return false;
  }
  return true;
}

/**
 * Pol.is's "clean start": the previous clusters recentred on their members' current positions
 * (members gone and clusters left empty dropped, clusters landing on the same centre merged),
 * then, while there are fewer clusters than k (and than distinct points), the point farthest from
 * every centre is taken out of its cluster to start a new one.
 */
export function warmStartClusters(points: Points, previous: readonly Cluster[], k: number, weights?: Float64Array): Cluster[] {
  const n = pointCount(points);
  let clusters: Cluster[] = previous
    .map((c) => ({ id: c.id, members: c.members.filter((i) => i >= 0 && i < n), center: c.center }))
    .filter((c) => c.members.length > 0)
    .map((c) => ({ ...c, center: weightedCenter(points, c.members, weights) }));
  if (clusters.length === 0) {
    const everyone = Array.from({ length: n }, (_, i) => i);
    const nextId = previous.reduce((max, c) => Math.max(max, c.id), -1) + 1;
    clusters = [{ id: nextId, members: everyone, center: weightedCenter(points, everyone, weights) }];
  }
  clusters = mergeIdentical(clusters, points, weights);
  const possible = Math.min(k, countDistinctPoints(points, k));
  for (;;) {
    clusters = clusters
      .filter((c) => c.members.length > 0)
      .map((c) => ({ ...c, center: weightedCenter(points, c.members, weights) }));
    if (clusters.length >= possible) return clusters;
    const outlier = mostDistal(points, clusters);
    if (!outlier || outlier.distance <= 0) return clusters;
    const nextId = clusters.reduce((max, c) => Math.max(max, c.id), -1) + 1;
    clusters = clusters.map((c) => ({ ...c, members: c.members.filter((i) => i !== outlier.point) }));
    clusters.push({ id: nextId, members: [outlier.point], center: [points[2 * outlier.point]!, points[2 * outlier.point + 1]!] });
  }
}

function mergeIdentical(clusters: Cluster[], points: Points, weights?: Float64Array): Cluster[] {
  const merged: Cluster[] = [];
  for (const cluster of clusters) {
    const twin = merged.findIndex((c) => c.center[0] === cluster.center[0] && c.center[1] === cluster.center[1]);
    if (twin < 0) {
      merged.push(cluster);
      continue;
    }
    const other = merged[twin]!;
    const members = [...other.members, ...cluster.members].sort((a, b) => a - b);
    const id = cluster.members.length > other.members.length ? cluster.id : other.id;
    merged[twin] = { id, members, center: weightedCenter(points, members, weights) };
  }
  return merged;
}

/** The point whose nearest centre is the farthest. */
function mostDistal(points: Points, clusters: readonly Cluster[]): { point: number; distance: number } | null {
  let best: { point: number; distance: number } | null = null;
  for (let i = 0; i < pointCount(points); i++) {
    let nearest = Infinity;
    for (const c of clusters) nearest = Math.min(nearest, distance(points, i, c.center));
    if (!best || nearest >= best.distance) best = { point: i, distance: nearest };
  }
  return best;
}

export function kmeans(points: Points, k: number, options: KMeansOptions): Cluster[] {
  if (pointCount(points) === 0 || k <= 0) return [];
  const start =
    options.previous && options.previous.length > 0
      ? warmStartClusters(points, options.previous, k, options.weights)
      : firstDistinctCenters(points, k);
  return lloyd(points, start, options.maxIterations, options.weights);
}

function lloyd(points: Points, start: Cluster[], maxIterations: number, weights?: Float64Array): Cluster[] {
  let clusters = start;
  for (let remaining = maxIterations; ; remaining--) {
    const next = clusterStep(points, clusters, weights);
    if (remaining <= 0 || sameClustering(clusters, next)) return next.sort((a, b) => a.id - b.id);
    clusters = next;
  }
}

/** Weighted sum of squared distances of the points to their cluster's centre. */
export function inertia(points: Points, clusters: readonly Cluster[], weights?: Float64Array): number {
  let total = 0;
  for (const c of clusters) {
    for (const i of c.members) {
      total += (weights ? weights[i]! : 1) * squaredDistance(points, i, c.center);
    }
  }
  return total;
}

/**
 * k-means++ starts (Arthur & Vassilvitskii 2007), weighted: each next centre drawn with
 * probability proportional to weight × squared distance to the nearest centre chosen so far.
 */
export function kmeansPlusPlusStart(points: Points, k: number, random: () => number, weights?: Float64Array): Cluster[] {
  const n = pointCount(points);
  const nearest = new Float64Array(n).fill(Infinity);
  const centers: [number, number][] = [];
  const pick = (scores: (i: number) => number): number => {
    let total = 0;
    for (let i = 0; i < n; i++) total += scores(i);
    if (!(total > 0)) return -1;
    let target = random() * total;
    for (let i = 0; i < n; i++) {
      target -= scores(i);
      if (target < 0) return i;
    }
    return n - 1;
  };
  let next = pick((i) => (weights ? weights[i]! : 1));
  while (next >= 0 && centers.length < k) {
    const center: [number, number] = [points[2 * next]!, points[2 * next + 1]!];
    centers.push(center);
    for (let i = 0; i < n; i++) nearest[i] = Math.min(nearest[i]!, squaredDistance(points, i, center));
    next = pick((i) => (weights ? weights[i]! : 1) * nearest[i]!);
  }
  return centers.map((center, id) => ({ id, members: [], center }));
}

/**
 * Pol.is's start plus `restarts` k-means++ starts, run to convergence, keeping the clustering of
 * least inertia (a tie keeps the earlier one, so Pol.is's start wins when nothing is better).
 */
export function kmeansBestOf(points: Points, k: number, options: KMeansOptions & { restarts: number; random: () => number }): Cluster[] {
  let best = kmeans(points, k, options);
  let bestInertia = inertia(points, best, options.weights);
  for (let r = 0; r < options.restarts; r++) {
    const start = kmeansPlusPlusStart(points, k, options.random, options.weights);
    if (start.length === 0) break;
    const candidate = lloyd(points, start, options.maxIterations, options.weights);
    const candidateInertia = inertia(points, candidate, options.weights);
    if (candidate.length >= best.length && candidateInertia < bestInertia * (1 - 1e-9)) {
      best = candidate;
      bestInertia = candidateInertia;
    }
  }
  return best;
}
