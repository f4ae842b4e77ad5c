import { IngestionError, MESSAGES } from '../errors';
import type { SourceFormat } from '../types';
import { parseDocx } from './docx';
import { parseHtml } from './html';
import { parsePdf } from './pdf';
import { decodeText, parseText } from './text';

export type FileFormat = Extract<SourceFormat, 'md' | 'html' | 'txt' | 'pdf' | 'docx'>;

const BY_EXTENSION: Record<string, FileFormat> = {
  md: 'md', markdown: 'md', txt: 'txt', text: 'txt', html: 'html', htm: 'html', pdf: 'pdf', docx: 'docx',
};
const BY_MEDIA_TYPE: Record<string, FileFormat> = {
  'text/markdown': 'md',
  'text/x-markdown': 'md',
  'text/plain': 'txt',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

/**
 * The format of an uploaded file from its name (then its media type), or null when
 * unsupported. The bytes are checked against it by `checkMagic`.
 */
export function detectFormat(filename: string, mediaType?: string | null): FileFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (ext && BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  const mt = mediaType?.split(';')[0]?.trim().toLowerCase();
  return (mt && BY_MEDIA_TYPE[mt]) || null;
}

/** Binary content posing as a PDF or DOCX (or a PDF named .txt) is refused before any parsing. */
export function checkMagic(format: FileFormat, bytes: Uint8Array): void {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const isPdf = head.includes('%PDF-');
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ok = format === 'pdf' ? isPdf : format === 'docx' ? isZip : !isPdf && !isZip;
  if (!ok) throw new IngestionError('knowledge.invalid_file', MESSAGES.invalidFile);
}

/** Extracts the text of a file in the stored form (Markdown-like, normalised). */
export async function extractText(format: FileFormat, bytes: Uint8Array): Promise<{ title: string | null; body: string }> {
  if (bytes.length === 0) throw new IngestionError('knowledge.empty_document', MESSAGES.emptyDocument);
  checkMagic(format, bytes);
  switch (format) {
    case 'md':
    case 'txt':
      return parseText(bytes);
    case 'html':
      return parseHtml(bytes, decodeText);
    case 'pdf':
      return parsePdf(bytes);
    case 'docx':
      return parseDocx(bytes);
    default:
      throw new IngestionError('knowledge.unsupported_type', MESSAGES.unsupportedType);
  }
}
