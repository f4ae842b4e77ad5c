import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dissolve } from '../geometry/dissolve';
import { areaM2 } from '../geometry/measure';
import { pointInGeometry } from '../geometry/point-in-polygon';
import { polygonsOf, type ZoneGeometry } from '../geometry/types';
import { checkRings } from '../geometry/validity';
import { decodeAttributes, decodeOutline, DEMO_FIXTURE_URL, encodeOutline, loadDemoFixture } from './fixture';

describe('demo zonings fixture', () => {
  const fixture = loadDemoFixture();
  const zoning = (code: string) => fixture.zonings.find((z) => z.code === code)!;
  const outlineOf = (zoningCode: string, zoneCode: string): ZoneGeometry => {
    const z = zoning(zoningCode);
    return decodeOutline(z.zones.find((zone) => zone.code === zoneCode)!.outline!, z.decimals);
  };

  it('stays small and is built by the script', () => {
    expect(fs.statSync(fileURLToPath(DEMO_FIXTURE_URL)).size).toBeLessThan(600 * 1024);
    expect(fixture.generatedBy).toBe('scripts/build-demo-territory.ts');
  });

  it('holds the Île-de-France communes, the Lyon IRIS and the demonstration sectors, parents first', () => {
    expect(fixture.zonings.map((z) => z.code)).toEqual(['departements', 'communes', 'iris', 'secteurs-demo']);
    const seen = new Set<string>();
    for (const z of fixture.zonings) {
      if (z.parentCode) expect(seen.has(z.parentCode), z.code).toBe(true);
      seen.add(z.code);
    }
    const communes = zoning('communes').zones;
    expect(communes.filter((c) => c.outline && /^(75|77|78|91|92|93|94|95)/.test(c.code))).toHaveLength(1276);
    expect(zoning('iris').zones).toHaveLength(358);
    expect(zoning('secteurs-demo').zones).toHaveLength(6);
  });

  it('links every zone to a parent that exists', () => {
    for (const z of fixture.zonings) {
      if (!z.parentCode) continue;
      const parents = new Set(zoning(z.parentCode).zones.map((p) => p.code));
      for (const zone of z.zones) expect(zone.parent !== null && parents.has(zone.parent), `${z.code}/${zone.code} → ${zone.parent}`).toBe(true);
    }
    expect(zoning('communes').zones.find((c) => c.code === '94080')!.parent).toBe('94');
    // Lyon's arrondissements are counted in Lyon.
    expect(zoning('iris').zones.filter((i) => i.code.startsWith('6938')).every((i) => i.parent === '69123')).toBe(true);
  });

  it('counts the population of a commune once (postcode rows) and sums arrondissements', () => {
    const communes = new Map(zoning('communes').zones.map((c) => [c.code, c]));
    expect(communes.get('94080')!.population).toBe(48798);
    expect(communes.get('75056')!.population).toBe(2133111);
    const idf = zoning('departements').zones.filter((d) => d.outline);
    const total = idf.reduce((s, d) => s + d.population!, 0);
    expect(total).toBe([...communes.values()].filter((c) => c.outline).reduce((s, c) => s + (c.population ?? 0), 0));
  });

  it('labels the demonstration sectors as such, with estimated populations adding up to the commune', () => {
    const sectors = zoning('secteurs-demo');
    expect(sectors.labelFr).toBe('Secteurs de démonstration (découpage géométrique, pas des quartiers officiels)');
    expect(sectors.labelEn).toMatch(/not official neighbourhoods/);
    expect(sectors.population?.estimated).toBe(true);
    for (const s of sectors.zones) expect(s.name).toMatch(/^Secteur de démonstration \d/);
    expect(sectors.zones.reduce((s, z) => s + z.population!, 0)).toBe(48798);
  });

  it('has only valid outlines, and sectors that tile their commune', () => {
    for (const z of fixture.zonings) {
      for (const zone of z.zones) {
        if (!zone.outline) continue;
        const g = decodeOutline(zone.outline, z.decimals);
        expect(checkRings(polygonsOf(g)).problems, `${z.code}/${zone.code}`).toEqual([]);
      }
    }
    const commune = outlineOf('communes', '94080');
    const sectors = zoning('secteurs-demo').zones.map((s) => decodeOutline(s.outline!, 5));
    const union = dissolve(sectors)!;
    expect(Math.abs(areaM2(union) - areaM2(commune)) / areaM2(commune)).toBeLessThan(1e-3);
    // The château de Vincennes is in Vincennes and in exactly one sector.
    const chateau = [2.4353, 48.8428] as const;
    expect(pointInGeometry(chateau[0], chateau[1], commune)).toBe(true);
    expect(sectors.filter((g) => pointInGeometry(chateau[0], chateau[1], g))).toHaveLength(1);
  });

  it('encodes outlines without loss at its precision', () => {
    const g = outlineOf('communes', '78143'); // Châteaufort, in two parts
    expect(g.type).toBe('MultiPolygon');
    expect(decodeOutline(encodeOutline(g, 5), 5)).toEqual(g);
  });

  it('gives each attribute column its year and source', () => {
    const communes = zoning('communes');
    const vincennes = communes.zones.find((c) => c.code === '94080')!;
    const attributes = decodeAttributes(communes.attributeColumns, vincennes.values);
    expect(attributes.income_median).toMatchObject({ kind: 'quantity', unit: 'euros', year: 2016, sourceId: 'filosofi-2016' });
    expect(attributes.population_by_age).toMatchObject({ kind: 'age_bands', complete: false, bands: [{ minAge: 15, maxAge: 64 }] });
    const sources = new Set(fixture.sources.map((s) => s.id));
    for (const c of communes.attributeColumns) expect(sources.has(c.sourceId), c.key).toBe(true);
    for (const s of fixture.sources) {
      expect(s.licence.length).toBeGreaterThan(0);
      expect(s.file).toMatch(/^observatory\//);
    }
  });
});
