/**
 * The territory module's API shapes, in zod: the routes validate with them and the web imports
 * their types (`z.infer`). Requests use the shared text type for every text field.
 */
import { z } from 'zod';
import { line, paragraph, token } from '../../platform/validation/text';
import { ATTRIBUTE_UNITS, ageBandSchema } from './attributes';

export const ZONING_CODE = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const ZONE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ZONING_KINDS = ['administrative', 'statistical', 'custom'] as const;
export const GEOMETRY_MODES = ['none', 'simplified', 'full'] as const;

export const zoningCodeParam = token(63, ZONING_CODE).describe('Zoning code: lower-case letters, digits and hyphens (communes, iris, quartiers)');
export const zoneCodeParam = token(64, ZONE_CODE).describe('Zone code: the INSEE code or the commune’s own');

// Responses -------------------------------------------------------------------------------

const bilingual = z.object({ fr: z.string(), en: z.string() });
const lngLat = z.object({ lng: z.number(), lat: z.number() });
const position = z.tuple([z.number(), z.number()]);
const polygonCoordinates = z.array(z.array(position));

export const geometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: polygonCoordinates }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygonCoordinates) }),
]);

export const zoningSchema = z.object({
  code: z.string(),
  label: bilingual,
  description: bilingual.nullable(),
  kind: z.enum(ZONING_KINDS),
  parentCode: z.string().nullable().describe('The zoning its zones nest in'),
  version: z.number().int().describe('Goes up with every change of the zoning or its zones: cache by it'),
  zoneCount: z.number().int(),
  sourceIds: z.array(z.string()),
  demo: z.boolean(),
});

export const populationSchema = z.object({
  count: z.number().int(),
  year: z.number().int().nullable(),
  sourceId: z.string().nullable(),
  estimated: z.boolean().describe('An estimate (e.g. shared out by area), not a count'),
});

export const zoneSummarySchema = z.object({
  zoning: z.string(),
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable().describe('Code of the parent zone, in the parent zoning'),
  population: populationSchema.nullable(),
  areaM2: z.number().nullable().describe('From the stored outline; null for a zone without outline'),
  centroid: lngLat.nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().describe('[minLng, minLat, maxLng, maxLat]'),
  hasOutline: z.boolean(),
  demo: z.boolean(),
});

export const attributeViewSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('quantity'),
    key: z.string(),
    label: bilingual,
    value: z.number(),
    unit: z.enum(ATTRIBUTE_UNITS),
    year: z.number().int(),
    sourceId: z.string(),
    estimated: z.boolean(),
  }),
  z.object({
    kind: z.literal('age_bands'),
    key: z.string(),
    label: bilingual,
    bands: z.array(ageBandSchema),
    complete: z.boolean(),
    year: z.number().int(),
    sourceId: z.string(),
    estimated: z.boolean(),
  }),
]);

export const zoneRefSchema = z.object({ zoning: z.string(), code: z.string(), name: z.string() });

export const zoneDetailSchema = zoneSummarySchema.extend({
  zoningLabel: bilingual,
  ancestors: z.array(zoneRefSchema).describe('Parent first, then its parent, up the hierarchy'),
  children: z.array(z.object({ zoning: z.string(), count: z.number().int() })).describe('Zones nested in this one, per zoning'),
  attributes: z.array(attributeViewSchema),
  geometry: geometrySchema.nullable().optional(),
});

export const zoneListSchema = z.object({ zoning: zoningSchema, zones: z.array(zoneSummarySchema) });

export const zoneFeatureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  zoning: zoningSchema,
  simplification: z
    .object({ algorithm: z.literal('Douglas-Peucker, shared borders kept'), toleranceMetres: z.number() })
    .nullable()
    .describe('How the outlines were simplified for display; null when they are the stored ones'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      properties: zoneSummarySchema.omit({ centroid: true, bbox: true, hasOutline: true }),
      geometry: geometrySchema.nullable(),
    }),
  ),
});

export const sourceSchema = z.object({ id: z.string(), name: z.string(), publisher: z.string(), licence: z.string(), usedFor: z.string() });

/** The commune served and its neighbours: the portal's home page. */
export const communeViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  departement: z.string().nullable(),
  population: z.number().int().nullable(),
  populationYear: z.number().int().nullable(),
  areaKm2: z.number().nullable(),
  centroid: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  attributes: z.array(attributeViewSchema),
});

export const territoryViewSchema = z.object({
  commune: communeViewSchema.nullable(),
  neighbours: z.array(communeViewSchema).describe('Communes of the same zoning sharing at least 50 m of border with it'),
  districtZoning: zoningSchema.nullable().describe('The zoning residents choose their district from'),
  demo: z.boolean(),
  sources: z.array(sourceSchema),
  boundaries: z
    .object({
      type: z.literal('FeatureCollection'),
      features: z.array(
        z.object({
          type: z.literal('Feature'),
          properties: z.object({ code: z.string(), name: z.string(), role: z.enum(['home', 'neighbour']) }),
          geometry: geometrySchema.nullable(),
        }),
      ),
    })
    .optional(),
});

export const locateResultSchema = z.object({ zone: zoneRefSchema.nullable(), version: z.number().int() });

export const importIssueSchema = z.object({
  feature: z.number().int().nullable().describe('0-based index of the feature in the file'),
  code: z.string().nullable(),
  problem: z.string(),
  polygon: z.number().int().optional(),
  ring: z.number().int().optional(),
  position: z.number().int().optional(),
  at: position.optional(),
  value: z.string().optional(),
  message: z.string(),
});

export const importReportSchema = z.object({
  valid: z.boolean(),
  features: z.number().int(),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  errors: z.array(importIssueSchema),
  warnings: z.array(importIssueSchema),
});

export const importResultSchema = z.object({
  dryRun: z.boolean(),
  report: importReportSchema,
  /** What was (or, on a dry run, would be) done. */
  created: z.number().int(),
  updated: z.number().int(),
  removed: z.number().int(),
  version: z.number().int().describe('The zoning’s version after the import (unchanged on a dry run)'),
});

// Requests --------------------------------------------------------------------------------

export const zoningBody = z.strictObject({
  labelFr: line(200),
  labelEn: line(200),
  descriptionFr: paragraph(2000).nullable().default(null),
  descriptionEn: paragraph(2000).nullable().default(null),
  kind: z.enum(ZONING_KINDS),
  parentCode: token(63, ZONING_CODE).nullable().default(null),
});

export const importQuery = z.strictObject({
  codeProperty: line(100).describe('Property of each feature holding the zone code'),
  nameProperty: line(100).optional().describe('Property holding the zone name (default: the code)'),
  parentProperty: line(100).optional().describe('Property holding the code of the parent zone, in the parent zoning'),
  parentByLocation: z.enum(['true', 'false']).default('false').describe('Find each zone’s parent by where it lies instead'),
  populationProperty: line(100).optional(),
  populationYear: z.coerce.number().int().min(1800).max(2200).optional(),
  dryRun: z.enum(['true', 'false']).default('false').describe('Validate and report only; store nothing'),
});

export const zonesQuery = z.strictObject({ geometry: z.enum(['none', 'simplified']).default('none') });
export const zoneQuery = z.strictObject({ geometry: z.enum(GEOMETRY_MODES).default('none') });
export const locateQuery = z.strictObject({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
});

export type ZoningView = z.infer<typeof zoningSchema>;
export type ZoneSummary = z.infer<typeof zoneSummarySchema>;
export type ZoneDetail = z.infer<typeof zoneDetailSchema>;
export type ZoneRef = z.infer<typeof zoneRefSchema>;
export type ZoneFeatureCollection = z.infer<typeof zoneFeatureCollectionSchema>;
export type AttributeView = z.infer<typeof attributeViewSchema>;
export type TerritoryView = z.infer<typeof territoryViewSchema>;
export type CommuneView = z.infer<typeof communeViewSchema>;
export type ImportReportView = z.infer<typeof importReportSchema>;
export type ImportResult = z.infer<typeof importResultSchema>;
export type ZoningBody = z.infer<typeof zoningBody>;
