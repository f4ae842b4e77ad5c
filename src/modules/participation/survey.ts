/**
 * Survey exports (CSV or XLSX: one row per respondent, one column per question) turned into
 * contributions: each non-empty cell of the open-question columns the user picked becomes one
 * contribution that keeps its line and column. Pure. A row with a problem (a malformed CSV row, a
 * cell over the contribution limit, a district or age band that is not one of the list) is
 * reported with its line, and none of its cells is taken.
 */
import type { TableRow } from '../../platform/files/csv';
import { stripControlCharacters } from '../../platform/validation/text';
import { AGE_BANDS } from './age-bands';

export interface SurveyColumns {
  /** Header names of the open questions to import. */
  columns: readonly string[];
  districtColumn?: string | null;
  ageBandColumn?: string | null;
}

export interface RowProblem {
  line: number;
  column: string | null;
  code: 'row_width' | 'too_long' | 'unknown_district' | 'unknown_age_band' | 'unreadable_row' | 'unknown_comment' | 'duplicate_id';
  message: string;
}

export interface SurveyContribution {
  line: number;
  column: string;
  text: string;
  district: string | null;
  ageBand: string | null;
}

export interface SurveyPlan {
  header: string[];
  respondents: number;
  contributions: SurveyContribution[];
  problems: RowProblem[];
}

export interface SurveyContext {
  maxLength: number;
  /** District codes of the consultation's zoning, with their names; null when there is no district zoning. */
  districts: readonly { code: string; name: string }[] | null;
  /** CSV rows must have the header's width; spreadsheets leave trailing blank cells out. */
  strictWidth: boolean;
}

export class SurveyColumnsError extends Error {
  constructor(readonly missing: string[]) {
    super(`Unknown column(s): ${missing.join(', ')}`);
    this.name = 'SurveyColumnsError';
  }
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** An age band id from what a survey wrote: the id, its label, or an age. */
export function ageBandOf(value: string): string | null {
  const v = fold(value);
  for (const band of AGE_BANDS) if (fold(band.id) === v || fold(band.label.fr) === v || fold(band.label.en) === v) return band.id;
  if (/^\d{1,3}$/.test(v)) {
    const age = Number(v);
    const band = AGE_BANDS.find((b) => age >= b.minAge && (b.maxAge === null || age <= b.maxAge));
    return band?.id ?? null;
  }
  return null;
}

/** The header row (the first one) and the respondents' rows. */
export function headerAndRows(rows: readonly TableRow[]): { header: string[]; rows: TableRow[] } {
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [first, ...rest] = nonEmpty;
  return { header: (first?.cells ?? []).map((c) => stripControlCharacters(c).trim()), rows: rest };
}

export function planSurveyImport(rows: readonly TableRow[], picked: SurveyColumns, context: SurveyContext): SurveyPlan {
  const { header, rows: body } = headerAndRows(rows);
  const index = new Map(header.map((name, i) => [name, i] as const));
  const wanted = [...picked.columns, ...(picked.districtColumn ? [picked.districtColumn] : []), ...(picked.ageBandColumn ? [picked.ageBandColumn] : [])];
  const missing = wanted.filter((c) => !index.has(c));
  if (missing.length) throw new SurveyColumnsError(missing);
  const districtByKey = new Map<string, string>();
  for (const d of context.districts ?? []) {
    districtByKey.set(fold(d.code), d.code);
    districtByKey.set(fold(d.name), d.code);
  }
  const contributions: SurveyContribution[] = [];
  const problems: RowProblem[] = [];
  for (const row of body) {
    const rowProblems: RowProblem[] = [];
    if (context.strictWidth && row.cells.length !== header.length) {
      rowProblems.push({
        line: row.line,
        column: null,
        code: 'row_width',
        message: `La ligne ${row.line} a ${row.cells.length} colonnes au lieu de ${header.length}.`,
      });
    }
    const cell = (column: string) => stripControlCharacters(row.cells[index.get(column)!] ?? '').trim();
    let district: string | null = null;
    if (picked.districtColumn && rowProblems.length === 0) {
      const raw = cell(picked.districtColumn);
      if (raw) {
        district = districtByKey.get(fold(raw)) ?? null;
        if (!district) rowProblems.push({ line: row.line, column: picked.districtColumn, code: 'unknown_district', message: `Quartier inconnu : « ${raw.slice(0, 60)} ».` });
      }
    }
    let ageBand: string | null = null;
    if (picked.ageBandColumn && rowProblems.length === 0) {
      const raw = cell(picked.ageBandColumn);
      if (raw) {
        ageBand = ageBandOf(raw);
        if (!ageBand) rowProblems.push({ line: row.line, column: picked.ageBandColumn, code: 'unknown_age_band', message: `Tranche d’âge inconnue : « ${raw.slice(0, 30)} ».` });
      }
    }
    const texts: SurveyContribution[] = [];
    if (rowProblems.length === 0) {
      for (const column of picked.columns) {
        const text = cell(column).normalize('NFC');
        if (!text) continue;
        const length = [...text].length;
        if (length > context.maxLength) {
          rowProblems.push({ line: row.line, column, code: 'too_long', message: `Réponse de ${length} caractères (au plus ${context.maxLength}).` });
          continue;
        }
        texts.push({ line: row.line, column, text, district, ageBand });
      }
    }
    if (rowProblems.length) problems.push(...rowProblems);
    else contributions.push(...texts);
  }
  return { header, respondents: body.length, contributions, problems };
}
