/**
 * The knowledge base's uploads, read through the platform's parser of untrusted files
 * (`ctx.files`, src/platform/files): on a parsing thread, the type checked from the content,
 * within limits. What comes back is the stored text form the assistant has always kept
 * (Markdown-like, normalised), so ingestion is unchanged.
 */
import type { DocumentFormat, FileParser } from '../../../../platform/files';
import { FileRefusal, refuseFile } from '../../../../platform/files';
import { IngestionError, MESSAGES } from '../errors';
import type { SourceFormat } from '../types';

export type FileFormat = Extract<SourceFormat, 'md' | 'html' | 'txt' | 'pdf' | 'docx'>;

/** What the knowledge base takes: documents, never tables or images. */
export const KNOWLEDGE_FILE_FORMATS: readonly DocumentFormat[] = ['pdf', 'docx', 'html', 'markdown', 'text'];

const SOURCE_FORMAT: Record<DocumentFormat, FileFormat> = { pdf: 'pdf', docx: 'docx', html: 'html', markdown: 'md', text: 'txt' };

/** A document's body may not exceed what the API accepts for one typed by hand. */
export const MAX_BODY_CHARACTERS = 2_000_000;

export interface ExtractedText {
  format: FileFormat;
  title: string | null;
  body: string;
}

/**
 * Parses an uploaded file into the stored text form. Throws the platform's `FileRefusal` (a 413
 * or 422 problem detail) for a file refused by its type or limits, and an `IngestionError` for a
 * document the knowledge base cannot use: a scanned PDF (it needs OCR), a document without text.
 */
export async function extractText(files: FileParser, bytes: Uint8Array, sent: { filename: string; mediaType?: string | null }): Promise<ExtractedText> {
  const parsed = await files.parse(bytes, {
    accept: KNOWLEDGE_FILE_FORMATS,
    filename: sent.filename,
    declaredType: sent.mediaType,
    limits: { maxTextLength: MAX_BODY_CHARACTERS },
  });
  // With the formats accepted, so that the refusal is worded in the reader's language like the parser's own.
  if (parsed.kind !== 'document') throw refuseFile.unsupportedType(KNOWLEDGE_FILE_FORMATS);
  const body = parsed.text;
  if (parsed.format === 'pdf' && body.replace(/[\s#]/g, '').length < 3) throw new IngestionError('knowledge.pdf_needs_ocr', MESSAGES.needsOcr);
  if (!body) throw new IngestionError('knowledge.empty_document', MESSAGES.emptyDocument);
  return { format: SOURCE_FORMAT[parsed.format], title: parsed.title, body };
}

/**
 * For the ingestion job: a refusal of the file is final (an `IngestionError`, never retried), except
 * a busy parser, which a later attempt may find free.
 */
export function asIngestionError(err: unknown): unknown {
  if (err instanceof FileRefusal && err.status !== 503) return new IngestionError(err.code, err.message);
  return err;
}
