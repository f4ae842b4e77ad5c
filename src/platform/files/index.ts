/**
 * Untrusted files (uploads, imports): the platform's one way to read them. Modules call
 * `ctx.files.parse(bytes, { accept, filename, declaredType, limits })` and get a document's text,
 * a table's rows with their line numbers, or an image's type and size — or a `FileRefusal`, a
 * problem detail (413 for a size limit, 422 for a disguised, unreadable or too costly file).
 */
export { createFileParser, type FileParser, type FileParserOptions } from './parser';
export {
  DOCUMENT_FORMATS,
  IMAGE_FORMATS,
  TABLE_FORMATS,
  type DocumentFormat,
  type FileFormat,
  type ParsedDocument,
  type ParsedFile,
  type ParsedImage,
  type ParsedTable,
  type ParseRequest,
  type TableFormat,
} from './formats';
export type { CsvSeparator, TableRow } from './csv';
export type { TextEncoding } from './encoding';
export { DEFAULT_FILE_LIMITS, resolveLimits, type FileLimits } from './limits';
export { FileRefusal, FILE_REFUSALS, refuse as refuseFile, type FileRefusalCode } from './refusal';
