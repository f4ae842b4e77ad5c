/**
 * XLSX → rows of strings, with read-excel-file. The library is handed the workbook's XML parts
 * already inflated under the limits (zip.ts). It has no limits of its own and builds each sheet
 * as a full grid (every row padded to the widest one), so the extent of every sheet is read from
 * its XML first — the highest row number and column letter any element claims — and a sheet
 * that would make too large a grid is refused before it is built.
 */
import readXlsxFile from 'read-excel-file/universal';
import type { TableRow } from './csv';
import type { FileLimits } from './limits';
import { FileRefusal, refuse } from './refusal';
import { unpackZip, type ZipEntry } from './zip';

export interface SheetTable {
  name: string;
  rows: TableRow[];
}

const XML_PART = (name: string) => name.endsWith('.xml') || name.endsWith('.rels');
const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;

type XlsxLimits = Pick<
  FileLimits,
  'maxDecompressedBytes' | 'maxCompressionRatio' | 'maxRows' | 'maxColumns' | 'maxCells' | 'maxFieldLength' | 'maxTextLength'
>;

export async function parseXlsx(bytes: Uint8Array, entries: readonly ZipEntry[], limits: XlsxLimits): Promise<SheetTable[]> {
  const { files, archive } = unpackZip(bytes, entries, XML_PART, limits);
  for (const f of files) if (SHEET_PART.test(f.name)) checkSheetExtent(f.data, limits);
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    sheets = (await readXlsxFile(archive.buffer as ArrayBuffer, {
      // Numbers as written in the file ("0.1", "01000" stays a number's text), not as floats.
      parseNumber: (text: string) => text,
    })) as { sheet: string; data: unknown[][] }[];
  } catch (err) {
    if (err instanceof FileRefusal) throw err;
    throw refuse.unreadable('classeur Excel invalide');
  }
  let characters = 0;
  return sheets.map(({ sheet, data }) => {
    const rows: TableRow[] = [];
    data.forEach((row, i) => {
      const cells = row.map(cellText);
      if (cells.every((c) => c === '')) return;
      const line = i + 1;
      for (const c of cells) {
        if (c.length > limits.maxFieldLength) throw refuse.fieldTooLong(limits.maxFieldLength, line);
        characters += c.length;
      }
      // Shared strings make a small file expand: a string of 30,000 characters in every cell.
      if (characters > limits.maxTextLength) throw refuse.textTooLong(limits.maxTextLength);
      rows.push({ line, cells });
    });
    return { name: sheet, rows };
  });
}

/**
 * The grid a sheet would make, from the row numbers and cell references in its XML (a quick scan,
 * before any parsing); rows without a number count one after another.
 */
export function checkSheetExtent(xml: Uint8Array, limits: Pick<FileLimits, 'maxRows' | 'maxColumns' | 'maxCells'>): void {
  let rows = 0;
  let columns = 0;
  // Bytes, not a decoded string: a sheet can be tens of megabytes, and the tags are ASCII.
  for (let i = xml.indexOf(LT); i >= 0 && i < xml.length; i = xml.indexOf(LT, i + 1)) {
    let name = i + 1;
    let end = name;
    while (end < xml.length && isNameByte(xml[end]!)) end++;
    // A namespace prefix (`x:row`) does not change what the element is.
    const colon = xml.subarray(name, end).lastIndexOf(COLON);
    if (colon >= 0) name += colon + 1;
    const isRow = end - name === 3 && xml[name] === 0x72 && xml[name + 1] === 0x6f && xml[name + 2] === 0x77;
    const isCell = end - name === 1 && xml[name] === 0x63;
    if (!isRow && !isCell) continue;
    const close = xml.indexOf(GT, end);
    if (close < 0) break;
    const ref = referenceAttribute(xml.subarray(end, close));
    if (isRow) {
      rows = ref && /^\d+$/.test(ref) ? Math.max(rows, Number(ref)) : rows + 1;
    } else if (ref) {
      const cell = /^([A-Za-z]+)(\d+)$/.exec(ref);
      if (cell) {
        columns = Math.max(columns, columnNumber(cell[1]!));
        rows = Math.max(rows, Number(cell[2]));
      }
    }
    if (rows > limits.maxRows) throw refuse.tooManyRows(limits.maxRows);
    if (columns > limits.maxColumns) throw refuse.tooManyColumns(limits.maxColumns);
    i = close;
  }
  if (rows * columns > limits.maxCells) throw refuse.tooManyCells(limits.maxCells);
}

const LT = 0x3c;
const GT = 0x3e;
const COLON = 0x3a;
const isNameByte = (b: number) => (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === COLON || b === 0x5f || b === 0x2d || b === 0x2e;

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** The value of the `r` attribute among an element's attributes (read without allocating, cells are many). */
function referenceAttribute(a: Uint8Array): string | null {
  for (let k = 1; k < a.length; k++) {
    if (a[k] !== 0x72 || !isSpace(a[k - 1])) continue;
    let q = k + 1;
    while (isSpace(a[q])) q++;
    if (a[q] !== 0x3d) continue;
    q++;
    while (isSpace(a[q])) q++;
    const quote = a[q];
    if (quote !== 0x22 && quote !== 0x27) continue;
    const end = a.indexOf(quote, q + 1);
    return end < 0 || end - q > 32 ? null : String.fromCharCode(...a.subarray(q + 1, end));
  }
  return null;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    n = n * 26 + (ch.charCodeAt(0) - 64);
    // Past Excel's last column (XFD): no need to compute how far.
    if (n > 16_384) return n;
  }
  return n;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
  }
  return String(value);
}
