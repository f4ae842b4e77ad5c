/**
 * The demo zonings' fixture (`zonings.json.gz`), written by `scripts/build-demo-territory.ts` from
 * the open data of `../shared/data/observatory/` and read by the demo seed: the product starts
 * without that folder and without a network.
 *
 * Compact on purpose. Outlines are quantised to 10^-decimals degree (5 decimals: about 1 m) and
 * delta-encoded: a ring is [x0, y0, dx1, dy1, …] in those units, without its closing position. Attributes are columns: each
 * zoning lists them once (key, unit, year, source) and each zone gives its values in that order.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ATTRIBUTE_KEY_PATTERN, ATTRIBUTE_UNITS, type ZoneAttributes } from '../attributes';
import type { PolygonCoordinates, Position, Ring, ZoneGeometry } from '../geometry/types';

const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);

const attributeColumn = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('quantity'),
    key: z.string().regex(ATTRIBUTE_KEY_PATTERN),
    unit: z.enum(ATTRIBUTE_UNITS),
    year: z.number().int(),
    sourceId: z.string(),
    estimated: z.boolean(),
  }),
  z.object({
    kind: z.literal('age_bands'),
    key: z.string().regex(ATTRIBUTE_KEY_PATTERN),
    bands: z.array(z.object({ minAge: z.number().int(), maxAge: z.number().int().nullable() })).min(1),
    complete: z.boolean(),
    year: z.number().int(),
    sourceId: z.string(),
    estimated: z.boolean(),
  }),
]);

const fixtureZone = z.object({
  code,
  name: z.string().min(1).max(200),
  parent: code.nullable(),
  population: z.number().int().nonnegative().nullable(),
  /** Polygons of rings of quantised deltas; null for a zone known only as a parent. */
  outline: z.array(z.array(z.array(z.number().int()))).nullable(),
  /** One value per attribute column (an array of counts for age bands), null when unknown. */
  values: z.array(z.union([z.number(), z.array(z.number().int()), z.null()])),
});

const fixtureZoning = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  labelFr: z.string().min(1),
  labelEn: z.string().min(1),
  descriptionFr: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  kind: z.enum(['administrative', 'statistical', 'custom']),
  parentCode: z.string().nullable(),
  sourceIds: z.array(z.string()),
  /** Decimals the outlines were rounded to (their quantum is 10^-decimals degree). */
  decimals: z.number().int().min(1).max(8),
  population: z
    .object({ year: z.number().int(), sourceId: z.string(), estimated: z.boolean() })
    .nullable(),
  attributeColumns: z.array(attributeColumn),
  zones: z.array(fixtureZone).min(1),
});

export const demoFixtureSchema = z.object({
  schemaVersion: z.literal(2),
  generatedBy: z.literal('scripts/build-demo-territory.ts'),
  notes: z.array(z.string()),
  served: z.object({ zoning: z.string(), code, districtZoning: z.string().nullable() }),
  sources: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      publisher: z.string().min(1),
      licence: z.string().min(1),
      file: z.string().min(1),
      usedFor: z.string().min(1),
    }),
  ),
  /** Parents before children. */
  zonings: z.array(fixtureZoning).min(1),
});

export type DemoFixture = z.infer<typeof demoFixtureSchema>;
export type FixtureZoning = z.infer<typeof fixtureZoning>;
export type FixtureZone = z.infer<typeof fixtureZone>;
export type AttributeColumn = z.infer<typeof attributeColumn>;

export const DEMO_FIXTURE_URL = new URL('./zonings.json.gz', import.meta.url);

let cached: DemoFixture | undefined;

/** Reads and validates the fixture (cached after the first call). Throws if it is invalid. */
export function loadDemoFixture(): DemoFixture {
  if (!cached) {
    const json = zlib.gunzipSync(fs.readFileSync(fileURLToPath(DEMO_FIXTURE_URL))).toString('utf8');
    cached = demoFixtureSchema.parse(JSON.parse(json));
  }
  return cached;
}

export function encodeOutline(geometry: ZoneGeometry, decimals: number): number[][][] {
  const quantum = 10 ** decimals;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((polygon) =>
    polygon.map((ring) => {
      const out: number[] = [];
      let px = 0;
      let py = 0;
      for (const [lng, lat] of ring.slice(0, -1)) {
        const x = Math.round(lng * quantum);
        const y = Math.round(lat * quantum);
        out.push(x - px, y - py);
        px = x;
        py = y;
      }
      return out;
    }),
  );
}

export function decodeOutline(outline: number[][][], decimals: number): ZoneGeometry {
  const quantum = 10 ** decimals;
  const polygons: PolygonCoordinates[] = outline.map((polygon) =>
    polygon.map((flat) => {
      const ring: Ring = [];
      let x = 0;
      let y = 0;
      for (let i = 0; i + 1 < flat.length; i += 2) {
        x += flat[i]!;
        y += flat[i + 1]!;
        ring.push([x / quantum, y / quantum] as Position);
      }
      ring.push([...ring[0]!] as Position);
      return ring;
    }),
  );
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

export function decodeAttributes(columns: readonly AttributeColumn[], values: FixtureZone['values']): ZoneAttributes {
  const out: ZoneAttributes = {};
  columns.forEach((column, i) => {
    const value = values[i];
    if (value === null || value === undefined) return;
    if (column.kind === 'quantity') {
      if (typeof value !== 'number') throw new Error(`attribute ${column.key}: a number is expected`);
      out[column.key] = { kind: 'quantity', value, unit: column.unit, year: column.year, sourceId: column.sourceId, estimated: column.estimated };
    } else {
      if (!Array.isArray(value) || value.length !== column.bands.length) throw new Error(`attribute ${column.key}: one count per band is expected`);
      out[column.key] = {
        kind: 'age_bands',
        bands: column.bands.map((b, k) => ({ ...b, count: value[k]! })),
        complete: column.complete,
        year: column.year,
        sourceId: column.sourceId,
        estimated: column.estimated,
      };
    }
  });
  return out;
}
