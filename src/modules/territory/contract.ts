/**
 * What the territory module offers the other modules (`ctx.services.territory`, after declaring
 * `dependsOn: ['territory']`). Zones are named by their zoning's code and their own code, which
 * stay the same across re-imports: store those, with the zoning's version if you must know which
 * outline decided. See README.md.
 */
import type { AgeBandsAttribute } from './attributes';
import type { LngLat } from './geometry/types';
import type { ZoneDetail, ZoneFeatureCollection, ZoneRef, ZoneSummary, ZoningView } from './api-schemas';

export type { LngLat } from './geometry/types';
export type { ZoneDetail, ZoneFeatureCollection, ZoneRef, ZoneSummary, ZoningView } from './api-schemas';

/** A zone found by point, with the version of its zoning's outlines that decided it. */
export interface LocatedZone extends ZoneRef {
  version: number;
}

/**
 * Lookups by point against one version of a zoning, synchronous: for assigning many points at
 * once (a backlog of reports). Ask `locator()` again to see a newer version.
 */
export interface ZoneLocator {
  readonly zoning: string;
  readonly version: number;
  /** The zone holding the point (the smallest if zones overlap), or null. */
  zoneAt(point: LngLat): LocatedZone | null;
  /** Every zone holding the point (zonings may overlap; most do not). */
  zonesAt(point: LngLat): LocatedZone[];
}

export interface ZonePopulation {
  zoning: string;
  code: string;
  name: string;
  /** Null when unknown. */
  population: number | null;
  year: number | null;
  sourceId: string | null;
  estimated: boolean;
  /** By age band when the source gives it (bands may not cover every age: see `complete`). */
  byAge: AgeBandsAttribute | null;
}

export interface ServedTerritory {
  /** The commune this installation serves, or null when none is set (setting `territory.served`). */
  commune: ZoneRef | null;
  /** The zoning residents choose their district from (neighbourhoods, sectors), or null. */
  districtZoning: ZoningView | null;
}

export interface TerritoryServices {
  listZonings(): Promise<ZoningView[]>;
  /** Null when there is no such zoning. */
  getZoning(code: string): Promise<ZoningView | null>;
  /** The zoning's version (it goes up with every change), or null: cheap, for callers' caches. */
  zoningVersion(code: string): Promise<number | null>;
  /** The zones of a zoning, by code; null when there is no such zoning. */
  listZones(zoning: string): Promise<ZoneSummary[] | null>;
  /**
   * The zones as a GeoJSON FeatureCollection, with their stored outlines or simplified for display
   * (shared borders kept). Cached per version. Null when there is no such zoning.
   */
  zoneFeatures(zoning: string, outline: 'full' | 'simplified'): Promise<ZoneFeatureCollection | null>;
  /** A zone with its ancestors, children counts and attributes; null when unknown. */
  getZone(zoning: string, code: string, opts?: { geometry?: 'none' | 'simplified' | 'full' }): Promise<ZoneDetail | null>;
  /**
   * The zone of `zoning` holding the point (a map click, a report's position), or null. Answered
   * from an in-memory index rebuilt when the zoning's version changes (checked at most once a
   * second per process, at once after a change made by this process).
   */
  zoneAt(point: LngLat, zoning: string): Promise<LocatedZone | null>;
  /** The same for many points, against one version. */
  zonesAt(points: readonly LngLat[], zoning: string): Promise<(LocatedZone | null)[]>;
  /** A synchronous locator for one version of a zoning (null when there is no such zoning). */
  locator(zoning: string): Promise<ZoneLocator | null>;
  /** Whether the point is in the commune served; null when no commune is set or it has no outline. */
  isInsideTerritory(point: LngLat): Promise<boolean | null>;
  servedTerritory(): Promise<ServedTerritory>;
  /** Populations of the zones of a zoning (all, or the codes given), for representativeness. */
  populations(zoning: string, codes?: readonly string[]): Promise<ZonePopulation[]>;
}
