/**
 * The areas of an analysis read from a GeoJSON FeatureCollection: each feature's id (a property),
 * the numeric variables asked for, and its geometry. Strictness is the point: a feature without
 * the id or a variable property, a duplicated id, a value that is not a number or an invalid
 * geometry is an error naming the feature; a value that is present but missing (null, an empty
 * string or one of the declared missing-value tokens, such as INSEE's "s" for a secret figure) is
 * never read as zero — the area is left out of the analysis and listed as excluded.
 */
import { parseGeometry, type AreaGeometry } from './geojson-geometry';

export interface FeatureReadOptions {
  idProperty: string;
  variables: readonly string[];
  /** Strings that mean "no value" (compared after trimming); null and "" always do. */
  missingTokens?: readonly string[];
  /** Check polygons for self-intersections (default true). */
  validateGeometry?: boolean;
}

export interface Area {
  /** Position in the input file. */
  index: number;
  id: string;
  values: number[];
  geometry: AreaGeometry;
}

export interface ExcludedArea {
  /** Position in the file, from 1 (as error messages name features). */
  feature: number;
  id: string;
  /** The variables whose value is missing. */
  missing: string[];
}

export interface FeatureReadResult {
  areas: Area[];
  excluded: ExcludedArea[];
}

export class InputError extends Error {
  constructor(readonly problems: string[]) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
    const more = problems.length > shown.length ? `\n… and ${problems.length - shown.length} more` : '';
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems in the input:\n${shown.map((p) => `- ${p}`).join('\n')}${more}`);
    this.name = 'InputError';
  }
}

const MAX_PROBLEMS_SHOWN = 20;
const DECIMAL_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function readFeatureCollection(json: unknown, options: FeatureReadOptions): FeatureReadResult {
  if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== 'FeatureCollection') {
    throw new InputError(['the input is not a GeoJSON FeatureCollection']);
  }
  const features = (json as { features?: unknown }).features;
  if (!Array.isArray(features)) throw new InputError(['the FeatureCollection has no "features" list']);
  const missingTokens = new Set((options.missingTokens ?? []).map((t) => t.trim()));
  const validate = options.validateGeometry ?? true;
  const problems: string[] = [];
  const areas: Area[] = [];
  const excluded: ExcludedArea[] = [];
  const seen = new Map<string, number>();

  features.forEach((feature: unknown, index) => {
    let id: string | undefined;
    const label = () => `feature #${index + 1}${id === undefined ? '' : ` (${options.idProperty} ${id})`}`;
    if (typeof feature !== 'object' || feature === null || (feature as { type?: unknown }).type !== 'Feature') {
      problems.push(`${label()} is not a GeoJSON Feature`);
      return;
    }
    const properties = (feature as { properties?: unknown }).properties;
    if (typeof properties !== 'object' || properties === null) {
      problems.push(`${label()} has no properties`);
      return;
    }
    const props = properties as Record<string, unknown>;
    const rawId = props[options.idProperty];
    if (typeof rawId === 'string' && rawId.trim() !== '') id = rawId;
    else if (typeof rawId === 'number' && Number.isFinite(rawId)) id = String(rawId);
    else {
      problems.push(`${label()} has no usable id: its property "${options.idProperty}" is ${rawId === undefined ? 'absent' : JSON.stringify(rawId)}`);
      return;
    }
    const previous = seen.get(id);
    if (previous !== undefined) {
      problems.push(`${label()} has the same id as feature #${previous + 1}`);
      return;
    }
    seen.set(id, index);

    const values: number[] = [];
    const missing: string[] = [];
    let valid = true;
    for (const variable of options.variables) {
      if (!Object.hasOwn(props, variable)) {
        problems.push(`${label()} has no property "${variable}"`);
        valid = false;
        continue;
      }
      const raw = props[variable];
      const parsed = numericValue(raw, missingTokens);
      if (parsed === 'missing') {
        missing.push(variable);
        values.push(Number.NaN);
      } else if (parsed === 'invalid') {
        const hint = typeof raw === 'string' && /^[+-]?\d+,\d+$/.test(raw.trim()) ? ' (a decimal comma? write it with a point)' : '';
        problems.push(`${label()} has a non-numeric value ${JSON.stringify(raw)} in "${variable}"${hint}`);
        valid = false;
      } else values.push(parsed);
    }

    let geometry: AreaGeometry;
    try {
      geometry = parseGeometry((feature as { geometry?: unknown }).geometry, validate);
    } catch (err) {
      problems.push(`${label()} ${(err as Error).message}`);
      return;
    }
    if (!valid) return;
    if (missing.length) excluded.push({ feature: index + 1, id, missing });
    else areas.push({ index, id, values, geometry });
  });
  if (problems.length) throw new InputError(problems);
  return { areas, excluded };
}

function numericValue(raw: unknown, missingTokens: ReadonlySet<string>): number | 'missing' | 'invalid' {
  if (raw === null) return 'missing';
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : 'invalid';
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '' || missingTokens.has(text)) return 'missing';
    return DECIMAL_NUMBER.test(text) ? Number(text) : 'invalid';
  }
  return 'invalid';
}
