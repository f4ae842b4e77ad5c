import { describe, expect, it } from 'vitest';
import { boxAround, cellOf, cellsAround, distanceMetres, distanceToGeometry } from './geo';
import { levelOf, scorePriority, type NearbySensitivePlace } from './priority';

const stream = (distanceM: number): NearbySensitivePlace => ({ layerCode: 'water', layerName: 'Cours d’eau', placeName: 'Ru', distanceM, radiusM: 200, weight: 30 });

describe('priority scoring', () => {
  it('starts from the category’s level', () => {
    expect(scorePriority({ categoryDefault: 'normal', categoryName: 'Dépôt', sensitivePlaces: [], followers: 1, reopened: 0 })).toMatchObject({ score: 30, level: 'normal' });
    expect(scorePriority({ categoryDefault: 'urgent', categoryName: 'Fuite', sensitivePlaces: [], followers: 1, reopened: 0 }).level).toBe('urgent');
  });

  it('raises an illegal dump near a stream, more the closer it is, and shows the distance', () => {
    const near = scorePriority({ categoryDefault: 'normal', categoryName: 'Dépôt', sensitivePlaces: [stream(20)], followers: 1, reopened: 0 });
    const far = scorePriority({ categoryDefault: 'normal', categoryName: 'Dépôt', sensitivePlaces: [stream(180)], followers: 1, reopened: 0 });
    const outside = scorePriority({ categoryDefault: 'normal', categoryName: 'Dépôt', sensitivePlaces: [stream(250)], followers: 1, reopened: 0 });
    expect(near.score).toBe(57); // 30 + 30 × (1 − 20/200)
    expect(near.level).toBe('high');
    expect(near.factors.find((f) => f.kind === 'sensitive_place')).toMatchObject({ points: 27, distanceM: 20, label: 'Cours d’eau : Ru' });
    expect(far.score).toBe(33);
    expect(outside.score).toBe(30);
  });

  it('counts only the nearest place of each layer, and at most 40 points of places', () => {
    const twoOfOneLayer = scorePriority({ categoryDefault: 'low', categoryName: 'x', sensitivePlaces: [stream(100), stream(0)], followers: 1, reopened: 0 });
    expect(twoOfOneLayer.score).toBe(10 + 30);
    const many: NearbySensitivePlace[] = ['a', 'b', 'c'].map((code) => ({ layerCode: code, layerName: code, placeName: null, distanceM: 0, radiusM: 100, weight: 30 }));
    expect(scorePriority({ categoryDefault: 'low', categoryName: 'x', sensitivePlaces: many, followers: 1, reopened: 0 }).score).toBe(50);
  });

  it('adds followers and reopenings, capped, and stays within 0–100', () => {
    const r = scorePriority({ categoryDefault: 'urgent', categoryName: 'x', sensitivePlaces: [stream(0)], followers: 20, reopened: 9 });
    expect(r.score).toBe(100);
    expect(r.factors.map((f) => [f.kind, f.points])).toEqual([
      ['category', 70],
      ['sensitive_place', 30],
      ['followers', 12],
      ['reopened', 10],
    ]);
    expect([levelOf(69), levelOf(70), levelOf(49), levelOf(24)]).toEqual(['high', 'urgent', 'normal', 'low']);
  });
});

describe('geometry', () => {
  const p = { lng: 2.4395, lat: 48.8474 };

  it('measures distances on the sphere', () => {
    expect(distanceMetres(p, { lng: p.lng, lat: p.lat + 0.001 })).toBeCloseTo(111.2, 0);
    expect(distanceMetres(p, { lng: p.lng + 0.001, lat: p.lat })).toBeCloseTo(73.2, 0);
  });

  it('measures the distance to points, lines and polygons (0 inside)', () => {
    expect(distanceToGeometry(p, { type: 'Point', coordinates: [p.lng, p.lat + 0.001] })).toBeCloseTo(111.2, 0);
    expect(distanceToGeometry(p, { type: 'LineString', coordinates: [[p.lng - 0.01, p.lat + 0.0005], [p.lng + 0.01, p.lat + 0.0005]] })).toBeCloseTo(55.6, 0);
    const square = { type: 'Polygon' as const, coordinates: [[[p.lng - 0.001, p.lat - 0.001], [p.lng + 0.001, p.lat - 0.001], [p.lng + 0.001, p.lat + 0.001], [p.lng - 0.001, p.lat + 0.001], [p.lng - 0.001, p.lat - 0.001]] as [number, number][]] };
    expect(distanceToGeometry(p, square)).toBe(0);
    expect(distanceToGeometry({ lng: p.lng, lat: p.lat + 0.002 }, square)).toBeCloseTo(111.2, 0);
  });

  it('finds every cell a circle touches, so no nearby report is missed', () => {
    const cells = cellsAround(p, 50);
    expect(cells.length).toBeGreaterThanOrEqual(1);
    expect(cells.length).toBeLessThanOrEqual(9);
    // Points on the circle fall in the cells listed.
    for (let a = 0; a < 360; a += 15) {
      const box = boxAround(p, 50);
      const q = { lng: p.lng + ((box.maxLng - p.lng) * Math.cos((a * Math.PI) / 180)) * 0.999, lat: p.lat + ((box.maxLat - p.lat) * Math.sin((a * Math.PI) / 180)) * 0.999 };
      expect(cells).toContain(cellOf(q));
    }
    expect(cellsAround(p, 500).length).toBeGreaterThan(9);
  });
});
