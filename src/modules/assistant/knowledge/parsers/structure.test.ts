/**
 * Headings, lists, numbered steps and tables survive ingestion from every source format: the
 * stored text form read back into answer units gives list items with their heading, steps in
 * order and table rows with their column headers, and an answer quotes them so.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createFileParser } from '../../../../platform/files';
import { buildExtractiveAnswer } from '../../retrieval/extractive';
import { splitIntoPassages } from '../../retrieval/splitter';
import { answerUnits } from '../../retrieval/units';
import { makeDocx, makePdf } from '../testing/fixtures';
import { extractText } from './index';

const files = createFileParser({ concurrency: 1 });
afterAll(() => files.close());
const SLOW = { timeout: 60_000 };

async function unitsOfUpload(bytes: Uint8Array, filename: string, mediaType?: string) {
  const { body } = await extractText(files, bytes, { filename, mediaType });
  const passages = splitIntoPassages(body);
  const units = passages.flatMap((p) => answerUnits(p.text, p.heading).map((u) => ({ ...u, heading: p.heading, quote: body.slice(p.start + u.start, p.start + u.end) })));
  const answer = (question: string) =>
    buildExtractiveAnswer(
      question,
      passages.map((p, i) => ({ id: `p${i}`, text: p.text, start: p.start, heading: p.heading, title: 'Carte d’identité' })),
    ).sentences.map((s) => {
      expect(body.slice(s.start, s.end)).toBe(s.text);
      return s.display;
    });
  return { body, units, answer };
}

function expectStructure(units: Awaited<ReturnType<typeof unitsOfUpload>>['units']) {
  const items = units.filter((u) => u.kind === 'item');
  expect(items.map((u) => u.display)).toEqual(['Le livret de famille.', 'Un justificatif de domicile.']);
  expect(items.every((u) => u.label === 'Pièces à fournir')).toBe(true);
  const steps = units.filter((u) => u.kind === 'step');
  expect(steps.map((u) => [u.ordinal, u.display])).toEqual([
    [1, 'Remplissez le formulaire.'],
    [2, 'Prenez rendez-vous.'],
  ]);
  expect(steps.every((u) => u.label === 'Comment faire la demande ?')).toBe(true);
}

describe('structure through ingestion', SLOW, () => {
  it('from HTML: lists, ordered lists and tables with their header row', async () => {
    const html = Buffer.from(
      '<html><body><main><h1>Carte d’identité</h1><h2>Pièces à fournir</h2><ul><li>Le livret de famille.</li><li>Un justificatif de domicile.</li></ul>' +
        '<h2>Comment faire la demande ?</h2><ol><li>Remplissez le formulaire.</li><li>Prenez rendez-vous.</li></ol>' +
        '<h2>Tarifs</h2><table><tr><th>Titre</th><th>Prix</th></tr><tr><td>Passeport</td><td>86 €</td></tr><tr><td>Carte perdue</td><td>25 €</td></tr></table></main></body></html>',
    );
    const { units, answer } = await unitsOfUpload(html, 'cni.html', 'text/html');
    expectStructure(units);
    const rows = units.filter((u) => u.kind === 'row');
    expect(rows.map((u) => u.display)).toEqual(['Titre : Passeport ; Prix : 86 €', 'Titre : Carte perdue ; Prix : 25 €']);
    expect(answer('Quels papiers faut-il pour la carte d’identité ?')).toEqual(['Pièces à fournir — Le livret de famille.', 'Un justificatif de domicile.']);
    expect(answer('Combien coûte un passeport ?')).toEqual(['Titre : Passeport ; Prix : 86 €']);
  });

  it('from DOCX: Word lists, numbered lists and tables', async () => {
    const docx = makeDocx([
      { text: 'Carte d’identité', heading: 1 },
      { text: 'Pièces à fournir', heading: 2 },
      { text: 'Le livret de famille.', list: 'bullet' },
      { text: 'Un justificatif de domicile.', list: 'bullet' },
      { text: 'Comment faire la demande ?', heading: 2 },
      { text: 'Remplissez le formulaire.', list: 'number' },
      { text: 'Prenez rendez-vous.', list: 'number' },
      { text: 'Tarifs', heading: 2 },
      { table: [['Titre', 'Prix'], ['Passeport', '86 €'], ['Carte perdue', '25 €']] },
    ]);
    const { units, answer } = await unitsOfUpload(docx, 'cni.docx');
    expectStructure(units);
    expect(units.filter((u) => u.kind === 'row').map((u) => u.display)).toEqual(['Titre : Passeport ; Prix : 86 €', 'Titre : Carte perdue ; Prix : 25 €']);
    expect(answer('Comment faire la demande de carte d’identité ?')).toEqual(['Comment faire la demande ? — Remplissez le formulaire.', 'Prenez rendez-vous.']);
  });

  it('from PDF: headings set in larger type, bulleted and numbered lines', async () => {
    const line = (text: string, y: number, size = 11) => ({ text, x: 72, y, size });
    // The fixture writes WinAnsi text: a hyphen for the bullet, a straight apostrophe.
    const pdf = makePdf([
      [
        line("Carte d'identité", 780, 20),
        line('Pièces à fournir', 740, 16),
        line('- Le livret de famille.', 715),
        line('- Un justificatif de domicile.', 700),
        line('Comment faire la demande ?', 660, 16),
        line('1. Remplissez le formulaire.', 635),
        line('2. Prenez rendez-vous.', 620),
        line("La démarche est gratuite et se fait à l'hôtel de ville, sans condition de domicile.", 590),
      ],
    ]);
    const { units, answer } = await unitsOfUpload(pdf, 'cni.pdf');
    expectStructure(units);
    expect(answer('Quels justificatifs pour une carte d’identité ?')).toEqual(['Pièces à fournir — Le livret de famille.', 'Un justificatif de domicile.']);
  });
});
