/**
 * Reading and writing the CSV of Pol.is's open-data export: read with the platform's parser
 * (quotes, fields over several lines, limits, refusals with a line number), written the way the
 * export writes it (comma, a field quoted only when it holds a comma, a quote or a line break,
 * `\n` after every row), so that an unchanged file comes back byte for byte.
 */
import { parseCsvText, type TableRow } from '../../../platform/files/csv';
import { resolveLimits, type FileLimits } from '../../../platform/files/limits';
import { refuse } from '../../../platform/files/refusal';

type CsvLimits = Pick<FileLimits, 'maxRows' | 'maxColumns' | 'maxCells' | 'maxFieldLength' | 'maxTextLength'>;

/**
 * Sized for large real conversations (tens of thousands of participants, a few thousand
 * statements, millions of votes); a caller facing untrusted uploads passes tighter ones.
 */
export const POLIS_CSV_LIMITS: Readonly<CsvLimits> = Object.freeze({
  maxRows: 20_000_000,
  maxColumns: 20_000,
  maxCells: 200_000_000,
  maxFieldLength: 100_000,
  maxTextLength: 2_000_000_000,
});

export interface CsvTableText {
  header: string[];
  rows: TableRow[];
}

export function readCsv(text: string, limits: Partial<CsvLimits> = {}): CsvTableText {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const { rows } = parseCsvText(body, resolveLimits(POLIS_CSV_LIMITS, limits));
  return tableOfRows(rows);
}

/** The header and rows of a table already read (by `ctx.files.parse`, say): every row must have the header's width. */
export function tableOfRows(rows: readonly TableRow[]): CsvTableText {
  const [first, ...rest] = rows;
  if (!first) throw refuse.empty();
  for (const row of rest) {
    if (row.cells.length !== first.cells.length) {
      throw refuse.unreadable(`la ligne ${row.line} a ${row.cells.length} colonnes au lieu de ${first.cells.length}`, row.line);
    }
  }
  return { header: first.cells, rows: rest };
}

export function requireColumns(header: readonly string[], required: readonly string[], file: string): Map<string, number> {
  const index = new Map(header.map((name, i) => [name, i] as const));
  const missing = required.filter((name) => !index.has(name));
  if (missing.length > 0) throw refuse.unreadable(`${file} : colonne(s) manquante(s) ${missing.join(', ')}`, 1);
  return index;
}

/** An integer written the way the export writes it (no sign for 0, no leading zero, no decimals). */
export function readInteger(cell: string, line: number, column: string): number {
  const value = Number(cell);
  if (!/^-?\d+$/.test(cell) || !Number.isSafeInteger(value) || String(value) !== cell) {
    throw refuse.unreadable(`ligne ${line}, colonne « ${column} » : nombre entier attendu (« ${cell.slice(0, 40)} »)`, line);
  }
  return value;
}

function quote(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function writeCsv(header: readonly string[], rows: Iterable<readonly string[]>): string {
  const lines: string[] = [header.map(quote).join(',')];
  for (const row of rows) lines.push(row.map(quote).join(','));
  return `${lines.join('\n')}\n`;
}
