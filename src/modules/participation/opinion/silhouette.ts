/**
 * Silhouette of a clustering: for each point, a = mean distance to the other members of its
 * cluster, b = the smallest mean distance to the members of another cluster, s = (b − a) / max(a, b);
 * the clustering's silhouette is the plain mean of s. A point alone in its cluster scores 0.
 * Pol.is computes it on the fine clusters' centres, unweighted, to pick the number of groups.
 */
import type { Cluster, Points } from './kmeans';

export function silhouette(points: Points, clusters: readonly Cluster[]): number {
  if (clusters.length < 2) return 0;
  let sum = 0;
  let count = 0;
  for (const own of clusters) {
    for (const i of own.members) {
      count++;
      if (own.members.length === 1) continue;
      const a = meanDistance(points, i, own.members, true);
      let b = Infinity;
      for (const other of clusters) {
        if (other === own || other.members.length === 0) continue;
        b = Math.min(b, meanDistance(points, i, other.members, false));
      }
      const denominator = Math.max(a, b);
      if (denominator > 0 && Number.isFinite(b)) sum += (b - a) / denominator;
    }
  }
  return count > 0 ? sum / count : 0;
}

function meanDistance(points: Points, i: number, members: readonly number[], excludeSelf: boolean): number {
  let total = 0;
  let n = 0;
  for (const j of members) {
    if (excludeSelf && j === i) continue;
    const dx = points[2 * i]! - points[2 * j]!;
    const dy = points[2 * i + 1]! - points[2 * j + 1]!;
    total += Math.sqrt(dx * dx + dy * dy);
    n++;
  }
  return n > 0 ? total / n : 0;
}
