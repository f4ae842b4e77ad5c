import { stripControlCharacters } from '../../validation/text';

/**
 * The single normal form every extracted text is returned in: the assistant's passage offsets and
 * content hashes refer to it, so two extractions of the same content give the same text.
 *
 * Control characters are removed rather than refused: a PDF's text layer or an HTML `&#0;` can
 * carry a NUL, which PostgreSQL refuses (a whole ingestion would fail on one invisible character),
 * and the others hide text from the people who read or validate it. Nobody can correct an
 * extracted text.
 */
export function normalizeBody(text: string): string {
  return stripControlCharacters(text)
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The first Markdown heading, else the first non-blank line. */
export function firstHeading(body: string): string | null {
  const heading = /^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(body);
  if (heading) return heading[1]!.trim().slice(0, 300);
  const line = body.split('\n').find((l) => l.trim() !== '');
  return line ? line.trim().slice(0, 300) : null;
}
