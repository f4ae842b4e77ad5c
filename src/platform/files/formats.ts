/** The formats an untrusted file may have, and the shapes a parse returns. */
import type { CsvSeparator, TableRow } from './csv';
import type { TextEncoding } from './encoding';
import type { ImageFormat } from './image';
import type { FileLimits } from './limits';

export const DOCUMENT_FORMATS = ['pdf', 'docx', 'html', 'markdown', 'text'] as const;
export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'heic'] as const;

export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
export type TableFormat = (typeof TABLE_FORMATS)[number];
export type FileFormat = DocumentFormat | TableFormat | ImageFormat;

export interface ParseRequest {
  /** What the caller can use; anything else is refused as `file.unsupported_type`. */
  accept: readonly FileFormat[];
  /**
   * The name and media type the sender gave: hints, never trusted. They tell Markdown, plain
   * text, HTML and CSV apart (all text); a hint of a format the content is not — a script named
   * `.docx` — refuses the file.
   */
  filename?: string | null;
  declaredType?: string | null;
  /** This call's limits, over the parser's defaults. */
  limits?: Partial<FileLimits>;
}

export interface ParsedDocument {
  kind: 'document';
  format: DocumentFormat;
  /** The document's title (PDF metadata, first heading, HTML title) or null. */
  title: string | null;
  /** Markdown-like text in one normal form: `#` headings, `- ` items, ` | ` table rows, NFC. */
  text: string;
  /** PDF only. */
  pages?: number;
  /** Text, Markdown and HTML files only. */
  encoding?: TextEncoding;
}

export interface ParsedTable {
  kind: 'table';
  format: TableFormat;
  /** One sheet for CSV (named after nothing: ''); each sheet's rows keep their line or row number. */
  sheets: { name: string; rows: TableRow[] }[];
  /** CSV only: the detected encoding and separator. */
  encoding: TextEncoding | null;
  bom: boolean | null;
  separator: CsvSeparator | null;
}

export interface ParsedImage {
  kind: 'image';
  format: ImageFormat;
  width: number;
  height: number;
}

export type ParsedFile = ParsedDocument | ParsedTable | ParsedImage;

/** The format a name or media type claims, or null when it claims nothing we know. */
export function claimedFormat(filename?: string | null, declaredType?: string | null): FileFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(filename ?? '')?.[1]?.toLowerCase();
  if (ext && BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  const mediaType = declaredType?.split(';')[0]?.trim().toLowerCase();
  return (mediaType && BY_MEDIA_TYPE[mediaType]) || null;
}

const BY_EXTENSION: Record<string, FileFormat> = {
  pdf: 'pdf',
  docx: 'docx',
  xlsx: 'xlsx',
  csv: 'csv',
  tsv: 'csv',
  html: 'html',
  htm: 'html',
  md: 'markdown',
  markdown: 'markdown',
  txt: 'text',
  text: 'text',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  heic: 'heic',
  heif: 'heic',
};

const BY_MEDIA_TYPE: Record<string, FileFormat> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heic',
};

export const TEXT_FORMATS: readonly FileFormat[] = ['html', 'markdown', 'text', 'csv'];
