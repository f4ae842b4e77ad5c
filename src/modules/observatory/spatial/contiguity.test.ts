import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contiguityWeights, type AreaPolygons } from './contiguity';
import { parseGeometry } from './geojson-geometry';
import type { Ring } from './polygon-validity';
import { syntheticTerritories } from './synthetic-territories';
import { OBSERVATORY_DIR, unitSquare } from './testing/pysal-data';
import { islands, type SpatialWeights } from './weights';

const ring = (...xy: number[]): Ring => Float64Array.from([...xy, xy[0]!, xy[1]!]);
const area = (...rings: Ring[]): AreaPolygons => [rings];
const neighboursOf = (w: SpatialWeights, i: number) => Array.from(w.neighbours.subarray(w.offsets[i]!, w.offsets[i + 1]!));
const links = (areas: AreaPolygons[], kind: 'queen' | 'rook', tolerance?: number) => {
  const { weights } = contiguityWeights(areas, { kind, tolerance });
  return areas.map((_, i) => neighboursOf(weights, i));
};

describe('queen and rook on a lattice', () => {
  const squares = Array.from({ length: 9 }, (_, k) => area(unitSquare(k % 3, Math.floor(k / 3))));
  it('rook links edges only, queen corners too', () => {
    expect(links(squares, 'rook')[4]).toEqual([1, 3, 5, 7]);
    expect(links(squares, 'queen')[4]).toEqual([0, 1, 2, 3, 5, 6, 7, 8]);
    expect(links(squares, 'rook')[0]).toEqual([1, 3]);
    expect(links(squares, 'queen')[0]).toEqual([1, 3, 4]);
  });
  it('a snapped corner touch stays a queen link, never a rook one', () => {
    const a = area(unitSquare(0, 0));
    const b = area(ring(1.0000001, 1.0000001, 2, 1, 2, 2, 1, 2));
    expect(links([a, b], 'queen', 1e-6)).toEqual([[1], [0]]);
    expect(links([a, b], 'rook', 1e-6)).toEqual([[], []]);
  });
});

describe('robust to the defects of real borders', () => {
  it('a gap thinner than the tolerance joins two areas; a wider one does not; exact contact needs none', () => {
    const left = area(unitSquare(0, 0));
    const right = area(ring(1 + 1e-7, 0, 2, 0, 2, 1, 1 + 1e-7, 1));
    expect(links([left, right], 'rook', 1e-6)).toEqual([[1], [0]]);
    expect(links([left, right], 'queen', 1e-6)).toEqual([[1], [0]]);
    expect(links([left, right], 'rook', 1e-8)).toEqual([[], []]);
    expect(links([left, right], 'queen', 0)).toEqual([[], []]);
  });

  it('overlapping slivers within the tolerance count like gaps', () => {
    const left = area(unitSquare(0, 0));
    const right = area(ring(1 - 5e-7, 0, 2, 0, 2, 1, 1 - 5e-7, 1));
    expect(links([left, right], 'rook', 1e-6)).toEqual([[1], [0]]);
  });

  it('T-junctions: one long edge against two shorter areas, corners on the edge, not on its corners', () => {
    const long = area(ring(0, 0, 2, 0, 2, 1, 0, 1));
    const upperLeft = area(ring(0, 1, 1, 1, 1, 2, 0, 2));
    const upperRight = area(ring(1, 1, 2, 1, 2, 2, 1, 2));
    expect(links([long, upperLeft, upperRight], 'rook', 0)).toEqual([[1, 2], [0, 2], [0, 1]]);
  });

  it('borders digitised with different corners (staggered) are still one shared border', () => {
    // The same straight border x = 1, drawn with corners at y = 0.3, 0.6 on the left and 0.2, 0.5, 0.8 on the right.
    const left = area(ring(0, 0, 1, 0, 1, 0.3, 1, 0.6, 1, 1, 0, 1));
    const right = area(ring(1, 0.2, 2, 0, 2, 1.2, 1, 0.8, 1, 0.5));
    expect(links([left, right], 'rook', 1e-9)).toEqual([[1], [0]]);
  });

  it('an enclave in a hole is its surrounding area’s neighbour; MultiPolygon parts are one area', () => {
    const surrounding = area(ring(0, 0, 10, 0, 10, 10, 0, 10), ring(4, 4, 4, 6, 6, 6, 6, 4));
    const enclave = area(ring(4, 4, 6, 4, 6, 6, 4, 6));
    const islandsAndShore: AreaPolygons = [[ring(20, 0, 21, 0, 21, 1, 20, 1)], [ring(10, 0, 12, 0, 12, 2, 10, 2)]];
    const far = area(ring(50, 50, 51, 50, 51, 51, 50, 51));
    const result = links([surrounding, enclave, islandsAndShore, far], 'rook', 0);
    expect(result).toEqual([[1, 2], [0], [0], []]);
    const { weights } = contiguityWeights([surrounding, enclave, islandsAndShore, far], { kind: 'queen' });
    expect(islands(weights)).toEqual([3]);
  });
});

describe('at scale', () => {
  it('the Île-de-France communes: queen as shared corners (3,696 pairs), no island, rook a subset', () => {
    const file = path.join(OBSERVATORY_DIR, 'communes-idf-2018.geojson');
    const features = (JSON.parse(fs.readFileSync(file, 'utf8')) as { features: { geometry: unknown }[] }).features;
    const polygons = features.map((f) => {
      const geometry = parseGeometry(f.geometry);
      if (geometry.type !== 'polygons') throw new Error('a commune is not a polygon');
      return geometry.polygons;
    });
    const queen = contiguityWeights(polygons, { kind: 'queen' }).weights;
    const rook = contiguityWeights(polygons, { kind: 'rook' }).weights;
    expect(queen.n).toBe(1276);
    // Counted independently from the file: pairs of communes that share at least one corner.
    expect(queen.neighbours.length / 2).toBe(3696);
    expect(islands(queen)).toEqual([]);
    expect(rook.neighbours.length).toBeLessThan(queen.neighbours.length);
    for (let i = 0; i < rook.n; i++) for (const j of neighboursOf(rook, i)) expect(neighboursOf(queen, i)).toContain(j);
  });

  it('a synthetic honeycomb: six neighbours for every inner cell, exactly', () => {
    const rows = 30;
    const columns = 40;
    const collection = syntheticTerritories({ rows, columns, pointsPerEdge: 5 });
    const polygons = collection.features.map((f) => {
      const geometry = parseGeometry(f.geometry);
      return geometry.type === 'polygons' ? geometry.polygons : [];
    });
    for (const kind of ['queen', 'rook'] as const) {
      const { weights } = contiguityWeights(polygons, { kind });
      for (let r = 1; r < rows - 1; r++) {
        for (let c = 1; c < columns - 1; c++) {
          const i = r * columns + c;
          const shift = r % 2;
          const expected = [
            (r - 1) * columns + c - 1 + shift,
            (r - 1) * columns + c + shift,
            r * columns + c - 1,
            r * columns + c + 1,
            (r + 1) * columns + c - 1 + shift,
            (r + 1) * columns + c + shift,
          ].sort((a, b) => a - b);
          expect(neighboursOf(weights, i)).toEqual(expected);
        }
      }
    }
  });
});
