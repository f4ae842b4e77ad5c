import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, ImportRefusal, readCollection, validateFeatures, withIssues, type ImportOptions, type ParentZoning } from './geojson-import';

type Coordinates = number[][][];
const square = (x: number, y: number, size = 0.01): Coordinates => [
  [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ],
];
const feature = (properties: Record<string, unknown> | null, coordinates: unknown, type = 'Polygon') => ({
  type: 'Feature',
  properties,
  geometry: { type, coordinates },
});
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const OPTIONS: ImportOptions = { codeProperty: 'code', nameProperty: 'nom', parent: null, populationProperty: null };

function report(json: unknown, options: ImportOptions = OPTIONS, parent: ParentZoning | null = null) {
  return validateFeatures(readCollection(json), options, parent, 'en');
}

describe('GeoJSON import: a clean file', () => {
  it('gives the zones, rewound to the right-hand rule, repeated positions dropped', async () => {
    const clockwise = [[...square(2.4, 48.8)[0]!].reverse()];
    const withRepeat = [[[2.5, 48.8], [2.51, 48.8], [2.51, 48.8], [2.51, 48.81], [2.5, 48.81], [2.5, 48.8]]];
    const { report: r, zones } = await report(collection(feature({ code: 'Q1', nom: 'Nord' }, clockwise), feature({ code: 2, nom: 'Sud ' }, withRepeat)));
    expect(r).toMatchObject({ valid: true, features: 2, errorCount: 0, warningCount: 0 });
    expect(zones.map((z) => [z.code, z.name])).toEqual([
      ['Q1', 'Nord'],
      ['2', 'Sud'],
    ]);
    const ring = (zones[0]!.geometry.coordinates as number[][][])[0]!;
    // counter-clockwise: the second vertex is east of the first
    expect(ring[1]![0]).toBeGreaterThan(ring[0]![0]!);
    expect((zones[1]!.geometry.coordinates as number[][][])[0]).toHaveLength(5);
  });

  it('reads MultiPolygons and polygons with holes', async () => {
    const donut = [...square(2.4, 48.8, 0.04), [...square(2.41, 48.81, 0.01)[0]!].reverse()];
    const { report: r, zones } = await report(collection(feature({ code: 'A' }, donut), feature({ code: 'B' }, [square(2.5, 48.8), square(2.6, 48.8)], 'MultiPolygon')));
    expect(r.valid).toBe(true);
    expect(zones[1]!.geometry.type).toBe('MultiPolygon');
  });

  it('uses the code when the name is missing, with a warning', async () => {
    const { report: r, zones } = await report(collection(feature({ code: 'A' }, square(2.4, 48.8))));
    expect(r.valid).toBe(true);
    expect(r.warnings.map((w) => w.problem)).toEqual(['missing_name']);
    expect(zones[0]!.name).toBe('A');
  });
});

describe('GeoJSON import: each kind of error is reported, naming feature and ring', () => {
  const problems = async (json: unknown, options?: ImportOptions, parent?: ParentZoning | null) => {
    const r = await report(json, options, parent);
    expect(r.report.valid).toBe(false);
    expect(r.zones).toEqual([]);
    return r.report.errors.map(({ message: _m, ...e }) => e);
  };

  it('an unclosed ring', async () => {
    const open = [square(2.4, 48.8)[0]!.slice(0, 4)];
    expect(await problems(collection(feature({ code: 'A' }, square(2.5, 48.8)), feature({ code: 'B' }, open)))).toEqual([
      { feature: 1, code: 'B', problem: 'unclosed_ring', polygon: 0, ring: 0, at: [2.4, 48.8] },
    ]);
  });

  it('a ring of too few positions', async () => {
    expect(await problems(collection(feature({ code: 'A' }, [[[2.4, 48.8], [2.41, 48.8], [2.4, 48.8]]])))).toEqual([
      { feature: 0, code: 'A', problem: 'too_few_positions', polygon: 0, ring: 0 },
    ]);
  });

  it('coordinates out of range, and malformed ones', async () => {
    const out = [[[2.4, 48.8], [2.41, 95], [2.41, 48.81], [2.4, 48.8]]];
    const malformed = [[[2.4, 48.8], [2.41, '48.8'], [2.41, 48.81], [2.4, 48.8]]];
    expect(await problems(collection(feature({ code: 'A' }, out), feature({ code: 'B' }, malformed)))).toEqual([
      { feature: 0, code: 'A', problem: 'coordinates_out_of_range', polygon: 0, ring: 0, position: 1, at: [2.41, 95] },
      { feature: 1, code: 'B', problem: 'invalid_coordinates', polygon: 0, ring: 0, position: 1 },
    ]);
  });

  it('a self-intersecting ring (bow tie), in the second polygon of a MultiPolygon', async () => {
    const bowTie = [[[2.5, 48.8], [2.52, 48.82], [2.52, 48.8], [2.5, 48.82], [2.5, 48.8]]];
    const [issue] = await problems(collection(feature({ code: 'A' }, [square(2.4, 48.8), bowTie], 'MultiPolygon')));
    expect(issue).toMatchObject({ feature: 0, code: 'A', problem: 'self_intersection', polygon: 1, ring: 0 });
    expect(issue!.at![0]).toBeCloseTo(2.51, 9);
    expect(issue!.at![1]).toBeCloseTo(48.81, 9);
  });

  it('a hole crossing its outer ring, and a hole outside it', async () => {
    const crossing = [...square(2.4, 48.8, 0.02), square(2.41, 48.81, 0.02)[0]!];
    const outside = [...square(2.5, 48.8, 0.02), square(2.6, 48.8, 0.01)[0]!];
    expect(await problems(collection(feature({ code: 'A' }, crossing), feature({ code: 'B' }, outside)))).toMatchObject([
      { feature: 0, problem: 'rings_cross', polygon: 0, ring: 1, value: '0' },
      { feature: 1, problem: 'hole_outside_shell', polygon: 0, ring: 1 },
    ]);
  });

  it('duplicate codes, missing codes, invalid codes and names', async () => {
    expect(
      await problems(
        collection(
          feature({ code: 'A', nom: 'Un' }, square(2.4, 48.8)),
          feature({ code: 'A', nom: 'Deux' }, square(2.5, 48.8)),
          feature({ nom: 'Trois' }, square(2.6, 48.8)),
          feature(null, square(2.7, 48.8)),
          feature({ code: 'avec espace' }, square(2.8, 48.8)),
          feature({ code: 'B', nom: 'ligne\u0000nulle' }, square(2.9, 48.8)),
        ),
      ),
    ).toEqual([
      { feature: 1, code: 'A', problem: 'duplicate_code', value: 'A' },
      { feature: 2, code: null, problem: 'missing_code' },
      { feature: 3, code: null, problem: 'missing_code' },
      { feature: 4, code: null, problem: 'invalid_code', value: 'avec espace' },
      { feature: 5, code: 'B', problem: 'invalid_name' },
    ]);
  });

  it('parents that match nothing, and features without a parent', async () => {
    const parent: ParentZoning = { code: 'communes', codes: new Set(['94080']) };
    const options: ImportOptions = { ...OPTIONS, parent: { by: 'property', property: 'commune' } };
    expect(
      await problems(
        collection(
          feature({ code: 'A', commune: '94080' }, square(2.4, 48.8)),
          feature({ code: 'B', commune: '75056' }, square(2.5, 48.8)),
          feature({ code: 'C' }, square(2.6, 48.8)),
        ),
        options,
        parent,
      ),
    ).toEqual([
      { feature: 1, code: 'B', problem: 'unknown_parent', value: '75056' },
      { feature: 2, code: 'C', problem: 'missing_parent' },
    ]);
  });

  it('parents found by location', async () => {
    const parent: ParentZoning = { code: 'communes', codes: new Set(['X']), locate: (lng) => (lng < 2.45 ? 'X' : null) };
    const options: ImportOptions = { ...OPTIONS, parent: { by: 'location' } };
    const r = await report(collection(feature({ code: 'A' }, square(2.4, 48.8)), feature({ code: 'B' }, square(2.5, 48.8))), options, parent);
    expect(r.report.errors.map((e) => [e.feature, e.problem])).toEqual([[1, 'parent_not_found_by_location']]);
  });

  it('a geometry that is not a polygon, or missing', async () => {
    expect(
      await problems(collection({ type: 'Feature', properties: { code: 'A' }, geometry: { type: 'Point', coordinates: [2.4, 48.8] } }, { type: 'Feature', properties: { code: 'B' }, geometry: null })),
    ).toEqual([
      { feature: 0, code: 'A', problem: 'unsupported_geometry', value: 'Point' },
      { feature: 1, code: 'B', problem: 'missing_geometry' },
    ]);
  });

  it('a population that is not a whole number', async () => {
    const options: ImportOptions = { ...OPTIONS, populationProperty: 'pop' };
    expect(await problems(collection(feature({ code: 'A', pop: -3 }, square(2.4, 48.8)), feature({ code: 'B', pop: '12 000' }, square(2.5, 48.8))), options)).toEqual([
      { feature: 0, code: 'A', problem: 'invalid_population', value: '-3' },
      { feature: 1, code: 'B', problem: 'invalid_population', value: '12 000' },
    ]);
  });

  it('writes messages in the language asked', async () => {
    const json = collection(feature({ code: 'A' }, [square(2.4, 48.8)[0]!.slice(0, 4)]));
    expect((await validateFeatures(readCollection(json), OPTIONS, null, 'fr')).report.errors[0]!.message).toMatch(/Anneau non fermé/);
    expect((await validateFeatures(readCollection(json), OPTIONS, null, 'en')).report.errors[0]!.message).toMatch(/Unclosed ring/);
  });

  it('adds issues found against the stored zones', async () => {
    const r = withIssues((await report(collection(feature({ code: 'A' }, square(2.4, 48.8))))).report, 'error', [{ feature: null, code: 'Z', problem: 'removes_parent_zone', value: 'Z', params: { other: 3, zoning: 'iris' } }], 'en');
    expect(r.valid).toBe(false);
    expect(r.errors[0]!.message).toBe('Zone "Z" is not in the file but holds 3 zone(s) of zoning "iris": keep it.');
  });
});

describe('GeoJSON import: files refused as a whole', () => {
  const refusal = (json: unknown) => {
    try {
      readCollection(json);
    } catch (err) {
      if (err instanceof ImportRefusal) return { reason: err.reason, params: err.params };
      throw err;
    }
    return null;
  };

  it('not a FeatureCollection, or an empty one', async () => {
    expect(refusal({ type: 'Feature', geometry: null, properties: {} })?.reason).toBe('not_feature_collection');
    expect(refusal([1, 2])?.reason).toBe('not_feature_collection');
    expect(refusal(collection())?.reason).toBe('empty_collection');
  });

  it('more features or positions than the limits', async () => {
    const saved = { ...IMPORT_LIMITS };
    try {
      IMPORT_LIMITS.features = 2;
      expect(refusal(collection(...[1, 2, 3].map((i) => feature({ code: `Z${i}` }, square(2.4 + i / 10, 48.8))))))
        .toEqual({ reason: 'too_large', params: { limit: 2, what: 'features' } });
      IMPORT_LIMITS.features = saved.features;
      IMPORT_LIMITS.positions = 9;
      expect(refusal(collection(feature({ code: 'A' }, square(2.4, 48.8)), feature({ code: 'B' }, square(2.5, 48.8)))))
        .toEqual({ reason: 'too_large', params: { limit: 9, what: 'positions' } });
    } finally {
      Object.assign(IMPORT_LIMITS, saved);
    }
  });

  it('coordinates in Lambert 93 metres', async () => {
    const lambert = [[[652000, 6862000], [653000, 6862000], [653000, 6863000], [652000, 6863000], [652000, 6862000]]];
    expect(refusal(collection(feature({ code: 'A' }, lambert)))).toEqual({ reason: 'projected_coordinates', params: { crs: 'EPSG:2154 (Lambert 93)' } });
  });

  it('another projection in metres (ETRS89-LAEA, EPSG:3035)', async () => {
    const laea = [[[3760000, 2890000], [3761000, 2890000], [3761000, 2891000], [3760000, 2891000], [3760000, 2890000]]];
    expect(refusal(collection(feature({ code: 'A' }, laea)))).toEqual({ reason: 'projected_coordinates', params: {} });
  });

  it('a crs member naming Lambert 93 or another system; WGS 84 names accepted', async () => {
    const named = (name: string) => ({ ...collection(feature({ code: 'A' }, square(2.4, 48.8))), crs: { type: 'name', properties: { name } } });
    expect(refusal(named('urn:ogc:def:crs:EPSG::2154'))?.reason).toBe('projected_coordinates');
    expect(refusal(named('urn:ogc:def:crs:EPSG::27572'))?.reason).toBe('unsupported_crs');
    expect(refusal(named('urn:ogc:def:crs:OGC:1.3:CRS84'))).toBeNull();
    expect(refusal(named('EPSG:4326'))).toBeNull();
  });

  it('warns when every position looks like (latitude, longitude) in France', async () => {
    const swapped = [[[48.8, 2.4], [48.8, 2.41], [48.81, 2.41], [48.81, 2.4], [48.8, 2.4]]];
    expect((await report(collection(feature({ code: 'A', nom: 'A' }, swapped)))).report.warnings.map((w) => w.problem)).toEqual(['coordinates_swapped']);
  });
});
