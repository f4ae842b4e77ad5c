import type { BBox } from './types';

/**
 * A uniform grid over a bounding box, in degrees, with cells about square on the ground. Used to
 * find quickly which edges may meet (self-intersection checks) and which zones may hold a point.
 */
export class Grid {
  readonly nx: number;
  readonly ny: number;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly cellW: number;
  readonly cellH: number;

  constructor(bbox: BBox, targetCells: number) {
    const [minX, minY, maxX, maxY] = bbox;
    const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
    const w = Math.max(maxX - minX, 1e-9);
    const h = Math.max(maxY - minY, 1e-9);
    const cells = Math.max(1, Math.floor(targetCells));
    const aspect = (w * kx) / h;
    this.nx = Math.max(1, Math.min(cells, Math.round(Math.sqrt(cells * aspect))));
    this.ny = Math.max(1, Math.min(cells, Math.round(cells / this.nx)));
    this.minX = minX;
    this.minY = minY;
    this.maxX = minX + w;
    this.maxY = minY + h;
    this.cellW = w / this.nx;
    this.cellH = h / this.ny;
  }

  get cellCount(): number {
    return this.nx * this.ny;
  }

  /** Column of x, or -1 outside the grid. */
  col(x: number): number {
    if (!(x >= this.minX && x <= this.maxX)) return -1;
    const c = Math.floor((x - this.minX) / this.cellW);
    return c >= this.nx ? this.nx - 1 : c;
  }

  /** Row of y, or -1 outside the grid. */
  row(y: number): number {
    if (!(y >= this.minY && y <= this.maxY)) return -1;
    const r = Math.floor((y - this.minY) / this.cellH);
    return r >= this.ny ? this.ny - 1 : r;
  }

  /** The cell holding a point, or -1 outside the grid. */
  cellOf(x: number, y: number): number {
    const c = this.col(x);
    const r = this.row(y);
    return c < 0 || r < 0 ? -1 : r * this.nx + c;
  }

  centreOf(cell: number): [number, number] {
    const c = cell % this.nx;
    const r = (cell - c) / this.nx;
    return [this.minX + (c + 0.5) * this.cellW, this.minY + (r + 0.5) * this.cellH];
  }

  /**
   * Calls `visit` with every cell the segment passes through or touches (a supercover, slightly
   * generous at cell borders: an extra cell costs a test, a missing one a wrong answer).
   */
  forEachCellOfSegment(x0: number, y0: number, x1: number, y1: number, visit: (cell: number) => void): void {
    const clampCol = (c: number) => (c < 0 ? 0 : c >= this.nx ? this.nx - 1 : c);
    const clampRow = (r: number) => (r < 0 ? 0 : r >= this.ny ? this.ny - 1 : r);
    const epsX = this.cellW * 1e-9;
    const epsY = this.cellH * 1e-9;
    const left = Math.min(x0, x1);
    const right = Math.max(x0, x1);
    const c0 = clampCol(Math.floor((left - epsX - this.minX) / this.cellW));
    const c1 = clampCol(Math.floor((right + epsX - this.minX) / this.cellW));
    const dx = x1 - x0;
    for (let c = c0; c <= c1; c++) {
      let ya: number;
      let yb: number;
      if (dx === 0 || c0 === c1) {
        ya = y0;
        yb = y1;
      } else {
        const xa = Math.max(left, this.minX + c * this.cellW);
        const xb = Math.min(right, this.minX + (c + 1) * this.cellW);
        ya = y0 + ((xa - x0) / dx) * (y1 - y0);
        yb = y0 + ((xb - x0) / dx) * (y1 - y0);
      }
      const r0 = clampRow(Math.floor((Math.min(ya, yb) - epsY - this.minY) / this.cellH));
      const r1 = clampRow(Math.floor((Math.max(ya, yb) + epsY - this.minY) / this.cellH));
      for (let r = r0; r <= r1; r++) visit(r * this.nx + c);
    }
  }
}
