/**
 * Queen and rook contiguity from polygons, robust to the small gaps and overlaps of real borders.
 *
 * Two areas are queen neighbours when a corner of one lies within the snap tolerance ε of the
 * other's boundary (a shared corner is the case ε = 0; a corner on the other's edge — a
 * T-junction — or a corner across a gap thinner than ε count too). They are rook neighbours when
 * their boundaries run together over a length greater than 2ε (over any positive length when
 * ε = 0): for each edge, the stretch between the extreme contact points of the other area
 * (its own ends that touch it, and the other's corners within ε of it) counts when the middle of
 * that stretch is itself within ε of the other area, and the stretches of all edges are added.
 * A touch at one point, however snapped, never adds up to 2ε; a shared border does.
 *
 * Cost: every edge goes into the cells of a uniform grid that its box (grown by ε) covers, and
 * every corner is compared with the edges of its own cell only, so building weights is about
 * linear in the number of corners, never O(n²) in areas. Holes are boundaries like any other (an
 * enclave is its surrounding area's neighbour), and the parts of a MultiPolygon are one area.
 */
import type { Ring } from './polygon-validity';
import { symmetricWeightsFromPairs, type SpatialWeights } from './weights';

export type ContiguityKind = 'queen' | 'rook';

export interface ContiguityOptions {
  kind: ContiguityKind;
  /** ε, in the coordinates' unit; default: `defaultSnapTolerance` of the data's extent. */
  tolerance?: number;
}

export interface ContiguityResult {
  weights: SpatialWeights;
  tolerance: number;
}

/** The default ε: one millionth of the extent's diagonal (about 2 dm over Île-de-France in degrees). */
export const RELATIVE_DEFAULT_TOLERANCE = 1e-6;

/** Each area: its polygons, each a shell and its holes. */
export type AreaPolygons = readonly (readonly Ring[])[];

interface Boundaries {
  x: Float64Array;
  y: Float64Array;
  area: Int32Array;
  /** The corner after this one in its ring: the edge starting at corner v is (v, next[v]). */
  next: Int32Array;
  previous: Int32Array;
}

function collectBoundaries(areas: readonly AreaPolygons[]): Boundaries {
  let total = 0;
  for (const polygons of areas) for (const rings of polygons) for (const ring of rings) total += ring.length / 2 - 1;
  const b: Boundaries = {
    x: new Float64Array(total),
    y: new Float64Array(total),
    area: new Int32Array(total),
    next: new Int32Array(total),
    previous: new Int32Array(total),
  };
  let at = 0;
  areas.forEach((polygons, a) => {
    for (const rings of polygons) {
      for (const ring of rings) {
        const corners = ring.length / 2 - 1;
        const first = at;
        for (let k = 0; k < corners; k++) {
          b.x[at] = ring[2 * k]!;
          b.y[at] = ring[2 * k + 1]!;
          b.area[at] = a;
          b.next[at] = k + 1 < corners ? at + 1 : first;
          b.previous[at] = k > 0 ? at - 1 : first + corners - 1;
          at++;
        }
      }
    }
  });
  return b;
}

export function defaultSnapTolerance(areas: readonly AreaPolygons[]): number {
  const box = extent(collectBoundaries(areas));
  return RELATIVE_DEFAULT_TOLERANCE * Math.hypot(box.maxX - box.minX, box.maxY - box.minY);
}

function extent(b: Boundaries) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let v = 0; v < b.x.length; v++) {
    const x = b.x[v]!;
    const y = b.y[v]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

/** Edges indexed by the grid cells their ε-grown boxes cover (CSR: cell → edges). */
interface EdgeGrid {
  minX: number;
  minY: number;
  cell: number;
  columns: number;
  rows: number;
  offsets: Int32Array;
  edges: Int32Array;
}

const MAX_CELLS_PER_EDGE = 4;

function buildEdgeGrid(b: Boundaries, tolerance: number): EdgeGrid {
  const count = b.x.length;
  const box = extent(b);
  const width = box.maxX - box.minX + 2 * tolerance;
  const height = box.maxY - box.minY + 2 * tolerance;
  let lengthSum = 0;
  for (let v = 0; v < count; v++) lengthSum += Math.hypot(b.x[b.next[v]!]! - b.x[v]!, b.y[b.next[v]!]! - b.y[v]!);
  // About one edge length per cell, never thinner than the tolerance, never more cells than a
  // few per edge.
  let cell = Math.max(lengthSum / Math.max(count, 1), 2 * tolerance, Number.MIN_VALUE);
  const minimumCell = Math.sqrt((width * height) / (MAX_CELLS_PER_EDGE * Math.max(count, 1)));
  if (cell < minimumCell) cell = minimumCell;
  if (!(cell > 0)) cell = 1;
  const columns = Math.max(1, Math.ceil(width / cell));
  const rows = Math.max(1, Math.ceil(height / cell));
  const minX = box.minX - tolerance;
  const minY = box.minY - tolerance;
  const inverse = 1 / cell;
  // Each edge's cell range, computed once and kept for the fill pass.
  const c0 = new Int32Array(count);
  const c1 = new Int32Array(count);
  const r0 = new Int32Array(count);
  const r1 = new Int32Array(count);
  const counts = new Int32Array(columns * rows + 1);
  for (let v = 0; v < count; v++) {
    const w = b.next[v]!;
    const x0 = b.x[v]!;
    const x1 = b.x[w]!;
    const y0 = b.y[v]!;
    const y1 = b.y[w]!;
    c0[v] = clampIndex(Math.floor(((x0 < x1 ? x0 : x1) - tolerance - minX) * inverse), columns);
    c1[v] = clampIndex(Math.floor(((x0 < x1 ? x1 : x0) + tolerance - minX) * inverse), columns);
    r0[v] = clampIndex(Math.floor(((y0 < y1 ? y0 : y1) - tolerance - minY) * inverse), rows);
    r1[v] = clampIndex(Math.floor(((y0 < y1 ? y1 : y0) + tolerance - minY) * inverse), rows);
    for (let r = r0[v]!; r <= r1[v]!; r++) for (let c = c0[v]!; c <= c1[v]!; c++) counts[r * columns + c + 1]!++;
  }
  for (let c = 0; c < columns * rows; c++) counts[c + 1]! += counts[c]!;
  const fill = counts.slice(0, columns * rows);
  const edges = new Int32Array(counts[columns * rows]!);
  for (let v = 0; v < count; v++) {
    for (let r = r0[v]!; r <= r1[v]!; r++) for (let c = c0[v]!; c <= c1[v]!; c++) edges[fill[r * columns + c]!++] = v;
  }
  return { minX, minY, cell, columns, rows, offsets: counts, edges };
}

function clampIndex(index: number, size: number): number {
  return index < 0 ? 0 : index >= size ? size - 1 : index;
}

function cellOf(grid: EdgeGrid, x: number, y: number): number {
  const c = Math.min(grid.columns - 1, Math.max(0, Math.floor((x - grid.minX) / grid.cell)));
  const r = Math.min(grid.rows - 1, Math.max(0, Math.floor((y - grid.minY) / grid.cell)));
  return r * grid.columns + c;
}

/** The projection parameter of the last `squaredDistanceToEdge` call (kept out of a returned object: hot loop). */
let lastT = 0;

/** Squared distance from (px, py) to the edge starting at corner v; sets `lastT`. */
function squaredDistanceToEdge(b: Boundaries, v: number, px: number, py: number): number {
  const ax = b.x[v]!;
  const ay = b.y[v]!;
  const w = b.next[v]!;
  const ux = b.x[w]! - ax;
  const uy = b.y[w]! - ay;
  const length2 = ux * ux + uy * uy;
  let t = length2 > 0 ? ((px - ax) * ux + (py - ay) * uy) / length2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  lastT = t;
  const dx = ax + t * ux - px;
  const dy = ay + t * uy - py;
  return dx * dx + dy * dy;
}

/** A growable set of (edge, other area, t) records. */
class ContactLog {
  edge = new Int32Array(1024);
  other = new Int32Array(1024);
  t = new Float64Array(1024);
  size = 0;
  add(edge: number, other: number, t: number): void {
    if (this.size === this.edge.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const bigger = new (a.constructor as new (n: number) => T)(a.length * 2);
        bigger.set(a);
        return bigger;
      };
      this.edge = grow(this.edge);
      this.other = grow(this.other);
      this.t = grow(this.t);
    }
    this.edge[this.size] = edge;
    this.other[this.size] = other;
    this.t[this.size] = t;
    this.size++;
  }
}

export function contiguityWeights(areas: readonly AreaPolygons[], options: ContiguityOptions): ContiguityResult {
  const n = areas.length;
  const b = collectBoundaries(areas);
  const tolerance = options.tolerance ?? defaultSnapTolerance(areas);
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new Error(`the snap tolerance must be a finite number ≥ 0, not ${tolerance}`);
  if (b.x.length === 0) return { weights: symmetricWeightsFromPairs(n, []), tolerance };
  const grid = buildEdgeGrid(b, tolerance);
  const tolerance2 = tolerance * tolerance;
  const rook = options.kind === 'rook';
  const queenPairs = new Set<number>();
  const contacts = new ContactLog();

  for (let v = 0; v < b.x.length; v++) {
    const a = b.area[v]!;
    const px = b.x[v]!;
    const py = b.y[v]!;
    const c = cellOf(grid, px, py);
    let lastOther = -1;
    for (let k = grid.offsets[c]!; k < grid.offsets[c + 1]!; k++) {
      const e = grid.edges[k]!;
      const other = b.area[e]!;
      if (other === a) continue;
      if (squaredDistanceToEdge(b, e, px, py) > tolerance2) continue;
      const t = lastT;
      if (other !== lastOther) {
        queenPairs.add(a < other ? a * n + other : other * n + a);
        lastOther = other;
        if (rook) {
          // This corner's own two edges get an end that touches the other area…
          contacts.add(v, other, 0);
          contacts.add(b.previous[v]!, other, 1);
        }
      }
      // …and the other area's edge gets this corner's position along it.
      if (rook) contacts.add(e, a, t);
    }
  }

  if (!rook) return { weights: symmetricWeightsFromPairs(n, pairsOf(queenPairs, n)), tolerance };
  return { weights: symmetricWeightsFromPairs(n, pairsOf(rookPairs(b, grid, contacts, n, tolerance), n)), tolerance };
}

function rookPairs(b: Boundaries, grid: EdgeGrid, contacts: ContactLog, n: number, tolerance: number): Set<number> {
  // Group the contact records by edge (counting sort), then by the other area within an edge.
  const edgeCount = b.x.length;
  const offsets = new Int32Array(edgeCount + 1);
  for (let r = 0; r < contacts.size; r++) offsets[contacts.edge[r]! + 1]!++;
  for (let e = 0; e < edgeCount; e++) offsets[e + 1]! += offsets[e]!;
  const fill = offsets.slice(0, edgeCount);
  const order = new Int32Array(contacts.size);
  for (let r = 0; r < contacts.size; r++) order[fill[contacts.edge[r]!]!++] = r;

  const shared = new Map<number, number>();
  const tolerance2 = tolerance * tolerance;
  const others: number[] = [];
  for (let e = 0; e < edgeCount; e++) {
    const start = offsets[e]!;
    const end = offsets[e + 1]!;
    if (end - start < 2) continue;
    others.length = 0;
    for (let k = start; k < end; k++) {
      const other = contacts.other[order[k]!]!;
      if (!others.includes(other)) others.push(other);
    }
    const a = b.area[e]!;
    const w = b.next[e]!;
    const length = Math.hypot(b.x[w]! - b.x[e]!, b.y[w]! - b.y[e]!);
    for (const other of others) {
      let tMin = Infinity;
      let tMax = -Infinity;
      for (let k = start; k < end; k++) {
        const r = order[k]!;
        if (contacts.other[r] !== other) continue;
        const t = contacts.t[r]!;
        if (t < tMin) tMin = t;
        if (t > tMax) tMax = t;
      }
      const span = (tMax - tMin) * length;
      if (!(span > 0)) continue;
      const tMid = (tMin + tMax) / 2;
      const mx = b.x[e]! + tMid * (b.x[w]! - b.x[e]!);
      const my = b.y[e]! + tMid * (b.y[w]! - b.y[e]!);
      if (!nearArea(b, grid, other, mx, my, tolerance2)) continue;
      const key = a * n + other;
      shared.set(key, (shared.get(key) ?? 0) + span);
    }
  }
  const threshold = 2 * tolerance;
  const pairs = new Set<number>();
  for (const [key, length] of shared) {
    const a = Math.floor(key / n);
    const other = key - a * n;
    const reverse = shared.get(other * n + a) ?? 0;
    if (Math.max(length, reverse) > threshold) pairs.add(a < other ? a * n + other : other * n + a);
  }
  return pairs;
}

function nearArea(b: Boundaries, grid: EdgeGrid, area: number, px: number, py: number, tolerance2: number): boolean {
  const c = cellOf(grid, px, py);
  for (let k = grid.offsets[c]!; k < grid.offsets[c + 1]!; k++) {
    const e = grid.edges[k]!;
    if (b.area[e] !== area) continue;
    // Exactly on a shared edge, rounding can leave a distance of a few ulps: allow for it.
    if (squaredDistanceToEdge(b, e, px, py) <= Math.max(tolerance2, 1e-24 * (px * px + py * py))) return true;
  }
  return false;
}

function pairsOf(keys: Set<number>, n: number): Int32Array {
  const out = new Int32Array(keys.size * 2);
  let at = 0;
  for (const key of keys) {
    const a = Math.floor(key / n);
    out[at++] = a;
    out[at++] = key - a * n;
  }
  return out;
}
