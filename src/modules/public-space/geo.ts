/**
 * Small geometry on WGS 84 positions, pure: distances, the grid cells that find nearby reports
 * without PostGIS (the same SQL on PGlite and PostgreSQL), and the distance from a point to a
 * sensitive place (point, line or polygon).
 */

export interface LngLat {
  lng: number;
  lat: number;
}

type Position = [number, number];
export type FeatureGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export const EARTH_RADIUS_M = 6_371_008.8;
export const METRES_PER_DEGREE = (Math.PI * EARTH_RADIUS_M) / 180;
const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: LngLat, b: LngLat): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

// ---- Grid cells ------------------------------------------------------------------------------------

/**
 * Cells of 0.001° of latitude (111 m) by 0.0015° of longitude (110 m at 48° N, 166 m at the
 * equator, 75 m at 60° N). A cell is one bigint: row × 1,000,000 + column, both made positive.
 */
export const CELL_LAT_DEG = 0.001;
export const CELL_LNG_DEG = 0.0015;
const ROW_OFFSET = 90_000;
const COL_OFFSET = 120_000;
const COL_SPAN = 1_000_000;

export function cellRow(lat: number): number {
  return Math.floor(lat / CELL_LAT_DEG) + ROW_OFFSET;
}
export function cellCol(lng: number): number {
  return Math.floor(lng / CELL_LNG_DEG) + COL_OFFSET;
}
export function cellOf(p: LngLat): number {
  return cellRow(p.lat) * COL_SPAN + cellCol(p.lng);
}

/** A box around a point: `radiusM` metres each way (longitude scaled at the point's latitude). */
export function boxAround(p: LngLat, radiusM: number): { minLng: number; minLat: number; maxLng: number; maxLat: number } {
  const dLat = radiusM / METRES_PER_DEGREE;
  const cos = Math.max(0.01, Math.cos(p.lat * RAD));
  const dLng = radiusM / (METRES_PER_DEGREE * cos);
  return { minLng: p.lng - dLng, minLat: p.lat - dLat, maxLng: p.lng + dLng, maxLat: p.lat + dLat };
}

/** Every cell a circle of `radiusM` around the point may touch (9 for a radius under a cell's size). */
export function cellsAround(p: LngLat, radiusM: number): number[] {
  const box = boxAround(p, radiusM);
  const cells: number[] = [];
  for (let row = cellRow(box.minLat); row <= cellRow(box.maxLat); row++) {
    for (let col = cellCol(box.minLng); col <= cellCol(box.maxLng); col++) cells.push(row * COL_SPAN + col);
  }
  return cells;
}

// ---- Distance to a sensitive place -------------------------------------------------------------------

/** Local planar projection around a point (metres): exact enough within a few kilometres. */
function projector(origin: LngLat) {
  const kx = METRES_PER_DEGREE * Math.cos(origin.lat * RAD);
  return (p: Position): [number, number] => [(p[0] - origin.lng) * kx, (p[1] - origin.lat) * METRES_PER_DEGREE];
}

function segmentDistance(px: number, py: number, a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - a[0]) * dx + (py - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
}

function lineDistance(points: [number, number][]): number {
  if (points.length === 1) return Math.hypot(points[0]![0], points[0]![1]);
  let best = Infinity;
  for (let i = 1; i < points.length; i++) best = Math.min(best, segmentDistance(0, 0, points[i - 1]!, points[i]!));
  return best;
}

/** Even–odd rule over every ring (holes included): is the origin inside? */
function originInRings(rings: [number, number][][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > 0 !== yj > 0 && 0 < ((xj - xi) * (0 - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Distance in metres from a point to a geometry: 0 inside a polygon. */
export function distanceToGeometry(p: LngLat, geometry: FeatureGeometry): number {
  const project = projector(p);
  const lines = (coords: Position[]) => lineDistance(coords.map(project));
  switch (geometry.type) {
    case 'Point':
      return distanceMetres(p, { lng: geometry.coordinates[0], lat: geometry.coordinates[1] });
    case 'MultiPoint':
      return Math.min(...geometry.coordinates.map((c) => distanceMetres(p, { lng: c[0], lat: c[1] })));
    case 'LineString':
      return lines(geometry.coordinates);
    case 'MultiLineString':
      return Math.min(...geometry.coordinates.map(lines));
    case 'Polygon': {
      const rings = geometry.coordinates.map((r) => r.map(project));
      return originInRings(rings) ? 0 : Math.min(...rings.map(lineDistance));
    }
    case 'MultiPolygon':
      return Math.min(...geometry.coordinates.map((poly) => distanceToGeometry(p, { type: 'Polygon', coordinates: poly })));
  }
}

export function geometryBox(geometry: FeatureGeometry): { minLng: number; minLat: number; maxLng: number; maxLat: number } {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as Position;
      minLng = Math.min(minLng, x);
      maxLng = Math.max(maxLng, x);
      minLat = Math.min(minLat, y);
      maxLat = Math.max(maxLat, y);
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  visit(geometry.coordinates);
  return { minLng, minLat, maxLng, maxLat };
}

/** Whether a value is a GeoJSON geometry this module can measure, with WGS 84 positions. */
export function isFeatureGeometry(value: unknown): value is FeatureGeometry {
  if (!value || typeof value !== 'object') return false;
  const g = value as { type?: unknown; coordinates?: unknown };
  const isPos = (c: unknown) =>
    Array.isArray(c) && c.length >= 2 && typeof c[0] === 'number' && typeof c[1] === 'number' && Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90;
  const depth = (c: unknown, d: number): boolean => (d === 0 ? isPos(c) : Array.isArray(c) && c.length > 0 && c.every((x) => depth(x, d - 1)));
  const depths: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };
  const d = typeof g.type === 'string' ? depths[g.type] : undefined;
  return d !== undefined && depth(g.coordinates, d);
}
