import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../platform/app';
import { splitIntoPassages } from '../../retrieval/splitter';
import { IngestionError } from '../errors';
import { makeDocx, makePdf } from '../testing/fixtures';
import { checkMagic, detectFormat, extractText } from './index';
import { htmlToText } from './html';
import { joinLines, parsePdf } from './pdf';
import { normalizeBody, parseText } from './text';

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err instanceof IngestionError ? err.code : `unexpected: ${(err as Error).message}`;
  }
  return 'no error';
};

describe('text and Markdown', () => {
  it('keeps Markdown as is, normalising line endings and trailing spaces', () => {
    const r = parseText(Buffer.from('\ufeff# Cantine\r\n\r\nTarif :  \r\n- 3 €\r\n\r\n\r\n\r\nFin'));
    expect(r.title).toBe('Cantine');
    expect(r.body).toBe('# Cantine\n\nTarif :\n- 3 €\n\nFin');
  });
  it('reads Windows-1252 text exported by older tools', () => {
    expect(parseText(Buffer.from([0x45, 0x74, 0xe9, 0x20, 0x32, 0x30, 0x32, 0x34])).body).toBe('Eté 2024');
  });
  it('refuses binary content named .txt', async () => {
    expect(await codeOf(extractText('txt', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x03])))).toBe('knowledge.invalid_file');
  });
  it('refuses an empty document', async () => {
    expect(await codeOf(extractText('md', Buffer.from('  \n\n ')))).toBe('knowledge.empty_document');
  });
  it('normalizes consistently (same text, same body)', () => {
    expect(normalizeBody('a\u00a0b\r\nc')).toBe(normalizeBody('a b\nc'));
  });
});

describe('HTML', () => {
  const page = `<!doctype html><html><head><title>Encombrants | Ville</title><style>p{}</style><script>var x = "<p>piège</p>";</script></head>
  <body><header><nav><ul><li><a href="/">Accueil</a></li></ul></nav></header>
  <main><h1>Collecte des encombrants</h1><p>La collecte a lieu <strong>sur rendez-vous</strong>,
  le premier mardi du mois.</p><h2>Objets acceptés</h2><ul><li>Meubles</li><li>Électroménager</li></ul>
  <table><tr><th>Secteur</th><th>Jour</th></tr><tr><td>Nord</td><td>Mardi</td></tr></table>
  <p>Contact&nbsp;: 01 99 00 00 00 &amp; mairie</p></main><footer>Mentions légales</footer></body></html>`;
  it('keeps headings as # lines, lists and tables, and drops chrome', () => {
    const r = htmlToText(page);
    expect(r.title).toBe('Collecte des encombrants');
    expect(r.body).toBe(
      '# Collecte des encombrants\n\nLa collecte a lieu sur rendez-vous, le premier mardi du mois.\n\n## Objets acceptés\n\n- Meubles\n- Électroménager\n\nSecteur | Jour\nNord | Mardi\n\nContact : 01 99 00 00 00 & mairie',
    );
    expect(r.body).not.toMatch(/Accueil|Mentions|piège|p\{\}/);
  });
  it('flags noindex pages', () => {
    expect(htmlToText('<html><head><meta name="robots" content="noindex, nofollow"></head><body><p>x</p></body></html>').noindex).toBe(true);
  });
  it('passages split from HTML keep exact offsets', () => {
    const { body } = htmlToText(page);
    for (const p of splitIntoPassages(body)) expect(body.slice(p.start, p.end)).toBe(p.text);
  });
});

describe('DOCX', () => {
  it('keeps Word headings', async () => {
    const r = await extractText('docx', makeDocx([{ text: 'Règlement du cimetière', heading: 1 }, { text: 'Article 1 – Horaires', heading: 2 }, { text: 'Le cimetière est ouvert de 8 h à 18 h.' }]));
    expect(r.title).toBe('Règlement du cimetière');
    expect(r.body).toBe('# Règlement du cimetière\n\n## Article 1 – Horaires\n\nLe cimetière est ouvert de 8 h à 18 h.');
  });
  it('refuses a binary file posing as DOCX, and a zip that is not a document', async () => {
    expect(await codeOf(extractText('docx', Buffer.from('%PDF-1.4 not a docx')))).toBe('knowledge.invalid_file');
    expect(await codeOf(extractText('docx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6])))).toBe('knowledge.invalid_file');
  });
});

describe('PDF', () => {
  it('rebuilds paragraphs, headings and hyphenated words, and drops running headers and page numbers', async () => {
    const header = { text: 'Mairie de Test - bulletin municipal', x: 50, y: 800, size: 9 };
    const pdf = makePdf([
      [
        header,
        { text: 'Inscription scolaire', x: 50, y: 750, size: 18 },
        { text: 'Les familles doivent pr\xe9senter un justi-', x: 50, y: 700, size: 11 },
        { text: 'ficatif de domicile de moins de trois', x: 50, y: 687, size: 11 },
        { text: 'mois. Le dossier est d\xe9pos\xe9 en mairie.', x: 50, y: 674, size: 11 },
        { text: 'Accueil au rez-', x: 50, y: 640, size: 11 },
        { text: 'de-chauss\xe9e, bureau de Jean-', x: 50, y: 627, size: 11 },
        { text: 'Luc, le lundi et le', x: 50, y: 614, size: 11 },
        { text: '1', x: 300, y: 30, size: 9 },
      ],
      [header, { text: 'mardi matin.', x: 50, y: 700, size: 11 }, { text: '2', x: 300, y: 30, size: 9 }],
      [header, { text: 'Fin du document.', x: 50, y: 700, size: 11 }, { text: '3', x: 300, y: 30, size: 9 }],
    ]);
    const r = await parsePdf(pdf);
    expect(r.body).toBe(
      '## Inscription scolaire\n\nLes familles doivent présenter un justificatif de domicile de moins de trois mois. Le dossier est déposé en mairie.\n\nAccueil au rez-de-chaussée, bureau de Jean-Luc, le lundi et le mardi matin.\n\nFin du document.',
    );
  });
  it('dehyphenates carefully', () => {
    const words = new Set(['peut-être', 'arrêté']);
    expect(joinLines(['Il est peut-', 'être fermé'], words)).toBe('Il est peut-être fermé');
    expect(joinLines(['un arrê-', 'té municipal'], words)).toBe('un arrêté municipal');
    expect(joinLines(['la salle celle-', 'ci est'], new Set())).toBe('la salle celle-ci est');
    expect(joinLines(['Saint-', 'Étienne'], new Set())).toBe('Saint-Étienne');
    expect(joinLines(['un texte sans', 'césure'], new Set())).toBe('un texte sans césure');
  });
  it('says a PDF without text needs OCR', async () => {
    const err = await parsePdf(makePdf([[], []])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestionError);
    expect((err as IngestionError).code).toBe('knowledge.pdf_needs_ocr');
    expect((err as IngestionError).message).toContain("Ce PDF ne contient pas de texte (document scanné) : il faut d'abord le passer à l'OCR");
  });
  it('refuses binary data named .pdf, and a broken PDF', async () => {
    expect(await codeOf(extractText('pdf', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0])))).toBe('knowledge.invalid_file');
    expect(await codeOf(extractText('pdf', Buffer.from('%PDF-1.7\ngarbage without objects')))).toBe('knowledge.invalid_file');
  });

  const dir = path.resolve(REPO_ROOT, '../shared/data/communication/montpellier-deliberations');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort() : [];
  it.skipIf(files.length === 0)(`extracts the real Montpellier council deliberations (${files.length} PDFs${files.length ? '' : `; absent: ${dir}`})`, async () => {
    for (const f of files.slice(0, 12)) {
      const r = await parsePdf(fs.readFileSync(path.join(dir, f)));
      expect(r.body.length, f).toBeGreaterThan(500);
      expect(r.body, f).toMatch(/Conseil Municipal/i);
      // Lines were rejoined into sentences: no paragraph made of a dangling fragment ending in a hyphen.
      expect(r.body, f).not.toMatch(/\p{Ll}-\n/u);
      for (const p of splitIntoPassages(r.body)) expect(r.body.slice(p.start, p.end)).toBe(p.text);
    }
    const first = await parsePdf(fs.readFileSync(path.join(dir, files[0]!)));
    expect(first.body).toMatch(/Le Conseil adopte|délibér/i);
  });
});

describe('format detection', () => {
  it('detects by extension, then media type', () => {
    expect(detectFormat('Règlement.PDF')).toBe('pdf');
    expect(detectFormat('page.htm')).toBe('html');
    expect(detectFormat('notes', 'text/markdown; charset=utf-8')).toBe('md');
    expect(detectFormat('image.png', 'image/png')).toBeNull();
  });
  it('checks magic bytes', () => {
    expect(() => checkMagic('pdf', Buffer.from('PK\x03\x04...'))).toThrow(IngestionError);
    expect(() => checkMagic('txt', Buffer.from('%PDF-1.4'))).toThrow(IngestionError);
    expect(() => checkMagic('docx', Buffer.from('PK\x03\x04rest'))).not.toThrow();
  });
});
