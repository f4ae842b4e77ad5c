/**
 * GeoJSON polygonal geometries in WGS 84 (RFC 7946): positions are [longitude, latitude] in
 * degrees. Only what zones need: a Polygon (outer ring, then holes) or a MultiPolygon.
 */
export type Position = [number, number];
/** A closed ring: its first and last positions are equal, at least 4 positions. */
export type Ring = Position[];
export type PolygonCoordinates = Ring[];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: PolygonCoordinates;
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: PolygonCoordinates[];
}
export type ZoneGeometry = PolygonGeometry | MultiPolygonGeometry;

/** [minLng, minLat, maxLng, maxLat]. */
export type BBox = [number, number, number, number];

export interface LngLat {
  lng: number;
  lat: number;
}

/** The polygons of a geometry, a Polygon being one. */
export function polygonsOf(geometry: ZoneGeometry): PolygonCoordinates[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Every ring of a geometry, outer rings and holes alike. */
export function ringsOf(geometry: ZoneGeometry): Ring[] {
  return polygonsOf(geometry).flat();
}

/** Metres per degree on the mean sphere (radius 6,371,008.8 m). */
export const METRES_PER_DEGREE = (Math.PI * 6_371_008.8) / 180;
