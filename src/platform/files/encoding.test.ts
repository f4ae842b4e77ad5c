import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding } from './encoding';

describe('text encoding detection', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    const plain = Buffer.from('Été, 12 €');
    expect(detectEncoding(plain)).toEqual({ encoding: 'utf-8', bom: false });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
    expect(detectEncoding(bom)).toEqual({ encoding: 'utf-8', bom: true });
    expect(decodeText(bom)).toBe('Été, 12 €');
  });

  it('reads Windows-1252 ("Latin-1") when the bytes are not UTF-8, euro sign and curly quote included', () => {
    const latin = Buffer.from([0x45, 0x74, 0xe9, 0x3b, 0x80, 0x3b, 0x92, 0x3b, 0x9c, 0x75, 0x76, 0x72, 0x65]);
    expect(detectEncoding(latin)).toEqual({ encoding: 'windows-1252', bom: false });
    expect(decodeText(latin)).toBe('Eté;€;’;œuvre');
  });

  it('reads UTF-16 with its byte-order mark (Excel\'s "Unicode text")', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nom\tVille\n', 'utf16le')]);
    expect(detectEncoding(le)).toEqual({ encoding: 'utf-16le', bom: true });
    expect(decodeText(le)).toBe('Nom\tVille\n');
  });

  it('says binary content is not text', () => {
    expect(decodeText(Buffer.from([0x48, 0x69, 0x00, 0x01]))).toBeNull();
    expect(decodeText(Buffer.from('ok\x1b[31m'))).toBeNull();
    expect(decodeText(Buffer.from('tab\tnew line\r\nform feed\f'))).toBe('tab\tnew line\r\nform feed\f');
  });
});
