import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSeparator, parseCsv } from './csv';
import { DEFAULT_FILE_LIMITS } from './limits';
import { FileRefusal } from './refusal';
import { SHARED_DATA_DIR } from './testing/fixtures';

const limits = { ...DEFAULT_FILE_LIMITS };
/** Windows-1252 bytes (Latin-1 plus € at 0x80). */
const cp1252 = (s: string) => Buffer.from(s.replace(/€/g, '\x80'), 'latin1');
const refusalOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof FileRefusal) return { code: err.code, ...err.extra };
    throw err;
  }
  return null;
};

describe('CSV separators', () => {
  it('finds ; , or tab from how consistently they split the first lines, quotes respected', () => {
    expect(detectSeparator('nom;prénom;montant\nDupont;Jean;12,50\nMartin;Léa;3,00\n')).toBe(';');
    expect(detectSeparator('name,city\n"Paris, 75",12\nLyon,3\n')).toBe(',');
    expect(detectSeparator('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    // Commas inside quoted fields do not count.
    expect(detectSeparator('"a, b, c";d\n"e, f";g\n')).toBe(';');
    expect(detectSeparator('une seule colonne\nvaleur\n')).toBe(',');
  });
});

describe('CSV parsing', () => {
  it('reads a Latin-1 (Windows-1252) export with ; and keeps each row\'s line number', () => {
    const file = cp1252('Commune;Libellé;Montant\r\nVincennes;Écoles;1 200,50 €\r\n\r\nSaint-Mandé;"Voirie ; trottoirs";300\r\n');
    const t = parseCsv(file, limits);
    expect(t).toMatchObject({ encoding: 'windows-1252', bom: false, separator: ';' });
    expect(t.rows).toEqual([
      { line: 1, cells: ['Commune', 'Libellé', 'Montant'] },
      { line: 2, cells: ['Vincennes', 'Écoles', '1 200,50 €'] },
      // Line 3 is blank: skipped, and the numbering does not shift.
      { line: 4, cells: ['Saint-Mandé', 'Voirie ; trottoirs', '300'] },
    ]);
  });

  it('reads UTF-8 with a byte-order mark and , ; a quoted field over two lines keeps the line it starts on', () => {
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,réponse,note\n1,"Plus de bancs,\nsurtout place Bérault",4\n2,Très bien,5\n')]);
    const t = parseCsv(file, limits);
    expect(t).toMatchObject({ encoding: 'utf-8', bom: true, separator: ',' });
    expect(t.rows).toEqual([
      { line: 1, cells: ['id', 'réponse', 'note'] },
      { line: 2, cells: ['1', 'Plus de bancs,\nsurtout place Bérault', '4'] },
      { line: 4, cells: ['2', 'Très bien', '5'] },
    ]);
  });

  it('reads tab-separated UTF-16 from Excel\'s "Unicode text"', () => {
    const t = parseCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nom\tÂge\r\nLéa\t34\r\n', 'utf16le')]), limits);
    expect(t).toMatchObject({ encoding: 'utf-16le', separator: '\t' });
    expect(t.rows[1]).toEqual({ line: 2, cells: ['Léa', '34'] });
  });

  it('refuses with the line: an unclosed quote, too many rows, columns or characters in a cell', () => {
    expect(refusalOf(() => parseCsv(Buffer.from('a;b\n1;"ouvert\n2;3\n'), limits))).toMatchObject({ code: 'file.unreadable', line: 2 });
    expect(refusalOf(() => parseCsv(Buffer.from('a\n'.repeat(11)), { ...limits, maxRows: 10 }))).toMatchObject({ code: 'file.too_many_rows', limit: 10 });
    expect(refusalOf(() => parseCsv(Buffer.from('a;b\n1;2;3;4\n'), { ...limits, maxColumns: 3 }))).toMatchObject({ code: 'file.too_many_columns', line: 2 });
    expect(refusalOf(() => parseCsv(Buffer.from(`a;b\nc;${'x'.repeat(101)}\n`), { ...limits, maxFieldLength: 100 }))).toMatchObject({ code: 'file.field_too_long', line: 2 });
    expect(refusalOf(() => parseCsv(Buffer.from('a;b\n'.repeat(10)), { ...limits, maxCells: 15 }))).toMatchObject({ code: 'file.too_many_cells' });
    expect(refusalOf(() => parseCsv(Buffer.from('abc;def\n'.repeat(10)), { ...limits, maxTextLength: 50 }))).toMatchObject({ code: 'file.text_too_long' });
    expect(refusalOf(() => parseCsv(Buffer.from([0x61, 0x3b, 0x00, 0x01]), limits))).toMatchObject({ code: 'file.unreadable' });
  });

  const reports = path.join(SHARED_DATA_DIR, 'reports/dansmarue-paris-2023-2024.csv');
  it.skipIf(!fs.existsSync(reports))('reads a real open-data export: Paris "Dans ma rue" reports (UTF-8, `,`, quoted commas)', () => {
    const t = parseCsv(fs.readFileSync(reports), limits);
    expect(t).toMatchObject({ encoding: 'utf-8', bom: false, separator: ',' });
    expect(t.rows).toHaveLength(10_001);
    expect(t.rows[0]!.cells.slice(0, 3)).toEqual(['numero', 'type', 'soustype']);
    expect(t.rows[1]).toMatchObject({ line: 2, cells: expect.arrayContaining(['Graffitis, tags, affiches et autocollants']) });
    expect(t.rows.every((r) => r.cells.length === t.rows[0]!.cells.length)).toBe(true);
  });
});
