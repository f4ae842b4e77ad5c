/**
 * Changes to zonings, by administrators: create or edit a zoning, delete it, import its zones from
 * GeoJSON. Each change is one transaction with its audit event and bumps the zoning's version.
 */
import { createHash } from 'node:crypto';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import type { Db, Tx } from '../../platform/db/client';
import { HttpProblem } from '../../platform/http/problem';
import type { Language } from '../../platform/http/language';
import type { AppContext } from '../../platform/modules';
import { stripControlCharacters } from '../../platform/validation/text';
import type { ImportResult, ZoningBody, ZoningView } from './api-schemas';
import { areaM2, bboxOf, centroidOf } from './geometry/measure';
import type { ZoneGeometry } from './geometry/types';
import {
  ImportRefusal,
  readCollection,
  validateFeatures,
  withIssues,
  type ImportIssue,
  type ImportOptions,
  type ParentZoning,
  type PreparedZone,
} from './import/geojson-import';
import { zoningRow, zoningView } from './repository';
import { territoryZoneParents, territoryZones, territoryZonings } from './schema';
import type { TerritoryModuleService } from './service';
import { SERVED_TERRITORY_KEY, type ServedTerritorySetting } from './settings';

/** Rows inserted per statement: large enough to be quick, small enough for any parameter limit. */
const INSERT_BATCH = 200;

/** The columns computed from an outline when a zone is stored. */
export function measuredColumns(geometry: ZoneGeometry | null) {
  if (!geometry) return { geometry: null, minLng: null, minLat: null, maxLng: null, maxLat: null, centroidLng: null, centroidLat: null, areaM2: null };
  const [minLng, minLat, maxLng, maxLat] = bboxOf(geometry);
  const centroid = centroidOf(geometry);
  return { geometry, minLng, minLat, maxLng, maxLat, centroidLng: centroid.lng, centroidLat: centroid.lat, areaM2: areaM2(geometry) };
}

export async function insertInBatches<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) await insert(rows.slice(i, i + INSERT_BATCH));
}

const zoningNotFound = (zoning: string) =>
  new HttpProblem(404, 'territory.zoning_not_found', `Unknown zoning "${zoning}".`, { params: { zoning } });

export interface ImportInput {
  /** The file's text, as the platform's file parser decoded it. */
  text: string;
  /** SHA-256 of the uploaded bytes, for the audit event. */
  sha256: string;
  filename: string | null;
  codeProperty: string;
  nameProperty: string | null;
  parentProperty: string | null;
  parentByLocation: boolean;
  populationProperty: string | null;
  populationYear: number | null;
  dryRun: boolean;
}

export interface TerritoryAdmin {
  saveZoning(actor: Actor, code: string, body: ZoningBody): Promise<{ zoning: ZoningView; created: boolean }>;
  deleteZoning(actor: Actor, code: string): Promise<void>;
  importZones(actor: Actor, code: string, input: ImportInput, language: Language): Promise<ImportResult>;
}

export function createTerritoryAdmin(ctx: AppContext, read: TerritoryModuleService): TerritoryAdmin {
  const db: Db = ctx.db;

  async function saveZoning(actor: Actor, code: string, body: ZoningBody) {
    const result = await db.transaction(async (tx) => {
      const [before] = await tx.select().from(territoryZonings).where(eq(territoryZonings.code, code)).for('update');
      if (body.parentCode) await checkParentZoning(tx, code, body.parentCode);
      if (before && before.parentCode !== body.parentCode) {
        const [n] = await tx.select({ n: count() }).from(territoryZones).where(eq(territoryZones.zoningCode, code));
        if (Number(n?.n ?? 0) > 0) throw new HttpProblem(409, 'territory.zoning_has_zones', 'The zoning has zones.', { params: { zoning: code } });
      }
      const values = {
        labelFr: body.labelFr,
        labelEn: body.labelEn,
        descriptionFr: body.descriptionFr,
        descriptionEn: body.descriptionEn,
        kind: body.kind,
        parentCode: body.parentCode,
      };
      if (before) {
        await tx
          .update(territoryZonings)
          .set({ ...values, version: sql`${territoryZonings.version} + 1`, updatedAt: new Date() })
          .where(eq(territoryZonings.code, code));
      } else {
        await tx.insert(territoryZonings).values({ code, ...values, version: 1 });
      }
      await recordAudit(tx, actor, {
        action: before ? 'territory.zoning.update' : 'territory.zoning.create',
        subjectType: 'territory_zoning',
        subjectId: code,
        before: before ? { ...pick(before), version: before.version } : null,
        after: values,
      });
      return { created: !before };
    });
    read.invalidate(code);
    const zoning = await zoningRow(db, code);
    return { zoning: zoningView(zoning!), created: result.created };
  }

  /**
   * The parent zoning must exist and not nest in `code`. Its row stays share-locked until the
   * transaction ends, so that a deletion of it (which locks it for update) waits and then sees the
   * new child: this stands for the foreign key the table cannot have (see schema.ts).
   */
  async function checkParentZoning(tx: Tx, code: string, parentCode: string) {
    const [parent] = await tx.select({ code: territoryZonings.code }).from(territoryZonings).where(eq(territoryZonings.code, parentCode)).for('share');
    if (!parent) throw new HttpProblem(422, 'territory.unknown_parent_zoning', 'Unknown parent zoning.', { params: { parent: parentCode } });
    // Walk up from the parent: meeting `code` would make a cycle.
    let at: string | null = parentCode;
    for (let depth = 0; at !== null && depth < 32; depth++) {
      if (at === code) throw new HttpProblem(422, 'territory.zoning_cycle', 'Zonings would nest in a cycle.', { params: { zoning: code, parent: parentCode } });
      const [row] = await tx.select({ parentCode: territoryZonings.parentCode }).from(territoryZonings).where(eq(territoryZonings.code, at));
      at = row?.parentCode ?? null;
    }
  }

  async function deleteZoning(actor: Actor, code: string) {
    const served = await ctx.settings.get<ServedTerritorySetting>(SERVED_TERRITORY_KEY);
    if (served && (served.zoning === code || served.districtZoning === code)) {
      throw new HttpProblem(409, 'territory.zoning_served', 'The zoning is named in the served territory setting.', { params: { zoning: code } });
    }
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(territoryZonings).where(eq(territoryZonings.code, code)).for('update');
      if (!row) throw zoningNotFound(code);
      const [child] = await tx.select({ code: territoryZonings.code }).from(territoryZonings).where(eq(territoryZonings.parentCode, code)).limit(1);
      if (child) throw new HttpProblem(409, 'territory.zoning_in_use', 'Another zoning nests in this one.', { params: { zoning: code, child: child.code } });
      const removed = await tx.delete(territoryZones).where(eq(territoryZones.zoningCode, code)).returning({ id: territoryZones.id });
      await tx.delete(territoryZonings).where(eq(territoryZonings.code, code));
      await recordAudit(tx, actor, {
        action: 'territory.zoning.delete',
        subjectType: 'territory_zoning',
        subjectId: code,
        before: { ...pick(row), version: row.version, zones: removed.length },
        after: null,
      });
    });
    read.invalidate(code);
  }

  async function importZones(actor: Actor, code: string, input: ImportInput, language: Language): Promise<ImportResult> {
    const zoning = await zoningRow(db, code);
    if (!zoning) throw zoningNotFound(code);
    if (input.parentProperty && input.parentByLocation) throw new HttpProblem(400, 'territory.parent_choice', 'Give the parent by property or by location, not both.');
    const wantsParent = input.parentProperty !== null || input.parentByLocation;
    if (wantsParent && !zoning.parentCode) throw new HttpProblem(400, 'territory.no_parent_zoning', 'The zoning does not nest in another.', { params: { zoning: code } });
    if (input.populationProperty && input.populationYear === null) throw new HttpProblem(400, 'territory.population_year_required', 'populationYear is required.');

    let json: unknown;
    try {
      json = JSON.parse(input.text);
    } catch {
      throw new HttpProblem(422, 'territory.invalid_json', 'The file is not valid JSON.');
    }
    let collection;
    try {
      collection = readCollection(json);
    } catch (err) {
      if (err instanceof ImportRefusal) throw refusalProblem(err);
      throw err;
    }

    // What the parent zoning holds, to match parents by code or by place.
    let parentZoning: ParentZoning | null = null;
    const parentIds = new Map<string, string>();
    if (zoning.parentCode) {
      const parents = await db
        .select({ id: territoryZones.id, code: territoryZones.code })
        .from(territoryZones)
        .where(eq(territoryZones.zoningCode, zoning.parentCode));
      for (const p of parents) parentIds.set(p.code, p.id);
      const parentLocator = input.parentByLocation ? await read.locator(zoning.parentCode) : null;
      parentZoning = {
        code: zoning.parentCode,
        codes: new Set(parentIds.keys()),
        locate: parentLocator ? (lng, lat) => parentLocator.zoneAt({ lng, lat })?.code ?? null : undefined,
      };
    }
    const options: ImportOptions = {
      codeProperty: input.codeProperty,
      nameProperty: input.nameProperty,
      parent: input.parentProperty ? { by: 'property', property: input.parentProperty } : input.parentByLocation ? { by: 'location' } : null,
      populationProperty: input.populationProperty,
    };
    const validated = await validateFeatures(collection, options, parentZoning, language);
    let report = validated.report;

    // Against what is stored: zones the file leaves out are removed, unless zones of a nested zoning hang on them.
    const stored = await db.select({ id: territoryZones.id, code: territoryZones.code }).from(territoryZones).where(eq(territoryZones.zoningCode, code));
    const storedCodes = new Set(stored.map((s) => s.code));
    const leaving = stored.filter((s) => !validated.codes.has(s.code));
    const heldBy = leaving.length
      ? await db
          .select({ parentId: territoryZoneParents.parentId, zoning: territoryZones.zoningCode, n: count() })
          .from(territoryZoneParents)
          .innerJoin(territoryZones, eq(territoryZones.id, territoryZoneParents.zoneId))
          .where(
            inArray(
              territoryZoneParents.parentId,
              leaving.map((l) => l.id),
            ),
          )
          .groupBy(territoryZoneParents.parentId, territoryZones.zoningCode)
      : [];
    const holding = new Map(heldBy.map((h) => [h.parentId, h]));
    const blocked: (Omit<ImportIssue, 'message'> & { params?: Record<string, string | number> })[] = [];
    const removals: (Omit<ImportIssue, 'message'> & { params?: Record<string, string | number> })[] = [];
    for (const l of leaving) {
      const h = holding.get(l.id);
      if (h) blocked.push({ feature: null, code: l.code, problem: 'removes_parent_zone', value: l.code, params: { other: Number(h.n), zoning: h.zoning } });
      else removals.push({ feature: null, code: l.code, problem: 'removes_zone', value: l.code });
    }
    report = withIssues(report, 'error', blocked, language);
    report = withIssues(report, 'warning', removals, language);

    const fileCodes = [...validated.codes];
    const counts = {
      created: fileCodes.filter((c) => !storedCodes.has(c)).length,
      updated: fileCodes.filter((c) => storedCodes.has(c)).length,
      removed: leaving.length,
    };
    if (!report.valid && !input.dryRun) {
      throw new HttpProblem(422, 'territory.import_invalid', `The file has ${report.errorCount} error(s): nothing was stored.`, {
        report,
        params: { errorCount: report.errorCount },
      });
    }
    if (input.dryRun) return { dryRun: true, report, ...counts, version: zoning.version };

    const version = await db.transaction(async (tx) => {
      // Optimistic: the zoning must still be the one validated against.
      const bumped = await tx
        .update(territoryZonings)
        .set({ version: sql`${territoryZonings.version} + 1`, updatedAt: new Date() })
        .where(and(eq(territoryZonings.code, code), eq(territoryZonings.version, zoning.version)))
        .returning({ version: territoryZonings.version });
      if (!bumped.length) throw new HttpProblem(409, 'territory.zoning_changed', 'The zoning changed during the import.');
      await upsertZones(tx, code, validated.zones, parentIds, input);
      if (leaving.length) {
        try {
          await tx.delete(territoryZones).where(inArray(territoryZones.id, leaving.map((l) => l.id)));
        } catch (err) {
          // A zone of a nested zoning was attached to one of them since the validation.
          if ((err as { code?: string }).code === '23503' || /foreign key/i.test(String((err as Error).message))) {
            throw new HttpProblem(409, 'territory.zoning_changed', 'The zoning changed during the import.');
          }
          throw err;
        }
      }
      const [demoLeft] = await tx
        .select({ n: count() })
        .from(territoryZones)
        .where(and(eq(territoryZones.zoningCode, code), eq(territoryZones.demo, true)));
      await tx.update(territoryZonings).set({ demo: Number(demoLeft?.n ?? 0) > 0 }).where(eq(territoryZonings.code, code));
      await recordAudit(tx, actor, {
        action: 'territory.zones.import',
        subjectType: 'territory_zoning',
        subjectId: code,
        after: {
          version: bumped[0]!.version,
          features: report.features,
          ...counts,
          warnings: report.warningCount,
          file: { sha256: input.sha256, name: input.filename ? stripControlCharacters(input.filename).slice(0, 255) : null },
          properties: { code: input.codeProperty, name: input.nameProperty, parent: input.parentProperty, parentByLocation: input.parentByLocation, population: input.populationProperty },
        },
      });
      return bumped[0]!.version;
    });
    read.invalidate(code);
    return { dryRun: false, report, ...counts, version };
  }

  return { saveZoning, deleteZoning, importZones };
}

async function upsertZones(tx: Tx, zoning: string, zones: readonly PreparedZone[], parentIds: ReadonlyMap<string, string>, input: ImportInput) {
  const withPopulation = input.populationProperty !== null;
  const rows = zones.map((z) => ({
    zoningCode: zoning,
    code: z.code,
    name: z.name,
    ...measuredColumns(z.geometry),
    population: z.population,
    populationYear: z.population === null ? null : input.populationYear,
    populationSourceId: null,
    populationEstimated: false,
    demo: false,
  }));
  const ids = new Map<string, string>();
  await insertInBatches(rows, async (batch) => {
    const written = await tx
      .insert(territoryZones)
      .values(batch)
      .onConflictDoUpdate({
        target: [territoryZones.zoningCode, territoryZones.code],
        set: {
          name: sql`excluded.name`,
          geometry: sql`excluded.geometry`,
          minLng: sql`excluded.min_lng`,
          minLat: sql`excluded.min_lat`,
          maxLng: sql`excluded.max_lng`,
          maxLat: sql`excluded.max_lat`,
          centroidLng: sql`excluded.centroid_lng`,
          centroidLat: sql`excluded.centroid_lat`,
          areaM2: sql`excluded.area_m2`,
          demo: sql`false`,
          // A file without population leaves the stored one (and its attributes) as they were.
          ...(withPopulation
            ? {
                population: sql`excluded.population`,
                populationYear: sql`excluded.population_year`,
                populationSourceId: sql`NULL`,
                populationEstimated: sql`false`,
              }
            : {}),
        },
      })
      .returning({ id: territoryZones.id, code: territoryZones.code });
    for (const w of written) ids.set(w.code, w.id);
  });
  // The hierarchy as the file gives it: the zones' links replaced.
  const zoneIds = [...ids.values()];
  await insertInBatches(zoneIds, (batch) => tx.delete(territoryZoneParents).where(inArray(territoryZoneParents.zoneId, batch)));
  const links = zones.flatMap((z) => (z.parentCode ? [{ zoneId: ids.get(z.code)!, parentId: parentIds.get(z.parentCode)! }] : []));
  await insertInBatches(links, (batch) => tx.insert(territoryZoneParents).values(batch));
}

function pick(row: typeof territoryZonings.$inferSelect) {
  return {
    labelFr: row.labelFr,
    labelEn: row.labelEn,
    descriptionFr: row.descriptionFr,
    descriptionEn: row.descriptionEn,
    kind: row.kind,
    parentCode: row.parentCode,
  };
}

function refusalProblem(err: ImportRefusal): HttpProblem {
  switch (err.reason) {
    case 'not_feature_collection':
      return new HttpProblem(422, 'territory.not_feature_collection', 'The file is not a GeoJSON FeatureCollection.');
    case 'empty_collection':
      return new HttpProblem(422, 'territory.empty_collection', 'The FeatureCollection holds no feature.');
    case 'projected_coordinates':
      return new HttpProblem(422, 'territory.projected_coordinates', 'The coordinates are projected: WGS 84 longitude and latitude are expected.', {
        params: { crs: String(err.params.crs ?? 'EPSG:????') },
        crs: err.params.crs ?? null,
      });
    case 'unsupported_crs':
      return new HttpProblem(422, 'territory.unsupported_crs', 'Unsupported coordinate reference system.', { params: { crs: String(err.params.crs) } });
    case 'too_large':
      return err.params.what === 'features'
        ? new HttpProblem(413, 'territory.too_many_features', 'Too many features.', { params: { limit: Number(err.params.limit) }, limit: err.params.limit })
        : new HttpProblem(413, 'territory.too_many_positions', 'Too many positions.', { params: { limit: Number(err.params.limit) }, limit: err.params.limit });
  }
}

/** SHA-256 of uploaded bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
