/**
 * Answers to a category's extra questions (Open311 service attributes), checked against their
 * definitions. Pure. The app API sends typed JSON values; Open311 sends strings
 * (`attribute[code]=value`, `attribute[code][]=a&attribute[code][]=b`), which `fromOpen311` reads.
 */
import type { CategoryAttribute } from './api-schemas';

export interface AttributeProblem {
  code: string;
  message: string;
}

export type AttributeValue = string | number | string[];

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks every answer: unknown codes, missing required answers, wrong types, values outside the
 * list. Returns the cleaned answers (numbers as numbers, lists as arrays of keys) or the problems.
 */
export function checkAttributes(
  definitions: readonly CategoryAttribute[],
  answers: Readonly<Record<string, unknown>>,
): { values: Record<string, AttributeValue>; problems: AttributeProblem[] } {
  const problems: AttributeProblem[] = [];
  const values: Record<string, AttributeValue> = {};
  const byCode = new Map(definitions.map((d) => [d.code, d]));
  for (const code of Object.keys(answers)) {
    if (!byCode.has(code)) problems.push({ code, message: 'Unknown attribute for this category' });
  }
  for (const def of definitions) {
    const raw = answers[def.code];
    const empty = raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (def.required) problems.push({ code: def.code, message: 'Required' });
      continue;
    }
    const keys = new Set(def.values.map((v) => v.key));
    switch (def.datatype) {
      case 'string':
      case 'text': {
        if (typeof raw !== 'string') problems.push({ code: def.code, message: 'Must be text' });
        else if (def.datatype === 'string' && /[\n\r]/.test(raw)) problems.push({ code: def.code, message: 'Must be on one line' });
        else if ([...raw].length > (def.datatype === 'string' ? 200 : 2000)) problems.push({ code: def.code, message: 'Too long' });
        else values[def.code] = raw;
        break;
      }
      case 'number': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
        if (!Number.isFinite(n)) problems.push({ code: def.code, message: 'Must be a number' });
        else values[def.code] = n;
        break;
      }
      case 'datetime': {
        if (typeof raw !== 'string' || !DATETIME.test(raw) || Number.isNaN(Date.parse(raw))) {
          problems.push({ code: def.code, message: 'Must be an ISO 8601 date-time with its offset' });
        } else values[def.code] = raw;
        break;
      }
      case 'singlevaluelist': {
        const v = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
        if (typeof v !== 'string' || !keys.has(v)) problems.push({ code: def.code, message: 'Must be one of the listed values' });
        else values[def.code] = v;
        break;
      }
      case 'multivaluelist': {
        const list = Array.isArray(raw) ? raw : [raw];
        if (!list.every((v) => typeof v === 'string' && keys.has(v))) problems.push({ code: def.code, message: 'Must be values of the list' });
        else values[def.code] = [...new Set(list as string[])];
        break;
      }
    }
  }
  return { values, problems };
}

/** Reads Open311's `attribute[code]` and `attribute[code][]` form fields. */
export function fromOpen311(fields: Readonly<Record<string, string | string[]>>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(fields)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(name);
    if (!m) continue;
    const code = m[1]!;
    if (m[2] || Array.isArray(value)) {
      const prev = out[code];
      const add = Array.isArray(value) ? value : [value];
      out[code] = [...(Array.isArray(prev) ? prev : prev !== undefined ? [prev] : []), ...add];
    } else out[code] = value;
  }
  return out;
}
