import type { PolygonCoordinates, Ring, ZoneGeometry } from './types';

/** Twice the signed planar area of a ring in degrees²: positive when counter-clockwise. */
export function signedArea2(ring: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return s;
}

/**
 * The right-hand rule of RFC 7946 §3.1.6: outer rings counter-clockwise, holes clockwise. Files
 * may not follow it (the RFC tells readers not to reject them); stored geometries do.
 */
export function rewind(geometry: ZoneGeometry): ZoneGeometry {
  const polygon = (p: PolygonCoordinates): PolygonCoordinates =>
    p.map((ring, i) => {
      const ccw = signedArea2(ring) > 0;
      return (i === 0) === ccw ? ring : [...ring].reverse();
    });
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: polygon(geometry.coordinates) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(polygon) };
}
