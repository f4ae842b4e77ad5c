/** The observatory's tables (migration drizzle/0013_observatory.sql). */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const observatorySources = pgTable('observatory_sources', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  publisher: text('publisher').notNull(),
  licence: text('licence').notNull(),
  url: text('url'),
  usedFor: text('used_for').notNull().default(''),
  demo: boolean('demo').notNull().default(false),
});

export const observatoryIndicators = pgTable(
  'observatory_indicators',
  {
    code: text('code').primaryKey(),
    theme: text('theme').notNull(),
    unit: text('unit').notNull(),
    direction: text('direction').notNull(),
    aggregation: text('aggregation').notNull(),
    nameFr: text('name_fr').notNull(),
    nameEn: text('name_en').notNull(),
    phraseFr: text('phrase_fr').notNull(),
    phraseEn: text('phrase_en').notNull(),
    descriptionFr: text('description_fr').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    numeratorFr: text('numerator_fr'),
    numeratorEn: text('numerator_en'),
    denominatorFr: text('denominator_fr'),
    denominatorEn: text('denominator_en'),
    denominatorCode: text('denominator_code'),
    sourceId: text('source_id').references(() => observatorySources.id, { onDelete: 'set null' }),
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('observatory_indicators_theme_known', sql`${t.theme} in ('income', 'poverty', 'unemployment', 'housing', 'digital', 'services', 'population')`),
    check('observatory_indicators_unit_known', sql`${t.unit} in ('percent', 'euros', 'ratio', 'inhabitants', 'count', 'per-1000', 'km', 'minutes', 'index')`),
    check('observatory_indicators_direction_known', sql`${t.direction} in ('higher-is-better', 'higher-is-worse', 'neutral')`),
    check('observatory_indicators_aggregation_known', sql`${t.aggregation} in ('ratio', 'mean', 'sum', 'none')`),
  ],
);

export const observatoryImports = pgTable('observatory_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  zoningCode: text('zoning_code').notNull(),
  filename: text('filename').notNull(),
  sha256: text('sha256').notNull(),
  encoding: text('encoding'),
  separator: text('separator'),
  layout: text('layout'),
  rows: integer('rows').notNull().default(0),
  values: integer('values').notNull().default(0),
  series: jsonb('series').notNull().default([]),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const observatoryValues = pgTable(
  'observatory_values',
  {
    indicatorCode: text('indicator_code')
      .notNull()
      .references(() => observatoryIndicators.code, { onDelete: 'cascade' }),
    zoningCode: text('zoning_code').notNull(),
    year: integer('year').notNull(),
    zoneCode: text('zone_code').notNull(),
    value: doublePrecision('value'),
    status: text('status').notNull(),
    importId: uuid('import_id').references(() => observatoryImports.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ name: 'observatory_values_pk', columns: [t.indicatorCode, t.zoningCode, t.year, t.zoneCode] }),
    check('observatory_values_status_known', sql`${t.status} in ('observed', 'missing', 'secret')`),
    check('observatory_values_value_iff_observed', sql`(${t.status} = 'observed') = (${t.value} IS NOT NULL)`),
    index('observatory_values_zone_idx').on(t.zoningCode, t.zoneCode),
  ],
);

export const observatoryReferences = pgTable(
  'observatory_references',
  {
    indicatorCode: text('indicator_code')
      .notNull()
      .references(() => observatoryIndicators.code, { onDelete: 'cascade' }),
    scope: text('scope').notNull(),
    year: integer('year').notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [primaryKey({ name: 'observatory_references_pk', columns: [t.indicatorCode, t.scope, t.year] }), check('observatory_references_scope_known', sql`${t.scope} in ('france')`)],
);

/** One row: goes up with every change of the catalogue or the values (analyses are cached by it). */
export const observatoryDataVersion = pgTable(
  'observatory_data_version',
  {
    id: integer('id').primaryKey(),
    version: bigint('version', { mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [check('observatory_data_version_single', sql`${t.id} = 1`)],
);

export const observatoryZoneReviews = pgTable(
  'observatory_zone_reviews',
  {
    zoningCode: text('zoning_code').notNull(),
    zoneCode: text('zone_code').notNull(),
    status: text('status').notNull(),
    note: text('note'),
    analysisKey: text('analysis_key').notNull(),
    points: doublePrecision('points'),
    decidedBy: text('decided_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'observatory_zone_reviews_pk', columns: [t.zoningCode, t.zoneCode] }),
    check('observatory_zone_reviews_status_known', sql`${t.status} in ('proposed', 'accepted', 'set_aside')`),
  ],
);
