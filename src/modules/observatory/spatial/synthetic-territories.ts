/**
 * A synthetic territory of many areas, for benchmarks and tests at scale: a honeycomb of
 * hexagon-like cells (a brick layout: each cell has six neighbours) whose corners are jittered and
 * whose edges are drawn as wiggly lines of several points, the same points on both sides of a
 * border — like communes cut from one topology. Coordinates are metres around Lambert-93's Paris,
 * so large coordinates are exercised too. The variable mixes a smooth regional pattern with noise
 * and stays positive (Getis–Ord needs that). Deterministic for a given seed.
 */
import { seededRandom } from './random';

export interface SyntheticOptions {
  rows: number;
  columns: number;
  /** Points added inside each edge (0: straight edges). */
  pointsPerEdge?: number;
  /** Width of one cell, in metres. */
  cellSize?: number;
  seed?: number;
}

export interface SyntheticFeature {
  type: 'Feature';
  properties: { code: string; value: number; parent: string };
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}

const ORIGIN_X = 652_000;
const ORIGIN_Y = 6_862_000;

export function syntheticTerritories(options: SyntheticOptions): { type: 'FeatureCollection'; features: SyntheticFeature[] } {
  const { rows, columns } = options;
  const inner = options.pointsPerEdge ?? 7;
  const size = options.cellSize ?? 1000;
  const seed = options.seed ?? 1;
  // Brick layout: a cell spans two lattice columns; lattice corners (X, Y), X ∈ [0, 2·columns+1].
  const latticeColumns = 2 * columns + 2;
  const cornerId = (X: number, Y: number) => Y * latticeColumns + X;
  const cornerXY = new Float64Array(2 * latticeColumns * (rows + 1));
  for (let Y = 0; Y <= rows; Y++) {
    for (let X = 0; X < latticeColumns; X++) {
      const jitter = seededRandom(((X * 73856093) ^ (Y * 19349663) ^ seed) | 0);
      cornerXY[2 * cornerId(X, Y)] = ORIGIN_X + (X + 0.3 * (jitter.nextFloat() - 0.5)) * (size / 2);
      cornerXY[2 * cornerId(X, Y) + 1] = ORIGIN_Y + (Y + 0.3 * (jitter.nextFloat() - 0.5)) * size;
    }
  }
  const corner = (X: number, Y: number): [number, number] => [cornerXY[2 * cornerId(X, Y)]!, cornerXY[2 * cornerId(X, Y) + 1]!];
  const wiggles = seededRandom(seed ^ 0x5bd1e995);
  const wiggleOf = new Map<number, Float64Array>();
  /** The points of the edge from corner A to corner B, the same whichever side draws it. */
  const edgePoints = (A: [number, number], B: [number, number]): number[][] => {
    const idA = cornerId(...A);
    const idB = cornerId(...B);
    const [from, to] = idA < idB ? [A, B] : [B, A];
    const [x0, y0] = corner(...from);
    const [x1, y1] = corner(...to);
    const points: number[][] = [];
    const nx = -(y1 - y0);
    const ny = x1 - x0;
    // The first side to draw an edge draws its wiggles; the other side finds them.
    const key = Math.min(idA, idB) * latticeColumns * (rows + 1) + Math.max(idA, idB);
    let offsets = wiggleOf.get(key);
    if (!offsets) {
      offsets = Float64Array.from({ length: inner }, () => 0.04 * (wiggles.nextFloat() - 0.5));
      wiggleOf.set(key, offsets);
    } else wiggleOf.delete(key);
    for (let k = 1; k <= inner; k++) {
      const t = k / (inner + 1);
      const wiggle = offsets[k - 1]!;
      points.push([round(x0 + t * (x1 - x0) + wiggle * nx), round(y0 + t * (y1 - y0) + wiggle * ny)]);
    }
    return idA < idB ? points : points.reverse();
  };

  const noise = seededRandom(seed);
  const features: SyntheticFeature[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const x0 = 2 * c + (r % 2);
      // Counter-clockwise: along the bottom (through the corner between the two cells below),
      // up the right side, back along the top, down the left side.
      const corners: [number, number][] = [
        [x0, r],
        [x0 + 1, r],
        [x0 + 2, r],
        [x0 + 2, r + 1],
        [x0 + 1, r + 1],
        [x0, r + 1],
      ];
      const ring: number[][] = [];
      for (let k = 0; k < corners.length; k++) {
        const a = corners[k]!;
        const b = corners[(k + 1) % corners.length]!;
        const [ax, ay] = corner(...a);
        ring.push([round(ax), round(ay)]);
        ring.push(...edgePoints(a, b));
      }
      ring.push(ring[0]!);
      const pattern = Math.sin(c / 23) * Math.cos(r / 17) + 0.5 * Math.sin((c + r) / 41);
      const value = round(20000 + 4000 * pattern + 1500 * (noise.nextFloat() - 0.5));
      features.push({
        type: 'Feature',
        properties: { code: `S${r}-${c}`, value, parent: `P${Math.floor(r / 25)}-${Math.floor(c / 25)}` },
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
