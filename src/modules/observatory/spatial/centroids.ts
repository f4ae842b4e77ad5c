/**
 * The representative point of an area for distance weights: the area-weighted centroid of its
 * polygons (holes subtracted, parts of a MultiPolygon weighted by their area), or the point itself.
 * Coordinates are taken relative to the ring's first corner, so that large projected coordinates
 * (Lambert-93 is in the millions of metres) lose no precision in the products.
 */
import type { AreaGeometry } from './geojson-geometry';
import type { Ring } from './polygon-validity';

export function centroid(geometry: AreaGeometry): [number, number] {
  if (geometry.type === 'point') return [geometry.x, geometry.y];
  let area = 0;
  let mx = 0;
  let my = 0;
  for (const rings of geometry.polygons) {
    rings.forEach((ring, r) => {
      const moments = ringMoments(ring);
      // Whatever the rings' orientation, the shell adds and the holes subtract.
      const sign = (r === 0 ? 1 : -1) * Math.sign(moments.area);
      area += sign * moments.area;
      mx += sign * moments.mx;
      my += sign * moments.my;
    });
  }
  if (area === 0) throw new Error('has no area, hence no centroid');
  return [mx / area, my / area];
}

function ringMoments(ring: Ring): { area: number; mx: number; my: number } {
  const x0 = ring[0]!;
  const y0 = ring[1]!;
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  for (let k = 2; k + 3 < ring.length; k += 2) {
    const ax = ring[k]! - x0;
    const ay = ring[k + 1]! - y0;
    const bx = ring[k + 2]! - x0;
    const by = ring[k + 3]! - y0;
    const cross = ax * by - bx * ay;
    a2 += cross;
    cx += (ax + bx) * cross;
    cy += (ay + by) * cross;
  }
  const area = a2 / 2;
  // Moments about the origin: area × centroid, shifted back from the first corner.
  return area === 0 ? { area: 0, mx: 0, my: 0 } : { area, mx: cx / 6 + area * x0, my: cy / 6 + area * y0 };
}
