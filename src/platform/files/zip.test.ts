import { describe, expect, it } from 'vitest';
import { DEFAULT_FILE_LIMITS } from './limits';
import { FileRefusal } from './refusal';
import { docxBombDocument, makeDocx, makeZip, repeated } from './testing/fixtures';
import { checkZipEntries, inflateEntry, readZipDirectory, storedZip, unpackZip } from './zip';

const limits = { ...DEFAULT_FILE_LIMITS };
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof FileRefusal ? err.code : `unexpected: ${(err as Error).message}`;
  }
  return 'no error';
};

describe('ZIP directory check, before inflating', () => {
  it('lists the entries of an honest archive with their declared sizes', () => {
    const entries = readZipDirectory(makeDocx([{ text: 'Bonjour' }]), limits);
    expect(entries.map((e) => e.name)).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/_rels/document.xml.rels', 'word/styles.xml', 'word/document.xml']);
    expect(entries.every((e) => e.method === 8 && e.uncompressedSize > 0)).toBe(true);
  });

  it('refuses a bomb from its directory alone: total declared size, then ratio', () => {
    // ~200 KiB that declares (truthfully) 200 MiB once inflated.
    const bomb = makeDocx([], { document: docxBombDocument(200) });
    expect(bomb.length).toBeLessThan(300_000);
    const entries = readZipDirectory(bomb, limits);
    expect(codeOf(() => checkZipEntries(entries, limits))).toBe('file.decompressed_too_large');
    // Under the total but 1,000 times compressed.
    expect(codeOf(() => checkZipEntries(entries, { ...limits, maxDecompressedBytes: 1e9 }))).toBe('file.compression_too_high');
    // Small entries compress well without being bombs.
    const small = readZipDirectory(makeZip([{ name: 'a.xml', data: Buffer.alloc(500_000, 'a') }]), limits);
    expect(codeOf(() => checkZipEntries(small, limits))).toBe('no error');
  });

  it('refuses too many entries before reading them', () => {
    const many = makeZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.xml`, data: Buffer.from('x') })));
    expect(codeOf(() => readZipDirectory(many, { maxZipEntries: 20 }))).toBe('file.too_many_entries');
  });

  it('refuses duplicate names, encrypted entries, unknown methods and broken archives', () => {
    expect(codeOf(() => readZipDirectory(makeZip([{ name: 'a.xml', data: Buffer.from('1') }, { name: 'a.xml', data: Buffer.from('2') }]), limits))).toBe('file.unreadable');
    const encrypted = makeZip([{ name: 'a.xml', data: Buffer.from('secret') }]);
    const cd = encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    encrypted.writeUInt16LE(0x0801, cd + 8);
    expect(codeOf(() => checkZipEntries(readZipDirectory(encrypted, limits), limits))).toBe('file.encrypted');
    expect(codeOf(() => readZipDirectory(Buffer.from('PK\x03\x04 not really a zip'), limits))).toBe('file.unreadable');
    const truncated = makeDocx([{ text: 'x' }]).subarray(0, 200);
    expect(codeOf(() => readZipDirectory(truncated, limits))).toBe('file.unreadable');
  });
});

describe('ZIP inflation, capped by what the directory declared', () => {
  it('refuses an entry that inflates past its declared size at that point (a lying directory)', () => {
    // Declares 10 KiB; would inflate to 200 MiB.
    const liar = makeDocx([], { document: docxBombDocument(200), declaredSize: 10_240 });
    const entries = readZipDirectory(liar, limits);
    expect(codeOf(() => checkZipEntries(entries, limits))).toBe('no error');
    const document = entries.find((e) => e.name === 'word/document.xml')!;
    const before = process.memoryUsage().arrayBuffers;
    expect(codeOf(() => inflateEntry(liar, document, limits))).toBe('file.decompressed_too_large');
    // Nothing close to 200 MiB was ever allocated.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * 1_048_576);
  });

  it('refuses an entry whose content does not match its checksum, or is shorter than declared', () => {
    const zip = makeZip([{ name: 'a.xml', data: Buffer.from('<a>bonjour</a>') }]);
    const entry = readZipDirectory(zip, limits)[0]!;
    expect(codeOf(() => inflateEntry(zip, { ...entry, crc32: entry.crc32 ^ 1 }, limits))).toBe('file.unreadable');
    expect(codeOf(() => inflateEntry(zip, { ...entry, uncompressedSize: entry.uncompressedSize + 5 }, limits))).toBe('file.unreadable');
    expect(new TextDecoder().decode(inflateEntry(zip, entry, limits))).toBe('<a>bonjour</a>');
  });

  it('repacks the selected entries, stored, and never inflates the others', () => {
    const zip = makeZip([
      { name: 'word/document.xml', data: Buffer.from('<doc/>') },
      // A photo that would be a bomb if inflated: it is not selected, so never inflated.
      { name: 'word/media/image1.png', data: repeated('', Buffer.alloc(1_048_576), 50, ''), declaredSize: 10 },
    ]);
    const entries = readZipDirectory(zip, limits);
    const { files, archive } = unpackZip(zip, entries, (n) => n.endsWith('.xml'), limits);
    expect(files.map((f) => f.name)).toEqual(['word/document.xml']);
    const repacked = readZipDirectory(archive, limits);
    expect(repacked).toMatchObject([{ name: 'word/document.xml', method: 0, uncompressedSize: 6, compressedSize: 6 }]);
    expect(new TextDecoder().decode(inflateEntry(archive, repacked[0]!, limits))).toBe('<doc/>');
    expect(readZipDirectory(storedZip([]), limits)).toEqual([]);
  });
});
