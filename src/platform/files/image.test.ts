import { describe, expect, it } from 'vitest';
import { imageSize } from './image';
import { FileRefusal } from './refusal';

const u32be = (n: number) => Buffer.from([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const u16be = (n: number) => Buffer.from([(n >>> 8) & 255, n & 255]);
const box = (type: string, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  return Buffer.concat([u32be(8 + body.length), Buffer.from(type, 'latin1'), body]);
};

describe('image dimensions from headers', () => {
  it('PNG', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), u32be(13), Buffer.from('IHDR'), u32be(4032), u32be(3024), Buffer.from([8, 6, 0, 0, 0])]);
    expect(imageSize('png', png)).toEqual({ width: 4032, height: 3024 });
  });

  it('JPEG: walks past the application segments to the frame header', () => {
    const app0 = Buffer.concat([Buffer.from([0xff, 0xe0]), u16be(16), Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')]);
    const exif = Buffer.concat([Buffer.from([0xff, 0xe1]), u16be(10), Buffer.alloc(8)]);
    const sof2 = Buffer.concat([Buffer.from([0xff, 0xc2]), u16be(17), Buffer.from([8]), u16be(6048), u16be(8064), Buffer.alloc(10)]);
    expect(imageSize('jpeg', Buffer.concat([Buffer.from([0xff, 0xd8]), app0, exif, sof2]))).toEqual({ width: 8064, height: 6048 });
  });

  it('WebP: lossy, lossless and extended', () => {
    const riff = (chunk: string, data: Buffer) => Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP'), Buffer.from(chunk), Buffer.alloc(4), data]);
    const vp8 = Buffer.concat([Buffer.alloc(3), Buffer.from([0x9d, 0x01, 0x2a]), Buffer.from([0x80, 0x02, 0xe0, 0x01])]);
    expect(imageSize('webp', riff('VP8 ', vp8))).toEqual({ width: 640, height: 480 });
    // 14 bits of width - 1, then 14 bits of height - 1.
    const bits = (1919 | (1079 << 14)) >>> 0;
    expect(imageSize('webp', riff('VP8L', Buffer.concat([Buffer.from([0x2f]), Buffer.from([bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, (bits >> 24) & 255])])))).toEqual({
      width: 1920,
      height: 1080,
    });
    const vp8x = Buffer.from([0x10, 0, 0, 0, 0x3f, 0x1f, 0x00, 0x6f, 0x17, 0x00]);
    expect(imageSize('webp', riff('VP8X', vp8x))).toEqual({ width: 8000, height: 6000 });
  });

  it('HEIC: the largest image item (the whole grid, not a tile)', () => {
    const ispe = (w: number, h: number) => box('ispe', Buffer.alloc(4), u32be(w), u32be(h));
    const heic = Buffer.concat([
      box('ftyp', Buffer.from('heic'), Buffer.alloc(4), Buffer.from('mif1heic')),
      box('meta', Buffer.alloc(4), box('hdlr', Buffer.alloc(20)), box('iprp', box('ipco', ispe(512, 512), ispe(4032, 3024), ispe(320, 240)))),
      box('mdat', Buffer.alloc(16)),
    ]);
    expect(imageSize('heic', heic)).toEqual({ width: 4032, height: 3024 });
  });

  it('refuses an image whose dimensions cannot be read', () => {
    expect(() => imageSize('png', Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toThrow(FileRefusal);
    expect(() => imageSize('jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toThrow(FileRefusal);
    expect(() => imageSize('heic', Buffer.concat([box('ftyp', Buffer.from('heic'))]))).toThrow(FileRefusal);
  });
});
