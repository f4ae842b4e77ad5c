import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { ZoneGeometry } from './geometry/types';
import type { ZoneAttributes } from './attributes';

/**
 * A way of cutting the territory into zones: the communes, the IRIS, a commune's own
 * neighbourhoods or cleaning sectors. `version` goes up with every change of the zoning or of its
 * zones, so that the in-memory index and the callers' caches know when to reload.
 */
export const territoryZonings = pgTable(
  'territory_zonings',
  {
    code: text('code').primaryKey(),
    labelFr: text('label_fr').notNull(),
    labelEn: text('label_en').notNull(),
    /** What a reader must know about it (how it was made, what it is not), in French and English. */
    descriptionFr: text('description_fr'),
    descriptionEn: text('description_en'),
    kind: text('kind', { enum: ['administrative', 'statistical', 'custom'] }).notNull(),
    /**
     * The zoning its zones nest in (IRIS in communes, communes in départements). Checked by the
     * service under row locks rather than by a foreign key: a table referencing itself would make
     * restores need `session_replication_role`, which the owner role may not set.
     */
    parentCode: text('parent_code'),
    version: integer('version').notNull().default(1),
    /** Ids of `territory_sources` the zones' outlines come from. */
    sourceIds: jsonb('source_ids').$type<string[]>().notNull().default([]),
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('territory_zonings_code_form', sql`${t.code} ~ '^[a-z0-9][a-z0-9-]{0,62}$'`),
    check('territory_zonings_kind_known', sql`${t.kind} in ('administrative', 'statistical', 'custom')`),
    check('territory_zonings_not_own_parent', sql`${t.parentCode} IS NULL OR ${t.parentCode} <> ${t.code}`),
  ],
);

/**
 * A zone of a zoning. Its outline is a GeoJSON Polygon or MultiPolygon in WGS 84 (null for a zone
 * known only as a parent, whose outline is not loaded: it is in hierarchies, never in lookups by
 * point); the bounding box, centroid and area are computed from it when it is stored.
 */
export const territoryZones = pgTable(
  'territory_zones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoningCode: text('zoning_code')
      .notNull()
      .references(() => territoryZonings.code),
    /** The INSEE code, or the commune's own. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    geometry: jsonb('geometry').$type<ZoneGeometry>(),
    minLng: doublePrecision('min_lng'),
    minLat: doublePrecision('min_lat'),
    maxLng: doublePrecision('max_lng'),
    maxLat: doublePrecision('max_lat'),
    centroidLng: doublePrecision('centroid_lng'),
    centroidLat: doublePrecision('centroid_lat'),
    /** On the sphere, from the stored outline. */
    areaM2: doublePrecision('area_m2'),
    population: integer('population'),
    populationYear: integer('population_year'),
    populationSourceId: text('population_source_id').references(() => territorySources.id),
    /** The population is an estimate (e.g. shared out by area), not a count. */
    populationEstimated: boolean('population_estimated').notNull().default(false),
    /** Typed figures with their year and source (`attributes.ts`). */
    attributes: jsonb('attributes').$type<ZoneAttributes>().notNull().default({}),
    demo: boolean('demo').notNull().default(false),
  },
  (t) => [
    unique('territory_zones_zoning_code_unique').on(t.zoningCode, t.code),
    index('territory_zones_bbox_idx').on(t.zoningCode, t.minLng, t.maxLng),
    check('territory_zones_code_form', sql`${t.code} ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'`),
    check('territory_zones_population_positive', sql`${t.population} IS NULL OR ${t.population} >= 0`),
    check(
      'territory_zones_measured',
      sql`(${t.geometry} IS NULL) = (${t.minLng} IS NULL) AND (${t.geometry} IS NULL) = (${t.areaM2} IS NULL) AND (${t.geometry} IS NULL) = (${t.centroidLng} IS NULL)`,
    ),
  ],
);

/**
 * The hierarchy: each zone's parent, a zone of the parent zoning. A table of its own so that no
 * table references itself (see `territory_zonings.parent_code`); the foreign keys still keep it
 * whole: a zone's link goes with it, and a zone that is a parent cannot be deleted.
 */
export const territoryZoneParents = pgTable(
  'territory_zone_parents',
  {
    zoneId: uuid('zone_id')
      .primaryKey()
      .references(() => territoryZones.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id')
      .notNull()
      .references(() => territoryZones.id),
  },
  (t) => [index('territory_zone_parents_parent_idx').on(t.parentId), check('territory_zone_parents_not_own_parent', sql`${t.zoneId} <> ${t.parentId}`)],
);

/** Where each figure and outline comes from: shown wherever the data is. */
export const territorySources = pgTable('territory_sources', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  publisher: text('publisher').notNull(),
  licence: text('licence').notNull(),
  file: text('file').notNull(),
  usedFor: text('used_for').notNull(),
});
