/**
 * What an untrusted file may cost. Every cap is checked before the work it bounds when the file
 * says enough (a ZIP directory, a PDF's page count, an image header), and again while the work
 * runs, since a hostile file lies about itself.
 */
export interface FileLimits {
  /** Uploaded bytes (the routes pass `BEFFROI_UPLOAD_LIMIT`). */
  maxBytes: number;
  /** Sum of the inflated entries of a DOCX or XLSX that the parser reads, in bytes. */
  maxDecompressedBytes: number;
  /** Inflated size over compressed size of one ZIP entry, checked for entries above 1 MiB. */
  maxCompressionRatio: number;
  /** Entries in a ZIP directory. */
  maxZipEntries: number;
  /** Characters of extracted text: a document's text, or all the cells of a table together. */
  maxTextLength: number;
  maxPdfPages: number;
  /** Rows of a CSV file or of one sheet (the last row number, blank rows included). */
  maxRows: number;
  maxColumns: number;
  /** Rows × columns of one sheet: a sheet is materialised as a full grid. */
  maxCells: number;
  /** Characters in one CSV or spreadsheet cell (Excel's own cap is 32,767). */
  maxFieldLength: number;
  /** Width × height of an image. */
  maxImagePixels: number;
  /** Wall time of one parse, in milliseconds; the parsing thread is terminated past it. */
  timeoutMs: number;
  /** Memory of one parsing thread, in MiB: the cap of its JavaScript heap, and separately of its buffers. */
  memoryMb: number;
}

/**
 * Sized for a town hall: a 2,000-page council report, a survey or an electoral-roll extract of
 * 100,000 rows, a 48-megapixel phone photo all pass; a ZIP bomb, a million-row sheet or a
 * gigapixel image do not. Callers override any of them per call.
 */
export const DEFAULT_FILE_LIMITS: Readonly<FileLimits> = Object.freeze({
  maxBytes: 20 * 1_048_576,
  maxDecompressedBytes: 100 * 1_048_576,
  maxCompressionRatio: 100,
  maxZipEntries: 2_000,
  maxTextLength: 10_000_000,
  maxPdfPages: 2_000,
  maxRows: 100_000,
  maxColumns: 500,
  maxCells: 5_000_000,
  maxFieldLength: 32_767,
  maxImagePixels: 50_000_000,
  timeoutMs: 30_000,
  memoryMb: 512,
});

export function resolveLimits(...overrides: (Partial<FileLimits> | undefined)[]): FileLimits {
  const limits: FileLimits = { ...DEFAULT_FILE_LIMITS };
  for (const o of overrides) {
    if (!o) continue;
    for (const [key, value] of Object.entries(o) as [keyof FileLimits, number | undefined][]) {
      if (value === undefined) continue;
      if (!Number.isFinite(value) || value <= 0) throw new RangeError(`file limit ${key} must be a positive number (got ${value})`);
      limits[key] = value;
    }
  }
  return limits;
}
