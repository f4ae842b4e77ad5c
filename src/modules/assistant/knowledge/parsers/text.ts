import { IngestionError, MESSAGES } from '../errors';

/**
 * The single normal form every extracted body is stored in: passage offsets and content
 * hashes refer to it, so two ingestions of the same content give the same hash.
 */
export function normalizeBody(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Decodes UTF-8 text, refusing binary content that merely carries a text extension. */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Legacy Windows exports are common in town halls; latin-1 never fails, so check for binary below.
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Control characters other than tab, newline and carriage return mean a binary file.
  let controls = 0;
  for (let i = 0; i < text.length && controls === 0; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x09 || (c > 0x0d && c < 0x20)) controls++;
  }
  if (controls > 0) throw new IngestionError('knowledge.invalid_file', MESSAGES.invalidFile);
  return text;
}

/** Markdown and plain text are stored as they are; the title is the first heading or first line. */
export function parseText(bytes: Uint8Array): { title: string | null; body: string } {
  const body = normalizeBody(decodeText(bytes));
  if (!body) throw new IngestionError('knowledge.empty_document', MESSAGES.emptyDocument);
  return { title: firstHeading(body), body };
}

export function firstHeading(body: string): string | null {
  const heading = /^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(body);
  if (heading) return heading[1]!.trim().slice(0, 300);
  const line = body.split('\n').find((l) => l.trim() !== '');
  return line ? line.trim().slice(0, 300) : null;
}
