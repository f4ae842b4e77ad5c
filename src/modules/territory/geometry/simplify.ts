import { METRES_PER_DEGREE, polygonsOf, type Position, type Ring, type ZoneGeometry } from './types';

/**
 * Simplification for display. Douglas–Peucker on each border, in metres of a local projection, with
 * the zoning's topology kept: a border shared by two zones is simplified once, the same way for
 * both, so simplified neighbours still meet without gaps or overlaps (as TopoJSON does).
 *
 * Rings are cut into arcs where the set of zones owning their edges changes (a junction of three
 * zones, the end of a shared border); each arc keeps its ends and is simplified in a canonical
 * direction. A ring owned throughout by the same zones (an island, an enclave and the hole around
 * it) is cut at its smallest vertex and the vertex farthest from it, which both sides find alike.
 * Shared borders must share their vertices exactly, as in any file cut from one topology; where
 * they do not, each side is simplified on its own. For display only: never for point lookups.
 */
export function simplifyZoning(geometries: readonly (ZoneGeometry | null)[], toleranceMetres: number): (ZoneGeometry | null)[] {
  const latitudes = geometries.flatMap((g) => (g ? [polygonsOf(g)[0]![0]![0]![1]] : []));
  const lat0 = latitudes.length ? latitudes.reduce((s, v) => s + v, 0) / latitudes.length : 0;
  const kx = Math.cos((lat0 * Math.PI) / 180);
  const tolerance = toleranceMetres / METRES_PER_DEGREE; // in degrees of latitude

  // Vertices get numbers (the same position, the same number), edges a number from their two
  // vertices' (whatever their direction), and each edge the sorted list of the zones owning it.
  const vertexIds = new Map<string, number>();
  const ringIds = new Map<Ring, Int32Array>();
  const idsOf = (ring: Ring): Int32Array => {
    let ids = ringIds.get(ring);
    if (!ids) {
      ids = new Int32Array(ring.length);
      for (let i = 0; i < ring.length; i++) {
        const k = `${ring[i]![0]},${ring[i]![1]}`;
        let id = vertexIds.get(k);
        if (id === undefined) vertexIds.set(k, (id = vertexIds.size));
        ids[i] = id;
      }
      ringIds.set(ring, ids);
    }
    return ids;
  };
  const EDGE_BASE = 2 ** 26;
  const edgeKey = (a: number, b: number) => (a < b ? a * EDGE_BASE + b : b * EDGE_BASE + a);
  const owners = new Map<number, number[]>();
  geometries.forEach((g, zone) => {
    if (!g) return;
    for (const polygon of polygonsOf(g)) {
      for (const ring of polygon) {
        const ids = idsOf(ring);
        for (let i = 0; i + 1 < ring.length; i++) {
          const k = edgeKey(ids[i]!, ids[i + 1]!);
          const list = owners.get(k);
          if (!list) owners.set(k, [zone]);
          else if (list[list.length - 1] !== zone) list.push(zone);
        }
      }
    }
  });
  const sameOwners = (a: number[], b: number[]) => a === b || (a.length === b.length && a.every((z, i) => z === b[i]));

  const simplifyArc = (arc: Position[]): Position[] => {
    // Canonical direction: the same arc seen from either side is simplified from the same end.
    const reversed = compareArcs(arc, [...arc].reverse()) > 0;
    const forward = reversed ? [...arc].reverse() : arc;
    const kept = douglasPeucker(forward, tolerance, kx);
    return reversed ? kept.reverse() : kept;
  };

  const simplifyRing = (ring: Ring): Ring => {
    const open = ring.slice(0, -1);
    const m = open.length;
    if (m < 4) return ring;
    const ids = idsOf(ring);
    const ownersOfEdge = (i: number) => owners.get(edgeKey(ids[i % m]!, ids[(i + 1) % m]!))!;
    const cuts: number[] = [];
    for (let i = 0; i < m; i++) if (!sameOwners(ownersOfEdge(i + m - 1), ownersOfEdge(i))) cuts.push(i);
    if (cuts.length < 2) {
      let smallest = 0;
      for (let i = 1; i < m; i++) if (comparePositions(open[i]!, open[smallest]!) < 0) smallest = i;
      let farthest = smallest;
      let farD = -1;
      const [sx, sy] = open[smallest]!;
      for (let i = 0; i < m; i++) {
        const d = ((open[i]![0] - sx) * kx) ** 2 + (open[i]![1] - sy) ** 2;
        if (d > farD || (d === farD && comparePositions(open[i]!, open[farthest]!) < 0)) {
          farD = d;
          farthest = i;
        }
      }
      cuts.splice(0, cuts.length, ...new Set([smallest, farthest, ...cuts]));
      cuts.sort((a, b) => a - b);
    }
    const out: Position[] = [];
    for (let c = 0; c < cuts.length; c++) {
      const from = cuts[c]!;
      const to = cuts[(c + 1) % cuts.length]!;
      const arc: Position[] = [];
      for (let i = from; ; i = (i + 1) % m) {
        arc.push(open[i]!);
        if (i === to && arc.length > 1) break;
      }
      const kept = simplifyArc(arc);
      out.push(...kept.slice(0, -1));
    }
    out.push(out[0]!);
    // Too few positions left for a ring: keep it as it was (it then no longer matches its neighbour exactly).
    return out.length >= 4 ? out : ring;
  };

  return geometries.map((g) => {
    if (!g) return null;
    if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map(simplifyRing) };
    return { type: 'MultiPolygon', coordinates: g.coordinates.map((polygon) => polygon.map(simplifyRing)) };
  });
}

const comparePositions = (a: Position, b: Position) => a[0] - b[0] || a[1] - b[1];

function compareArcs(a: Position[], b: Position[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = comparePositions(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** Douglas–Peucker on an open polyline, keeping both ends; distances in degrees of latitude (x scaled by kx). */
export function douglasPeucker(points: Position[], tolerance: number, kx = 1): Position[] {
  if (points.length <= 2) return points.slice();
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    const [ax, ay] = points[first]!;
    const [bx, by] = points[last]!;
    let maxD = -1;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance(points[i]![0], points[i]![1], ax, ay, bx, by, kx);
      if (d > maxD) {
        maxD = d;
        index = i;
      }
    }
    if (index >= 0 && maxD > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number, kx: number): number {
  const x = (px - ax) * kx;
  const y = py - ay;
  const dx = (bx - ax) * kx;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (x * dx + y * dy) / len2));
  return Math.hypot(x - t * dx, y - t * dy);
}

/** Rounds every coordinate to `decimals` places (5 ≈ 1 m) and drops the repeated positions this makes. */
export function roundGeometry(geometry: ZoneGeometry, decimals: number): ZoneGeometry {
  const f = 10 ** decimals;
  const round = (v: number) => {
    const r = Math.round(v * f) / f;
    return Object.is(r, -0) ? 0 : r;
  };
  const ring = (r: Ring): Ring => {
    const out: Ring = [];
    for (const [x, y] of r) {
      const p: Position = [round(x), round(y)];
      const prev = out[out.length - 1];
      if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push(p);
    }
    return out.length >= 4 ? out : r.map(([x, y]) => [round(x), round(y)] as Position);
  };
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map(ring)) };
}
