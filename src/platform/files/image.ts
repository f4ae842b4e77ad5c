/**
 * Image dimensions read from the headers, without decoding a pixel: enough to refuse an image
 * whose decoding would need gigabytes (a "pixel flood") before anything decodes it.
 */
import { refuse } from './refusal';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'heic';

export interface ImageSize {
  width: number;
  height: number;
}

export function imageSize(format: ImageFormat, bytes: Uint8Array): ImageSize {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = format === 'jpeg' ? jpegSize(bytes, view) : format === 'png' ? pngSize(bytes, view) : format === 'webp' ? webpSize(bytes, view) : heifSize(bytes, view);
  if (!size || size.width <= 0 || size.height <= 0) throw refuse.unreadable("dimensions de l'image introuvables");
  return size;
}

const tag = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));

function pngSize(bytes: Uint8Array, view: DataView): ImageSize | null {
  if (bytes.length < 24 || tag(bytes, 12) !== 'IHDR') return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Walks the JPEG markers to the first start-of-frame, which carries the dimensions. */
function jpegSize(bytes: Uint8Array, view: DataView): ImageSize | null {
  let p = 2;
  while (p + 4 <= bytes.length) {
    if (bytes[p] !== 0xff) return null;
    const marker = bytes[p + 1]!;
    // Fill bytes, and markers without a length (restart markers, start of image).
    if (marker === 0xff) {
      p += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      p += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null;
    const length = view.getUint16(p + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (p + 9 > bytes.length) return null;
      return { height: view.getUint16(p + 5), width: view.getUint16(p + 7) };
    }
    if (length < 2) return null;
    p += 2 + length;
  }
  return null;
}

function webpSize(bytes: Uint8Array, view: DataView): ImageSize | null {
  const chunk = tag(bytes, 12);
  const uint24 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
  if (chunk === 'VP8X' && bytes.length >= 30) return { width: 1 + uint24(24), height: 1 + uint24(27) };
  if (chunk === 'VP8 ' && bytes.length >= 30 && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  if (chunk === 'VP8L' && bytes.length >= 25 && bytes[20] === 0x2f) {
    const bits = view.getUint32(21, true);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  return null;
}

/**
 * HEIF/HEIC: the `ispe` properties in meta → iprp → ipco give each image item's size. A photo
 * stored as a grid of tiles has one per tile and one for the whole; the largest is the image.
 */
function heifSize(bytes: Uint8Array, view: DataView): ImageSize | null {
  let best: ImageSize | null = null;
  const walk = (start: number, end: number, depth: number) => {
    let p = start;
    while (p + 8 <= end && depth < 6) {
      let size = view.getUint32(p);
      const type = tag(bytes, p + 4);
      let header = 8;
      if (size === 1) {
        if (p + 16 > end) return;
        const big = view.getBigUint64(p + 8);
        if (big > BigInt(end - p)) return;
        size = Number(big);
        header = 16;
      } else if (size === 0) {
        size = end - p;
      }
      if (size < header || p + size > end) return;
      // `meta` is a full box: 4 bytes of version and flags before its children.
      if (type === 'meta') walk(p + header + 4, p + size, depth + 1);
      else if (type === 'iprp' || type === 'ipco') walk(p + header, p + size, depth + 1);
      else if (type === 'ispe' && size >= header + 12) {
        const s = { width: view.getUint32(p + header + 4), height: view.getUint32(p + header + 8) };
        if (!best || s.width * s.height > best.width * best.height) best = s;
      }
      p += size;
    }
  };
  walk(0, bytes.length, 0);
  return best;
}
