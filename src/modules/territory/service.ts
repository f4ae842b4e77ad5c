/**
 * The territory module's services: zonings and zones for every other module (the contract in
 * `contract.ts`), the portal's view of the commune served, and the in-memory indexes that answer
 * "which zone holds this point".
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../platform/modules';
import { createTerritoryAdmin, type TerritoryAdmin } from './admin';
import type { AttributeView, CommuneView, TerritoryView, ZoneDetail, ZoneFeatureCollection, ZoneSummary, ZoningView } from './api-schemas';
import { ATTRIBUTE_LABELS, POPULATION_BY_AGE, type ZoneAttributes } from './attributes';
import type { LocatedZone, ServedTerritory, TerritoryServices, ZoneLocator, ZonePopulation } from './contract';
import { sharedBorderMetres } from './geometry/adjacency';
import { PreparedShape } from './geometry/point-in-polygon';
import { simplifyZoning } from './geometry/simplify';
import { METRES_PER_DEGREE, type LngLat, type ZoneGeometry } from './geometry/types';
import { ZoneIndex } from './geometry/zone-index';
import {
  ancestorsOf,
  childCounts,
  sourceRows,
  zoneOutlines,
  zoneRow,
  zoneRowsWithGeometry,
  zonesMeetingBox,
  zoneSummary,
  zoneSummaryRows,
  zoningRow,
  zoningRows,
  zoningVersion,
  zoningView,
  type ZoneRowWithParent,
} from './repository';
import { SERVED_TERRITORY_KEY, type ServedTerritorySetting } from './settings';

/** How long a zoning's version read from the database is trusted before it is read again. */
const VERSION_CHECK_MS = 1000;
/** Neighbours share at least this much border (corners that merely touch do not count). */
const NEIGHBOUR_MIN_BORDER_M = 50;
const NEIGHBOUR_TOLERANCE_M = 15;

export interface TerritoryModuleService extends TerritoryServices {
  /** The portal's view of the commune served and its neighbours. */
  territoryView(opts: { withBoundaries: boolean }): Promise<TerritoryView>;
  /** `zoneFeatures` serialised once per version, with an ETag, for the public route. */
  zoneFeaturesJson(zoning: string, outline: 'full' | 'simplified'): Promise<{ json: string; etag: string } | null>;
  /** Forget what is cached about a zoning (after a change made by this process), or everything. */
  invalidate(zoning?: string): void;
  /**
   * Builds at start what the first resident would otherwise wait for: the served commune's outline
   * and its district zoning's index (small). Larger zonings (all the communes) are indexed at their
   * first lookup. Never stops the start: a failure is logged and the lookup will try again.
   */
  warm(): Promise<void>;
}

interface CachedLocator {
  version: number;
  locator: ZoneLocator;
}

/** The module's service for its own routes: the contract, the portal's view, and the administration. */
export type TerritoryService = TerritoryModuleService & TerritoryAdmin;

const services = new WeakMap<AppContext, TerritoryService>();

/** One service per running app (the manifest's `services` and `routes` get the same context). */
export function territoryServiceFor(ctx: AppContext): TerritoryService {
  let service = services.get(ctx);
  if (!service) {
    const read = createTerritoryReadService(ctx);
    service = Object.assign(read, createTerritoryAdmin(ctx, read));
    services.set(ctx, service);
  }
  return service;
}

export function createTerritoryReadService(ctx: AppContext): TerritoryModuleService {
  const db = ctx.db;
  const versions = new Map<string, { version: number | null; at: number }>();
  const locators = new Map<string, CachedLocator>();
  const building = new Map<string, Promise<CachedLocator | null>>();
  const features = new Map<string, { version: number; value: ZoneFeatureCollection; serialised?: { json: string; etag: string } }>();
  const shapes = new Map<string, { version: number; shape: PreparedShape | null }>();
  const neighbours = new Map<string, { version: number; codes: string[] }>();

  async function currentVersion(zoning: string): Promise<number | null> {
    const hit = versions.get(zoning);
    if (hit && Date.now() - hit.at < VERSION_CHECK_MS) return hit.version;
    const version = await zoningVersion(db, zoning);
    versions.set(zoning, { version, at: Date.now() });
    return version;
  }

  async function buildLocator(zoning: string): Promise<CachedLocator | null> {
    // The version first: outlines read after it are at least that recent; a newer version seen
    // later rebuilds again.
    const version = await zoningVersion(db, zoning);
    if (version === null) return null;
    const zones = await zoneOutlines(db, zoning);
    const index = new ZoneIndex(zones.map((z) => z.geometry));
    const refs: LocatedZone[] = zones.map((z) => ({ zoning, code: z.code, name: z.name, version }));
    const locator: ZoneLocator = {
      zoning,
      version,
      zoneAt: (p) => {
        const i = index.zoneAt(p.lng, p.lat);
        return i < 0 ? null : refs[i]!;
      },
      zonesAt: (p) => index.zonesAt(p.lng, p.lat).map((i) => refs[i]!),
    };
    ctx.log.debug({ zoning, version, ...index.stats }, 'territory: zone index built');
    return { version, locator };
  }

  /** The cached locator when its version was confirmed less than VERSION_CHECK_MS ago: no await at all. */
  function freshLocator(zoning: string): ZoneLocator | null {
    const checked = versions.get(zoning);
    if (!checked || Date.now() - checked.at >= VERSION_CHECK_MS) return null;
    const cached = locators.get(zoning);
    return cached && cached.version === checked.version ? cached.locator : null;
  }

  async function locator(zoning: string): Promise<ZoneLocator | null> {
    const fresh = freshLocator(zoning);
    if (fresh) return fresh;
    const version = await currentVersion(zoning);
    if (version === null) return null;
    const cached = locators.get(zoning);
    if (cached && cached.version === version) return cached.locator;
    let pending = building.get(zoning);
    if (!pending) {
      pending = buildLocator(zoning).finally(() => building.delete(zoning));
      building.set(zoning, pending);
    }
    const built = await pending;
    if (!built) return null;
    const latest = locators.get(zoning);
    if (!latest || latest.version <= built.version) locators.set(zoning, built);
    return built.locator;
  }

  async function listZonings(): Promise<ZoningView[]> {
    return (await zoningRows(db)).map(zoningView);
  }

  async function getZoning(code: string): Promise<ZoningView | null> {
    const row = await zoningRow(db, code);
    return row ? zoningView(row) : null;
  }

  async function listZones(zoning: string): Promise<ZoneSummary[] | null> {
    if ((await currentVersion(zoning)) === null) return null;
    return (await zoneSummaryRows(db, zoning)).map(zoneSummary);
  }

  /** Display tolerance: about one pixel of a 2,000-pixel map of the whole zoning, between 1 and 200 m. */
  function displayTolerance(rows: readonly ZoneRowWithParent[]): number {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const r of rows) {
      if (r.minLng === null) continue;
      minX = Math.min(minX, r.minLng);
      minY = Math.min(minY, r.minLat!);
      maxX = Math.max(maxX, r.maxLng!);
      maxY = Math.max(maxY, r.maxLat!);
    }
    if (minX === Infinity) return 1;
    const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
    const diagonal = Math.hypot((maxX - minX) * kx, maxY - minY) * METRES_PER_DEGREE;
    return Math.round(Math.min(200, Math.max(1, diagonal / 2000)) * 10) / 10;
  }

  async function zoneFeatures(zoning: string, outline: 'full' | 'simplified'): Promise<ZoneFeatureCollection | null> {
    const version = await currentVersion(zoning);
    if (version === null) return null;
    const key = `${zoning}:${outline}`;
    const cached = features.get(key);
    if (cached && cached.version === version) return cached.value;
    const zoningRowNow = await zoningRow(db, zoning);
    if (!zoningRowNow) return null;
    const rows = await zoneRowsWithGeometry(db, zoning);
    const tolerance = displayTolerance(rows);
    const geometries: (ZoneGeometry | null)[] = outline === 'simplified' ? simplifyZoning(rows.map((r) => r.geometry), tolerance) : rows.map((r) => r.geometry);
    const value: ZoneFeatureCollection = {
      type: 'FeatureCollection',
      zoning: zoningView(zoningRowNow),
      simplification: outline === 'simplified' ? { algorithm: 'Douglas-Peucker, shared borders kept', toleranceMetres: tolerance } : null,
      features: rows.map((r, i) => {
        const { centroid: _c, bbox: _b, hasOutline: _h, ...properties } = zoneSummary(r);
        return { type: 'Feature', id: r.code, properties, geometry: geometries[i] ?? null };
      }),
    };
    // Cache only what matches the version read first (the rows could be newer: then read again next time).
    features.set(key, { version: zoningRowNow.version === version ? version : -1, value });
    return value;
  }

  async function zoneFeaturesJson(zoning: string, outline: 'full' | 'simplified') {
    const value = await zoneFeatures(zoning, outline);
    if (!value) return null;
    const serialise = () => {
      const json = JSON.stringify(value);
      return { json, etag: `"${zoning}-${value.zoning.version}-${outline}-${createHash('sha256').update(json).digest('base64url').slice(0, 16)}"` };
    };
    const entry = features.get(`${zoning}:${outline}`);
    return entry && entry.value === value ? (entry.serialised ??= serialise()) : serialise();
  }

  function attributeViews(attributes: ZoneAttributes): AttributeView[] {
    return Object.entries(attributes)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, a]) => ({ key, label: ATTRIBUTE_LABELS[key] ?? { fr: key, en: key }, ...a }));
  }

  async function getZone(zoning: string, code: string, opts: { geometry?: 'none' | 'simplified' | 'full' } = {}): Promise<ZoneDetail | null> {
    const row = await zoneRow(db, zoning, code);
    if (!row) return null;
    const zoningRowNow = await zoningRow(db, zoning);
    const [ancestors, children] = [await ancestorsOf(db, row.parentId), await childCounts(db, row.id)];
    const mode = opts.geometry ?? 'none';
    let geometry: ZoneGeometry | null | undefined;
    if (mode === 'full') geometry = row.geometry;
    else if (mode === 'simplified') geometry = row.geometry ? simplifyZoning([row.geometry], displayTolerance([row]))[0] : null;
    return {
      ...zoneSummary(row),
      zoningLabel: { fr: zoningRowNow?.labelFr ?? zoning, en: zoningRowNow?.labelEn ?? zoning },
      ancestors,
      children,
      attributes: attributeViews(row.attributes),
      ...(mode === 'none' ? {} : { geometry }),
    };
  }

  async function zoneAt(point: LngLat, zoning: string): Promise<LocatedZone | null> {
    const l = freshLocator(zoning) ?? (await locator(zoning));
    return l?.zoneAt(point) ?? null;
  }

  async function zonesAt(points: readonly LngLat[], zoning: string): Promise<(LocatedZone | null)[]> {
    const l = freshLocator(zoning) ?? (await locator(zoning));
    return points.map((p) => l?.zoneAt(p) ?? null);
  }

  async function servedSetting(): Promise<ServedTerritorySetting> {
    return ctx.settings.get<ServedTerritorySetting>(SERVED_TERRITORY_KEY);
  }

  async function isInsideTerritory(point: LngLat): Promise<boolean | null> {
    const served = await servedSetting();
    if (!served) return null;
    const version = await currentVersion(served.zoning);
    if (version === null) return null;
    const key = `${served.zoning}/${served.code}`;
    let cached = shapes.get(key);
    if (!cached || cached.version !== version) {
      const row = await zoneRow(db, served.zoning, served.code);
      cached = { version, shape: row?.geometry ? new PreparedShape(row.geometry) : null };
      shapes.set(key, cached);
    }
    return cached.shape ? cached.shape.contains(point.lng, point.lat) : null;
  }

  async function servedTerritory(): Promise<ServedTerritory> {
    const served = await servedSetting();
    if (!served) return { commune: null, districtZoning: null };
    const row = await zoneRow(db, served.zoning, served.code);
    const districtZoning = served.districtZoning ? await getZoning(served.districtZoning) : null;
    return { commune: row ? { zoning: row.zoningCode, code: row.code, name: row.name } : null, districtZoning };
  }

  async function populations(zoning: string, codes?: readonly string[]): Promise<ZonePopulation[]> {
    const rows = await zoneSummaryRows(db, zoning, codes);
    return rows.map((r) => {
      const byAge = r.attributes[POPULATION_BY_AGE];
      return {
        zoning: r.zoningCode,
        code: r.code,
        name: r.name,
        population: r.population,
        year: r.populationYear,
        sourceId: r.populationSourceId,
        estimated: r.populationEstimated,
        byAge: byAge?.kind === 'age_bands' ? byAge : null,
      };
    });
  }

  /** Zones of the same zoning sharing at least NEIGHBOUR_MIN_BORDER_M of border with the zone. */
  async function neighbourCodes(row: ZoneRowWithParent, version: number): Promise<string[]> {
    const key = `${row.zoningCode}/${row.code}`;
    const cached = neighbours.get(key);
    if (cached && cached.version === version) return cached.codes;
    if (!row.geometry) return [];
    const pad = NEIGHBOUR_TOLERANCE_M / METRES_PER_DEGREE;
    const padLng = pad / Math.cos((((row.minLat! + row.maxLat!) / 2) * Math.PI) / 180);
    const candidates = await zonesMeetingBox(db, row.zoningCode, [row.minLng! - padLng, row.minLat! - pad, row.maxLng! + padLng, row.maxLat! + pad]);
    const codes = candidates
      .filter((c) => c.code !== row.code && c.geometry && sharedBorderMetres(row.geometry!, c.geometry, NEIGHBOUR_TOLERANCE_M) >= NEIGHBOUR_MIN_BORDER_M)
      .map((c) => c.code)
      .sort();
    neighbours.set(key, { version, codes });
    return codes;
  }

  function communeView(row: ZoneRowWithParent): CommuneView {
    const official = row.attributes.area_official;
    return {
      code: row.code,
      name: row.name,
      departement: row.parentCode,
      population: row.population,
      populationYear: row.populationYear,
      areaKm2: official?.kind === 'quantity' ? official.value : row.areaM2 === null ? null : Math.round(row.areaM2 / 10_000) / 100,
      centroid: row.centroidLat !== null && row.centroidLng !== null ? { lat: row.centroidLat, lng: row.centroidLng } : null,
      attributes: attributeViews(row.attributes),
    };
  }

  async function territoryView(opts: { withBoundaries: boolean }): Promise<TerritoryView> {
    const served = await servedSetting();
    const sources = (await sourceRows(db)).map(({ id, name, publisher, licence, usedFor }) => ({ id, name, publisher, licence, usedFor }));
    const home = served ? await zoneRow(db, served.zoning, served.code) : null;
    const version = served ? await currentVersion(served.zoning) : null;
    const districtZoning = served?.districtZoning ? await getZoning(served.districtZoning) : null;
    if (!home || version === null) return { commune: null, neighbours: [], districtZoning, demo: false, sources };
    const codes = await neighbourCodes(home, version);
    const neighbourRows = codes.length ? (await zoneRowsByCodes(home.zoningCode, codes)) : [];
    return {
      commune: communeView(home),
      neighbours: neighbourRows.map(communeView).sort((a, b) => a.name.localeCompare(b.name, 'fr')),
      districtZoning,
      demo: home.demo,
      sources,
      ...(opts.withBoundaries
        ? {
            boundaries: {
              type: 'FeatureCollection' as const,
              features: [home, ...neighbourRows].map((r, i) => ({
                type: 'Feature' as const,
                properties: { code: r.code, name: r.name, role: i === 0 ? ('home' as const) : ('neighbour' as const) },
                geometry: r.geometry,
              })),
            },
          }
        : {}),
    };
  }

  async function zoneRowsByCodes(zoning: string, codes: readonly string[]): Promise<ZoneRowWithParent[]> {
    const rows: ZoneRowWithParent[] = [];
    for (const code of codes) {
      const row = await zoneRow(db, zoning, code);
      if (row) rows.push(row);
    }
    return rows;
  }

  async function warm(): Promise<void> {
    try {
      const served = await servedSetting();
      if (!served) return;
      const started = performance.now();
      await isInsideTerritory({ lng: 0, lat: 0 });
      if (served.districtZoning) await locator(served.districtZoning);
      ctx.log.debug({ ms: Math.round(performance.now() - started) }, 'territory: served commune and districts indexed');
    } catch (err) {
      ctx.log.warn({ err }, 'territory: could not index the served commune at start');
    }
  }

  return {
    warm,
    listZonings,
    getZoning,
    zoningVersion: currentVersion,
    listZones,
    zoneFeatures,
    zoneFeaturesJson,
    getZone,
    zoneAt,
    zonesAt,
    locator,
    isInsideTerritory,
    servedTerritory,
    populations,
    territoryView,
    invalidate(zoning) {
      if (zoning === undefined) {
        for (const m of [versions, locators, features, shapes, neighbours]) m.clear();
        return;
      }
      versions.delete(zoning);
      locators.delete(zoning);
      for (const key of [...features.keys()]) if (key.startsWith(`${zoning}:`)) features.delete(key);
      for (const m of [shapes, neighbours]) for (const key of [...m.keys()]) if (key.startsWith(`${zoning}/`)) m.delete(key);
    },
  };
}
