import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { DEMO_TERRITORY_URL, demoCommune, demoTerritorySchema, loadDemoTerritory } from './territory';

type Box = [number, number, number, number];

const intersects = (a: Box, b: Box): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

describe('demo territory fixture', () => {
  const territory = loadDemoTerritory();
  const demo = demoCommune(territory);
  const neighbours = territory.communes.filter((c) => c.role === 'neighbour');

  it('validates against the schema and stays small', () => {
    const text = fs.readFileSync(fileURLToPath(DEMO_TERRITORY_URL), 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThan(300 * 1024);
    expect(demoTerritorySchema.safeParse(JSON.parse(text)).success).toBe(true);
    expect(territory.generatedBy).toBe('scripts/build-demo-territory.ts');
  });

  it('contains the demo commune with its real figures', () => {
    expect(demo.code).toBe(territory.demoCommuneCode);
    expect(demo.role).toBe('demo');
    expect(demo.name.length).toBeGreaterThan(0);
    expect(demo.population2021).toBeGreaterThan(10_000);
    expect(demo.population2021).toBeLessThan(150_000);
    expect(demo.medianIncome2016).not.toBeNull();
    expect(demo.povertyRate2016).not.toBeNull();
    expect(demo.sharedBorderKm).toBeNull();
    // the centroid lies inside the bounding box
    expect(demo.centroid.lng).toBeGreaterThanOrEqual(demo.bbox[0]);
    expect(demo.centroid.lat).toBeGreaterThanOrEqual(demo.bbox[1]);
    expect(demo.centroid.lng).toBeLessThanOrEqual(demo.bbox[2]);
    expect(demo.centroid.lat).toBeLessThanOrEqual(demo.bbox[3]);
  });

  it('has neighbours that share a border with the demo commune', () => {
    expect(neighbours.length).toBeGreaterThanOrEqual(2);
    for (const n of neighbours) {
      expect(intersects(n.bbox, demo.bbox), `${n.code} ${n.name}`).toBe(true);
      expect(n.sharedBorderKm ?? 0).toBeGreaterThan(0);
    }
  });

  it('uses 5-character INSEE codes, unique, and IRIS codes of the demo commune', () => {
    const codes = territory.communes.map((c) => c.code);
    for (const code of codes) expect(code).toMatch(/^\d[\dAB]\d{3}$/);
    expect(new Set(codes).size).toBe(codes.length);
    expect(territory.demoIris.irisCodes.length).toBeGreaterThan(0);
    for (const iris of territory.demoIris.irisCodes) expect(iris.startsWith(demo.code)).toBe(true);
  });

  it('counts every listed equipment type for every commune', () => {
    const types = territory.equipmentTypes.map((t) => t.code).sort();
    for (const c of territory.communes) expect(Object.keys(c.equipment).sort()).toEqual(types);
    // per-IRIS counts add up to the commune's counts
    for (const t of types) {
      const sum = territory.demoIris.equipmentByIris.reduce((s, i) => s + (i.equipment[t] ?? 0), 0);
      expect(sum, t).toBe(demo.equipment[t]);
    }
  });

  it('keeps boundaries simplified and rounded to 5 decimals', () => {
    for (const c of territory.communes) {
      const rings = c.boundary.type === 'Polygon' ? c.boundary.coordinates : c.boundary.coordinates.flat();
      for (const ring of rings) {
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        for (const [lng, lat] of ring) {
          expect(Math.abs(lng * 1e5 - Math.round(lng * 1e5))).toBeLessThan(1e-6);
          expect(Math.abs(lat * 1e5 - Math.round(lat * 1e5))).toBeLessThan(1e-6);
        }
      }
    }
  });

  it('lists its sources with licences', () => {
    expect(territory.sources.length).toBeGreaterThanOrEqual(4);
    for (const s of territory.sources) {
      expect(s.licence.length).toBeGreaterThan(0);
      expect(s.publisher.length).toBeGreaterThan(0);
      expect(s.file).toMatch(/^observatory\//);
    }
    const files = territory.sources.map((s) => s.file);
    expect(files).toContain('observatory/communes-idf-2018.geojson');
    expect(files).toContain('observatory/bpe_ens_2018.csv.gz');
    expect(files).toContain('observatory/filosofi_com_2016.csv');
    expect(files).toContain('observatory/communes_population_2021.csv');
  });
});
