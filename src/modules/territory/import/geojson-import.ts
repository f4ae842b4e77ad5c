/**
 * Reading a GeoJSON FeatureCollection into zones, and the validation report an administrator
 * reads before anything is stored. Pure: the service gives the parsed JSON, the properties chosen
 * and what it knows of the parent zoning; it gets either a refusal of the whole file (not GeoJSON,
 * projected coordinates, too large) or a report, with the prepared zones when the report is clean.
 */
import type { Language } from '../../../platform/http/language';
import { textProblem } from '../../../platform/validation/text';
import { pointOnSurface } from '../geometry/measure';
import { rewind } from '../geometry/orientation';
import type { PolygonCoordinates, Position, Ring, ZoneGeometry } from '../geometry/types';
import { checkRings } from '../geometry/validity';
import { issueMessage, type ImportProblem } from './messages';

export const ZONE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_ZONE_NAME = 200;
export const IMPORT_LIMITS = {
  features: 50_000,
  positions: 5_000_000,
  /** Edge pairs compared for self-intersections over the whole file. */
  comparisons: 50_000_000,
  /** Issues listed in a report (all are counted). */
  issues: 500,
};

export interface ImportOptions {
  codeProperty: string;
  /** Property holding the zone's name; the code stands in when absent. */
  nameProperty: string | null;
  /** How each zone finds its parent in the parent zoning: a property holding the parent's code, or where it lies. */
  parent: { by: 'property'; property: string } | { by: 'location' } | null;
  /** Property holding the population, a whole number. */
  populationProperty: string | null;
}

export interface ParentZoning {
  code: string;
  codes: ReadonlySet<string>;
  /** The code of the parent zone holding a point; needed for `parent: { by: 'location' }`. */
  locate?: (lng: number, lat: number) => string | null;
}

export interface ImportIssue {
  /** 0-based index of the feature in the file; null for the file as a whole or a zone already stored. */
  feature: number | null;
  code: string | null;
  problem: ImportProblem;
  polygon?: number;
  ring?: number;
  /** 0-based index of the position in its ring. */
  position?: number;
  at?: Position;
  value?: string;
  message: string;
}

export interface ImportReport {
  valid: boolean;
  features: number;
  errorCount: number;
  warningCount: number;
  /** The first issues (IMPORT_LIMITS.issues of each kind), in the order of the file. */
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

export interface PreparedZone {
  code: string;
  name: string;
  parentCode: string | null;
  /** Rewound to the right-hand rule, repeated positions dropped. */
  geometry: ZoneGeometry;
  population: number | null;
}

/** A refusal of the whole file, before any feature is looked at. */
export class ImportRefusal extends Error {
  constructor(
    readonly reason: 'not_feature_collection' | 'empty_collection' | 'projected_coordinates' | 'unsupported_crs' | 'too_large',
    readonly params: Record<string, string | number> = {},
  ) {
    super(reason);
    this.name = 'ImportRefusal';
  }
}

/** Lambert 93 (EPSG:2154) covers metropolitan France with x ≈ 100,000–1,250,000 m and y ≈ 6,000,000–7,150,000 m. */
const looksLambert93 = (x: number, y: number) => x > -400_000 && x < 1_600_000 && y > 5_500_000 && y < 7_500_000;
const WGS84_CRS = /^(urn:ogc:def:crs:OGC:1\.3:CRS84|urn:ogc:def:crs:OGC::CRS84|CRS84|EPSG:4326|urn:ogc:def:crs:EPSG::4326|urn:ogc:def:crs:EPSG:[\d.]*:4326)$/i;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A property value as a string: text as given (NFC, trimmed), a whole number in decimal; anything else null. */
function propertyText(value: unknown): string | null {
  if (typeof value === 'string') return value.normalize('NFC').trim();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

/** A value shown back in a message: one line, bounded. */
function shown(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 80);
}

export interface FeatureCollectionInput {
  features: unknown[];
  /** Every position looks like (latitude, longitude) in France: worth a warning. */
  coordinatesSwapped: boolean;
}

/** Checks the file's shape and projection; throws an `ImportRefusal` for the whole file. */
export function readCollection(json: unknown): FeatureCollectionInput {
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) throw new ImportRefusal('not_feature_collection');
  const crsName = isObject(json.crs) && isObject(json.crs.properties) ? json.crs.properties.name : undefined;
  if (typeof crsName === 'string' && !WGS84_CRS.test(crsName.trim())) {
    if (/(^|\D)2154$/.test(crsName.trim())) throw new ImportRefusal('projected_coordinates', { crs: shown(crsName) });
    throw new ImportRefusal('unsupported_crs', { crs: shown(crsName) });
  }
  if (json.features.length === 0) throw new ImportRefusal('empty_collection');
  if (json.features.length > IMPORT_LIMITS.features) throw new ImportRefusal('too_large', { limit: IMPORT_LIMITS.features, what: 'features' });
  // Projection: count positions outside WGS 84's bounds, and how many of them fall where Lambert 93 puts France.
  let positions = 0;
  let outside = 0;
  let lambert = 0;
  let swappedLooking = 0;
  for (const feature of json.features) {
    const geometry = isObject(feature) ? feature.geometry : undefined;
    if (!isObject(geometry)) continue;
    forEachPosition(geometry.coordinates, (x, y) => {
      positions++;
      if (Math.abs(x) > 180 || Math.abs(y) > 90) {
        outside++;
        if (looksLambert93(x, y)) lambert++;
      }
      if (x > 41 && x < 52 && y > -6 && y < 10) swappedLooking++;
    });
    if (positions > IMPORT_LIMITS.positions) throw new ImportRefusal('too_large', { limit: IMPORT_LIMITS.positions, what: 'positions' });
  }
  if (outside > 0 && outside >= positions / 2) {
    throw new ImportRefusal('projected_coordinates', lambert >= outside * 0.9 ? { crs: 'EPSG:2154 (Lambert 93)' } : {});
  }
  return { features: json.features, coordinatesSwapped: positions > 0 && swappedLooking === positions };
}

/** Visits the numeric pairs of nested coordinate arrays, iteratively (a hostile file can nest deeply). */
function forEachPosition(coordinates: unknown, visit: (x: number, y: number) => void): void {
  const stack: unknown[] = [coordinates];
  while (stack.length) {
    const v = stack.pop();
    if (!Array.isArray(v)) continue;
    if (typeof v[0] === 'number') {
      if (typeof v[1] === 'number') visit(v[0], v[1]);
      continue;
    }
    if (stack.length > 1_000_000) return;
    for (const item of v) stack.push(item);
  }
}

type GeometryOutcome = { geometry: ZoneGeometry } | { issues: Omit<ImportIssue, 'feature' | 'code' | 'message'>[] };

/** A GeoJSON geometry as a zone's: shape checked, repeated positions dropped, rings checked, rewound. */
function readGeometry(raw: unknown, budget: { comparisons: number }): GeometryOutcome {
  if (raw === null || raw === undefined) return { issues: [{ problem: 'missing_geometry' }] };
  if (!isObject(raw)) return { issues: [{ problem: 'invalid_coordinates' }] };
  if (raw.type !== 'Polygon' && raw.type !== 'MultiPolygon') return { issues: [{ problem: 'unsupported_geometry', value: shown(raw.type) }] };
  const polygonsRaw = raw.type === 'Polygon' ? [raw.coordinates] : raw.coordinates;
  if (!Array.isArray(polygonsRaw) || polygonsRaw.length === 0) return { issues: [{ problem: 'invalid_coordinates' }] };
  const issues: Omit<ImportIssue, 'feature' | 'code' | 'message'>[] = [];
  const polygons: PolygonCoordinates[] = [];
  polygonsRaw.forEach((polygonRaw, p) => {
    if (!Array.isArray(polygonRaw) || polygonRaw.length === 0) {
      issues.push({ problem: 'invalid_coordinates', polygon: p });
      return;
    }
    const rings: Ring[] = [];
    polygonRaw.forEach((ringRaw, r) => {
      const where = { polygon: p, ring: r };
      if (!Array.isArray(ringRaw)) {
        issues.push({ problem: 'invalid_coordinates', ...where });
        return;
      }
      const ring: Ring = [];
      for (let i = 0; i < ringRaw.length; i++) {
        const pos: unknown = ringRaw[i];
        if (!Array.isArray(pos) || pos.length < 2 || typeof pos[0] !== 'number' || typeof pos[1] !== 'number' || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
          issues.push({ problem: 'invalid_coordinates', ...where, position: i });
          return;
        }
        const [x, y] = pos as [number, number];
        if (Math.abs(x) > 180 || Math.abs(y) > 90) {
          issues.push({ problem: 'coordinates_out_of_range', ...where, position: i, at: [x, y] });
          return;
        }
        const prev = ring[ring.length - 1];
        if (!prev || prev[0] !== x || prev[1] !== y) ring.push([x, y]);
      }
      const first = ringRaw[0] as Position;
      const last = ringRaw[ringRaw.length - 1] as Position;
      if (ringRaw.length > 0 && (first[0] !== last[0] || first[1] !== last[1])) {
        issues.push({ problem: 'unclosed_ring', ...where, at: [first[0], first[1]] });
        return;
      }
      if (ring.length < 4) {
        issues.push({ problem: 'too_few_positions', ...where });
        return;
      }
      rings.push(ring);
    });
    polygons.push(rings);
  });
  if (issues.length) return { issues };
  const check = checkRings(polygons, budget.comparisons);
  budget.comparisons = Math.max(0, budget.comparisons - check.comparisons);
  if (check.exhausted) return { issues: [{ problem: 'too_complex' }] };
  if (check.problems.length) {
    return {
      issues: check.problems.map((pr) =>
        pr.kind === 'rings_cross'
          ? { problem: pr.kind, polygon: pr.polygon, ring: pr.ring, at: pr.at, value: String(pr.otherRing) }
          : pr.kind === 'self_intersection'
            ? { problem: pr.kind, polygon: pr.polygon, ring: pr.ring, at: pr.at }
            : { problem: pr.kind, polygon: pr.polygon, ring: pr.ring },
      ),
    };
  }
  const geometry: ZoneGeometry = raw.type === 'Polygon' ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
  return { geometry: rewind(geometry) };
}

/** How long validation works before it lets the event loop serve other requests. */
const SLICE_MS = 20;

/**
 * The report on a FeatureCollection (after `readCollection`), the zones it describes when it has
 * no error, and the codes it holds (valid or not, for the caller's checks against stored zones).
 * It runs on the server's thread (the platform's file parser has no GeoJSON format yet), so it gives
 * the event loop a turn every SLICE_MS: a large file slows other requests down, never stops them.
 */
export async function validateFeatures(
  collection: FeatureCollectionInput,
  options: ImportOptions,
  parentZoning: ParentZoning | null,
  language: Language,
): Promise<{ report: ImportReport; zones: PreparedZone[]; codes: Set<string> }> {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const counts = { errors: 0, warnings: 0 };
  const add = (kind: 'error' | 'warning', issue: Omit<ImportIssue, 'message'>, params: Record<string, string | number | undefined> = {}) => {
    const list = kind === 'error' ? errors : warnings;
    if (kind === 'error') counts.errors++;
    else counts.warnings++;
    if (list.length >= IMPORT_LIMITS.issues) return;
    list.push({ ...issue, message: issueMessage(issue.problem, language, { value: issue.value, ...params }) });
  };
  const budget = { comparisons: IMPORT_LIMITS.comparisons };
  const firstByCode = new Map<string, number>();
  const zones: PreparedZone[] = [];
  let featureCount = 0;

  if (collection.coordinatesSwapped) add('warning', { feature: null, code: null, problem: 'coordinates_swapped' });
  let sliceStarted = performance.now();
  for (let index = 0; index < collection.features.length; index++) {
    if (performance.now() - sliceStarted > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
    validateFeature(collection.features[index], index);
  }
  function validateFeature(feature: unknown, index: number): void {
    featureCount++;
    const properties = isObject(feature) && isObject(feature.properties) ? feature.properties : {};
    const base = { feature: index, code: null as string | null };
    let failed = false;
    const error = (issue: Omit<ImportIssue, 'message' | 'feature' | 'code'>, params: Record<string, string | number | undefined> = {}) => {
      failed = true;
      add('error', { ...base, ...issue }, params);
    };
    if (!isObject(feature) || feature.type !== 'Feature') {
      error({ problem: 'invalid_coordinates', value: 'not a Feature' });
      return;
    }
    // Code
    const rawCode = properties[options.codeProperty];
    const code = propertyText(rawCode);
    if (rawCode === undefined || rawCode === null || code === '') error({ problem: 'missing_code' }, { property: options.codeProperty });
    else if (code === null || !ZONE_CODE_PATTERN.test(code)) error({ problem: 'invalid_code', value: shown(rawCode) });
    else {
      base.code = code;
      const other = firstByCode.get(code);
      if (other !== undefined) error({ problem: 'duplicate_code', value: code }, { other });
      else firstByCode.set(code, index);
    }
    // Name
    let name = code ?? '';
    if (options.nameProperty) {
      const rawName = properties[options.nameProperty];
      const text = propertyText(rawName);
      if (rawName === undefined || rawName === null || text === '') add('warning', { ...base, problem: 'missing_name' }, { property: options.nameProperty });
      else if (text === null || textProblem(text) !== null || [...text].length > MAX_ZONE_NAME) error({ problem: 'invalid_name' });
      else name = text;
    }
    // Population
    let population: number | null = null;
    if (options.populationProperty) {
      const raw = properties[options.populationProperty];
      if (raw !== undefined && raw !== null && raw !== '') {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
        if (!Number.isSafeInteger(n) || n < 0) error({ problem: 'invalid_population', value: shown(raw) });
        else population = n;
      }
    }
    // Geometry
    const outcome = readGeometry(feature.geometry, budget);
    if ('issues' in outcome) {
      for (const issue of outcome.issues) error(issue, { other: issue.value });
      return;
    }
    // Parent
    let parentCode: string | null = null;
    if (options.parent && parentZoning) {
      if (options.parent.by === 'property') {
        const raw = properties[options.parent.property];
        const text = propertyText(raw);
        if (raw === undefined || raw === null || text === '') error({ problem: 'missing_parent' }, { property: options.parent.property });
        else if (text === null || !parentZoning.codes.has(text)) error({ problem: 'unknown_parent', value: shown(raw) }, { zoning: parentZoning.code });
        else parentCode = text;
      } else {
        const inside = pointOnSurface(outcome.geometry);
        parentCode = parentZoning.locate?.(inside.lng, inside.lat) ?? null;
        if (!parentCode) error({ problem: 'parent_not_found_by_location' }, { zoning: parentZoning.code });
      }
    }
    if (!failed && code) zones.push({ code, name, parentCode, geometry: outcome.geometry, population });
  }
  return {
    report: { valid: counts.errors === 0, features: featureCount, errorCount: counts.errors, warningCount: counts.warnings, errors, warnings },
    zones: counts.errors === 0 ? zones : [],
    codes: new Set(firstByCode.keys()),
  };
}

/** Adds issues found outside the file (against the stored zoning) to a report. */
export function withIssues(
  report: ImportReport,
  kind: 'error' | 'warning',
  issues: readonly (Omit<ImportIssue, 'message'> & { params?: Record<string, string | number> })[],
  language: Language,
): ImportReport {
  if (!issues.length) return report;
  const listed = issues.map(({ params, ...i }) => ({ ...i, message: issueMessage(i.problem, language, { value: i.value, ...params }) }));
  return kind === 'error'
    ? { ...report, valid: false, errorCount: report.errorCount + issues.length, errors: [...report.errors, ...listed].slice(0, IMPORT_LIMITS.issues) }
    : { ...report, warningCount: report.warningCount + issues.length, warnings: [...report.warnings, ...listed].slice(0, IMPORT_LIMITS.issues) };
}
