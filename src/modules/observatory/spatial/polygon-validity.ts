/**
 * Validity of one polygon (a shell and its holes), in the sense that matters for contiguity and
 * centroids (OGC Simple Features): each ring encloses a positive area, no ring crosses or touches
 * itself, and no two rings cross or overlap along a segment (rings may touch at a point).
 * Segments are swept in order of their smallest x, so a ring of m vertices costs about
 * O(m log m) rather than O(m²).
 *
 * A ring is a flat Float64Array [x0, y0, x1, y1, …] whose last position repeats the first.
 */

export type Ring = Float64Array;

/** Twice the signed area (positive when counter-clockwise). */
export function ringDoubleArea(ring: Ring): number {
  let sum = 0;
  const x0 = ring[0]!;
  const y0 = ring[1]!;
  // Relative to the first corner, whose two terms vanish.
  for (let k = 2; k + 3 < ring.length; k += 2) {
    const ax = ring[k]! - x0;
    const ay = ring[k + 1]! - y0;
    const bx = ring[k + 2]! - x0;
    const by = ring[k + 3]! - y0;
    sum += ax * by - bx * ay;
  }
  return sum;
}

/** A description of the first problem found, or null when the polygon is valid. */
export function polygonProblem(rings: readonly Ring[]): string | null {
  for (let r = 0; r < rings.length; r++) if (rings[r]!.length < 8) return `${ringName(r)} has fewer than 3 distinct corners`;
  // Crossings first: a bow tie's lobes can cancel to no area, and "crosses itself" says why.
  const crossing = intersectionProblem(rings);
  if (crossing) return crossing;
  for (let r = 0; r < rings.length; r++) if (ringDoubleArea(rings[r]!) === 0) return `${ringName(r)} encloses no area`;
  return null;
}

interface Segments {
  ax: Float64Array;
  ay: Float64Array;
  bx: Float64Array;
  by: Float64Array;
  minX: Float64Array;
  maxX: Float64Array;
  ring: Int32Array;
  index: Int32Array;
  order: Int32Array;
  /** Number of segments in each ring. */
  ringSize: Int32Array;
}

/**
 * One set of scratch arrays, grown as needed and reused for every polygon: validating tens of
 * thousands of small polygons would otherwise allocate hundreds of thousands of typed arrays and
 * spend more time collecting them than checking.
 */
let scratch: Segments | null = null;

function segmentsFor(total: number, rings: number): Segments {
  if (!scratch || scratch.ax.length < total || scratch.ringSize.length < rings) {
    const size = Math.max(total, 2 * (scratch?.ax.length ?? 0), 64);
    scratch = {
      ax: new Float64Array(size),
      ay: new Float64Array(size),
      bx: new Float64Array(size),
      by: new Float64Array(size),
      minX: new Float64Array(size),
      maxX: new Float64Array(size),
      ring: new Int32Array(size),
      index: new Int32Array(size),
      order: new Int32Array(size),
      ringSize: new Int32Array(Math.max(rings, 2 * (scratch?.ringSize.length ?? 0), 8)),
    };
  }
  return scratch;
}

function collectSegments(rings: readonly Ring[]): { s: Segments; count: number } {
  let total = 0;
  for (const ring of rings) total += ring.length / 2 - 1;
  const s = segmentsFor(total, rings.length);
  let at = 0;
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r]!;
    const count = ring.length / 2 - 1;
    s.ringSize[r] = count;
    for (let k = 0; k < count; k++) {
      const ax = ring[2 * k]!;
      const bx = ring[2 * k + 2]!;
      s.ax[at] = ax;
      s.ay[at] = ring[2 * k + 1]!;
      s.bx[at] = bx;
      s.by[at] = ring[2 * k + 3]!;
      s.minX[at] = ax < bx ? ax : bx;
      s.maxX[at] = ax < bx ? bx : ax;
      s.ring[at] = r;
      s.index[at] = k;
      s.order[at] = at;
      at++;
    }
  }
  return { s, count: total };
}

/** Below this many segments every pair is boxed-checked; above, a sweep over x skips most. */
const SWEEP_FROM = 96;

function intersectionProblem(rings: readonly Ring[]): string | null {
  const { s, count } = collectSegments(rings);
  const { minX, maxX, ay, by } = s;
  const order = s.order.subarray(0, count);
  const sweep = count >= SWEEP_FROM;
  if (sweep) order.sort((a, b) => minX[a]! - minX[b]!);
  for (let oa = 0; oa < count; oa++) {
    const a = order[oa]!;
    const aMinY = Math.min(ay[a]!, by[a]!);
    const aMaxY = Math.max(ay[a]!, by[a]!);
    const aMinX = minX[a]!;
    const aMaxX = maxX[a]!;
    for (let ob = oa + 1; ob < count; ob++) {
      const b = order[ob]!;
      if (minX[b]! > aMaxX) {
        if (sweep) break;
        continue;
      }
      if (maxX[b]! < aMinX) continue;
      if (Math.max(ay[b]!, by[b]!) < aMinY || Math.min(ay[b]!, by[b]!) > aMaxY) continue;
      const problem = pairProblem(s, a, b);
      if (problem) return problem;
    }
  }
  return null;
}

function pairProblem(s: Segments, a: number, b: number): string | null {
  const sameRing = s.ring[a] === s.ring[b];
  const size = s.ringSize[s.ring[a]!]!;
  const ia = s.index[a]!;
  const ib = s.index[b]!;
  const ax = s.ax[a]!, ay = s.ay[a]!, bx = s.bx[a]!, by = s.by[a]!;
  const cx = s.ax[b]!, cy = s.ay[b]!, dx = s.bx[b]!, dy = s.by[b]!;
  if (sameRing && (ib === (ia + 1) % size || ia === (ib + 1) % size)) {
    // Consecutive segments share one end (a→b then c→d with b = c, or the reverse); they may
    // not fold back onto each other.
    const aFirst = ib === (ia + 1) % size;
    const px = aFirst ? ax : cx, py = aFirst ? ay : cy;
    const qx = aFirst ? bx : dx, qy = aFirst ? by : dy;
    const rx = aFirst ? dx : bx, ry = aFirst ? dy : by;
    if (size > 2 && orientation(px, py, qx, qy, rx, ry) === 0 && (qx - px) * (rx - qx) + (qy - py) * (ry - qy) < 0) {
      return `${ringName(s.ring[a]!)} doubles back on itself ${where(qx, qy)}`;
    }
    return null;
  }
  const o1 = orientation(ax, ay, bx, by, cx, cy);
  const o2 = orientation(ax, ay, bx, by, dx, dy);
  const o3 = orientation(cx, cy, dx, dy, ax, ay);
  const o4 = orientation(cx, cy, dx, dy, bx, by);
  const proper = o1 * o2 < 0 && o3 * o4 < 0;
  if (proper) {
    return sameRing
      ? `${ringName(s.ring[a]!)} crosses itself ${where(ax, ay)}`
      : `${ringPair(s.ring[a]!, s.ring[b]!)} cross ${where(ax, ay)}`;
  }
  const collinearOverlap =
    o1 === 0 && o2 === 0 && overlapLength(ax, ay, bx, by, cx, cy, dx, dy) > 0;
  if (collinearOverlap) {
    return sameRing
      ? `${ringName(s.ring[a]!)} runs back over itself ${where(cx, cy)}`
      : `${ringPair(s.ring[a]!, s.ring[b]!)} overlap along a segment ${where(cx, cy)}`;
  }
  if (sameRing) {
    const touch =
      (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) ||
      (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) ||
      (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) ||
      (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by));
    if (touch) return `${ringName(s.ring[a]!)} touches itself ${where(ax, ay)}`;
  }
  return null;
}

function ringName(r: number): string {
  return r === 0 ? 'its outer ring' : `its hole #${r}`;
}

function ringPair(a: number, b: number): string {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  return lo === 0 ? `its outer ring and its hole #${hi}` : `its holes #${lo} and #${hi}`;
}

function where(x: number, y: number): string {
  return `near (${x}, ${y})`;
}

function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by);
}

/** Length of the common part of two collinear segments. */
function overlapLength(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): number {
  const ux = bx - ax;
  const uy = by - ay;
  const length = Math.hypot(ux, uy);
  if (length === 0) return 0;
  const t = (px: number, py: number) => ((px - ax) * ux + (py - ay) * uy) / length;
  const lo = Math.max(0, Math.min(t(cx, cy), t(dx, dy)));
  const hi = Math.min(length, Math.max(t(cx, cy), t(dx, dy)));
  return hi - lo;
}
