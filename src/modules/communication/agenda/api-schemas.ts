/**
 * The agenda part's API shapes, in zod: the routes validate requests and responses with them, and
 * the pages import their inferred types. Pure zod, no Node import.
 */
import { z } from 'zod';
import { line, paragraph } from '../../../platform/validation/text';

/** A zone in a filter, `<zoning>:<code>`; anything else of these characters matches no event. */
const ZONE_FILTER = /^[A-Za-z0-9_.:-]{1,150}$/;
const TOPIC = /^[a-z0-9-]{2,40}$/;

export const eventBody = z.strictObject({
  title: line(200),
  description: paragraph(5000, { min: 0 }).optional(),
  startsAt: z.iso.datetime({ offset: true }).describe('ISO date-time with its offset, e.g. 2026-03-05T18:00:00+01:00'),
  endsAt: z.iso.datetime({ offset: true }).nullish(),
  place: line(200).nullish(),
  address: line(300).nullish(),
  lat: z.number().min(-90).max(90).nullish(),
  lng: z.number().min(-180).max(180).nullish(),
  topics: z.array(z.string().regex(TOPIC)).max(20).default([]).describe('Topic ids of the setting communication.topics'),
  zones: z
    .array(z.strictObject({ zoning: z.string().regex(/^[a-z0-9-]{1,63}$/), code: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/) }))
    .max(50)
    .default([])
    .describe('Territory zones (a zoning’s code and a zone’s code); empty: the whole commune. Events show them as <zoning>:<code>'),
  publish: z.boolean().default(false).describe('Publish at once (a notice is recorded for the alerts)'),
});
export type EventBody = z.input<typeof eventBody>;

export const eventSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  allDay: z.boolean(),
  place: z.string().nullable(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  topics: z.array(z.string()),
  zones: z.array(z.string()),
  status: z.enum(['draft', 'published']),
  source: z.enum(['agent', 'openagenda']),
  sourceUrl: z.string().nullable(),
  demo: z.boolean(),
  updatedAt: z.string(),
});
export type AgendaEvent = z.infer<typeof eventSchema>;
export const eventListSchema = z.object({ items: z.array(eventSchema), total: z.number().int() });
export type AgendaEventList = z.infer<typeof eventListSchema>;

export const eventParams = z.strictObject({ id: z.uuid() });
export const publishBody = z.strictObject({ published: z.boolean() });

/** A comma-separated list in the query string, each item matching `re`. */
const csv = (re: RegExp) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_.:,-]{0,2000}$/)
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
    .refine((list) => list.length <= 50 && list.every((s) => re.test(s)), { message: 'Invalid list' });

export const eventQuery = z.strictObject({
  zones: csv(ZONE_FILTER).describe('Comma-separated zones (<zoning>:<code>): events there or for the whole commune'),
  topics: csv(TOPIC).describe('Comma-separated topic ids: events filed under any of them'),
  from: z.iso.date().optional().describe('First day (default: today)'),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0).describe('Events to skip (paging)'),
});
export type EventQuery = z.input<typeof eventQuery>;

export const filtersSchema = z.object({
  topics: z.array(z.object({ id: z.string(), fr: z.string(), en: z.string() })),
  zones: z.array(z.object({ id: z.string(), name: z.string(), zoning: z.string(), zoningLabel: z.object({ fr: z.string(), en: z.string() }) })),
});
export type AgendaFilters = z.infer<typeof filtersSchema>;

export const importReportSchema = z.object({
  filename: z.string(),
  items: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
  problems: z.array(z.object({ index: z.number().int(), uid: z.string().nullable(), reason: z.string() })),
});
export type AgendaImportReport = z.infer<typeof importReportSchema>;
export const importFields = z.strictObject({
  publish: z.enum(['true', 'false']).default('true').transform((v) => v === 'true').describe('Publish the imported events (default)'),
});
