/** The public space module's settings: reporting limits, photos, Open311, geocoding, cleanliness scale, equity rule, retention. */
import { z } from 'zod';
import type { SettingDefinition } from '../../platform/settings/service';
import { httpUrl, text, token } from '../../platform/validation/text';
import { CLEANLINESS_CATEGORIES } from './api-schemas';
import { DEFAULT_CLEANLINESS_SCALE } from './cleanliness';
import { DEFAULT_EQUITY_RULE } from './equity';

export const REPORTING_KEY = 'public-space.reporting';
export const PHOTOS_KEY = 'public-space.photos';
export const OPEN311_KEY = 'public-space.open311';
export const GEOCODER_KEY = 'public-space.geocoder';
export const CLEANLINESS_KEY = 'public-space.cleanliness';
export const EQUITY_KEY = 'public-space.equity';
export const RETENTION_KEY = 'public-space.retention';

const perHour = z.number().int().min(1).max(1_000_000);

export const reportingSchema = z.strictObject({
  /** Open reports of the same category closer than this are offered as duplicates before submitting. */
  duplicateRadiusM: z.number().int().min(5).max(500),
  /** A resident may say "not fixed" for this many days after a report was closed as done. */
  reopenWindowDays: z.number().int().min(1).max(365),
  reportsPerAddressPerHour: perHour,
  followsPerAddressPerHour: perHour,
  /** Per Open311 API key (a relay such as FixMyStreet sends many residents' reports). */
  reportsPerApiKeyPerHour: perHour,
});
export type ReportingSetting = z.infer<typeof reportingSchema>;
export const REPORTING_DEFAULTS: ReportingSetting = {
  duplicateRadiusM: 50,
  reopenWindowDays: 30,
  reportsPerAddressPerHour: 20,
  followsPerAddressPerHour: 60,
  reportsPerApiKeyPerHour: 5000,
};

export const photosSchema = z.strictObject({
  /** Largest photo accepted, in bytes (and never more than BEFFROI_UPLOAD_LIMIT). */
  maxBytes: z.number().int().min(100_000).max(50_000_000),
  maxPerReport: z.number().int().min(0).max(10),
  /** Decoded size refused above this (a decompression bomb is a few KB that decode to gigapixels). */
  maxPixels: z.number().int().min(1_000_000).max(100_000_000),
  /** Stored photos are resized to fit this many pixels on their longest side. */
  maxEdge: z.number().int().min(320).max(8192),
  quality: z.number().int().min(40).max(100),
});
export type PhotosSetting = z.infer<typeof photosSchema>;
export const PHOTOS_DEFAULTS: PhotosSetting = { maxBytes: 12_000_000, maxPerReport: 5, maxPixels: 40_000_000, maxEdge: 2048, quality: 82 };

export const open311Schema = z.strictObject({
  /** Open311's `jurisdiction_id`; when set, a request naming another one is refused. */
  jurisdictionId: token(200, /^[A-Za-z0-9._:-]+$/).nullable(),
  /** Discovery's `contact` and `key_service` (how to get an API key). */
  contact: text({ max: 500 }),
  keyService: text({ max: 500 }),
});
export type Open311Setting = z.infer<typeof open311Schema>;
export const OPEN311_DEFAULTS: Open311Setting = {
  jurisdictionId: null,
  contact: 'Mairie — service de la propreté et de l’espace public',
  keyService: 'Clés d’API délivrées par la mairie dans l’arrière-guichet (Espace public > Clés Open311).',
};

export const geocoderSchema = z.strictObject({
  /**
   * An address search endpoint answering the Base Adresse Nationale's API format (`?q=&limit=`,
   * a GeoJSON FeatureCollection with `properties.label`), fetched through the platform's outbound
   * helper. Null: only the commune's imported address list is searched.
   */
  endpoint: httpUrl(500).nullable(),
  timeoutMs: z.number().int().min(200).max(10_000),
});
export type GeocoderSetting = z.infer<typeof geocoderSchema>;

export const cleanlinessSchema = z.strictObject({
  /** The territory zoning of the cleaning sectors (null: the served territory's district zoning). */
  zoning: token(64, /^[a-z0-9-]{1,64}$/).nullable(),
  weights: z.strictObject(Object.fromEntries(CLEANLINESS_CATEGORIES.map((c) => [c, z.number().min(0).max(100)])) as Record<(typeof CLEANLINESS_CATEGORIES)[number], z.ZodNumber>),
  /** Upper bounds of grades A to D (sorted when used); above the last, E. */
  thresholds: z.tuple([z.number().min(0), z.number().min(0), z.number().min(0), z.number().min(0)]),
});
export type CleanlinessSetting = z.infer<typeof cleanlinessSchema>;

export const equitySchema = z.strictObject({
  minResolved: z.number().int().min(3).max(10_000),
  ratio: z.number().min(1).max(10),
  alpha: z.number().min(0.0001).max(0.2),
});

export const retentionSchema = z.strictObject({
  /** Residents' contact details are erased this many days after the report was closed (rejected, done or archived). */
  contactDays: z.number().int().min(1).max(3650),
});
export type RetentionSetting = z.infer<typeof retentionSchema>;

export const PUBLIC_SPACE_SETTINGS: SettingDefinition[] = [
  { key: REPORTING_KEY, schema: reportingSchema, defaultValue: REPORTING_DEFAULTS } as SettingDefinition,
  { key: PHOTOS_KEY, schema: photosSchema, defaultValue: PHOTOS_DEFAULTS } as SettingDefinition,
  { key: OPEN311_KEY, schema: open311Schema, defaultValue: OPEN311_DEFAULTS } as SettingDefinition,
  { key: GEOCODER_KEY, schema: geocoderSchema, defaultValue: { endpoint: null, timeoutMs: 2000 } } as SettingDefinition,
  {
    key: CLEANLINESS_KEY,
    schema: cleanlinessSchema,
    defaultValue: { zoning: null, weights: DEFAULT_CLEANLINESS_SCALE.weights, thresholds: DEFAULT_CLEANLINESS_SCALE.thresholds },
  } as SettingDefinition,
  { key: EQUITY_KEY, schema: equitySchema, defaultValue: DEFAULT_EQUITY_RULE } as SettingDefinition,
  { key: RETENTION_KEY, schema: retentionSchema, defaultValue: { contactDays: 365 } } as SettingDefinition,
];

