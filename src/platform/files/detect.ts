/**
 * What a file is, from its first bytes — never from its name or declared media type, which the
 * sender chooses. A ZIP container is told apart (DOCX, XLSX, other) from its directory; text is
 * anything that decodes without binary control characters.
 */
import { isZip } from './zip';

export type ContentKind =
  | 'pdf'
  | 'zip'
  | 'jpeg'
  | 'png'
  | 'webp'
  | 'heic'
  /** Recognised, never accepted: other images, older Office files, archives, programs. */
  | 'other-image'
  | 'ole2'
  | 'archive'
  | 'executable'
  | 'script'
  /** Decided by decoding: text, or binary data of no known kind. */
  | 'unknown';

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

export function detectContent(bytes: Uint8Array): ContentKind {
  // PDF readers accept junk before the header, up to 1 KiB; so do we.
  if (latin1Head(bytes, 1024).includes('%PDF-')) return 'pdf';
  if (isZip(bytes)) return 'zip';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brands = [ascii(bytes, 8, 12), ...compatibleBrands(bytes)];
    if (brands.some((b) => HEIF_BRANDS.has(b))) return 'heic';
    if (brands.some((b) => b === 'avif' || b === 'avis')) return 'other-image';
    return 'archive';
  }
  // A bitmap's reserved header bytes are zeros, which no text has.
  const bitmap = ascii(bytes, 0, 2) === 'BM' && bytes.length > 10 && [6, 7, 8, 9].every((i) => bytes[i] === 0);
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a' || bitmap) return 'other-image';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'other-image';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole2';
  if (
    startsWith(bytes, [0x1f, 0x8b]) ||
    startsWith(bytes, [0x42, 0x5a, 0x68]) ||
    startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) ||
    ascii(bytes, 0, 4) === 'Rar!' ||
    startsWith(bytes, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) ||
    startsWith(bytes, [0x28, 0xb5, 0x2f, 0xfd])
  ) {
    return 'archive';
  }
  if (
    startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]) ||
    isWindowsProgram(bytes) ||
    startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xfe, 0xed, 0xfa, 0xcf]) ||
    startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe]) ||
    startsWith(bytes, [0x00, 0x61, 0x73, 0x6d])
  ) {
    return 'executable';
  }
  if (isScript(bytes)) return 'script';
  return 'unknown';
}

/** "MZ" then, where the DOS header points, "PE\0\0": a text may start with "MZ", not with both. */
function isWindowsProgram(bytes: Uint8Array): boolean {
  if (ascii(bytes, 0, 2) !== 'MZ' || bytes.length < 64) return false;
  const pe = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0x3c, true);
  return pe + 4 <= bytes.length && startsWith(bytes, [0x50, 0x45, 0, 0], pe);
}

/** A PHP page or a shebang script, whatever the name it was sent under. */
function isScript(bytes: Uint8Array): boolean {
  const head = latin1Head(bytes, 256).replace(/^\ufeff|^\xef\xbb\xbf/, '').trimStart();
  return head.startsWith('#!') || /^<\?php\b/i.test(head) || /^<\?=/.test(head);
}

function compatibleBrands(bytes: Uint8Array): string[] {
  const size = ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  const out: string[] = [];
  for (let p = 16; p + 4 <= Math.min(size, bytes.length, 64); p += 4) out.push(ascii(bytes, p, p + 4));
  return out;
}

function latin1Head(bytes: Uint8Array, n: number): string {
  return new TextDecoder('latin1').decode(bytes.subarray(0, n));
}

/** The Office format of a ZIP container, from the names in its directory. */
export function zipFormat(names: Iterable<string>): 'docx' | 'xlsx' | null {
  const set = new Set(names);
  if (!set.has('[Content_Types].xml')) return null;
  if (set.has('word/document.xml')) return 'docx';
  if (set.has('xl/workbook.xml')) return 'xlsx';
  return null;
}

/**
 * An HTML document: its first tag, after blanks and a byte-order mark, is a doctype, html, head or
 * body (not a comment or a fragment, which Markdown may start with too).
 */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text.slice(0, 1024).replace(/^\ufeff/, ''));
}
