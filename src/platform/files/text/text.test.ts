import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FILE_LIMITS } from '../limits';
import { FileRefusal } from '../refusal';
import { makePdf, MONTPELLIER_DIR } from '../testing/fixtures';
import { htmlToText } from './html';
import { firstHeading, normalizeBody } from './normalize';
import { joinLines, parsePdf } from './pdf';

const limits = { ...DEFAULT_FILE_LIMITS };

describe('normal form', () => {
  it('normalizes consistently and drops control characters', () => {
    expect(normalizeBody('a\u00a0b\r\nc')).toBe(normalizeBody('a b\nc'));
    expect(normalizeBody('Titre\u0000 caché\r\n\r\n\r\n\r\nFin  ')).toBe('Titre caché\n\nFin');
    expect(firstHeading('intro\n\n## Section')).toBe('Section');
    expect(firstHeading('\n  Première ligne\nSuite')).toBe('Première ligne');
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
    const r = await parsePdf(pdf, limits);
    expect(r.pages).toBe(3);
    expect(r.title).toBe('Inscription scolaire');
    expect(r.text).toBe(
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

  it('returns no text for a scanned PDF, and refuses too many pages, too much text or a broken file', async () => {
    expect(await parsePdf(makePdf([[], []]), limits)).toEqual({ title: null, text: '', pages: 2 });
    const three = makePdf([[{ text: 'Un', x: 50, y: 700, size: 11 }], [{ text: 'Deux', x: 50, y: 700, size: 11 }], [{ text: 'Trois', x: 50, y: 700, size: 11 }]]);
    await expect(parsePdf(three, { ...limits, maxPdfPages: 2 })).rejects.toMatchObject({ code: 'file.too_many_pages', status: 413 });
    await expect(parsePdf(three, { ...limits, maxTextLength: 5 })).rejects.toMatchObject({ code: 'file.text_too_long', status: 413 });
    const broken = await parsePdf(Buffer.from('%PDF-1.7\ngarbage without objects'), limits).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(FileRefusal);
    expect((broken as FileRefusal).code).toBe('file.unreadable');
  });

  const files = fs.existsSync(MONTPELLIER_DIR) ? fs.readdirSync(MONTPELLIER_DIR).filter((f) => f.endsWith('.pdf')).sort() : [];
  it.skipIf(files.length === 0)(`extracts the real Montpellier council deliberations (${files.length} PDFs${files.length ? '' : `; absent: ${MONTPELLIER_DIR}`})`, async () => {
    for (const f of files.slice(0, 12)) {
      const r = await parsePdf(fs.readFileSync(path.join(MONTPELLIER_DIR, f)), limits);
      expect(r.text.length, f).toBeGreaterThan(500);
      expect(r.text, f).toMatch(/Conseil Municipal/i);
      // Lines were rejoined into sentences: no paragraph made of a dangling fragment ending in a hyphen.
      expect(r.text, f).not.toMatch(/\p{Ll}-\n/u);
    }
  });
});
