/**
 * CSV as town halls receive it: UTF-8 with or without a byte-order mark, or Windows-1252
 * ("Latin-1") from Excel's "CSV (séparateur : point-virgule)"; `;`, `,` or tab between fields;
 * quoted fields that run over several lines. Every row keeps the line of the file it starts on,
 * so that an import can say "ligne 42 : date invalide".
 */
import { CsvError, parse } from 'csv-parse/sync';
import { decodeText, detectEncoding, type TextEncoding } from './encoding';
import type { FileLimits } from './limits';
import { refuse } from './refusal';

export type CsvSeparator = ';' | ',' | '\t';
const SEPARATORS: readonly CsvSeparator[] = [';', ',', '\t'];

export interface TableRow {
  /** 1-based line of the file (or row of the sheet) the row starts on. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  encoding: TextEncoding;
  bom: boolean;
  separator: CsvSeparator;
  rows: TableRow[];
}

/**
 * The separator that splits the first lines into the same number of fields most often (quotes
 * respected); more fields wins a tie, then the order `;` `,` tab — French exports use `;`
 * because `,` is the decimal mark.
 */
export function detectSeparator(text: string): CsvSeparator {
  const sample = firstLines(text, 50, 65_536);
  let best: { separator: CsvSeparator; agreeing: number; fields: number } | null = null;
  for (const separator of SEPARATORS) {
    const counts = sample.map((line) => countFields(line, separator)).filter((n) => n > 0);
    const frequency = new Map<number, number>();
    for (const n of counts) if (n > 1) frequency.set(n, (frequency.get(n) ?? 0) + 1);
    let agreeing = 0;
    let fields = 0;
    for (const [n, times] of frequency) {
      if (times > agreeing || (times === agreeing && n > fields)) {
        agreeing = times;
        fields = n;
      }
    }
    if (agreeing === 0) continue;
    if (!best || agreeing > best.agreeing || (agreeing === best.agreeing && fields > best.fields)) best = { separator, agreeing, fields };
  }
  return best?.separator ?? ',';
}

/** Logical lines (a quoted field may hold line breaks), at most `max` of them from the first `bytes` characters. */
function firstLines(text: string, max: number, chars: number): string[] {
  const lines: string[] = [];
  let quoted = false;
  let start = 0;
  const end = Math.min(text.length, chars);
  for (let i = 0; i < end && lines.length < max; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      const line = text.slice(start, i).replace(/\r$/, '');
      if (line.trim()) lines.push(line);
      start = i + 1;
    }
  }
  // The last line counts only when the sample holds all of it.
  if (lines.length < max && end === text.length && start < end && text.slice(start, end).trim()) lines.push(text.slice(start, end));
  return lines;
}

function countFields(line: string, separator: string): number {
  let quoted = false;
  let n = 1;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) n++;
  }
  return n;
}

type CsvLimits = Pick<FileLimits, 'maxRows' | 'maxColumns' | 'maxCells' | 'maxFieldLength' | 'maxTextLength'>;

export function parseCsv(bytes: Uint8Array, limits: CsvLimits): CsvTable {
  const detected = detectEncoding(bytes);
  const text = decodeText(bytes, detected);
  if (text === null) throw refuse.unreadable('le fichier contient des caractères binaires');
  return { encoding: detected.encoding, bom: detected.bom, ...parseCsvText(text, limits) };
}

/** Rows of decoded CSV text (without its byte-order mark). */
export function parseCsvText(text: string, limits: CsvLimits): { separator: CsvSeparator; rows: TableRow[] } {
  const separator = detectSeparator(text);
  const rows: TableRow[] = [];
  let previousEnd = 0;
  let cells = 0;
  let characters = 0;
  try {
    parse(text, {
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      // Bounds the parser's own buffer on an unclosed quote; fields are checked one by one below.
      max_record_size: limits.maxFieldLength * 4 + 1024,
      on_record: (record: string[], context: { lines: number }) => {
        const line = previousEnd + 1;
        previousEnd = context.lines;
        if (record.length === 1 && record[0] === '') return null;
        if (line > limits.maxRows) throw refuse.tooManyRows(limits.maxRows);
        if (record.length > limits.maxColumns) throw refuse.tooManyColumns(limits.maxColumns, line);
        cells += record.length;
        if (cells > limits.maxCells) throw refuse.tooManyCells(limits.maxCells);
        for (const field of record) {
          if (field.length > limits.maxFieldLength) throw refuse.fieldTooLong(limits.maxFieldLength, line);
          characters += field.length;
        }
        if (characters > limits.maxTextLength) throw refuse.textTooLong(limits.maxTextLength);
        rows.push({ line, cells: record });
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError) {
      // The record in error starts after the last complete one (the parser's own count is where it stopped).
      const line = previousEnd + 1;
      if (err.code === 'CSV_MAX_RECORD_SIZE') throw refuse.fieldTooLong(limits.maxFieldLength, line);
      throw refuse.unreadable(`CSV invalide à la ligne ${line} (${csvProblem(err.code)})`, line);
    }
    throw err;
  }
  return { separator, rows };
}

function csvProblem(code: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'guillemet jamais fermé';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'guillemet fermant mal placé';
    default:
      return code.toLowerCase().replace(/^csv_/, '').replace(/_/g, ' ');
  }
}
