import { Grid } from './grid';
import { pointInRing } from './point-in-polygon';
import type { BBox, PolygonCoordinates, Position } from './types';

/**
 * What makes a polygon's rings unusable, found with a segment grid: each edge is registered in the
 * cells it crosses and only edges sharing a cell are compared, so a ring of n edges costs about n
 * tests instead of n²/2.
 *
 * - `self_intersection`: two edges of one ring meet (other than consecutive edges at their shared
 *   vertex), or a ring doubles back on itself (consecutive edges overlapping);
 * - `rings_cross`: edges of two rings of one polygon cross or overlap (touching at a point is allowed);
 * - `hole_outside_shell`: a hole that is not inside its polygon's outer ring.
 *
 * The rings must already be closed, with at least 4 positions and finite coordinates. One problem is
 * reported per ring (the first found), enough to say which ring to correct.
 */
export type RingProblem =
  | { kind: 'self_intersection'; polygon: number; ring: number; at: Position }
  | { kind: 'rings_cross'; polygon: number; ring: number; otherRing: number; at: Position }
  | { kind: 'hole_outside_shell'; polygon: number; ring: number };

export interface RingCheck {
  problems: RingProblem[];
  /** Edge pairs compared (the cost of the check). */
  comparisons: number;
  /** The budget ran out before the check ended: the geometry is too convoluted to be checked. */
  exhausted: boolean;
}

const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/** c is on segment ab, given that the three are collinear. */
const within = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
  Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);

export type SegmentContact = { kind: 'cross' | 'touch' | 'overlap'; at: Position };

/**
 * How segments ab and cd meet: `cross` (proper crossing), `touch` (they share exactly one point, an
 * end of one of them), `overlap` (collinear and sharing a stretch), or null.
 */
export function segmentContact(a: Position, b: Position, c: Position, d: Position): SegmentContact | null {
  const [ax, ay] = a;
  const [bx, by] = b;
  const [cx, cy] = c;
  const [dx, dy] = d;
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return null;
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return null;
  const d1 = orient(cx, cy, dx, dy, ax, ay);
  const d2 = orient(cx, cy, dx, dy, bx, by);
  const d3 = orient(ax, ay, bx, by, cx, cy);
  const d4 = orient(ax, ay, bx, by, dx, dy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    const t = d1 / (d1 - d2);
    return { kind: 'cross', at: [ax + t * (bx - ax), ay + t * (by - ay)] };
  }
  if (d1 === 0 && d2 === 0) {
    // Collinear: overlap when the shared stretch has a length.
    const alongX = Math.abs(bx - ax) >= Math.abs(by - ay);
    const key = (p: Position) => (alongX ? p[0] : p[1]);
    const lo = Math.max(Math.min(key(a), key(b)), Math.min(key(c), key(d)));
    const hi = Math.min(Math.max(key(a), key(b)), Math.max(key(c), key(d)));
    if (lo > hi) return null;
    const points = [a, b, c, d].filter((p) => key(p) >= lo && key(p) <= hi);
    if (lo < hi) return { kind: 'overlap', at: points[0]! };
    return { kind: 'touch', at: points[0]! };
  }
  if (d1 === 0 && within(cx, cy, dx, dy, ax, ay)) return { kind: 'touch', at: a };
  if (d2 === 0 && within(cx, cy, dx, dy, bx, by)) return { kind: 'touch', at: b };
  if (d3 === 0 && within(ax, ay, bx, by, cx, cy)) return { kind: 'touch', at: c };
  if (d4 === 0 && within(ax, ay, bx, by, dx, dy)) return { kind: 'touch', at: d };
  return null;
}

/** Checks the rings of each polygon. `budget` bounds the edge pairs compared over the whole call. */
export function checkRings(polygons: readonly PolygonCoordinates[], budget = 50_000_000): RingCheck {
  const problems: RingProblem[] = [];
  let comparisons = 0;
  for (let p = 0; p < polygons.length; p++) {
    const polygon = polygons[p]!;
    const result = checkPolygon(polygon, p, budget - comparisons);
    problems.push(...result.problems);
    comparisons += result.comparisons;
    if (result.exhausted) return { problems, comparisons, exhausted: true };
  }
  return { problems, comparisons, exhausted: false };
}

function checkPolygon(polygon: PolygonCoordinates, p: number, budget: number): RingCheck {
  const problems: RingProblem[] = [];
  const flagged = new Set<number>();
  // Edges as (ring, index of its first vertex).
  const edgeRing: number[] = [];
  const edgeIndex: number[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  polygon.forEach((ring, r) => {
    for (let i = 0; i + 1 < ring.length; i++) {
      edgeRing.push(r);
      edgeIndex.push(i);
      const [x, y] = ring[i]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  });
  const n = edgeRing.length;
  const box: BBox = [minX, minY, maxX, maxY];
  // Cells about twice the mean edge length: edges follow curves, so a grid sized by their count
  // alone would pile a long ring's edges into the few cells along it. Cells are kept in a map.
  let length = 0;
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  polygon.forEach((ring) => {
    for (let i = 0; i + 1 < ring.length; i++) length += Math.hypot((ring[i + 1]![0] - ring[i]![0]) * kx, ring[i + 1]![1] - ring[i]![1]);
  });
  const cellSide = (2 * length) / Math.max(1, n);
  const cellsWanted = ((maxX - minX) * kx * (maxY - minY)) / Math.max(cellSide * cellSide, 1e-30);
  const grid = new Grid(box, Math.min(1e12, Math.max(1, n, cellsWanted)));
  const cells = new Map<number, number[]>();
  for (let e = 0; e < n; e++) {
    const ring = polygon[edgeRing[e]!]!;
    const a = ring[edgeIndex[e]!]!;
    const b = ring[edgeIndex[e]! + 1]!;
    grid.forEachCellOfSegment(a[0], a[1], b[0], b[1], (cell) => {
      const list = cells.get(cell);
      if (list) list.push(e);
      else cells.set(cell, [e]);
    });
  }
  // A pair of edges sharing several cells is compared in each: cheaper than remembering pairs.
  let comparisons = 0;
  for (const list of cells.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        if (++comparisons > budget) return { problems, comparisons, exhausted: true };
        const e = list[i]!;
        const f = list[j]!;
        const problem = compare(polygon, p, edgeRing[e]!, edgeIndex[e]!, edgeRing[f]!, edgeIndex[f]!);
        if (problem && !flagged.has(problem.ring)) {
          flagged.add(problem.ring);
          problems.push(problem);
        }
      }
    }
  }
  // A hole must lie inside the outer ring: rings do not cross (else reported above), so one point
  // of the hole decides, the middle of its first edge (not a vertex, which may touch the shell).
  const shell = polygon[0];
  for (let r = 1; shell && r < polygon.length; r++) {
    if (flagged.has(r)) continue;
    const [a, b] = [polygon[r]![0]!, polygon[r]![1]!];
    if (!pointInRing((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, shell)) {
      flagged.add(r);
      problems.push({ kind: 'hole_outside_shell', polygon: p, ring: r });
    }
  }
  return { problems, comparisons, exhausted: false };
}

function compare(polygon: PolygonCoordinates, p: number, r1: number, i1: number, r2: number, i2: number): RingProblem | null {
  const ring1 = polygon[r1]!;
  const ring2 = polygon[r2]!;
  const a = ring1[i1]!;
  const b = ring1[i1 + 1]!;
  const c = ring2[i2]!;
  const d = ring2[i2 + 1]!;
  const contact = segmentContact(a, b, c, d);
  if (!contact) return null;
  if (r1 !== r2) {
    if (contact.kind === 'touch') return null;
    return { kind: 'rings_cross', polygon: p, ring: Math.max(r1, r2), otherRing: Math.min(r1, r2), at: contact.at };
  }
  const last = ring1.length - 2; // index of the last edge
  const lo = Math.min(i1, i2);
  const hi = Math.max(i1, i2);
  const consecutive = hi === lo + 1 || (lo === 0 && hi === last);
  // Consecutive edges share a vertex; they are wrong only when they overlap (the ring turns back).
  if (consecutive && contact.kind !== 'overlap') return null;
  return { kind: 'self_intersection', polygon: p, ring: r1, at: contact.at };
}
