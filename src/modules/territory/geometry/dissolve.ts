import { rewind, signedArea2 } from './orientation';
import { pointInRing } from './point-in-polygon';
import { polygonsOf, type PolygonCoordinates, type Position, type Ring, type ZoneGeometry } from './types';

/**
 * The union of adjacent zones whose shared borders share their vertices exactly (zones cut from one
 * topology, as the communes of an IGN file): with every ring oriented by the right-hand rule, an
 * edge inside the union is walked once in each direction by the two zones it separates, so the
 * edges left after cancelling those pairs are the union's boundary. They are chained back into
 * rings (at a vertex where several leave, the sharpest left turn, which keeps the interior on the
 * left and parts touching at a point apart), counter-clockwise rings becoming outer rings and the
 * others holes of the smallest outer ring around them.
 *
 * Zones that only nearly meet leave slivers in the result: check it (`checkRings`) before use.
 * Returns null when nothing is left (no input).
 */
export function dissolve(geometries: readonly ZoneGeometry[]): ZoneGeometry | null {
  const key = (p: Position) => `${p[0]},${p[1]}`;
  const directed = new Map<string, { from: Position; to: Position; count: number }>();
  for (const g of geometries) {
    for (const polygon of polygonsOf(rewind(g))) {
      for (const ring of polygon) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const a = ring[i]!;
          const b = ring[i + 1]!;
          if (a[0] === b[0] && a[1] === b[1]) continue;
          const k = `${key(a)}>${key(b)}`;
          const reverse = directed.get(`${key(b)}>${key(a)}`);
          if (reverse) {
            if (--reverse.count === 0) directed.delete(`${key(b)}>${key(a)}`);
            continue;
          }
          const entry = directed.get(k);
          if (entry) entry.count++;
          else directed.set(k, { from: a, to: b, count: 1 });
        }
      }
    }
  }
  const outgoing = new Map<string, Position[]>();
  for (const { from, to, count } of directed.values()) {
    for (let c = 0; c < count; c++) {
      const list = outgoing.get(key(from));
      if (list) list.push(to);
      else outgoing.set(key(from), [to]);
    }
  }
  const take = (at: Position, cameFrom: Position | null): Position | null => {
    const list = outgoing.get(key(at));
    if (!list || list.length === 0) return null;
    let best = 0;
    if (cameFrom && list.length > 1) {
      const inAngle = Math.atan2(at[1] - cameFrom[1], at[0] - cameFrom[0]);
      let bestTurn = -Infinity;
      list.forEach((to, i) => {
        let turn = Math.atan2(to[1] - at[1], to[0] - at[0]) - inAngle;
        while (turn <= -Math.PI) turn += 2 * Math.PI;
        while (turn > Math.PI) turn -= 2 * Math.PI;
        if (turn > bestTurn) {
          bestTurn = turn;
          best = i;
        }
      });
    }
    return list.splice(best, 1)[0]!;
  };
  const rings: Ring[] = [];
  for (const [startKey, list] of outgoing) {
    while (list.length) {
      const start = parsePosition(startKey);
      const ring: Ring = [start];
      let previous: Position | null = null;
      let at = start;
      for (;;) {
        const next = take(at, previous);
        if (!next) break;
        ring.push(next);
        previous = at;
        at = next;
        if (key(at) === startKey) break;
      }
      if (ring.length >= 4 && key(ring[ring.length - 1]!) === startKey) rings.push(ring);
    }
  }
  const outers = rings.filter((r) => signedArea2(r) > 0);
  const holes = rings.filter((r) => signedArea2(r) <= 0);
  if (!outers.length) return null;
  const polygons: PolygonCoordinates[] = outers.map((r) => [r]);
  for (const hole of holes) {
    const [a, b] = [hole[0]!, hole[1]!];
    const mx = (a[0] + b[0]) / 2;
    const my = (a[1] + b[1]) / 2;
    let owner = -1;
    let ownerArea = Infinity;
    outers.forEach((outer, i) => {
      const area = signedArea2(outer);
      if (area < ownerArea && pointInRing(mx, my, outer)) {
        owner = i;
        ownerArea = area;
      }
    });
    if (owner >= 0) polygons[owner]!.push(hole);
  }
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

function parsePosition(k: string): Position {
  const [x, y] = k.split(',');
  return [Number(x), Number(y)];
}
