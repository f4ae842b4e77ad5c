/**
 * One parse of an untrusted file, as run inside the parsing thread (parser.ts starts the thread
 * and enforces time and memory): the type from the content, the limits, then the parser of that
 * type. Nothing here trusts the file's name.
 */
import { detectContent, looksLikeHtml, zipFormat } from './detect';
import { decodeText, detectEncoding } from './encoding';
import { claimedFormat, TEXT_FORMATS, type FileFormat, type ParsedFile, type ParseRequest } from './formats';
import { imageSize, type ImageFormat } from './image';
import { resolveLimits, type FileLimits } from './limits';
import { refuse } from './refusal';
import { firstHeading, normalizeBody } from './text/normalize';
import { readZipDirectory } from './zip';

// Each format's parser is loaded when a file of that format comes: a thread parses one file, and
// loading them all would cost it half a second and tens of megabytes for nothing.

export async function parseFile(bytes: Uint8Array, request: ParseRequest, limits: FileLimits = resolveLimits(request.limits)): Promise<ParsedFile> {
  if (bytes.length === 0) throw refuse.empty();
  if (bytes.length > limits.maxBytes) throw refuse.tooLarge(limits.maxBytes);
  const accepts = (f: FileFormat) => request.accept.includes(f);
  const unsupported = () => refuse.unsupportedType(request.accept);
  const claimed = claimedFormat(request.filename, request.declaredType);
  const kind = detectContent(bytes);

  switch (kind) {
    case 'pdf': {
      if (!accepts('pdf')) throw unsupported();
      const { parsePdf } = await import('./text/pdf');
      const pdf = await parsePdf(bytes, limits);
      return { kind: 'document', format: 'pdf', title: pdf.title, text: pdf.text, pages: pdf.pages };
    }
    case 'zip': {
      const entries = readZipDirectory(bytes, limits);
      const format = zipFormat(entries.map((e) => e.name));
      if (!format || !accepts(format)) throw unsupported();
      if (format === 'docx') {
        const { parseDocx } = await import('./text/docx');
        const doc = await parseDocx(bytes, entries, limits);
        return { kind: 'document', format: 'docx', title: doc.title, text: doc.text };
      }
      const { parseXlsx } = await import('./xlsx');
      const sheets = await parseXlsx(bytes, entries, limits);
      return { kind: 'table', format: 'xlsx', sheets, encoding: null, bom: null, separator: null };
    }
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'heic':
      return parseImage(kind, bytes, accepts(kind), limits, unsupported);
    case 'unknown':
      return await parseText(bytes, request, claimed, limits, unsupported);
    default:
      throw unsupported();
  }
}

function parseImage(format: ImageFormat, bytes: Uint8Array, accepted: boolean, limits: FileLimits, unsupported: () => Error): ParsedFile {
  if (!accepted) throw unsupported();
  const { width, height } = imageSize(format, bytes);
  if (width * height > limits.maxImagePixels) throw refuse.imageTooLarge(limits.maxImagePixels, width, height);
  return { kind: 'image', format, width, height };
}

async function parseText(bytes: Uint8Array, request: ParseRequest, claimed: FileFormat | null, limits: FileLimits, unsupported: () => Error): Promise<ParsedFile> {
  // A name claiming a binary format on text content is a disguise (a script named .docx).
  if (claimed && !TEXT_FORMATS.includes(claimed)) throw unsupported();
  const detected = detectEncoding(bytes);
  const decoded = decodeText(bytes, detected);
  if (decoded === null) throw unsupported();
  const format = textFormat(decoded, request, claimed);
  if (!format) throw unsupported();
  if (format === 'csv') {
    const { parseCsvText } = await import('./csv');
    const { separator, rows } = parseCsvText(decoded, limits);
    return { kind: 'table', format: 'csv', sheets: [{ name: '', rows }], encoding: detected.encoding, bom: detected.bom, separator };
  }
  if (format === 'html') {
    const { htmlToText } = await import('./text/html');
    const { title, body } = htmlToText(decoded);
    if (body.length > limits.maxTextLength) throw refuse.textTooLong(limits.maxTextLength);
    return { kind: 'document', format, title, text: body, encoding: detected.encoding };
  }
  if (decoded.length > limits.maxTextLength) throw refuse.textTooLong(limits.maxTextLength);
  const text = normalizeBody(decoded);
  return { kind: 'document', format, title: firstHeading(text), text, encoding: detected.encoding };
}

/**
 * Which text format: HTML when the content is an HTML document, else the format the name or
 * media type claims, else the first text format the caller accepts. A claim of Markdown, HTML or
 * CSV the caller does not take refuses the file (a CSV sent where documents are expected); "plain
 * text" (.txt, text/plain) claims nothing precise — Excel saves tab-separated tables as .txt.
 */
function textFormat(text: string, request: ParseRequest, claimed: FileFormat | null): 'html' | 'markdown' | 'text' | 'csv' | null {
  const accepts = (f: FileFormat) => request.accept.includes(f);
  if (looksLikeHtml(text)) return accepts('html') ? 'html' : null;
  if (claimed && claimed !== 'text') return accepts(claimed) ? (claimed as 'html' | 'markdown' | 'csv') : null;
  return (['text', 'markdown', 'csv'] as const).find(accepts) ?? null;
}
