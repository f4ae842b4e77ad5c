import { METRES_PER_DEGREE, ringsOf, type Position, type ZoneGeometry } from './types';

/**
 * Length in metres of the border two zones share: the edges of one whose two ends lie within
 * `toleranceMetres` of the other's boundary, measured both ways (the two outlines need not share
 * their vertices) and the longer kept. Corners that merely touch give almost nothing.
 */
export function sharedBorderMetres(a: ZoneGeometry, b: ZoneGeometry, toleranceMetres = 15): number {
  const lat0 = ringsOf(a)[0]?.[0]?.[1] ?? 0;
  const kx = Math.cos((lat0 * Math.PI) / 180) * METRES_PER_DEGREE;
  const ky = METRES_PER_DEGREE;
  const xy = (p: Position): [number, number] => [p[0] * kx, p[1] * ky];
  const segments = (g: ZoneGeometry) => ringsOf(g).flatMap((ring) => ring.slice(0, -1).map((p, i) => [xy(p), xy(ring[i + 1]!)] as const));
  const oneWay = (from: ZoneGeometry, to: ZoneGeometry): number => {
    const toSegments = segments(to);
    const near = (p: [number, number]) => toSegments.some(([s, e]) => pointSegmentDistance(p, s, e) <= toleranceMetres);
    let total = 0;
    for (const ring of ringsOf(from)) {
      const points = ring.map(xy);
      const flags = points.map(near);
      for (let i = 0; i + 1 < points.length; i++) {
        if (flags[i] && flags[i + 1]) total += Math.hypot(points[i + 1]![0] - points[i]![0], points[i + 1]![1] - points[i]![1]);
      }
    }
    return total;
  };
  return Math.max(oneWay(a, b), oneWay(b, a));
}

function pointSegmentDistance(p: [number, number], a: readonly [number, number], b: readonly [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
}
