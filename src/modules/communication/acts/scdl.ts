/**
 * The SCDL deliberations table (schema `scdl/deliberations`, 17 columns, one row per deliberation),
 * read tolerantly and written strictly. Pure.
 *
 * Reading takes the rows `ctx.files.parse` gave (any separator and encoding it detected) and
 * accepts what real files do: column names in any case, with or without accents, spaces for
 * underscores, a few usual names for the essential columns (a town's own export: "Titre",
 * "Numéro de délibération", "Date CM"), dates as 2014-04-24, 24/04/2014, 24-04-2014 or 24.04.2014,
 * Excel's `_x0001_` escapes. Each such deviation is reported, once, with the lines it concerns. A row
 * that cannot be read (no subject, no date or an impossible one, a vote count that is not a
 * number) is a problem with its line: the caller then stores nothing.
 */

export const SCDL_FIELDS = [
  'COLL_NOM',
  'COLL_SIRET',
  'DELIB_ID',
  'DELIB_DATE',
  'DELIB_MATIERE_CODE',
  'DELIB_MATIERE_NOM',
  'DELIB_OBJET',
  'BUDGET_ANNEE',
  'BUDGET_NOM',
  'PREF_ID',
  'PREF_DATE',
  'VOTE_EFFECTIF',
  'VOTE_REEL',
  'VOTE_POUR',
  'VOTE_CONTRE',
  'VOTE_ABSTENTION',
  'DELIB_URL',
] as const;
export type ScdlField = (typeof SCDL_FIELDS)[number];

/** Other names real files give the columns (folded: lower case, no accents, `_` between words). */
const ALIASES: Record<string, ScdlField> = {
  titre: 'DELIB_OBJET',
  objet: 'DELIB_OBJET',
  objet_de_la_deliberation: 'DELIB_OBJET',
  intitule: 'DELIB_OBJET',
  numero_de_deliberation: 'DELIB_ID',
  numero_deliberation: 'DELIB_ID',
  n_deliberation: 'DELIB_ID',
  numero: 'DELIB_ID',
  identifiant: 'DELIB_ID',
  date_cm: 'DELIB_DATE',
  date: 'DELIB_DATE',
  date_de_seance: 'DELIB_DATE',
  date_seance: 'DELIB_DATE',
  date_de_la_seance: 'DELIB_DATE',
  date_deliberation: 'DELIB_DATE',
  pour: 'VOTE_POUR',
  contre: 'VOTE_CONTRE',
  abstention: 'VOTE_ABSTENTION',
  abstentions: 'VOTE_ABSTENTION',
  url: 'DELIB_URL',
  lien: 'DELIB_URL',
  collectivite: 'COLL_NOM',
  siret: 'COLL_SIRET',
};

export interface ScdlAct {
  line: number;
  number: string;
  date: string;
  title: string;
  collNom?: string;
  collSiret?: string;
  matiereCode?: string;
  matiereNom?: string;
  budgetAnnee?: string;
  budgetNom?: string;
  prefId?: string;
  prefDate?: string;
  voteEffectif?: number;
  voteReel?: number;
  votesFor?: number;
  votesAgainst?: number;
  votesAbstention?: number;
  url?: string;
}

export type ScdlDeviationCode =
  | 'separator'
  | 'encoding'
  | 'column_renamed'
  | 'column_ignored'
  | 'column_missing'
  | 'date_format'
  | 'excel_escape'
  | 'url_dropped'
  | 'already_imported';

export interface ScdlDeviation {
  code: ScdlDeviationCode;
  /** What was found, e.g. the column as written, the separator, the encoding. */
  found: string;
  /** What SCDL expects, when it says. */
  expected?: string;
  /** Lines concerned (the first 20). */
  lines?: number[];
}

export type ScdlProblemCode = 'missing_subject' | 'missing_date' | 'bad_date' | 'bad_number' | 'wrong_width' | 'too_long';

/** The longest cell each column takes (the subject as an act's title, `line(500)`; the number as `line(60)`); others 200. */
const MAX_LENGTH: Partial<Record<ScdlField, number>> = { DELIB_OBJET: 500, DELIB_ID: 60, DELIB_URL: 2000 };
const DEFAULT_MAX_LENGTH = 200;
const isHttpUrl = (v: string) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
};

export interface ScdlProblem {
  line: number;
  code: ScdlProblemCode;
  column?: string;
  value?: string;
}

export interface ScdlReading {
  acts: ScdlAct[];
  deviations: ScdlDeviation[];
  problems: ScdlProblem[];
  /** The essential columns absent (DELIB_OBJET, DELIB_DATE): the file cannot be read at all. */
  missingColumns: ScdlField[];
}

export function foldHeader(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Excel writes a control character inside a cell as `_x0001_` (a line break as `_x000A_`). */
const EXCEL_ESCAPE = /_x00[0-1][0-9A-F]_/gi;
// eslint-disable-next-line no-control-regex -- stray control characters in a cell are dropped
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

function cleanCell(value: string): { text: string; escaped: boolean } {
  const escaped = EXCEL_ESCAPE.test(value);
  EXCEL_ESCAPE.lastIndex = 0;
  const text = value.replace(EXCEL_ESCAPE, ' — ').replace(CONTROLS, ' ').replace(/\s+/g, ' ').replace(/^(?: — )+|(?: — )+$/g, '').trim();
  return { text, escaped };
}

const validDate = (y: number, m: number, d: number) => {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1800 || y > 2200) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** A date as SCDL writes it (ISO) or as French files do; `format` says which, null when unreadable. */
export function readDate(value: string): { date: string; format: 'iso' | 'dmy' | 'ymd-slash' } | null {
  const v = value.trim().replace(/[T ].*$/, '');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (m) return validDate(+m[1]!, +m[2]!, +m[3]!) ? { date: iso(+m[1]!, +m[2]!, +m[3]!), format: 'iso' } : null;
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(v);
  if (m) return validDate(+m[1]!, +m[2]!, +m[3]!) ? { date: iso(+m[1]!, +m[2]!, +m[3]!), format: 'ymd-slash' } : null;
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  if (m) return validDate(+m[3]!, +m[2]!, +m[1]!) ? { date: iso(+m[3]!, +m[2]!, +m[1]!), format: 'dmy' } : null;
  return null;
}

const NUMBER_FIELDS: Partial<Record<ScdlField, keyof ScdlAct>> = {
  VOTE_EFFECTIF: 'voteEffectif',
  VOTE_REEL: 'voteReel',
  VOTE_POUR: 'votesFor',
  VOTE_CONTRE: 'votesAgainst',
  VOTE_ABSTENTION: 'votesAbstention',
};
const TEXT_FIELDS: Partial<Record<ScdlField, keyof ScdlAct>> = {
  COLL_NOM: 'collNom',
  COLL_SIRET: 'collSiret',
  DELIB_MATIERE_CODE: 'matiereCode',
  DELIB_MATIERE_NOM: 'matiereNom',
  BUDGET_ANNEE: 'budgetAnnee',
  BUDGET_NOM: 'budgetNom',
  PREF_ID: 'prefId',
  DELIB_URL: 'url',
};

export interface TableInput {
  rows: readonly { line: number; cells: readonly string[] }[];
  separator?: string | null;
  encoding?: string | null;
}

/** Reads the rows of an SCDL deliberations table (the first row is its header). */
export function readScdlTable(table: TableInput): ScdlReading {
  const deviations: ScdlDeviation[] = [];
  const problems: ScdlProblem[] = [];
  const acts: ScdlAct[] = [];
  if (table.separator && table.separator !== ',') deviations.push({ code: 'separator', found: table.separator, expected: ',' });
  if (table.encoding && !/^utf-?8$/i.test(table.encoding)) deviations.push({ code: 'encoding', found: table.encoding, expected: 'UTF-8' });
  const [header, ...rows] = table.rows;
  if (!header) return { acts, deviations, problems, missingColumns: ['DELIB_OBJET', 'DELIB_DATE'] };

  const columns = new Map<ScdlField, number>();
  header.cells.forEach((raw, i) => {
    const name = raw.replace(/^\uFEFF/, '').trim();
    const folded = foldHeader(name);
    const exact = SCDL_FIELDS.find((f) => f === name);
    const field = exact ?? SCDL_FIELDS.find((f) => f.toLowerCase() === folded) ?? ALIASES[folded];
    if (!field || columns.has(field)) {
      if (name) deviations.push({ code: 'column_ignored', found: name });
      return;
    }
    columns.set(field, i);
    if (!exact) deviations.push({ code: 'column_renamed', found: name, expected: field });
  });
  const missingColumns = (['DELIB_OBJET', 'DELIB_DATE'] as const).filter((f) => !columns.has(f));
  if (missingColumns.length) return { acts, deviations, problems, missingColumns: [...missingColumns] };
  for (const f of SCDL_FIELDS) if (!columns.has(f) && f !== 'DELIB_OBJET' && f !== 'DELIB_DATE') deviations.push({ code: 'column_missing', found: f });

  const dateFormats = new Map<string, number[]>();
  const escapedLines: number[] = [];
  const droppedUrls: number[] = [];
  for (const row of rows) {
    if (row.cells.every((c) => !c.trim())) continue;
    if (row.cells.length !== header.cells.length) {
      problems.push({ line: row.line, code: 'wrong_width', value: `${row.cells.length}/${header.cells.length}` });
      continue;
    }
    const cell = (f: ScdlField) => {
      const i = columns.get(f);
      if (i === undefined) return '';
      const c = cleanCell(row.cells[i] ?? '');
      if (c.escaped && !escapedLines.includes(row.line)) escapedLines.push(row.line);
      return c.text;
    };
    const before = problems.length;
    for (const [field, i] of columns) {
      const v = cleanCell(row.cells[i] ?? '').text;
      const max = MAX_LENGTH[field] ?? DEFAULT_MAX_LENGTH;
      if ([...v].length > max) problems.push({ line: row.line, code: 'too_long', column: field, value: String(max) });
    }
    const title = cell('DELIB_OBJET');
    if (!title) problems.push({ line: row.line, code: 'missing_subject', column: 'DELIB_OBJET' });
    const rawDate = cell('DELIB_DATE');
    const date = rawDate ? readDate(rawDate) : null;
    if (!rawDate) problems.push({ line: row.line, code: 'missing_date', column: 'DELIB_DATE' });
    else if (!date) problems.push({ line: row.line, code: 'bad_date', column: 'DELIB_DATE', value: rawDate });
    else if (date.format !== 'iso') dateFormats.set(date.format, [...(dateFormats.get(date.format) ?? []), row.line]);
    const act: ScdlAct = { line: row.line, number: cell('DELIB_ID'), date: date?.date ?? '', title };
    for (const [field, key] of Object.entries(NUMBER_FIELDS) as [ScdlField, keyof ScdlAct][]) {
      const v = cell(field).replace(/\s/g, '');
      if (!v) continue;
      if (!/^\d{1,6}$/.test(v)) problems.push({ line: row.line, code: 'bad_number', column: field, value: cell(field) });
      else (act as unknown as Record<string, unknown>)[key] = Number(v);
    }
    for (const [field, key] of Object.entries(TEXT_FIELDS) as [ScdlField, keyof ScdlAct][]) {
      const v = cell(field);
      if (!v) continue;
      // A link other than http(s) (javascript:, file:, a path) is not published: dropped, reported.
      if (field === 'DELIB_URL' && !isHttpUrl(v)) {
        droppedUrls.push(row.line);
        continue;
      }
      (act as unknown as Record<string, unknown>)[key] = v;
    }
    const prefDate = cell('PREF_DATE');
    if (prefDate) {
      const d = readDate(prefDate);
      if (!d) problems.push({ line: row.line, code: 'bad_date', column: 'PREF_DATE', value: prefDate });
      else act.prefDate = d.date;
    }
    if (problems.length === before) acts.push(act);
  }
  // Formats as codes (dmy: DD/MM/YYYY, ymd-slash: YYYY/MM/DD, iso: YYYY-MM-DD), worded by the page in its language.
  for (const [format, lines] of dateFormats) deviations.push({ code: 'date_format', found: format, expected: 'iso', lines: lines.slice(0, 20) });
  if (droppedUrls.length) deviations.push({ code: 'url_dropped', found: 'DELIB_URL', lines: droppedUrls.slice(0, 20) });
  if (escapedLines.length) deviations.push({ code: 'excel_escape', found: '_x0001_', lines: escapedLines.slice(0, 20) });
  return { acts, deviations, problems, missingColumns: [] };
}

// Writing ----------------------------------------------------------------------------------------

const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // A cell a spreadsheet would run as a formula is written as text.
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export type ScdlRecord = Partial<Record<ScdlField, string | number | null>>;

/** The SCDL deliberations CSV: UTF-8, comma-separated, CRLF, the 17 columns in the schema's order. */
export function scdlCsv(records: readonly ScdlRecord[]): string {
  const lines = [SCDL_FIELDS.join(','), ...records.map((r) => SCDL_FIELDS.map((f) => csvCell(r[f])).join(','))];
  return lines.join('\r\n') + '\r\n';
}
