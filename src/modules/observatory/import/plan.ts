/**
 * Reading a table of indicator values (CSV or spreadsheet rows, each with its line) into series
 * per (indicator, year), keyed by zone code, with every problem on its line. Pure: the rows come
 * from `ctx.files.parse`, the known zones and indicators from the caller.
 *
 * Two layouts, told apart by the header:
 * - **long**: a zone-code column, an indicator column (`indicateur`/`indicator`), a year column
 *   (`annee`/`année`/`year`) and a value column (`valeur`/`value`): one value per row;
 * - **wide**: a zone-code column, then one column per year — named `2016` (the indicator is the
 *   import's `indicator` field) or `MED_2016` / `MED 2016` (the indicator's code, then the year).
 *   Columns of names (`libgeo`, `nom`, `libelle`, `name`) are ignored.
 *
 * Cells: a decimal comma or point, spaces as thousands separators, a trailing `%` or `€`; blank,
 * `NA`, `N/A`, `ND`, `n.d.`, `-` and `.` are **missing**; `s` (INSEE's statistical secret) is
 * **secret** — both kept as such, never read as zero.
 */
import type { ImportProblem } from '../api-schemas';

export interface PlanRow {
  line: number;
  cells: readonly string[];
}

export interface PlannedCell {
  value: number | null;
  status: 'observed' | 'missing' | 'secret';
  line: number;
}

export interface ImportPlan {
  layout: 'long' | 'wide' | null;
  /** Data rows read (the header excluded). */
  rows: number;
  /** `${indicator}|${year}` → zone code → cell. */
  series: Map<string, Map<string, PlannedCell>>;
  observed: number;
  missing: number;
  secret: number;
  problems: ImportProblem[];
  /** Problems found, including those past the report's cap. */
  problemsTotal: number;
}

export interface PlanOptions {
  /** Zone codes of the zoning imported into. */
  zones: ReadonlySet<string>;
  /** Indicator codes of the catalogue. */
  indicators: ReadonlySet<string>;
  /** For a wide file whose columns are years. */
  indicator?: string | null;
  codeColumn?: string | null;
  /** Problems kept in the report (all are counted). */
  maxProblems?: number;
}

const CODE_HEADERS = ['code', 'codgeo', 'insee', 'code_insee', 'codeinsee', 'code insee', 'com', 'depcom', 'code_commune', 'code commune', 'iris', 'code_iris', 'dciris', 'zone'];
const INDICATOR_HEADERS = ['indicateur', 'indicator', 'code_indicateur', 'variable'];
const YEAR_HEADERS = ['annee', 'year', 'millesime', 'an'];
const VALUE_HEADERS = ['valeur', 'value', 'val'];
const NAME_HEADERS = ['libgeo', 'nom', 'libelle', 'name', 'nom_commune', 'commune', 'libiris', 'libcom'];
const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nd', 'n.d.', 'n.d', '-', '.', 'null', '#n/a']);
const SECRET_TOKENS = new Set(['s', 'secret', 'secret statistique']);
const INDICATOR_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

/** A header as compared: lower case, without accents, trimmed, inner spaces single. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

export type ParsedCell = { kind: 'observed'; value: number } | { kind: 'missing' } | { kind: 'secret' } | { kind: 'invalid'; reason: string };

/** A cell as town halls and INSEE write numbers. */
export function parseValue(raw: string): ParsedCell {
  const trimmed = raw.trim();
  const lower = trimmed.toLowerCase();
  if (MISSING_TOKENS.has(lower)) return { kind: 'missing' };
  if (SECRET_TOKENS.has(lower)) return { kind: 'secret' };
  let text = trimmed.replace(/[\s\u00a0\u202f]+/g, '').replace(/[%€]$/, '');
  const commas = (text.match(/,/g) ?? []).length;
  const points = (text.match(/\./g) ?? []).length;
  if (commas > 0 && points > 0) return { kind: 'invalid', reason: 'both a comma and a point: write the decimal mark once, without thousands separators' };
  if (commas > 1) return { kind: 'invalid', reason: 'several commas' };
  if (commas === 1) text = text.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return { kind: 'invalid', reason: 'not a number' };
  const value = Number(text);
  if (!Number.isFinite(value)) return { kind: 'invalid', reason: 'not a finite number' };
  return { kind: 'observed', value };
}

function findColumn(headers: readonly string[], names: readonly string[]): number {
  for (const name of names) {
    const at = headers.indexOf(name);
    if (at >= 0) return at;
  }
  return -1;
}

export function planImport(rows: readonly PlanRow[], options: PlanOptions): ImportPlan {
  const maxProblems = options.maxProblems ?? 500;
  const plan: ImportPlan = { layout: null, rows: 0, series: new Map(), observed: 0, missing: 0, secret: 0, problems: [], problemsTotal: 0 };
  const problem = (p: ImportProblem) => {
    plan.problemsTotal++;
    if (plan.problems.length < maxProblems) plan.problems.push(p);
  };
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const headerRow = nonEmpty[0];
  if (!headerRow) {
    problem({ line: null, column: null, code: 'no_rows', value: null, message: 'The file holds no row.' });
    return plan;
  }
  const data = nonEmpty.slice(1);
  if (headerRow.cells.length < 2) {
    // One column: the separator was not recognised (or the file is not a table).
    const sample = headerRow.cells[0] ?? '';
    const guess = /[|:]/.exec(sample)?.[0];
    problem({
      line: headerRow.line,
      column: null,
      code: 'one_column',
      value: sample.slice(0, 200),
      message: `The file has a single column: its separator was not recognised${guess ? ` (“${guess}”?)` : ''}. Separate columns with “;”, “,” or a tab.`,
    });
    return plan;
  }
  const raw = headerRow.cells.map((c) => c.trim().replace(/^\uFEFF/, ''));
  const headers = raw.map(normaliseHeader);
  const codeAt = options.codeColumn ? headers.indexOf(normaliseHeader(options.codeColumn)) : findColumn(headers, CODE_HEADERS);
  if (codeAt < 0) {
    problem({
      line: headerRow.line,
      column: options.codeColumn ?? null,
      code: 'header',
      value: raw.join(' | ').slice(0, 300),
      message: options.codeColumn
        ? `No column “${options.codeColumn}” in the header.`
        : `No column of zone codes: name it “code” (or codgeo, insee, code_insee, com, depcom, iris, code_iris).`,
    });
    return plan;
  }
  plan.rows = data.length;
  if (data.length === 0) problem({ line: null, column: null, code: 'no_rows', value: null, message: 'The file has a header but no data row.' });

  const indicatorAt = findColumn(headers, INDICATOR_HEADERS);
  const yearAt = findColumn(headers, YEAR_HEADERS);
  const valueAt = findColumn(headers, VALUE_HEADERS);
  const seen = new Map<string, number>();
  const record = (indicator: string, year: number, code: string, cell: ParsedCell, line: number, column: string) => {
    const key = `${indicator}|${year}`;
    const dedupe = `${key}|${code}`;
    const first = seen.get(dedupe);
    if (first !== undefined) {
      problem({ line, column, code: 'duplicate', value: code, message: `${indicator} ${year} for zone ${code} is already given on line ${first}.` });
      return;
    }
    seen.set(dedupe, line);
    let series = plan.series.get(key);
    if (!series) plan.series.set(key, (series = new Map()));
    if (cell.kind === 'observed') {
      plan.observed++;
      series.set(code, { value: cell.value, status: 'observed', line });
    } else if (cell.kind === 'missing') {
      plan.missing++;
      series.set(code, { value: null, status: 'missing', line });
    } else if (cell.kind === 'secret') {
      plan.secret++;
      series.set(code, { value: null, status: 'secret', line });
    }
  };
  const zoneOf = (row: PlanRow): string | null => {
    const code = (row.cells[codeAt] ?? '').trim().replace(/^'/, '');
    if (!code) {
      problem({ line: row.line, column: raw[codeAt]!, code: 'missing_code', value: null, message: 'No zone code on this line.' });
      return null;
    }
    if (!options.zones.has(code)) {
      const padded = /^\d{4}$/.test(code) && options.zones.has(`0${code}`) ? `0${code}` : null;
      problem({
        line: row.line,
        column: raw[codeAt]!,
        code: 'unknown_zone',
        value: code,
        message: padded
          ? `Zone ${code} is unknown — a spreadsheet may have dropped its leading zero (${padded}): format the column as text.`
          : `Zone ${code} is unknown in this zoning.`,
      });
      return null;
    }
    return code;
  };
  const invalid = (row: PlanRow, column: string, value: string, reason: string) =>
    problem({ line: row.line, column, code: 'unparsable_value', value: value.slice(0, 100), message: `“${value.slice(0, 100)}” is not a value (${reason}).` });

  if (indicatorAt >= 0 && yearAt >= 0 && valueAt >= 0) {
    plan.layout = 'long';
    for (const row of data) {
      const code = zoneOf(row);
      const indicator = (row.cells[indicatorAt] ?? '').trim().toUpperCase();
      const yearText = (row.cells[yearAt] ?? '').trim();
      const valueText = row.cells[valueAt] ?? '';
      if (!options.indicators.has(indicator)) {
        problem({ line: row.line, column: raw[indicatorAt]!, code: 'unknown_indicator', value: indicator.slice(0, 60), message: `Indicator “${indicator.slice(0, 60)}” is not in the catalogue.` });
        continue;
      }
      const year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
      if (!(year >= 1900 && year <= 2200)) {
        problem({ line: row.line, column: raw[yearAt]!, code: 'bad_year', value: yearText.slice(0, 20), message: `“${yearText.slice(0, 20)}” is not a year.` });
        continue;
      }
      const cell = parseValue(valueText);
      if (cell.kind === 'invalid') {
        invalid(row, raw[valueAt]!, valueText, cell.reason);
        continue;
      }
      if (code) record(indicator, year, code, cell, row.line, raw[valueAt]!);
    }
    return plan;
  }

  plan.layout = 'wide';
  const columns: { at: number; indicator: string; year: number }[] = [];
  headers.forEach((h, at) => {
    if (at === codeAt || NAME_HEADERS.includes(h)) return;
    const header = raw[at]!;
    const yearOnly = /^(\d{4})$/.exec(header);
    const named = /^([A-Za-z][A-Za-z0-9_]*?)[ _-]?(\d{4})$/.exec(header);
    if (yearOnly) {
      if (!options.indicator) {
        problem({ line: headerRow.line, column: header, code: 'unknown_column', value: header, message: `Column “${header}” is a year: say which indicator the file holds (field “indicator”), or name the column like MED_${header}.` });
        return;
      }
      columns.push({ at, indicator: options.indicator, year: Number(yearOnly[1]) });
    } else if (named && INDICATOR_CODE.test(named[1]!.toUpperCase())) {
      const indicator = named[1]!.toUpperCase();
      if (!options.indicators.has(indicator)) {
        problem({ line: headerRow.line, column: header, code: 'unknown_indicator', value: indicator, message: `Column “${header}”: indicator ${indicator} is not in the catalogue.` });
        return;
      }
      columns.push({ at, indicator, year: Number(named[2]) });
    } else {
      problem({
        line: headerRow.line,
        column: header,
        code: 'unknown_column',
        value: header.slice(0, 100),
        message: `Column “${header.slice(0, 100)}” is neither a year nor INDICATOR_YEAR (e.g. MED_2016); for one value per row, name the columns indicateur, annee, valeur.`,
      });
    }
  });
  for (const c of columns) {
    if (!(c.year >= 1900 && c.year <= 2200)) problem({ line: headerRow.line, column: raw[c.at]!, code: 'bad_year', value: String(c.year), message: `${c.year} is not a plausible year.` });
  }
  if (columns.length === 0 && plan.problemsTotal === 0) {
    problem({ line: headerRow.line, column: null, code: 'header', value: raw.join(' | ').slice(0, 300), message: 'No column of values: name them by year (2016) or INDICATOR_YEAR (MED_2016).' });
  }
  for (const row of data) {
    const code = zoneOf(row);
    for (const c of columns) {
      const valueText = row.cells[c.at] ?? '';
      const cell = parseValue(valueText);
      if (cell.kind === 'invalid') invalid(row, raw[c.at]!, valueText, cell.reason);
      else if (code) record(c.indicator, c.year, code, cell, row.line, raw[c.at]!);
    }
  }
  return plan;
}
