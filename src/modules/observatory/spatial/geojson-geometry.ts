/**
 * GeoJSON geometries (RFC 7946) as the areas of an analysis: Polygon and MultiPolygon (holes
 * included) for contiguity, Point for distance weights. Rings are stored flat and closed;
 * a repeated consecutive position is dropped (it adds nothing) and an unclosed ring is closed,
 * both without changing the shape. Anything else that is wrong — a non-numeric coordinate, a ring
 * with too few corners, a self-intersection — is an error, whose text the caller prefixes with
 * the feature's name.
 */
import { polygonProblem, type Ring } from './polygon-validity';

export type AreaGeometry = { type: 'polygons'; polygons: Ring[][] } | { type: 'point'; x: number; y: number };

export function parseGeometry(geometry: unknown, validate = true): AreaGeometry {
  if (geometry === null || geometry === undefined) throw new Error('has no geometry');
  if (typeof geometry !== 'object') throw new Error('has a geometry that is not an object');
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  switch (type) {
    case 'Point': {
      const [x, y] = position(coordinates, 'its point');
      return { type: 'point', x, y };
    }
    case 'Polygon':
      return { type: 'polygons', polygons: [polygon(coordinates, '', validate)] };
    case 'MultiPolygon': {
      if (!Array.isArray(coordinates) || coordinates.length === 0) throw new Error('has a MultiPolygon without polygons');
      return { type: 'polygons', polygons: coordinates.map((part, k) => polygon(part, `part #${k + 1}: `, validate)) };
    }
    default:
      throw new Error(`has a geometry of type ${JSON.stringify(type)}: expected Polygon, MultiPolygon or Point`);
  }
}

function polygon(coordinates: unknown, prefix: string, validate: boolean): Ring[] {
  if (!Array.isArray(coordinates) || coordinates.length === 0) throw new Error(`${prefix}has a polygon without rings`);
  const rings = coordinates.map((ring, r) => parseRing(ring, () => `${prefix}${r === 0 ? 'its outer ring' : `its hole #${r}`}`));
  if (validate) {
    const problem = polygonProblem(rings);
    if (problem) throw new Error(`has an invalid polygon: ${prefix}${problem}`);
  }
  return rings;
}

/** `what` names the ring in a message, built only when there is one (this runs per corner). */
function parseRing(ring: unknown, what: () => string): Ring {
  if (!Array.isArray(ring)) throw new Error(`${what()} is not a list of positions`);
  const flat = new Float64Array(2 * ring.length + 2);
  let m = 0;
  for (let k = 0; k < ring.length; k++) {
    const p: unknown = ring[k];
    if (!Array.isArray(p) || p.length < 2) throw new Error(`${what()}, position #${k + 1}, is not a position [x, y]`);
    const x: unknown = p[0];
    const y: unknown = p[1];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new Error(`${what()}, position #${k + 1}, has a coordinate that is not a finite number (${JSON.stringify(p)})`);
    }
    if (m >= 2 && flat[m - 2] === x && flat[m - 1] === y) continue;
    flat[m++] = x;
    flat[m++] = y;
  }
  if (m >= 2 && (flat[0] !== flat[m - 2] || flat[1] !== flat[m - 1])) {
    flat[m] = flat[0]!;
    flat[m + 1] = flat[1]!;
    m += 2;
  }
  if (m < 8) throw new Error(`has an invalid polygon: ${what()} has fewer than 3 distinct corners`);
  return flat.slice(0, m);
}

function position(value: unknown, what: string): [number, number] {
  if (!Array.isArray(value) || value.length < 2) throw new Error(`${what} is not a position [x, y]`);
  const x: unknown = value[0];
  const y: unknown = value[1];
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new Error(`${what} has a coordinate that is not a finite number (${JSON.stringify(value)})`);
  }
  return [x, y];
}
