import { describe, expect, it } from 'vitest';
import { centroid } from './centroids';
import { distanceBandWeights, knnWeights } from './distance-weights';
import { parseGeometry } from './geojson-geometry';
import { polygonProblem } from './polygon-validity';
import { equirectangularKm } from './projection';
import { seededRandom } from './random';
import type { SpatialWeights } from './weights';

const ring = (...xy: number[]) => Float64Array.from([...xy, xy[0]!, xy[1]!]);
const neighboursOf = (w: SpatialWeights, i: number) => Array.from(w.neighbours.subarray(w.offsets[i]!, w.offsets[i + 1]!));

describe('polygon validity', () => {
  it('accepts simple polygons, holes included, and repeated positions', () => {
    expect(polygonProblem([ring(0, 0, 4, 0, 4, 4, 0, 4), ring(1, 1, 1, 2, 2, 2, 2, 1)])).toBeNull();
    expect(polygonProblem([ring(0, 0, 4, 0, 4, 4, 2, 4, 0, 4)])).toBeNull();
    // A hole touching the shell at one point is valid.
    expect(polygonProblem([ring(0, 0, 4, 0, 4, 4, 0, 4), ring(0, 2, 1, 3, 1, 1)])).toBeNull();
  });

  it('names what is wrong: a bow tie, a ring touching itself, a spike, crossing rings, a flat ring', () => {
    expect(polygonProblem([ring(0, 0, 2, 2, 2, 0, 0, 2)])).toMatch(/crosses itself/);
    expect(polygonProblem([ring(0, 0, 4, 0, 4, 4, 2, 0, 0, 4)])).toMatch(/touches itself/);
    // A spike (out to (6, 0) and back) passes through (4, 0) twice.
    expect(polygonProblem([ring(0, 0, 4, 0, 6, 0, 4, 0, 4, 4, 0, 4)])).toMatch(/touches itself|doubles back|runs back/);
    expect(polygonProblem([ring(0, 0, 4, 0, 4, 4, 4, 2, 0, 4)])).toMatch(/doubles back|runs back|touches itself/);
    expect(polygonProblem([ring(0, 0, 4, 0, 4, 4, 0, 4), ring(3, 1, 5, 1, 5, 2, 3, 2)])).toMatch(/its outer ring and its hole #1 cross/);
    // Three corners on a line: no area, and its last side runs back over the first two.
    expect(polygonProblem([ring(0, 0, 1, 1, 2, 2)])).toMatch(/doubles back|runs back/);
  });

  it('GeoJSON geometries: closes an open ring, drops repeated positions, refuses the rest with a reason', () => {
    const open = parseGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 0], [1, 1], [0, 1]]] });
    expect(open.type === 'polygons' && Array.from(open.polygons[0]![0]!)).toEqual([0, 0, 1, 0, 1, 1, 0, 1, 0, 0]);
    expect(() => parseGeometry(null)).toThrow(/no geometry/);
    expect(() => parseGeometry({ type: 'LineString', coordinates: [] })).toThrow(/LineString/);
    expect(() => parseGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 'a'], [1, 1], [0, 0]]] })).toThrow(/not a finite number/);
    expect(() => parseGeometry({ type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] })).toThrow(/invalid polygon: its outer ring crosses itself near/);
    expect(() => parseGeometry({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [0, 0]]]] })).toThrow(/part #1: .*fewer than 3/);
  });
});

describe('centroids', () => {
  it('weights MultiPolygon parts by area and subtracts holes, whatever the orientation', () => {
    const square = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] };
    expect(centroid(parseGeometry(square))).toEqual([1, 1]);
    const clockwise = { type: 'Polygon', coordinates: [[[0, 0], [0, 2], [2, 2], [2, 0], [0, 0]]] };
    expect(centroid(parseGeometry(clockwise))).toEqual([1, 1]);
    const parts = { type: 'MultiPolygon', coordinates: [square.coordinates, [[[10, 0], [11, 0], [11, 1], [10, 1], [10, 0]]]] };
    const [cx, cy] = centroid(parseGeometry(parts));
    expect(cx).toBeCloseTo((4 * 1 + 1 * 10.5) / 5, 12);
    expect(cy).toBeCloseTo((4 * 1 + 1 * 0.5) / 5, 12);
    const holed = { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[2, 0.5], [3.5, 0.5], [3.5, 3.5], [2, 3.5], [2, 0.5]]] };
    expect(centroid(parseGeometry(holed))[0]).toBeCloseTo((16 * 2 - 4.5 * 2.75) / 11.5, 12);
    // Lambert-93-sized coordinates keep their precision.
    const far = { type: 'Polygon', coordinates: [[[652000, 6862000], [652002, 6862000], [652002, 6862002], [652000, 6862002], [652000, 6862000]]] };
    expect(centroid(parseGeometry(far))).toEqual([652001, 6862001]);
  });
});

describe('distance weights', () => {
  const random = seededRandom(11);
  const n = 600;
  // Points on a coarse grid too, so that ties in distance occur.
  const x = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? Math.round(random.nextFloat() * 20) : random.nextFloat() * 20));
  const y = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? Math.round(random.nextFloat() * 20) : random.nextFloat() * 20));
  const d2 = (i: number, j: number) => (x[i]! - x[j]!) ** 2 + (y[i]! - y[j]!) ** 2;

  it('k nearest neighbours equal brute force, ties broken by input order', () => {
    for (const k of [1, 4, 8]) {
      const w = knnWeights(x, y, k);
      for (let i = 0; i < n; i++) {
        const brute = Array.from({ length: n }, (_, j) => j)
          .filter((j) => j !== i)
          .sort((a, b) => d2(i, a) - d2(i, b) || a - b)
          .slice(0, k)
          .sort((a, b) => a - b);
        expect(neighboursOf(w, i)).toEqual(brute);
      }
    }
    expect(() => knnWeights(Float64Array.of(0, 1), Float64Array.of(0, 0), 2)).toThrow(/more than 2 points/);
  });

  it('a distance band equals brute force, the threshold itself included', () => {
    for (const threshold of [0.5, 1, 3]) {
      const w = distanceBandWeights(x, y, threshold);
      for (let i = 0; i < n; i++) {
        const brute = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i && d2(i, j) <= threshold * threshold);
        expect(neighboursOf(w, i)).toEqual(brute);
      }
    }
    const pair = distanceBandWeights(Float64Array.of(0, 15), Float64Array.of(0, 0), 15);
    expect(neighboursOf(pair, 0)).toEqual([1]);
  });

  it('projects longitude/latitude to kilometres, and refuses coordinates that are not degrees', () => {
    // Paris (2.35, 48.86) to Versailles (2.13, 48.80): about 17 km.
    const { x: px, y: py } = equirectangularKm(Float64Array.of(2.3522, 2.1301), Float64Array.of(48.8566, 48.8049));
    expect(Math.hypot(px[0]! - px[1]!, py[0]! - py[1]!)).toBeCloseTo(17.1, 0);
    expect(() => equirectangularKm(Float64Array.of(652000), Float64Array.of(6862000))).toThrow(/projected already/);
  });
});
