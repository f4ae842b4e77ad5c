/**
 * Weights from the distances between points (areas' centroids, or point features):
 * - distance band: binary links between points at most `threshold` apart (libpysal.DistanceBand,
 *   binary=True; a distance equal to the threshold is a link);
 * - k nearest neighbours: each point linked to its k closest others (libpysal.KNN), ties broken
 *   by input order; not symmetric.
 * Both use Euclidean distance in the coordinates' unit (project longitude/latitude first, see
 * projection.ts) and a uniform grid of cells, so neither compares every pair of points.
 */
import { symmetricWeightsFromPairs, type SpatialWeights } from './weights';

interface PointGrid {
  minX: number;
  minY: number;
  cell: number;
  columns: number;
  rows: number;
  /** Points sorted by cell; `cellStart` indexes them by cell key (dense). */
  sorted: Int32Array;
  cellStart: Int32Array;
}

const MAX_DENSE_CELLS = 4_000_000;

function buildGrid(x: Float64Array, y: Float64Array, requestedCell: number): PointGrid {
  const n = x.length;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]!);
    maxX = Math.max(maxX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]!);
  }
  const width = maxX - minX;
  const height = maxY - minY;
  let cell = requestedCell;
  // Never more cells than memory allows: larger cells only mean more points per cell.
  const floor = Math.sqrt((Math.max(width, Number.MIN_VALUE) * Math.max(height, Number.MIN_VALUE)) / MAX_DENSE_CELLS);
  cell = Math.max(cell, floor, Math.max(width, height) / 2000, Number.MIN_VALUE);
  if (!Number.isFinite(cell) || cell <= 0) cell = 1;
  const columns = Math.floor(width / cell) + 1;
  const rows = Math.floor(height / cell) + 1;
  const cellStart = new Int32Array(columns * rows + 1);
  const keys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = Math.floor((y[i]! - minY) / cell) * columns + Math.floor((x[i]! - minX) / cell);
    keys[i] = key;
    cellStart[key + 1]!++;
  }
  for (let c = 0; c < columns * rows; c++) cellStart[c + 1]! += cellStart[c]!;
  const fill = cellStart.slice(0, columns * rows);
  const sorted = new Int32Array(n);
  for (let i = 0; i < n; i++) sorted[fill[keys[i]!]!++] = i;
  return { minX, minY, cell, columns, rows, sorted, cellStart };
}

function checkPoints(x: Float64Array, y: Float64Array): void {
  if (x.length !== y.length) throw new Error(`${x.length} x coordinates for ${y.length} y coordinates`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) throw new Error(`point #${i + 1} has a coordinate that is not a finite number`);
  }
}

export function distanceBandWeights(x: Float64Array, y: Float64Array, threshold: number): SpatialWeights {
  checkPoints(x, y);
  if (!(threshold > 0) || !Number.isFinite(threshold)) throw new Error(`the distance band must be a positive number, not ${threshold}`);
  const n = x.length;
  const grid = buildGrid(x, y, threshold);
  const threshold2 = threshold * threshold;
  const reach = Math.ceil(threshold / grid.cell);
  const pairs: number[] = [];
  for (let i = 0; i < n; i++) {
    const cx = Math.floor((x[i]! - grid.minX) / grid.cell);
    const cy = Math.floor((y[i]! - grid.minY) / grid.cell);
    for (let r = Math.max(0, cy - reach); r <= Math.min(grid.rows - 1, cy + reach); r++) {
      for (let c = Math.max(0, cx - reach); c <= Math.min(grid.columns - 1, cx + reach); c++) {
        const key = r * grid.columns + c;
        for (let k = grid.cellStart[key]!; k < grid.cellStart[key + 1]!; k++) {
          const j = grid.sorted[k]!;
          if (j <= i) continue;
          const dx = x[j]! - x[i]!;
          const dy = y[j]! - y[i]!;
          if (dx * dx + dy * dy <= threshold2) pairs.push(i, j);
        }
      }
    }
  }
  return symmetricWeightsFromPairs(n, pairs);
}

export function knnWeights(x: Float64Array, y: Float64Array, k: number): SpatialWeights {
  checkPoints(x, y);
  const n = x.length;
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, not ${k}`);
  if (k >= n) throw new Error(`k = ${k} needs more than ${k} points; there are ${n}`);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]!);
    maxX = Math.max(maxX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]!);
  }
  // About two points per cell.
  const grid = buildGrid(x, y, Math.sqrt((Math.max(maxX - minX, 1e-300) * Math.max(maxY - minY, 1e-300) * 2) / n));
  const offsets = new Int32Array(n + 1);
  const neighbours = new Int32Array(n * k);
  const bestIndex = new Int32Array(k);
  const bestDistance = new Float64Array(k);
  const maxRing = Math.max(grid.columns, grid.rows);
  for (let i = 0; i < n; i++) {
    let found = 0;
    const cx = Math.floor((x[i]! - grid.minX) / grid.cell);
    const cy = Math.floor((y[i]! - grid.minY) / grid.cell);
    const consider = (j: number) => {
      if (j === i) return;
      const dx = x[j]! - x[i]!;
      const dy = y[j]! - y[i]!;
      const d = dx * dx + dy * dy;
      if (found === k && (d > bestDistance[k - 1]! || (d === bestDistance[k - 1]! && j > bestIndex[k - 1]!))) return;
      let at = found < k ? found++ : k - 1;
      while (at > 0 && (bestDistance[at - 1]! > d || (bestDistance[at - 1] === d && bestIndex[at - 1]! > j))) {
        bestDistance[at] = bestDistance[at - 1]!;
        bestIndex[at] = bestIndex[at - 1]!;
        at--;
      }
      bestDistance[at] = d;
      bestIndex[at] = j;
    };
    for (let ring = 0; ring <= maxRing; ring++) {
      for (let r = cy - ring; r <= cy + ring; r++) {
        if (r < 0 || r >= grid.rows) continue;
        const edgeRow = r === cy - ring || r === cy + ring;
        for (let c = cx - ring; c <= cx + ring; c += edgeRow ? 1 : 2 * ring || 1) {
          if (c < 0 || c >= grid.columns) continue;
          const key = r * grid.columns + c;
          for (let m = grid.cellStart[key]!; m < grid.cellStart[key + 1]!; m++) consider(grid.sorted[m]!);
        }
      }
      // Points not yet seen lie at least `ring` cells away.
      const reach = ring * grid.cell;
      if (found === k && bestDistance[k - 1]! < reach * reach) break;
    }
    const row = Array.from(bestIndex.subarray(0, k)).sort((a, b) => a - b);
    neighbours.set(row, i * k);
    offsets[i + 1] = (i + 1) * k;
  }
  return { n, offsets, neighbours, weights: new Float64Array(n * k).fill(1), transform: 'binary' };
}
