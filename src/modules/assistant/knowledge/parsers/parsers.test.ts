/**
 * The knowledge base's reading of uploads through the platform's file parser (on parsing
 * threads): the stored text form is what it has always been. The parsers themselves are tested
 * in src/platform/files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileParser, FileRefusal } from '../../../../platform/files';
import { MONTPELLIER_DIR } from '../../../../platform/files/testing/fixtures';
import { splitIntoPassages } from '../../retrieval/splitter';
import { IngestionError } from '../errors';
import { makeDocx, makePdf } from '../testing/fixtures';
import { asIngestionError, extractText } from './index';

const files = createFileParser({ concurrency: 1 });
afterAll(() => files.close());
const SLOW = { timeout: 60_000 };

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err instanceof IngestionError || err instanceof FileRefusal ? err.code : `unexpected: ${(err as Error).message}`;
  }
  return 'no error';
};
const read = (bytes: Uint8Array, filename: string, mediaType?: string) => extractText(files, bytes, { filename, mediaType });

describe('uploads read into the stored text form', SLOW, () => {
  it('keeps Markdown as is, normalising line endings and trailing spaces', async () => {
    const r = await read(Buffer.from('\ufeff# Cantine\r\n\r\nTarif :  \r\n- 3 €\r\n\r\n\r\n\r\nFin'), 'cantine.md');
    expect(r).toEqual({ format: 'md', title: 'Cantine', body: '# Cantine\n\nTarif :\n- 3 €\n\nFin' });
  });

  it('reads Windows-1252 text exported by older tools', async () => {
    expect(await read(Buffer.from([0x45, 0x74, 0xe9, 0x20, 0x32, 0x30, 0x32, 0x34]), 'ete.txt')).toMatchObject({ format: 'txt', body: 'Eté 2024' });
  });

  it('keeps Word headings', async () => {
    const r = await read(makeDocx([{ text: 'Règlement du cimetière', heading: 1 }, { text: 'Article 1 – Horaires', heading: 2 }, { text: 'Le cimetière est ouvert de 8 h à 18 h.' }]), 'reglement.docx');
    expect(r).toEqual({
      format: 'docx',
      title: 'Règlement du cimetière',
      body: '# Règlement du cimetière\n\n## Article 1 – Horaires\n\nLe cimetière est ouvert de 8 h à 18 h.',
    });
  });

  it('takes the HTML title and main content; passages split from it keep exact offsets', async () => {
    const html = Buffer.from('<html><head><title>Marché</title></head><body><nav>Menu</nav><main><h1>Marché</h1><p>Le samedi matin, place de la mairie.</p></main></body></html>');
    const r = await read(html, 'marche.html', 'text/html');
    expect(r).toEqual({ format: 'html', title: 'Marché', body: '# Marché\n\nLe samedi matin, place de la mairie.' });
    for (const p of splitIntoPassages(r.body)) expect(r.body.slice(p.start, p.end)).toBe(p.text);
  });

  it('says a PDF without text needs OCR, and an empty document has no text', async () => {
    const err = await read(makePdf([[], []]), 'scan.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestionError);
    expect((err as IngestionError).code).toBe('knowledge.pdf_needs_ocr');
    expect((err as IngestionError).message).toContain("Ce PDF ne contient pas de texte (document scanné) : il faut d'abord le passer à l'OCR");
    expect(await codeOf(read(Buffer.from('  \n\n '), 'vide.md'))).toBe('knowledge.empty_document');
  });

  it('refuses binary content named .txt, binaries posing as PDF, and a CSV', async () => {
    expect(await codeOf(read(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x03]), 'notes.txt'))).toBe('file.unsupported_type');
    expect(await codeOf(read(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), 'arrete.pdf'))).toBe('file.unsupported_type');
    expect(await codeOf(read(Buffer.from('%PDF-1.7\ngarbage without objects'), 'arrete.pdf'))).toBe('file.unreadable');
    expect(await codeOf(read(Buffer.from('a;b\n1;2'), 'export.csv'))).toBe('file.unsupported_type');
  });

  it('turns a refusal into a final ingestion error, except a busy parser (worth a retry)', () => {
    const final = asIngestionError(new FileRefusal('decompressed_too_large', 'trop gros'));
    expect(final).toBeInstanceOf(IngestionError);
    expect((final as IngestionError).message).toBe('file.decompressed_too_large: trop gros');
    const busy = new FileRefusal('parser_busy', 'occupé');
    expect(asIngestionError(busy)).toBe(busy);
  });

  const pdfs = fs.existsSync(MONTPELLIER_DIR) ? fs.readdirSync(MONTPELLIER_DIR).filter((f) => f.endsWith('.pdf')).sort() : [];
  it.skipIf(pdfs.length === 0)(`reads real Montpellier council deliberations into passages with exact offsets (${pdfs.length} PDFs)`, async () => {
    for (const f of pdfs.slice(0, 6)) {
      const r = await read(fs.readFileSync(path.join(MONTPELLIER_DIR, f)), f);
      expect(r.format).toBe('pdf');
      expect(r.body, f).toMatch(/Conseil Municipal/i);
      for (const p of splitIntoPassages(r.body)) expect(r.body.slice(p.start, p.end)).toBe(p.text);
    }
  });
});
