/**
 * Exports of the priority list: CSV rows (RFC 4180) and GeoJSON features (RFC 7946) given the
 * territories' geometries.
 *
 * CSV cells that hold text and begin with =, +, −, @, a tab or a carriage return get a leading
 * apostrophe, so that a spreadsheet opening the file does not run them as formulas (OWASP "CSV
 * injection"); numbers are written as numbers (a negative one keeps its minus sign).
 */
import type { Language } from '../index/wording';
import type { PriorityAssessment, PriorityResult } from './priority-zones';

export const PRIORITY_CSV_HEADER = [
  'order',
  'territory',
  'points',
  'max_points',
  'level_points',
  'robustness_points',
  'cluster_points',
  'trend_points',
  'rank',
  'score',
  'explanation',
] as const;

export type CsvCell = string | number | null;

export interface ExportOptions {
  /** Every territory (zones first, in order, then the others in input order) instead of the zones only. */
  all?: boolean;
}

function selected(result: PriorityResult, options: ExportOptions): PriorityAssessment[] {
  return options.all ? [...result.zones, ...result.assessments.filter((a) => !a.isZone)] : result.zones;
}

function criterionPoints(a: PriorityAssessment, criterion: string): number | null {
  return a.criteria.find((c) => c.criterion === criterion)?.points ?? null;
}

/** The header, then one row per zone (or per territory with `all`). */
export function priorityCsvRows(result: PriorityResult, language: Language, options: ExportOptions = {}): CsvCell[][] {
  return [
    [...PRIORITY_CSV_HEADER],
    ...selected(result, options).map((a) => [
      a.order,
      a.territory,
      a.points,
      a.maxPoints,
      criterionPoints(a, 'level'),
      criterionPoints(a, 'robustness'),
      criterionPoints(a, 'cluster'),
      criterionPoints(a, 'trend'),
      a.rank,
      Number.isFinite(a.score) ? Number(a.score.toFixed(6)) : null,
      a.explanation[language],
    ]),
  ];
}

const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180: comma-separated, CRLF line ends, quotes doubled inside quoted cells. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export interface GeoJsonGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: unknown;
}

export interface PriorityFeatureCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    geometry: GeoJsonGeometry;
    properties: Record<string, string | number | boolean | null>;
  }[];
}

/** Features for the zones (or all territories) that have a geometry; the others are listed. */
export function priorityFeatures(
  result: PriorityResult,
  geometries: ReadonlyMap<string, GeoJsonGeometry>,
  options: ExportOptions = {},
): { collection: PriorityFeatureCollection; withoutGeometry: string[] } {
  const features: PriorityFeatureCollection['features'] = [];
  const withoutGeometry: string[] = [];
  for (const a of selected(result, options)) {
    const geometry = geometries.get(a.territory);
    if (!geometry) {
      withoutGeometry.push(a.territory);
      continue;
    }
    features.push({
      type: 'Feature',
      id: a.territory,
      geometry,
      properties: {
        territory: a.territory,
        order: a.order,
        is_zone: a.isZone,
        points: a.points,
        max_points: a.maxPoints,
        level_points: criterionPoints(a, 'level'),
        robustness_points: criterionPoints(a, 'robustness'),
        cluster_points: criterionPoints(a, 'cluster'),
        trend_points: criterionPoints(a, 'trend'),
        rank: a.rank,
        score: Number.isFinite(a.score) ? a.score : null,
        explanation_fr: a.explanation.fr,
        explanation_en: a.explanation.en,
      },
    });
  }
  return { collection: { type: 'FeatureCollection', features }, withoutGeometry };
}
