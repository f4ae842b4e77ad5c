/**
 * The encoding of a text file, from its bytes: a byte-order mark when there is one, else UTF-8
 * when the bytes are valid UTF-8, else Windows-1252 — what Excel and older town-hall software
 * export as "ANSI" or "Latin-1" (it is ISO-8859-1 plus € ’ œ… in 0x80–0x9F, and decodes any byte).
 */
import { isUtf8 } from 'node:buffer';

export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface DetectedEncoding {
  encoding: TextEncoding;
  /** The file started with a byte-order mark (dropped from the decoded text). */
  bom: boolean;
}

export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  return { encoding: isUtf8(bytes) ? 'utf-8' : 'windows-1252', bom: false };
}


/**
 * Decodes text, or returns null when the content is binary: control characters other than tab,
 * line feed, vertical tab, form feed and carriage return (a NUL, an ESC…) do not occur in text.
 */
export function decodeText(bytes: Uint8Array, detected: DetectedEncoding = detectEncoding(bytes)): string | null {
  const skip = detected.bom ? (detected.encoding === 'utf-8' ? 3 : 2) : 0;
  const text = new TextDecoder(detected.encoding).decode(bytes.subarray(skip));
  return hasBinaryControls(text) ? null : text;
}

export function hasBinaryControls(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x09 || (c > 0x0d && c < 0x20)) return true;
  }
  return false;
}
