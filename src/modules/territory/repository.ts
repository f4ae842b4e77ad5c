/** The territory module's reads and writes. Only this module touches its tables. */
import { and, asc, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type DbOrTx } from '../../platform/db/client';
import type { ZoneSummary, ZoningView } from './api-schemas';
import type { BBox, ZoneGeometry } from './geometry/types';
import { territorySources, territoryZoneParents, territoryZones, territoryZonings } from './schema';

export type ZoningRow = typeof territoryZonings.$inferSelect;
export type ZoneRow = typeof territoryZones.$inferSelect;
/** A zone with its parent (from `territory_zone_parents`). */
export type ZoneRowWithParent = ZoneRow & { parentId: string | null; parentCode: string | null };

export async function zoningRows(db: DbOrTx): Promise<(ZoningRow & { zoneCount: number })[]> {
  const rows = await db.select().from(territoryZonings).orderBy(asc(territoryZonings.code));
  const counts = await db
    .select({ zoning: territoryZones.zoningCode, n: count() })
    .from(territoryZones)
    .groupBy(territoryZones.zoningCode);
  const byZoning = new Map(counts.map((c) => [c.zoning, Number(c.n)]));
  return rows.map((r) => ({ ...r, zoneCount: byZoning.get(r.code) ?? 0 }));
}

export async function zoningRow(db: DbOrTx, code: string): Promise<(ZoningRow & { zoneCount: number }) | null> {
  const [row] = await db.select().from(territoryZonings).where(eq(territoryZonings.code, code));
  if (!row) return null;
  const [n] = await db.select({ n: count() }).from(territoryZones).where(eq(territoryZones.zoningCode, code));
  return { ...row, zoneCount: Number(n?.n ?? 0) };
}

export async function zoningVersion(db: DbOrTx, code: string): Promise<number | null> {
  const [row] = await db.select({ version: territoryZonings.version }).from(territoryZonings).where(eq(territoryZonings.code, code));
  return row?.version ?? null;
}

export function zoningView(row: ZoningRow & { zoneCount: number }): ZoningView {
  return {
    code: row.code,
    label: { fr: row.labelFr, en: row.labelEn },
    description: row.descriptionFr || row.descriptionEn ? { fr: row.descriptionFr ?? row.descriptionEn ?? '', en: row.descriptionEn ?? row.descriptionFr ?? '' } : null,
    kind: row.kind,
    parentCode: row.parentCode,
    version: row.version,
    zoneCount: row.zoneCount,
    sourceIds: row.sourceIds,
    demo: row.demo,
  };
}

const parentZone = alias(territoryZones, 'parent_zone');

/** Every column but the outline, which only some reads need. */
const summaryColumns = {
  id: territoryZones.id,
  zoningCode: territoryZones.zoningCode,
  code: territoryZones.code,
  name: territoryZones.name,
  parentId: territoryZoneParents.parentId,
  minLng: territoryZones.minLng,
  minLat: territoryZones.minLat,
  maxLng: territoryZones.maxLng,
  maxLat: territoryZones.maxLat,
  centroidLng: territoryZones.centroidLng,
  centroidLat: territoryZones.centroidLat,
  areaM2: territoryZones.areaM2,
  population: territoryZones.population,
  populationYear: territoryZones.populationYear,
  populationSourceId: territoryZones.populationSourceId,
  populationEstimated: territoryZones.populationEstimated,
  attributes: territoryZones.attributes,
  demo: territoryZones.demo,
  parentCode: parentZone.code,
};

export type ZoneSummaryRow = Omit<ZoneRowWithParent, 'geometry'>;

export async function zoneSummaryRows(db: DbOrTx, zoning: string, codes?: readonly string[]): Promise<ZoneSummaryRow[]> {
  return db
    .select(summaryColumns)
    .from(territoryZones)
    .leftJoin(territoryZoneParents, eq(territoryZoneParents.zoneId, territoryZones.id))
    .leftJoin(parentZone, eq(parentZone.id, territoryZoneParents.parentId))
    .where(and(eq(territoryZones.zoningCode, zoning), codes ? inArray(territoryZones.code, [...codes]) : undefined))
    .orderBy(asc(territoryZones.code));
}

export async function zoneRowsWithGeometry(db: DbOrTx, zoning: string): Promise<ZoneRowWithParent[]> {
  return db
    .select({ ...summaryColumns, geometry: territoryZones.geometry })
    .from(territoryZones)
    .leftJoin(territoryZoneParents, eq(territoryZoneParents.zoneId, territoryZones.id))
    .leftJoin(parentZone, eq(parentZone.id, territoryZoneParents.parentId))
    .where(eq(territoryZones.zoningCode, zoning))
    .orderBy(asc(territoryZones.code));
}

export async function zoneRow(db: DbOrTx, zoning: string, code: string): Promise<ZoneRowWithParent | null> {
  const [row] = await db
    .select({ ...summaryColumns, geometry: territoryZones.geometry })
    .from(territoryZones)
    .leftJoin(territoryZoneParents, eq(territoryZoneParents.zoneId, territoryZones.id))
    .leftJoin(parentZone, eq(parentZone.id, territoryZoneParents.parentId))
    .where(and(eq(territoryZones.zoningCode, zoning), eq(territoryZones.code, code)));
  return row ?? null;
}

/** The outlines a zoning's index is built from: the zones that have one. */
export async function zoneOutlines(db: DbOrTx, zoning: string): Promise<{ code: string; name: string; geometry: ZoneGeometry }[]> {
  const rows = await db
    .select({ code: territoryZones.code, name: territoryZones.name, geometry: territoryZones.geometry })
    .from(territoryZones)
    .where(and(eq(territoryZones.zoningCode, zoning), isNotNull(territoryZones.geometry)))
    .orderBy(asc(territoryZones.code));
  return rows.map((r) => ({ code: r.code, name: r.name, geometry: r.geometry! }));
}

/** Zones of a zoning whose bounding box meets `box` (the prefilter the bbox columns are for). */
export async function zonesMeetingBox(db: DbOrTx, zoning: string, box: BBox): Promise<ZoneRowWithParent[]> {
  return db
    .select({ ...summaryColumns, geometry: territoryZones.geometry })
    .from(territoryZones)
    .leftJoin(territoryZoneParents, eq(territoryZoneParents.zoneId, territoryZones.id))
    .leftJoin(parentZone, eq(parentZone.id, territoryZoneParents.parentId))
    .where(
      and(
        eq(territoryZones.zoningCode, zoning),
        sql`${territoryZones.minLng} <= ${box[2]} AND ${territoryZones.maxLng} >= ${box[0]} AND ${territoryZones.minLat} <= ${box[3]} AND ${territoryZones.maxLat} >= ${box[1]}`,
      ),
    );
}

/** The zone's parent, its parent's parent…, nearest first. */
export async function ancestorsOf(db: DbOrTx, parentId: string | null): Promise<{ zoning: string; code: string; name: string }[]> {
  if (!parentId) return [];
  return queryRows<{ zoning: string; code: string; name: string }>(
    db,
    sql`WITH RECURSIVE up AS (
          SELECT z.id, l.parent_id, z.zoning_code, z.code, z.name, 0 AS depth
          FROM territory_zones z LEFT JOIN territory_zone_parents l ON l.zone_id = z.id
          WHERE z.id = ${parentId}
          UNION ALL
          SELECT z.id, l.parent_id, z.zoning_code, z.code, z.name, up.depth + 1
          FROM territory_zones z JOIN up ON z.id = up.parent_id LEFT JOIN territory_zone_parents l ON l.zone_id = z.id
          WHERE up.depth < 32
        )
        SELECT zoning_code AS zoning, code, name FROM up ORDER BY depth`,
  );
}

export async function childCounts(db: DbOrTx, zoneId: string): Promise<{ zoning: string; count: number }[]> {
  const rows = await db
    .select({ zoning: territoryZones.zoningCode, n: count() })
    .from(territoryZoneParents)
    .innerJoin(territoryZones, eq(territoryZones.id, territoryZoneParents.zoneId))
    .where(eq(territoryZoneParents.parentId, zoneId))
    .groupBy(territoryZones.zoningCode)
    .orderBy(asc(territoryZones.zoningCode));
  return rows.map((r) => ({ zoning: r.zoning, count: Number(r.n) }));
}

export async function sourceRows(db: DbOrTx) {
  return db.select().from(territorySources).orderBy(asc(territorySources.id));
}

export function zoneSummary(row: ZoneSummaryRow): ZoneSummary {
  const hasOutline = row.minLng !== null;
  return {
    zoning: row.zoningCode,
    code: row.code,
    name: row.name,
    parentCode: row.parentCode,
    population:
      row.population === null
        ? null
        : { count: row.population, year: row.populationYear, sourceId: row.populationSourceId, estimated: row.populationEstimated },
    areaM2: row.areaM2,
    centroid: row.centroidLng !== null && row.centroidLat !== null ? { lng: row.centroidLng, lat: row.centroidLat } : null,
    bbox: hasOutline ? [row.minLng!, row.minLat!, row.maxLng!, row.maxLat!] : null,
    hasOutline,
    demo: row.demo,
  };
}
