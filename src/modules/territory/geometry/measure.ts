import { pointInGeometry } from './point-in-polygon';
import { METRES_PER_DEGREE, polygonsOf, ringsOf, type BBox, type LngLat, type PolygonCoordinates, type Ring, type ZoneGeometry } from './types';

/**
 * Radius of the sphere with the WGS 84 ellipsoid's surface (authalic): areas on it differ from the
 * ellipsoid's by well under 1 % at French latitudes, finer than the simplified boundaries allow.
 */
const AUTHALIC_RADIUS_M = 6_371_007.2;
const RAD = Math.PI / 180;

export function bboxOf(geometry: ZoneGeometry): BBox {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const ring of ringsOf(geometry)) {
    for (const [lng, lat] of ring) {
      if (lng < minLng) minLng = lng;
      if (lng > maxLng) maxLng = lng;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return [minLng, minLat, maxLng, maxLat];
}

export function bboxUnion(boxes: Iterable<BBox>): BBox | null {
  let out: BBox | null = null;
  for (const b of boxes) {
    out = out ? [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])] : [...b];
  }
  return out;
}

/**
 * Area enclosed by a ring on the sphere, in m², positive whatever its orientation (Chamberlain and
 * Duquette, "Some algorithms for polygons on a sphere", JPL 2007: the sum of (λ[i+1] − λ[i−1]) · sin φ[i]).
 */
export function ringAreaM2(ring: Ring): number {
  const n = ring.length - 1; // the closing position repeats the first
  if (n < 3) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const before = ring[(i + n - 1) % n]!;
    const after = ring[(i + 1) % n]!;
    sum += (after[0] - before[0]) * RAD * Math.sin(ring[i]![1] * RAD);
  }
  return Math.abs((sum * AUTHALIC_RADIUS_M * AUTHALIC_RADIUS_M) / 2);
}

/** Outer ring minus holes. */
export function polygonAreaM2(polygon: PolygonCoordinates): number {
  const [outer, ...holes] = polygon;
  if (!outer) return 0;
  return Math.max(0, ringAreaM2(outer) - holes.reduce((s, h) => s + ringAreaM2(h), 0));
}

/** Area on the sphere in m² (polygons of a MultiPolygon are taken as not overlapping, as RFC 7946 requires). */
export function areaM2(geometry: ZoneGeometry): number {
  return polygonsOf(geometry).reduce((s, p) => s + polygonAreaM2(p), 0);
}

/**
 * Area-weighted centroid, computed in a local equirectangular projection around the geometry (good
 * to a few metres over a département). It can fall outside a concave zone: see `pointOnSurface`.
 */
export function centroidOf(geometry: ZoneGeometry): LngLat {
  const box = bboxOf(geometry);
  const lat0 = (box[1] + box[3]) / 2;
  const kx = Math.cos(lat0 * RAD);
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  for (const polygon of polygonsOf(geometry)) {
    polygon.forEach((ring, ringIndex) => {
      let ringA2 = 0;
      let rx = 0;
      let ry = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const x0 = (ring[i]![0] - box[0]) * kx;
        const y0 = ring[i]![1] - box[1];
        const x1 = (ring[i + 1]![0] - box[0]) * kx;
        const y1 = ring[i + 1]![1] - box[1];
        const cross = x0 * y1 - x1 * y0;
        ringA2 += cross;
        rx += (x0 + x1) * cross;
        ry += (y0 + y1) * cross;
      }
      // Outer rings add, holes subtract, whatever the orientation the file gave them.
      const sign = (ringIndex === 0 ? 1 : -1) * (ringA2 < 0 ? -1 : 1);
      a2 += sign * ringA2;
      cx += sign * rx;
      cy += sign * ry;
    });
  }
  if (a2 === 0) return { lng: (box[0] + box[2]) / 2, lat: lat0 };
  return { lng: box[0] + cx / (3 * a2) / kx, lat: box[1] + cy / (3 * a2) };
}

/**
 * A point certainly inside the geometry: its centroid when that is inside, else the middle of the
 * widest stretch of the horizontal line through the middle of its largest polygon (a line that
 * crosses the polygon, since its outer ring spans that height).
 */
export function pointOnSurface(geometry: ZoneGeometry): LngLat {
  const centroid = centroidOf(geometry);
  if (pointInGeometry(centroid.lng, centroid.lat, geometry)) return centroid;
  const polygons = polygonsOf(geometry);
  let largest = polygons[0]!;
  let largestArea = -1;
  for (const p of polygons) {
    const a = polygonAreaM2(p);
    if (a > largestArea) {
      largestArea = a;
      largest = p;
    }
  }
  const box = bboxOf({ type: 'Polygon', coordinates: largest });
  let y = (box[1] + box[3]) / 2;
  // A line through a vertex would count it twice or not at all: move it off every vertex.
  const onVertex = () => largest.some((ring) => ring.some((p) => p[1] === y));
  for (let k = 1; onVertex() && k < 64; k++) y = box[1] + ((box[3] - box[1]) * (32 + (k % 2 ? k : -k) / 2)) / 64;
  const xs: number[] = [];
  for (const ring of largest) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i]!;
      const [x1, y1] = ring[i + 1]!;
      if (y0 > y !== y1 > y) xs.push(x0 + ((y - y0) * (x1 - x0)) / (y1 - y0));
    }
  }
  xs.sort((a, b) => a - b);
  let best = { width: -1, x: centroid.lng };
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const width = xs[i + 1]! - xs[i]!;
    if (width > best.width) best = { width, x: (xs[i]! + xs[i + 1]!) / 2 };
  }
  return { lng: best.x, lat: y };
}

/** Distance between two points in metres (equirectangular: exact enough within a region). */
export function distanceMetres(a: LngLat, b: LngLat): number {
  const kx = Math.cos(((a.lat + b.lat) / 2) * RAD);
  return Math.hypot((a.lng - b.lng) * kx, a.lat - b.lat) * METRES_PER_DEGREE;
}
