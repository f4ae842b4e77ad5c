import { describe, expect, it } from 'vitest';
import { numericColumn, parseDbf } from './dbf';
import { parseGal } from './gal';
import { readDbf, readGal } from './testing/pysal-data';

/** A dBase III file written byte by byte: fields (name, type, length, decimals), then records. */
function dbf(fields: [string, string, number, number][], records: { deleted?: boolean; cells: string[] }[]): Uint8Array {
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((a, f) => a + f[2], 0);
  const bytes = new Uint8Array(headerLength + recordLength * records.length + 1);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x03;
  view.setUint32(4, records.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  fields.forEach(([name, type, length, decimals], k) => {
    const at = 32 + 32 * k;
    bytes.set(new TextEncoder().encode(name), at);
    bytes[at + 11] = type.charCodeAt(0);
    bytes[at + 16] = length;
    bytes[at + 17] = decimals;
  });
  bytes[headerLength - 1] = 0x0d;
  records.forEach((record, r) => {
    let at = headerLength + r * recordLength;
    bytes[at++] = record.deleted ? 0x2a : 0x20;
    record.cells.forEach((cell, k) => {
      const text = cell.padStart(fields[k]![2]);
      for (let c = 0; c < text.length; c++) bytes[at + c] = text.charCodeAt(c);
      at += fields[k]![2];
    });
  });
  bytes[bytes.length - 1] = 0x1a;
  return bytes;
}

describe('dBase III', () => {
  it('reads the PySAL tables', () => {
    const columbus = readDbf('columbus.dbf');
    expect(columbus.records).toHaveLength(49);
    expect(columbus.fields.map((f) => f.name)).toContain('CRIME');
    expect(columbus.records[0]!.CRIME).toBe(15.72598);
    const sids = readDbf('sids2.dbf');
    expect(sids.records).toHaveLength(100);
    expect(sids.records[0]).toMatchObject({ NAME: 'Ashe', FIPS: '37009', FIPSNO: 37009, SID79: 0, BIR79: 1364 });
  });

  it('numbers, blanks as null, logicals, Latin-1 text; deleted records skipped', () => {
    const table = parseDbf(
      dbf(
        [
          ['NAME', 'C', 8, 0],
          ['VALUE', 'N', 8, 2],
          ['OK', 'L', 1, 0],
        ],
        [
          { cells: ['Évry', '12.50', 'T'] },
          { cells: ['gone', '1', 'F'], deleted: true },
          { cells: ['Sceaux', '', '?'] },
        ],
      ),
    );
    // 'É' was written as one byte (0xC9), as Latin-1 stores it.
    expect(table.records).toEqual([
      { NAME: 'Évry', VALUE: 12.5, OK: true },
      { NAME: 'Sceaux', VALUE: null, OK: null },
    ]);
    expect(() => numericColumn(table, 'VALUE')).toThrow(/record 2 has no number in VALUE/);
    expect(() => numericColumn(table, 'NOPE')).toThrow(/no field named NOPE/);
  });

  it('refuses truncated or inconsistent files', () => {
    const bytes = dbf([['V', 'N', 4, 0]], [{ cells: ['1'] }, { cells: ['2'] }]);
    expect(() => parseDbf(bytes.subarray(0, bytes.length - 6))).toThrow(/do not fit/);
    expect(() => parseDbf(bytes.subarray(0, 10))).toThrow(/shorter than its header/);
    const wrongWidth = Uint8Array.from(bytes);
    new DataView(wrongWidth.buffer).setUint16(10, 9, true);
    expect(() => parseDbf(wrongWidth)).toThrow(/fields add up to 5 bytes/);
  });
});

describe('GAL', () => {
  it('reads both header forms, ids in file order', () => {
    expect(readGal('desmith.gal').ids).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const sids = readGal('sids2.gal');
    expect(sids.idField).toBe('FIPSNO');
    expect(sids.ids.slice(0, 3)).toEqual(['37009', '37005', '37171']);
    const small = parseGal('3\na 2\nb c\nb 1\na\nc 0\n');
    expect(Array.from(small.weights.offsets)).toEqual([0, 2, 3, 3]);
    expect(Array.from(small.weights.neighbours)).toEqual([1, 2, 0]);
  });

  it('refuses unknown neighbours, wrong counts, duplicated ids and short files', () => {
    expect(() => parseGal('2\na 1\nz\nb 0\n')).toThrow(/area a lists a neighbour z/);
    expect(() => parseGal('2\na 2\nb\nb 0\n')).toThrow(/announces 2 neighbours and lists 1/);
    expect(() => parseGal('2\na 0\na 0\n')).toThrow(/appears twice/);
    expect(() => parseGal('3\na 0\nb 0\n')).toThrow(/announces 3 areas, the file has 2/);
    expect(() => parseGal('')).toThrow(/empty/);
  });
});
