/**
 * ZIP containers (DOCX, XLSX) read without trusting them. The central directory is read and
 * checked first — entry count, declared inflated sizes, compression ratios — so a bomb is refused
 * before a byte is inflated; then each entry the parser needs is inflated with its declared size as
 * a hard cap (an entry that inflates past it lies and is refused at that point, with no more memory
 * than the cap spent) and its CRC checked. The parsers then get a new archive with those entries
 * stored uncompressed: whatever ZIP code the parsing library uses has nothing left to inflate.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import type { FileLimits } from './limits';
import { refuse } from './refusal';

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U16 = 0xffff;
const U32 = 0xffffffff;
/** Below this, a high ratio costs nothing (a few kilobytes of repeated XML compress 100:1). */
const RATIO_FLOOR = 1_048_576;

export function isZip(bytes: Uint8Array): boolean {
  // An archive starts with a local header, or is an empty archive (its end record alone).
  return bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06));
}

/** The central directory, checked for size and count but not yet for what the entries hold. */
export function readZipDirectory(bytes: Uint8Array, limits: Pick<FileLimits, 'maxZipEntries'>): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndRecord(view);
  if (eocd < 0) throw refuse.unreadable("archive ZIP sans répertoire central");
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) throw refuse.unreadable('archive ZIP en plusieurs volumes');
  if (count === U16 || size === U32 || offset === U32) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== EOCD64_LOCATOR) throw refuse.unreadable('répertoire ZIP64 introuvable');
    const at = safeNumber(view.getBigUint64(locator + 8, true));
    if (at + 56 > bytes.length || view.getUint32(at, true) !== EOCD64) throw refuse.unreadable('répertoire ZIP64 introuvable');
    count = safeNumber(view.getBigUint64(at + 32, true));
    size = safeNumber(view.getBigUint64(at + 40, true));
    offset = safeNumber(view.getBigUint64(at + 48, true));
  }
  if (count > limits.maxZipEntries) throw refuse.tooManyEntries(limits.maxZipEntries);
  if (offset + size > bytes.length) throw refuse.unreadable('répertoire ZIP hors du fichier');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > offset + size || view.getUint32(p, true) !== CENTRAL) throw refuse.unreadable('répertoire ZIP tronqué');
    const flags = view.getUint16(p + 8, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > offset + size) throw refuse.unreadable('répertoire ZIP tronqué');
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise it is code page 437, of which the names we look for use only ASCII.
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
    const entry: ZipEntry = {
      name,
      flags,
      method: view.getUint16(p + 10, true),
      crc32: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    };
    readZip64Extra(view, p + 46 + nameLength, extraLength, entry);
    // Two entries of one name: which one a parser reads is up to the parser, so neither is trusted.
    if (names.has(name)) throw refuse.unreadable(`deux éléments s'appellent « ${name.slice(0, 100)} »`);
    names.add(name);
    entries.push(entry);
    p = end;
  }
  return entries;
}

/** Refuses, from the directory alone, entries that would inflate past the limits. */
export function checkZipEntries(entries: readonly ZipEntry[], limits: Pick<FileLimits, 'maxDecompressedBytes' | 'maxCompressionRatio'>): void {
  let total = 0;
  for (const e of entries) {
    if (e.flags & 0x1) throw refuse.encrypted();
    if (e.method !== 0 && e.method !== 8) throw refuse.unreadable(`méthode de compression ${e.method} non prise en charge`);
    total += e.uncompressedSize;
    if (total > limits.maxDecompressedBytes) throw refuse.decompressedTooLarge(limits.maxDecompressedBytes);
    if (e.uncompressedSize > RATIO_FLOOR && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxCompressionRatio) {
      throw refuse.compressionTooHigh(limits.maxCompressionRatio);
    }
  }
}

/**
 * Inflates one entry, never past its declared size: the directory was checked against the
 * limits, so an entry that produces more than it declared is a lie and is refused at that byte.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, limits: Pick<FileLimits, 'maxDecompressedBytes'>): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) throw refuse.unreadable(`élément « ${entry.name.slice(0, 100)} » introuvable`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw refuse.unreadable(`élément « ${entry.name.slice(0, 100)} » tronqué`);
  const data = bytes.subarray(start, end);
  let out: Uint8Array;
  if (entry.method === 0) {
    out = data;
  } else {
    try {
      // One byte over the declared size is enough to know the entry lies.
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize + 1) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw refuse.entryLies(limits.maxDecompressedBytes);
      throw refuse.unreadable(`élément « ${entry.name.slice(0, 100)} » endommagé`);
    }
  }
  if (out.length > entry.uncompressedSize) throw refuse.entryLies(limits.maxDecompressedBytes);
  if (out.length !== entry.uncompressedSize || crc32(out) !== entry.crc32) throw refuse.unreadable(`élément « ${entry.name.slice(0, 100)} » endommagé`);
  return out;
}

/**
 * The entries a parser needs (by name), checked and inflated, repacked as a ZIP whose entries
 * are stored uncompressed. Entries not selected (images, embedded objects) are never inflated.
 */
export function unpackZip(
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
  select: (name: string) => boolean,
  limits: Pick<FileLimits, 'maxDecompressedBytes' | 'maxCompressionRatio'>,
): { files: { name: string; data: Uint8Array }[]; archive: Uint8Array } {
  const selected = entries.filter((e) => select(e.name) && !e.name.endsWith('/'));
  checkZipEntries(selected, limits);
  const files = selected.map((e) => ({ name: e.name, data: inflateEntry(bytes, e, limits) }));
  return { files, archive: storedZip(files) };
}

/** A ZIP archive of the given files, stored without compression. */
export function storedZip(files: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const encoded = files.map((f) => ({ name: new TextEncoder().encode(f.name), data: f.data, crc: crc32(f.data) }));
  const localSize = encoded.reduce((n, f) => n + 30 + f.name.length + f.data.length, 0);
  const centralSize = encoded.reduce((n, f) => n + 46 + f.name.length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let p = 0;
  for (const f of encoded) {
    offsets.push(p);
    view.setUint32(p, LOCAL, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 6, 0x800, true);
    view.setUint16(p + 8, 0, true);
    view.setUint16(p + 12, 0x21, true);
    view.setUint32(p + 14, f.crc, true);
    view.setUint32(p + 18, f.data.length, true);
    view.setUint32(p + 22, f.data.length, true);
    view.setUint16(p + 26, f.name.length, true);
    out.set(f.name, p + 30);
    out.set(f.data, p + 30 + f.name.length);
    p += 30 + f.name.length + f.data.length;
  }
  const centralStart = p;
  encoded.forEach((f, i) => {
    view.setUint32(p, CENTRAL, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 6, 20, true);
    view.setUint16(p + 8, 0x800, true);
    view.setUint16(p + 10, 0, true);
    view.setUint16(p + 14, 0x21, true);
    view.setUint32(p + 16, f.crc, true);
    view.setUint32(p + 20, f.data.length, true);
    view.setUint32(p + 24, f.data.length, true);
    view.setUint16(p + 28, f.name.length, true);
    view.setUint32(p + 42, offsets[i]!, true);
    out.set(f.name, p + 46);
    p += 46 + f.name.length;
  });
  view.setUint32(p, EOCD, true);
  view.setUint16(p + 8, encoded.length, true);
  view.setUint16(p + 10, encoded.length, true);
  view.setUint32(p + 12, p - centralStart, true);
  view.setUint32(p + 16, centralStart, true);
  return out;
}

function findEndRecord(view: DataView): number {
  // The end record is 22 bytes plus a comment of at most 65,535.
  const last = view.byteLength - 22;
  for (let p = last; p >= 0 && p >= last - U16; p--) {
    if (view.getUint32(p, true) === EOCD && p + 22 + view.getUint16(p + 20, true) <= view.byteLength) return p;
  }
  return -1;
}

function readZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
  const needs = [entry.uncompressedSize === U32, entry.compressedSize === U32, entry.localHeaderOffset === U32];
  if (!needs.some(Boolean)) return;
  for (let p = start; p + 4 <= start + length; ) {
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    if (id === 0x0001) {
      let q = p + 4;
      const next = () => {
        if (q + 8 > p + 4 + size) throw refuse.unreadable('champ ZIP64 tronqué');
        const v = safeNumber(view.getBigUint64(q, true));
        q += 8;
        return v;
      };
      if (needs[0]) entry.uncompressedSize = next();
      if (needs[1]) entry.compressedSize = next();
      if (needs[2]) entry.localHeaderOffset = next();
      return;
    }
    p += 4 + size;
  }
  throw refuse.unreadable('champ ZIP64 manquant');
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw refuse.unreadable('taille ZIP64 impossible');
  return Number(v);
}
