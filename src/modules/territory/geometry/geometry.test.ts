import { describe, expect, it } from 'vitest';
import { sharedBorderMetres } from './adjacency';
import { dissolve } from './dissolve';
import { areaM2, bboxOf, centroidOf, distanceMetres, pointOnSurface, ringAreaM2 } from './measure';
import { rewind, signedArea2 } from './orientation';
import { pointInGeometry, pointInRing, PreparedShape } from './point-in-polygon';
import { douglasPeucker, roundGeometry, simplifyZoning } from './simplify';
import type { MultiPolygonGeometry, PolygonGeometry, Position, Ring, ZoneGeometry } from './types';
import { checkRings, segmentContact } from './validity';
import { ZoneIndex } from './zone-index';

const square = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const polygon = (...rings: Ring[]): PolygonGeometry => ({ type: 'Polygon', coordinates: rings });
const multi = (...polygons: Ring[][]): MultiPolygonGeometry => ({ type: 'MultiPolygon', coordinates: polygons });

/** A square with a square hole, and a separate island: a MultiPolygon. */
const donutAndIsland = multi([square(0, 0, 4, 4), square(1, 1, 3, 3).reverse()], [square(6, 0, 7, 1)]);

describe('point in polygon', () => {
  it('tells inside from outside, holes and parts included', () => {
    expect(pointInGeometry(0.5, 0.5, donutAndIsland)).toBe(true);
    expect(pointInGeometry(2, 2, donutAndIsland)).toBe(false); // in the hole
    expect(pointInGeometry(6.5, 0.5, donutAndIsland)).toBe(true); // on the island
    expect(pointInGeometry(5, 0.5, donutAndIsland)).toBe(false); // between the parts
    expect(pointInGeometry(-1, 2, donutAndIsland)).toBe(false);
  });

  it('puts a point of a shared border in exactly one of the two zones', () => {
    const left = square(0, 0, 1, 1);
    const right = square(1, 0, 2, 1);
    for (const p of [
      [1, 0.5],
      [1, 0.25],
      [0.5, 1],
      [1.5, 0],
    ] as Position[]) {
      const inLeft = pointInRing(p[0], p[1], left);
      const inRight = pointInRing(p[0], p[1], right);
      if (p[1] > 0 && p[1] < 1) expect(Number(inLeft) + Number(inRight), JSON.stringify(p)).toBe(1);
    }
  });

  it('prepared shapes answer like the plain test', () => {
    const star: Ring = [];
    for (let i = 0; i < 40; i++) {
      const r = i % 2 ? 1 : 3;
      const a = (i / 40) * 2 * Math.PI;
      star.push([r * Math.cos(a), r * Math.sin(a)]);
    }
    star.push(star[0]!);
    const g = polygon(star);
    const shape = new PreparedShape(g);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 8 - 4;
    for (let i = 0; i < 2000; i++) {
      const x = random();
      const y = random();
      expect(shape.contains(x, y)).toBe(pointInGeometry(x, y, g));
    }
  });
});

describe('bounding box, area, centroid', () => {
  it('bbox of a multipolygon', () => {
    expect(bboxOf(donutAndIsland)).toEqual([0, 0, 7, 4]);
  });

  it('area on the sphere: a 1° cell at the equator, holes subtracted, orientation ignored', () => {
    const R = 6_371_007.2;
    const expected = R * R * (Math.PI / 180) * Math.sin(Math.PI / 180);
    expect(ringAreaM2(square(0, 0, 1, 1))).toBeCloseTo(expected, -3);
    expect(ringAreaM2(square(0, 0, 1, 1).reverse())).toBeCloseTo(expected, -3);
    const withHole = polygon(square(0, 0, 0.01, 0.01), square(0.0025, 0.0025, 0.0075, 0.0075));
    expect(areaM2(withHole) / ringAreaM2(square(0, 0, 0.01, 0.01))).toBeCloseTo(0.75, 4);
  });

  it('a 1 km square near Paris measures 1 km²', () => {
    const dLat = 1000 / 111_195;
    const dLng = dLat / Math.cos((48.85 * Math.PI) / 180);
    expect(areaM2(polygon(square(2.35, 48.85, 2.35 + dLng, 48.85 + dLat))) / 1e6).toBeCloseTo(1, 2);
  });

  it('centroid of a square, of an L shape, and a point on the surface of a C shape', () => {
    const c = centroidOf(polygon(square(0, 0, 2, 2)));
    expect(c.lng).toBeCloseTo(1, 6);
    expect(c.lat).toBeCloseTo(1, 6);
    // C shape: its centroid lies in the opening, outside the shape.
    const cShape = polygon([
      [0, 0],
      [3, 0],
      [3, 1],
      [1, 1],
      [1, 2],
      [3, 2],
      [3, 3],
      [0, 3],
      [0, 0],
    ]);
    const centroid = centroidOf(cShape);
    expect(pointInGeometry(centroid.lng, centroid.lat, cShape)).toBe(false);
    const inside = pointOnSurface(cShape);
    expect(pointInGeometry(inside.lng, inside.lat, cShape)).toBe(true);
  });

  it('distance in metres', () => {
    expect(distanceMetres({ lng: 2.35, lat: 48.85 }, { lng: 2.35, lat: 48.86 })).toBeCloseTo(1112, -1);
  });
});

describe('ring validity', () => {
  const problems = (g: ZoneGeometry) => checkRings(g.type === 'Polygon' ? [g.coordinates] : g.coordinates).problems;

  it('accepts valid polygons, with holes and touching rings', () => {
    expect(problems(donutAndIsland)).toEqual([]);
    // A hole touching the outer ring at one vertex is allowed.
    expect(problems(polygon(square(0, 0, 4, 4), [[0, 2], [2, 1], [2, 3], [0, 2]]))).toEqual([]);
  });

  it('finds a bow tie', () => {
    const bowTie: Ring = [
      [0, 0],
      [2, 2],
      [2, 0],
      [0, 2],
      [0, 0],
    ];
    const found = problems(polygon(bowTie));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'self_intersection', polygon: 0, ring: 0 });
    expect((found[0] as { at: Position }).at).toEqual([1, 1]);
  });

  it('finds a ring touching itself at a vertex, and a spike', () => {
    const figureEight: Ring = [
      [0, 0],
      [2, 0],
      [1, 1],
      [2, 2],
      [0, 2],
      [1, 1],
      [0, 0],
    ];
    expect(problems(polygon(figureEight))[0]).toMatchObject({ kind: 'self_intersection' });
    const spike: Ring = [
      [0, 0],
      [2, 0],
      [3, 0],
      [2, 0],
      [2, 2],
      [0, 0],
    ];
    expect(problems(polygon(spike))[0]).toMatchObject({ kind: 'self_intersection' });
  });

  it('finds crossing rings and a hole outside its shell, naming polygon and ring', () => {
    expect(problems(polygon(square(0, 0, 2, 2), square(1, 1, 3, 3)))[0]).toMatchObject({ kind: 'rings_cross', ring: 1, otherRing: 0 });
    expect(problems(multi([square(0, 0, 1, 1)], [square(5, 5, 6, 6), square(8, 8, 9, 9)]))[0]).toMatchObject({
      kind: 'hole_outside_shell',
      polygon: 1,
      ring: 1,
    });
  });

  it('checks a large ring in about linear time', () => {
    const n = 100_000;
    const ring: Ring = [];
    for (let i = 0; i < n; i++) {
      const a = (i / n) * 2 * Math.PI;
      ring.push([Math.cos(a), Math.sin(a)]);
    }
    ring.push(ring[0]!);
    const check = checkRings([[ring]]);
    expect(check.problems).toEqual([]);
    expect(check.comparisons).toBeLessThan(n * 20);
  });

  it('stops at its budget', () => {
    const n = 2_000;
    // A zigzag whose edges all share one thin band: a grid cannot separate them well.
    const ring: Ring = [];
    for (let i = 0; i < n; i++) ring.push([i * 1e-6, i % 2 ? 1 : 0]);
    ring.push([0, 2], ring[0]!);
    expect(checkRings([[ring]], 1000).exhausted).toBe(true);
  });

  it('segment contacts', () => {
    expect(segmentContact([0, 0], [2, 0], [1, 0], [3, 0])?.kind).toBe('overlap');
    expect(segmentContact([0, 0], [1, 0], [1, 0], [2, 1])?.kind).toBe('touch');
    expect(segmentContact([0, 0], [1, 0], [2, 0], [3, 0])).toBeNull();
    expect(segmentContact([0, 0], [2, 2], [0, 2], [2, 0])).toEqual({ kind: 'cross', at: [1, 1] });
  });
});

describe('shared border', () => {
  it('measures the border two zones share, not a corner they touch', () => {
    const dLat = 1000 / 111_195; // 1 km
    const a = polygon(square(2.3, 48.8, 2.3 + dLat, 48.8 + dLat));
    const b = polygon(square(2.3 + dLat, 48.8, 2.3 + 2 * dLat, 48.8 + dLat));
    const corner = polygon(square(2.3 + dLat, 48.8 + dLat, 2.3 + 2 * dLat, 48.8 + 2 * dLat));
    expect(sharedBorderMetres(a, b)).toBeCloseTo(1000, -1);
    expect(sharedBorderMetres(a, corner)).toBeLessThan(1);
  });
});

describe('orientation', () => {
  it('rewinds to the right-hand rule', () => {
    const g = rewind(polygon(square(0, 0, 4, 4).reverse(), square(1, 1, 2, 2))) as PolygonGeometry;
    expect(signedArea2(g.coordinates[0]!)).toBeGreaterThan(0);
    expect(signedArea2(g.coordinates[1]!)).toBeLessThan(0);
  });
});

describe('simplification', () => {
  it('Douglas–Peucker keeps the ends and drops what is within tolerance', () => {
    const line: Position[] = [
      [0, 0],
      [1, 0.001],
      [2, 0],
      [3, 1],
    ];
    expect(douglasPeucker(line, 0.01)).toEqual([
      [0, 0],
      [2, 0],
      [3, 1],
    ]);
  });

  it('simplifies a shared border once, the same way for both zones', () => {
    // Two zones share a wiggly border running from (1,0) to (1,1).
    const border: Position[] = [];
    for (let i = 0; i <= 100; i++) border.push([1 + 0.00001 * Math.sin(i), i / 100]);
    const left = polygon([[0, 0], ...border, [0, 1], [0, 0]] as Ring);
    const right = polygon([...border.map((p) => [p[0], p[1]] as Position), [2, 1], [2, 0], border[0]!].reverse() as Ring);
    const [a, b] = simplifyZoning([left, right], 5) as PolygonGeometry[];
    const onBorder = (g: PolygonGeometry) =>
      g.coordinates[0]!.filter((p) => p[0] > 0.5 && p[0] < 1.5).map((p) => `${p[0]},${p[1]}`).sort();
    expect(onBorder(a!)).toEqual(onBorder(b!));
    expect(onBorder(a!).length).toBeLessThan(border.length);
    expect(checkRings([a!.coordinates, b!.coordinates]).problems).toEqual([]);
  });

  it('rounds coordinates and drops the repeated positions', () => {
    const g = roundGeometry(polygon([[0, 0], [1.000001, 0], [1, 0], [1, 1], [0, 0]] as Ring), 5) as PolygonGeometry;
    expect(g.coordinates[0]).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ]);
  });
});

describe('dissolve', () => {
  it('merges adjacent squares into one ring and keeps a hole', () => {
    const merged = dissolve([polygon(square(0, 0, 1, 1)), polygon(square(1, 0, 2, 1))]) as PolygonGeometry;
    expect(merged.type).toBe('Polygon');
    expect(areaM2(merged)).toBeCloseTo(areaM2(polygon(square(0, 0, 2, 1))), -2);
    expect(merged.coordinates[0]!.length).toBe(7); // the middle vertices stay, on straight edges
    // Eight squares around a missing middle one: a ring with a hole.
    const cells: PolygonGeometry[] = [];
    for (let x = 0; x < 3; x++) for (let y = 0; y < 3; y++) if (x !== 1 || y !== 1) cells.push(polygon(square(x, y, x + 1, y + 1)));
    const ring = dissolve(cells) as PolygonGeometry;
    expect(ring.coordinates).toHaveLength(2);
    expect(pointInGeometry(1.5, 1.5, ring)).toBe(false);
    expect(pointInGeometry(0.5, 1.5, ring)).toBe(true);
  });

  it('keeps parts touching at a corner apart', () => {
    const result = dissolve([polygon(square(0, 0, 1, 1)), polygon(square(1, 1, 2, 2))]);
    expect(result?.type).toBe('MultiPolygon');
    expect(checkRings((result as MultiPolygonGeometry).coordinates).problems).toEqual([]);
  });
});

describe('zone index', () => {
  /** A 10 × 10 checkerboard of zones, with one zone made of two far parts and one with a hole holding another. */
  function board(): ZoneGeometry[] {
    const zones: ZoneGeometry[] = [];
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) zones.push(polygon(square(i, j, i + 1, j + 1)));
    zones[0] = multi([square(0, 0, 1, 1)], [square(20, 20, 21, 21)]);
    zones[55] = polygon(square(5, 5, 6, 6), square(5.25, 5.25, 5.75, 5.75).reverse());
    zones.push(polygon(square(5.25, 5.25, 5.75, 5.75)));
    return zones;
  }

  it('answers like testing every zone', () => {
    const zones = board();
    const index = new ZoneIndex(zones);
    let seed = 42;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let k = 0; k < 5_000; k++) {
      const x = random() * 23 - 1;
      const y = random() * 23 - 1;
      const brute = zones.flatMap((g, i) => (pointInGeometry(x, y, g) ? [i] : []));
      expect(index.zonesAt(x, y).sort((a, b) => a - b), `${x},${y}`).toEqual(brute);
      expect(index.zoneAt(x, y)).toBe(brute.length ? brute[0] : -1);
    }
    expect(index.zoneAt(20.5, 20.5)).toBe(0); // the far part of zone 0
    expect(index.zoneAt(5.5, 5.5)).toBe(100); // the enclave, not the zone around it
    expect(index.zoneAt(5.1, 5.1)).toBe(55);
    expect(index.zoneAt(15, 15)).toBe(-1); // inside the grid, in no zone
  });

  it('puts points on shared borders and corners in exactly one zone', () => {
    const zones: ZoneGeometry[] = [];
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) zones.push(polygon(square(i, j, i + 1, j + 1)));
    const index = new ZoneIndex(zones);
    for (let x = 1; x < 10; x += 0.5) for (let y = 1; y < 10; y += 0.5) expect(index.zonesAt(x, y), `${x},${y}`).toHaveLength(1);
  });

  it('prefers the most specific zone when zones overlap, and skips zones without geometry', () => {
    const index = new ZoneIndex([polygon(square(0, 0, 10, 10)), null, polygon(square(2, 2, 3, 3))]);
    expect(index.zonesAt(2.5, 2.5).sort()).toEqual([0, 2]);
    expect(index.zoneAt(2.5, 2.5)).toBe(2);
    expect(index.zoneAt(5, 5)).toBe(0);
    expect(new ZoneIndex([null]).zoneAt(0, 0)).toBe(-1);
  });
});
