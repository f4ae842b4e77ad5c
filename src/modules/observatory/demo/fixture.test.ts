/**
 * The committed demo fixture's access-to-services figures, recomputed here from the shared open
 * data (../shared/data/observatory: BPE 2018, populations, commune outlines) by plain code that
 * shares nothing with scripts/build-demo-observatory.ts: its own CSV reading, its own centroids,
 * great-circle distances. A figure that drifts from its sources fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { OBSERVATORY_DIR } from '../spatial/testing/pysal-data';
import { loadDemoFixture } from './fixture';

type Position = { lng: number; lat: number };

const KEY_SERVICES: Record<string, string[]> = {
  A206: ['A206'],
  D201: ['D201'],
  D107: ['D107'],
  GARE: ['E107', 'E108', 'E109'],
  C101: ['C101'],
};
const DENSITY_TYPES = ['A206', 'D201', 'C101', 'D301'];
// Communes chosen for what they exercise: Paris (its arrondissements summed), Saint-Germain-en-Laye
// and Cergy (several postcodes, hence several rows in the population file), Achères-la-Forêt and
// Larchant (villages on the Loiret border without most services: their nearest ones may lie outside
// Île-de-France), Saint-Denis (a large commune of the inner ring).
const COMMUNES = ['75056', '78551', '95127', '77001', '77244', '93066'];

/** Plain comma-separated lines (these files quote no comma): header, then rows as records. */
function readCsv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  const header = head!.split(',').map((h) => h.replace(/"/g, ''));
  return lines.map((line) => {
    const cells = line.split(',').map((c) => c.replace(/"/g, ''));
    return Object.fromEntries(header.map((h, k) => [h, cells[k] ?? '']));
  });
}

/** Area-weighted centroid of (Multi)Polygon rings, in degrees with longitude scaled by cos(latitude). */
function centroid(geometry: { type: string; coordinates: unknown }): Position {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as number[][][][];
  const lat0 = polygons[0]![0]![0]![1]!;
  const kx = Math.cos((lat0 * Math.PI) / 180);
  let area = 0;
  let sx = 0;
  let sy = 0;
  for (const rings of polygons) {
    rings.forEach((ring, r) => {
      let a = 0;
      let x = 0;
      let y = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x0, y0] = [ring[i]![0]! * kx, ring[i]![1]!];
        const [x1, y1] = [ring[i + 1]![0]! * kx, ring[i + 1]![1]!];
        const cross = x0 * y1 - x1 * y0;
        a += cross;
        x += (x0 + x1) * cross;
        y += (y0 + y1) * cross;
      }
      // Outer rings count, holes are taken away, whichever way the file orients them.
      const sign = (r === 0 ? 1 : -1) * Math.sign(a);
      area += sign * a;
      sx += sign * x;
      sy += sign * y;
    });
  }
  return { lng: sx / (3 * area) / kx, lat: sy / (3 * area) };
}

/** Great-circle distance in km (haversine, mean Earth radius). */
function haversineKm(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

const fixture = loadDemoFixture();
const communeCodes = fixture.zonings.communes!;
function fixtureValue(indicator: string, year: number, code: string): number | null {
  const series = fixture.series.find((s) => s.indicator === indicator && s.zoning === 'communes' && s.year === year);
  if (!series) throw new Error(`no series ${indicator} ${year}`);
  const at = communeCodes.indexOf(code);
  if (at < 0) throw new Error(`no commune ${code} in the fixture`);
  return series.values[at]!;
}

/** Legal population 2015 per commune (arrondissements into their city), each INSEE code once. */
const population2015 = new Map<string, number>();
/** An arrondissement's city (Paris, Lyon, Marseille). */
const cityOf = new Map<string, string>();
/** Coordinates of every commune and arrondissement, from the population file. */
const filePosition = new Map<string, Position>();
/** BPE 2018 equipment counts, per commune (arrondissements into their city) and type. */
const equipment = new Map<string, Map<string, number>>();
/** Places (a commune, or an arrondissement outside Île-de-France) with at least one of each type. */
const equippedPlaces = new Map<string, Set<string>>();
const idfCentroid = new Map<string, Position>();

beforeAll(() => {
  const seen = new Set<string>();
  for (const row of readCsv(fs.readFileSync(path.join(OBSERVATORY_DIR, 'communes_population_2021.csv'), 'utf8'))) {
    const code = row.insee_com!;
    // The file repeats a commune's figures on each of its postcodes' rows.
    if (seen.has(code)) continue;
    seen.add(code);
    const city = row.commune_type === 'ARM' ? row.insee_parente! : code;
    if (city !== code) cityOf.set(code, city);
    population2015.set(city, (population2015.get(city) ?? 0) + Number(row.population_2015));
    if (row.lat && row.lng) filePosition.set(code, { lat: Number(row.lat), lng: Number(row.lng) });
  }
  const bpe = readCsv(zlib.gunzipSync(fs.readFileSync(path.join(OBSERVATORY_DIR, 'bpe_ens_2018.csv.gz'))).toString('utf8'));
  for (const row of bpe) {
    const count = Number(row.NB_EQUIP);
    if (!(count > 0)) continue;
    const commune = cityOf.get(row.DEPCOM!) ?? row.DEPCOM!;
    const byType = equipment.get(commune) ?? new Map<string, number>();
    byType.set(row.TYPEQU!, (byType.get(row.TYPEQU!) ?? 0) + count);
    equipment.set(commune, byType);
    const places = equippedPlaces.get(row.TYPEQU!) ?? new Set<string>();
    places.add(row.DEPCOM!);
    equippedPlaces.set(row.TYPEQU!, places);
  }
  const outlines = JSON.parse(fs.readFileSync(path.join(OBSERVATORY_DIR, 'communes-idf-2018.geojson'), 'utf8')) as {
    features: { properties: { code: string }; geometry: { type: string; coordinates: unknown } }[];
  };
  for (const f of outlines.features) idfCentroid.set(String(f.properties.code), centroid(f.geometry));
  // Reading the 3.8 MB BPE takes seconds, more on a busy machine.
}, 120_000);

const hasService = (commune: string, service: string) => KEY_SERVICES[service]!.some((type) => (equipment.get(commune)?.get(type) ?? 0) > 0);

/** Distance from an Île-de-France commune's centroid to the nearest place with the service. */
function nearestKm(commune: string, service: string): number {
  if (hasService(commune, service)) return 0;
  let best = Number.POSITIVE_INFINITY;
  const here = idfCentroid.get(commune)!;
  for (const type of KEY_SERVICES[service]!) {
    for (const place of equippedPlaces.get(type) ?? []) {
      const city = cityOf.get(place) ?? place;
      // An Île-de-France commune stands at its outline's centroid, any other place at its own coordinates.
      const there = idfCentroid.get(city) ?? filePosition.get(place);
      if (there) best = Math.min(best, haversineKm(here, there));
    }
  }
  return best;
}

describe('the demo fixture’s access to services (BPE 2018)', () => {
  it('gives equipment per 1,000 inhabitants (legal population 2015) as recomputed from the BPE and the population file', () => {
    for (const code of COMMUNES) {
      const inhabitants = population2015.get(code)!;
      expect(fixtureValue('POP', 2015, code), code).toBe(inhabitants);
      for (const type of DENSITY_TYPES) {
        const expected = (1000 * (equipment.get(code)?.get(type) ?? 0)) / inhabitants;
        // The fixture keeps three decimals.
        expect(Math.abs(fixtureValue(`EQ_${type}`, 2018, code)! - expected), `${code} ${type}`).toBeLessThanOrEqual(0.0005 + 1e-12);
      }
    }
    // Saint-Germain-en-Laye: 43,976 inhabitants in 2015, not twice that for its two postcodes.
    expect(fixtureValue('POP', 2015, '78551')).toBe(43976);
  });

  it('gives the distance to the nearest commune with each key service, within 10 m of a great-circle recomputation', () => {
    for (const code of COMMUNES) {
      for (const service of Object.keys(KEY_SERVICES)) {
        const expected = nearestKm(code, service);
        // Two decimals in the fixture (5 m), plus what separates its flat-Earth distance and
        // centroid from these: well under a metre over tens of kilometres.
        expect(Math.abs(fixtureValue(`DIST_${service}`, 2018, code)! - expected), `${code} ${service}`).toBeLessThanOrEqual(0.01);
      }
    }
    // The villages lack at least a maternity ward and a train station: the distances are real ones.
    expect(fixtureValue('DIST_D107', 2018, '77001')).toBeGreaterThan(5);
    expect(fixtureValue('DIST_GARE', 2018, '77001')).toBeGreaterThan(5);
  });

  it('puts 0 exactly where the commune has the service, and a positive distance everywhere else', () => {
    for (const code of communeCodes) {
      for (const service of Object.keys(KEY_SERVICES)) {
        const distance = fixtureValue(`DIST_${service}`, 2018, code);
        if (hasService(code, service)) expect(distance, `${code} ${service}`).toBe(0);
        else expect(distance, `${code} ${service}`).toBeGreaterThan(0);
      }
    }
    expect(hasService('75056', 'D107')).toBe(true);
    expect(fixtureValue('DIST_D107', 2018, '75056')).toBe(0);
  });
});
