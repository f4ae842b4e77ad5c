import { ringsOf, type BBox, type Ring, type ZoneGeometry } from './types';

/**
 * Crossing-number test: a ray from the point towards +x crosses the ring an odd number of times
 * when the point is inside. Edges are half-open in y (an edge counts when exactly one of its ends
 * is strictly above the point), so a ray through a vertex counts once, and a point on the border
 * shared by two zones of one zoning falls in exactly one of them.
 */
export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Even–odd over every ring of the geometry: inside an outer ring and outside its holes, in any part
 * of a MultiPolygon (whose parts do not overlap, RFC 7946 §3.1.7).
 */
export function pointInGeometry(x: number, y: number, geometry: ZoneGeometry): boolean {
  let inside = false;
  for (const ring of ringsOf(geometry)) if (pointInRing(x, y, ring)) inside = !inside;
  return inside;
}

/**
 * A geometry prepared for many point tests: its edges in one typed array, bucketed into horizontal
 * bands, so that a test reads only the edges that span the point's latitude (about √edges of them)
 * instead of all of them. Same answers as `pointInGeometry`.
 */
export class PreparedShape {
  readonly bbox: BBox;
  private readonly edges: Float64Array;
  private readonly bandStart: Int32Array;
  private readonly bandEdges: Int32Array;
  private readonly bandCount: number;
  private readonly bandHeight: number;

  constructor(geometry: ZoneGeometry) {
    const rings = ringsOf(geometry);
    let edgeCount = 0;
    for (const r of rings) edgeCount += Math.max(0, r.length - 1);
    const edges = new Float64Array(edgeCount * 4);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let e = 0;
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x0, y0] = ring[i]!;
        const [x1, y1] = ring[i + 1]!;
        edges[e++] = x0;
        edges[e++] = y0;
        edges[e++] = x1;
        edges[e++] = y1;
        minX = Math.min(minX, x0);
        maxX = Math.max(maxX, x0);
        minY = Math.min(minY, y0);
        maxY = Math.max(maxY, y0);
      }
    }
    this.edges = edges;
    this.bbox = [minX, minY, maxX, maxY];
    this.bandCount = Math.max(1, Math.min(4096, Math.ceil(Math.sqrt(edgeCount))));
    this.bandHeight = (maxY - minY) / this.bandCount || 1;
    const counts = new Int32Array(this.bandCount + 1);
    const bandRange = (k: number): [number, number] => {
      const y0 = edges[k * 4 + 1]!;
      const y1 = edges[k * 4 + 3]!;
      return [this.bandOf(Math.min(y0, y1)), this.bandOf(Math.max(y0, y1))];
    };
    for (let k = 0; k < edgeCount; k++) {
      const [b0, b1] = bandRange(k);
      for (let b = b0; b <= b1; b++) counts[b + 1]!++;
    }
    for (let b = 0; b < this.bandCount; b++) counts[b + 1]! += counts[b]!;
    this.bandStart = counts;
    const fill = counts.slice(0, this.bandCount);
    this.bandEdges = new Int32Array(counts[this.bandCount]!);
    for (let k = 0; k < edgeCount; k++) {
      const [b0, b1] = bandRange(k);
      for (let b = b0; b <= b1; b++) this.bandEdges[fill[b]!++] = k;
    }
  }

  private bandOf(y: number): number {
    const b = Math.floor((y - this.bbox[1]) / this.bandHeight);
    return b < 0 ? 0 : b >= this.bandCount ? this.bandCount - 1 : b;
  }

  contains(x: number, y: number): boolean {
    const [minX, minY, maxX, maxY] = this.bbox;
    if (x < minX || x > maxX || y < minY || y > maxY) return false;
    const band = this.bandOf(y);
    const edges = this.edges;
    let inside = false;
    for (let i = this.bandStart[band]!, end = this.bandStart[band + 1]!; i < end; i++) {
      const k = this.bandEdges[i]! * 4;
      const x0 = edges[k]!;
      const y0 = edges[k + 1]!;
      const x1 = edges[k + 2]!;
      const y1 = edges[k + 3]!;
      if (y0 > y !== y1 > y && x < ((x1 - x0) * (y - y0)) / (y1 - y0) + x0) inside = !inside;
    }
    return inside;
  }
}
