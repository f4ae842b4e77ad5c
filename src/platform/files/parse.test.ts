import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_FORMATS, IMAGE_FORMATS, TABLE_FORMATS, type FileFormat, type ParsedDocument, type ParsedTable } from './formats';
import { parseFile } from './parse';
import { FileRefusal } from './refusal';
import { makeDocx, makePdf, makeXlsx, makeZip, MONTPELLIER_DIR } from './testing/fixtures';

const ALL: FileFormat[] = [...DOCUMENT_FORMATS, ...TABLE_FORMATS, ...IMAGE_FORMATS];
const DOCUMENTS: FileFormat[] = [...DOCUMENT_FORMATS];
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof FileRefusal) return { status: err.status, code: err.code };
    throw err;
  }
  return null;
};

describe('type from content, not from the name', () => {
  const php = Buffer.from('<?php echo shell_exec($_GET["cmd"]); ?>\n');
  it('refuses a PHP script named .docx or .pdf, or sent as a PDF, as unsupported', async () => {
    for (const filename of ['rapport.docx', 'deliberation.pdf', 'notes.txt']) {
      expect(await refusal(parseFile(php, { accept: ALL, filename })), filename).toEqual({ status: 422, code: 'file.unsupported_type' });
    }
    expect(await refusal(parseFile(php, { accept: ALL, declaredType: 'application/pdf' }))).toEqual({ status: 422, code: 'file.unsupported_type' });
  });

  it('refuses plain text claiming a binary format, and binaries of formats not accepted', async () => {
    expect(await refusal(parseFile(Buffer.from('Bonjour'), { accept: ALL, filename: 'photo.jpg' }))).toMatchObject({ code: 'file.unsupported_type' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(await refusal(parseFile(png, { accept: DOCUMENTS, filename: 'arrete.pdf' }))).toMatchObject({ code: 'file.unsupported_type' });
    expect(await refusal(parseFile(makeZip([{ name: 'a.txt', data: Buffer.from('x') }]), { accept: ALL, filename: 'a.docx' }))).toMatchObject({ code: 'file.unsupported_type' });
    expect(await refusal(parseFile(makeXlsx([['a']]), { accept: DOCUMENTS, filename: 'a.docx' }))).toMatchObject({ code: 'file.unsupported_type' });
    expect(await refusal(parseFile(Buffer.from([0, 1, 2, 3, 4, 5]), { accept: ALL }))).toMatchObject({ code: 'file.unsupported_type' });
    expect(await refusal(parseFile(Buffer.alloc(0), { accept: ALL }))).toMatchObject({ status: 422, code: 'file.empty' });
    expect(await refusal(parseFile(Buffer.alloc(2000, 'a'), { accept: ALL, limits: { maxBytes: 1000 } }))).toEqual({ status: 413, code: 'file.too_large' });
  });

  it('parses a PDF whatever its name says, since its content says PDF', async () => {
    const pdf = makePdf([[{ text: 'Arrêté municipal', x: 50, y: 700, size: 11 }]]);
    expect(await parseFile(pdf, { accept: ALL, filename: 'arrete.docx' })).toMatchObject({ kind: 'document', format: 'pdf', pages: 1, text: 'Arrêté municipal' });
  });

  it('tells text formats apart by content (HTML) then by name, and refuses one the caller does not take', async () => {
    const md = Buffer.from('# Horaires\n\nDu lundi au vendredi.');
    expect(await parseFile(md, { accept: DOCUMENTS, filename: 'horaires.md' })).toMatchObject({ format: 'markdown', title: 'Horaires', encoding: 'utf-8' });
    expect(await parseFile(md, { accept: DOCUMENTS, filename: 'horaires' })).toMatchObject({ format: 'text' });
    expect(await parseFile(md, { accept: DOCUMENTS, declaredType: 'text/markdown; charset=utf-8' })).toMatchObject({ format: 'markdown' });
    const html = Buffer.from('<!DOCTYPE html><html><head><title>Marché</title></head><body><main><h1>Marché</h1><p>Le samedi.</p></main></body></html>');
    expect(await parseFile(html, { accept: DOCUMENTS, filename: 'marche.txt' })).toMatchObject({ format: 'html', title: 'Marché', text: '# Marché\n\nLe samedi.' });
    expect(await refusal(parseFile(Buffer.from('a;b\n1;2\n'), { accept: DOCUMENTS, filename: 'export.csv' }))).toMatchObject({ code: 'file.unsupported_type' });
    expect(await refusal(parseFile(html, { accept: ['csv'], filename: 'export.csv' }))).toMatchObject({ code: 'file.unsupported_type' });
    expect(await refusal(parseFile(Buffer.from('x'.repeat(101)), { accept: DOCUMENTS, limits: { maxTextLength: 100 } }))).toEqual({ status: 413, code: 'file.text_too_long' });
  });
});

describe('documents', () => {
  it('DOCX keeps Word headings; its images are never read', async () => {
    const docx = makeDocx([{ text: 'Règlement du cimetière', heading: 1 }, { text: 'Article 1 – Horaires', heading: 2 }, { text: 'Le cimetière est ouvert de 8 h à 18 h.' }], {
      // A 60 MiB "photo" declared honestly: never inflated, so not counted against the limits.
      extra: [{ name: 'word/media/image1.png', data: { prefix: '', chunk: Buffer.alloc(1_048_576), times: 60, suffix: '' } }],
    });
    const r = (await parseFile(docx, { accept: DOCUMENTS })) as ParsedDocument;
    expect(r).toMatchObject({ kind: 'document', format: 'docx', title: 'Règlement du cimetière' });
    expect(r.text).toBe('# Règlement du cimetière\n\n## Article 1 – Horaires\n\nLe cimetière est ouvert de 8 h à 18 h.');
  });

  it('refuses a Word file that is only a ZIP with its name', async () => {
    expect(await refusal(parseFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]), { accept: DOCUMENTS, filename: 'a.docx' }))).toMatchObject({ code: 'file.unreadable' });
  });

  const pdfs = fs.existsSync(MONTPELLIER_DIR) ? fs.readdirSync(MONTPELLIER_DIR).filter((f) => f.endsWith('.pdf')).sort() : [];
  it.skipIf(pdfs.length === 0)('reads a real council deliberation of Montpellier', async () => {
    const r = (await parseFile(fs.readFileSync(path.join(MONTPELLIER_DIR, pdfs[0]!)), { accept: DOCUMENTS })) as ParsedDocument;
    expect(r.format).toBe('pdf');
    expect(r.pages).toBeGreaterThan(0);
    expect(r.text).toMatch(/Conseil Municipal/i);
  });
});

describe('tables', () => {
  it('XLSX: rows of strings with their sheet row numbers; numbers as written; blank rows skipped', async () => {
    const xlsx = makeXlsx([['Nom', 'Code postal', 'Taux'], ['Léa', '01000', '0.1'], [], ['Marc', null, '12']], { sheetName: 'Volontaires' });
    const r = (await parseFile(xlsx, { accept: ['xlsx', 'csv'], filename: 'pool.xlsx' })) as ParsedTable;
    expect(r).toMatchObject({ kind: 'table', format: 'xlsx', encoding: null, separator: null });
    expect(r.sheets).toEqual([
      {
        name: 'Volontaires',
        rows: [
          { line: 1, cells: ['Nom', 'Code postal', 'Taux'] },
          // A number cell keeps the text written in the file, not a float's rendering.
          { line: 2, cells: ['Léa', '01000', '0.1'] },
          { line: 4, cells: ['Marc', '', '12'] },
        ],
      },
    ]);
  });

  it('XLSX: a date-formatted cell becomes an ISO date, a boolean TRUE or FALSE', async () => {
    const x = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
    const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const workbook = makeZip([
      { name: '[Content_Types].xml', data: x('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
      { name: 'xl/workbook.xml', data: x(`<workbook xmlns="${S}" xmlns:r="${REL}"><sheets><sheet name="Réponses" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: x(
          `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
        ),
      },
      // Style 1 is Excel's built-in short date (format 14).
      { name: 'xl/styles.xml', data: x(`<styleSheet xmlns="${S}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`) },
      { name: 'xl/worksheets/sheet1.xml', data: x(`<worksheet xmlns="${S}"><sheetData><row r="1"><c r="A1" s="1"><v>45292</v></c><c r="B1" t="b"><v>0</v></c></row></sheetData></worksheet>`) },
    ]);
    expect(((await parseFile(workbook, { accept: ['xlsx'] })) as ParsedTable).sheets).toEqual([{ name: 'Réponses', rows: [{ line: 1, cells: ['2024-01-01', 'FALSE'] }] }]);
  });

  it('XLSX: refuses a sheet whose extent is too large before building it', async () => {
    const far = makeXlsx([['a']], {
      sheet: Buffer.from(
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>b</t></is></c></row></sheetData></worksheet>',
      ),
    });
    expect(await refusal(parseFile(far, { accept: ['xlsx'] }))).toEqual({ status: 413, code: 'file.too_many_rows' });
    expect(await refusal(parseFile(far, { accept: ['xlsx'], limits: { maxRows: 2_000_000 } }))).toEqual({ status: 413, code: 'file.too_many_columns' });
    expect(await refusal(parseFile(far, { accept: ['xlsx'], limits: { maxRows: 2_000_000, maxColumns: 20_000 } }))).toEqual({ status: 413, code: 'file.too_many_cells' });
  });

  it('CSV: encoding and separator reported with the rows', async () => {
    const r = (await parseFile(Buffer.from('a;b\n1;2\n'), { accept: ['csv'], filename: 'x.csv' })) as ParsedTable;
    expect(r).toEqual({ kind: 'table', format: 'csv', encoding: 'utf-8', bom: false, separator: ';', sheets: [{ name: '', rows: [{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['1', '2'] }] }] });
    // A CSV-only caller takes any text as CSV, whatever its name.
    expect(await parseFile(Buffer.from('a,b\n'), { accept: ['csv'], filename: 'export.txt' })).toMatchObject({ format: 'csv', separator: ',' });
  });
});

describe('images', () => {
  const png = (w: number, h: number) => {
    const b = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
    b.writeUInt32BE(13, 8);
    b.write('IHDR', 12, 'latin1');
    b.writeUInt32BE(w, 16);
    b.writeUInt32BE(h, 20);
    return b;
  };
  it('returns the type and dimensions; refuses a pixel flood from its header', async () => {
    expect(await parseFile(png(4032, 3024), { accept: ['jpeg', 'png'], filename: 'photo.jpg' })).toEqual({ kind: 'image', format: 'png', width: 4032, height: 3024 });
    expect(await refusal(parseFile(png(100_000, 100_000), { accept: ['png'] }))).toEqual({ status: 413, code: 'file.image_too_large' });
    expect(await refusal(parseFile(png(10, 10), { accept: ['jpeg'] }))).toMatchObject({ code: 'file.unsupported_type' });
  });
});
