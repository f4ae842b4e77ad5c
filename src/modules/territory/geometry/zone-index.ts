import { Grid } from './grid';
import { bboxUnion } from './measure';
import { PreparedShape } from './point-in-polygon';
import { ringsOf, type ZoneGeometry } from './types';

export interface ZoneIndexOptions {
  /** Cells of the grid; default 2 per edge, between 1,024 and 1,048,576. */
  targetCells?: number;
}

/**
 * Which zones of a zoning hold a point, answered from memory.
 *
 * A grid covers the zoning. For each cell the index knows the zones whose boundary passes through
 * it ("edge zones": a point there is tested against those zones' own prepared shapes) and the zones
 * that cover the whole cell ("cover zones": no test needed). Most cells of a zoning are inside one
 * zone, crossed by no boundary, so most points are answered by one array read; the others by a
 * test of the few edges of their zone that span their latitude (`PreparedShape`).
 *
 * Zones of a zoning are expected not to overlap; if some do, `zonesAt` returns all of them and
 * `zoneAt` the smallest by bounding box (the most specific one). Zones without geometry are never
 * returned. Not for geometries that cross the antimeridian.
 */
export class ZoneIndex {
  readonly grid: Grid | null;
  private readonly shapes: (PreparedShape | null)[];
  private readonly specificity: Float64Array;
  private readonly edgeStart: Int32Array;
  private readonly edgeZones: Int32Array;
  /** Per cell: -1 no cover zone, k ≥ 0 zone k, ≤ -2 the list `coverLists[-cover - 2]`. */
  private readonly cover: Int32Array;
  private readonly coverLists: number[][];
  readonly stats: { zones: number; edges: number; cells: number; boundaryCells: number; buildMs: number };

  constructor(geometries: readonly (ZoneGeometry | null)[], options: ZoneIndexOptions = {}) {
    const started = performance.now();
    this.shapes = geometries.map((g) => (g ? new PreparedShape(g) : null));
    this.specificity = Float64Array.from(this.shapes, (s) => (s ? (s.bbox[2] - s.bbox[0]) * (s.bbox[3] - s.bbox[1]) : Infinity));
    let edges = 0;
    for (const g of geometries) if (g) for (const r of ringsOf(g)) edges += Math.max(0, r.length - 1);
    const box = bboxUnion(this.shapes.flatMap((s) => (s ? [s.bbox] : [])));
    this.coverLists = [];
    if (!box) {
      this.grid = null;
      this.edgeStart = new Int32Array(1);
      this.edgeZones = new Int32Array(0);
      this.cover = new Int32Array(0);
      this.stats = { zones: geometries.length, edges: 0, cells: 0, boundaryCells: 0, buildMs: performance.now() - started };
      return;
    }
    const grid = new Grid(box, options.targetCells ?? Math.min(1 << 20, Math.max(1024, edges * 2)));
    this.grid = grid;
    const cells = grid.cellCount;

    // Edge zones, in compressed rows: count, then fill. A zone's edges are visited together, so
    // "the last zone added to this cell" is enough to add each zone once per cell.
    const lastZone = new Int32Array(cells).fill(-1);
    const counts = new Int32Array(cells + 1);
    const visitEdges = (onCell: (cell: number, zone: number) => void) => {
      lastZone.fill(-1);
      geometries.forEach((g, zone) => {
        if (!g) return;
        const visit = (cell: number) => {
          if (lastZone[cell] === zone) return;
          lastZone[cell] = zone;
          onCell(cell, zone);
        };
        for (const ring of ringsOf(g)) {
          for (let i = 0; i + 1 < ring.length; i++) {
            grid.forEachCellOfSegment(ring[i]![0], ring[i]![1], ring[i + 1]![0], ring[i + 1]![1], visit);
          }
        }
      });
    };
    visitEdges((cell) => counts[cell + 1]!++);
    for (let c = 0; c < cells; c++) counts[c + 1]! += counts[c]!;
    this.edgeStart = counts;
    this.edgeZones = new Int32Array(counts[cells]!);
    const fill = counts.slice(0, cells);
    visitEdges((cell, zone) => {
      this.edgeZones[fill[cell]!++] = zone;
    });

    // Cover zones: those holding the cell's centre without a boundary in the cell hold all of it.
    // Candidates come from a coarse grid of the zones' bounding boxes.
    const coarse = new Grid(box, Math.min(4096, Math.max(16, geometries.length * 2)));
    const coarseZones: number[][] = Array.from({ length: coarse.cellCount }, () => []);
    this.shapes.forEach((s, zone) => {
      if (!s) return;
      const c0 = coarse.col(s.bbox[0]);
      const c1 = coarse.col(s.bbox[2]);
      const r0 = coarse.row(s.bbox[1]);
      const r1 = coarse.row(s.bbox[3]);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) coarseZones[r * coarse.nx + c]!.push(zone);
    });
    this.cover = new Int32Array(cells).fill(-1);
    let boundaryCells = 0;
    for (let cell = 0; cell < cells; cell++) {
      const start = this.edgeStart[cell]!;
      const end = this.edgeStart[cell + 1]!;
      if (end > start) boundaryCells++;
      const [x, y] = grid.centreOf(cell);
      const found: number[] = [];
      for (const zone of coarseZones[coarse.cellOf(x, y)] ?? []) {
        let crosses = false;
        for (let i = start; i < end; i++) if (this.edgeZones[i] === zone) crosses = true;
        if (!crosses && this.shapes[zone]!.contains(x, y)) found.push(zone);
      }
      if (found.length === 1) this.cover[cell] = found[0]!;
      else if (found.length > 1) {
        this.cover[cell] = -2 - this.coverLists.length;
        this.coverLists.push(found);
      }
    }
    this.stats = { zones: geometries.length, edges, cells, boundaryCells, buildMs: performance.now() - started };
  }

  /** Every zone holding the point (indexes into the geometries given), usually zero or one. */
  zonesAt(lng: number, lat: number): number[] {
    const grid = this.grid;
    if (!grid) return [];
    const cell = grid.cellOf(lng, lat);
    if (cell < 0) return [];
    const cover = this.cover[cell]!;
    const out = cover === -1 ? [] : cover >= 0 ? [cover] : [...this.coverLists[-cover - 2]!];
    for (let i = this.edgeStart[cell]!, end = this.edgeStart[cell + 1]!; i < end; i++) {
      const zone = this.edgeZones[i]!;
      if (this.shapes[zone]!.contains(lng, lat)) out.push(zone);
    }
    return out;
  }

  /** The zone holding the point (the most specific if several do), or -1. */
  zoneAt(lng: number, lat: number): number {
    const grid = this.grid;
    if (!grid) return -1;
    const cell = grid.cellOf(lng, lat);
    if (cell < 0) return -1;
    const cover = this.cover[cell]!;
    const start = this.edgeStart[cell]!;
    const end = this.edgeStart[cell + 1]!;
    // The common case: inside one zone, far from any boundary.
    if (cover >= 0 && start === end) return cover;
    // No closure here: this runs for every point near a boundary.
    const specificity = this.specificity;
    let best = cover >= 0 ? cover : -1;
    if (cover <= -2) {
      for (const zone of this.coverLists[-cover - 2]!) if (best < 0 || specificity[zone]! < specificity[best]!) best = zone;
    }
    for (let i = start; i < end; i++) {
      const zone = this.edgeZones[i]!;
      if ((best < 0 || specificity[zone]! < specificity[best]!) && this.shapes[zone]!.contains(lng, lat)) best = zone;
    }
    return best;
  }
}
