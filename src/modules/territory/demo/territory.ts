/**
 * Demo territory: a real commune of Île-de-France and its neighbours, built from open data by
 * `scripts/build-demo-territory.ts` (re-run it to regenerate `territory.json`).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const inseeCode = z.string().regex(/^\d[\dAB]\d{3}$/, '5-character INSEE commune code');
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4);
const polygon = z.array(ring).min(1);

export const boundarySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: polygon }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon).min(1) }),
]);

const equipmentCounts = z.record(z.string().regex(/^[A-G]\d{3}$/), z.number().int().nonnegative());

export const demoCommuneSchema = z.object({
  code: inseeCode,
  name: z.string().min(1),
  departement: z.string().regex(/^(\d{2}|2[AB]|97\d)$/),
  role: z.enum(['demo', 'neighbour']),
  /** Length of the border shared with the demo commune (km); null for the demo commune. */
  sharedBorderKm: z.number().positive().nullable(),
  population2021: z.number().int().nonnegative(),
  population2015: z.number().int().nonnegative(),
  populationNote: z.string().nullable(),
  areaKm2: z.number().positive(),
  centroid: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }),
  /** [minLng, minLat, maxLng, maxLat] of the original (unsimplified) boundary. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** Filosofi 2016 MED16: median disposable income per consumption unit (euros); null if not published. */
  medianIncome2016: z.number().nonnegative().nullable(),
  /** Filosofi 2016 TP6016: poverty rate at 60 % of the median (percent); null if not published. */
  povertyRate2016: z.number().min(0).max(100).nullable(),
  /** BPE 2018 counts, keyed by equipment type code (see `equipmentTypes`). */
  equipment: equipmentCounts,
  boundary: boundarySchema,
});

export const demoSourceSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  publisher: z.string().min(1),
  licence: z.string().min(1),
  file: z.string().min(1),
  usedFor: z.string().min(1),
});

export const demoTerritorySchema = z
  .object({
    schemaVersion: z.literal(1),
    generatedBy: z.literal('scripts/build-demo-territory.ts'),
    demoCommuneCode: inseeCode,
    notes: z.array(z.string()),
    simplification: z.object({
      algorithm: z.literal('Douglas-Peucker'),
      toleranceMetres: z.number().positive(),
      coordinateDecimals: z.number().int().positive(),
    }),
    equipmentTypes: z.array(
      z.object({ code: z.string().regex(/^[A-G]\d{3}$/), label: z.string().min(1), source: z.string().min(1) }),
    ),
    sources: z.array(demoSourceSchema).min(1),
    communes: z.array(demoCommuneSchema).min(2),
    demoIris: z.object({
      communeCode: inseeCode,
      /** 9-character INSEE IRIS codes (commune code + 4 digits). */
      irisCodes: z.array(z.string().regex(/^\d[\dAB]\d{7}$/)),
      equipmentByIris: z.array(z.object({ iris: z.string().regex(/^\d[\dAB]\d{7}$/), equipment: equipmentCounts })),
    }),
  })
  .superRefine((t, ctx) => {
    const demos = t.communes.filter((c) => c.role === 'demo');
    if (demos.length !== 1 || demos[0]?.code !== t.demoCommuneCode)
      ctx.addIssue({ code: 'custom', message: 'exactly one demo commune, matching demoCommuneCode' });
    if (new Set(t.communes.map((c) => c.code)).size !== t.communes.length)
      ctx.addIssue({ code: 'custom', message: 'duplicate commune codes' });
    if (t.demoIris.communeCode !== t.demoCommuneCode)
      ctx.addIssue({ code: 'custom', message: 'demoIris.communeCode must be the demo commune' });
    for (const iris of t.demoIris.irisCodes)
      if (!iris.startsWith(t.demoCommuneCode))
        ctx.addIssue({ code: 'custom', message: `IRIS ${iris} is not in the demo commune` });
  });

export type DemoTerritory = z.infer<typeof demoTerritorySchema>;
export type DemoCommune = z.infer<typeof demoCommuneSchema>;
export type DemoBoundary = z.infer<typeof boundarySchema>;

export const DEMO_TERRITORY_URL = new URL('./territory.json', import.meta.url);

let cached: DemoTerritory | undefined;

/** Reads and validates `territory.json` (cached after the first call). Throws if it is invalid. */
export function loadDemoTerritory(): DemoTerritory {
  if (!cached) {
    const raw: unknown = JSON.parse(fs.readFileSync(fileURLToPath(DEMO_TERRITORY_URL), 'utf8'));
    cached = demoTerritorySchema.parse(raw);
  }
  return cached;
}

/** The demo commune itself. */
export function demoCommune(territory: DemoTerritory = loadDemoTerritory()): DemoCommune {
  const c = territory.communes.find((x) => x.code === territory.demoCommuneCode);
  if (!c) throw new Error('demo commune missing from territory.json');
  return c;
}
