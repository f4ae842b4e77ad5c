import { describe, expect, it } from 'vitest';
import { actSentences, prepareActText, toSource } from './act-text.js';

const alnum = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '');

describe('prepareActText', () => {
  it('joins lines broken inside a sentence and words hyphenated across lines', () => {
    const act = prepareActText('Le conseil municipal attribue une subvention\nà l’association des commer-\nçants du centre-ville.\n\nLe Conseil adopte.');
    expect(act.text).toBe('Le conseil municipal attribue une subvention à l’association des commerçants du centre-ville.\n\nLe Conseil adopte.');
  });

  it('keeps the hyphen of a real compound and a new line before a list item or an article', () => {
    const act = prepareActText('Il est proposé au Conseil municipal :\n- d’approuver le projet du rez-\nde-chaussée\n- d’autoriser le Maire\nArticle 2 : La présente délibération');
    expect(act.text).toBe('Il est proposé au Conseil municipal :\n- d’approuver le projet du rez-de-chaussée\n- d’autoriser le Maire\nArticle 2 : La présente délibération');
  });

  it('drops page numbers, running headers and the prefecture’s receipt stamp, even in the middle of the dispositif', () => {
    const page = (n: number, body: string) => `Ville de Montpellier - Conseil municipal du 24 avril 2014\n\n${body}\n\nPage ${n}/3\n\n`;
    const source =
      page(1, 'En conséquence, il est proposé au Conseil Municipal :') +
      'Accusé de réception – Ministère de l’intérieur\n\nActe Certifié exécutoire\n\nEnvoi Préfecture : Réception en Préfecture :\n\n28/04/2014 28/04/2014\n\n034-213401722-20140424-0000071276-DE\n\n' +
      page(2, '- D’approuver la convention type annexée à la présente délibération ;') +
      page(3, 'Le Conseil Adopte');
    const act = prepareActText(source);
    expect(act.text).toBe(
      'Ville de Montpellier - Conseil municipal du 24 avril 2014\n\nEn conséquence, il est proposé au Conseil Municipal :\n\n- D’approuver la convention type annexée à la présente délibération ;\n\nLe Conseil Adopte',
    );
    expect(act.removed.map((r) => r.reason)).toEqual(
      expect.arrayContaining(['receipt_stamp', 'page_number', 'repeated_line']),
    );
    expect(act.text).not.toMatch(/28\/04\/2014|Accusé|0000071276/);
  });

  it('continues a sentence across a page break', () => {
    const act = prepareActText('pour un montant\n\n- 2 -\n\ntotal de 40 000 € ;');
    expect(act.text).toBe('pour un montant total de 40 000 € ;');
  });

  it('maps every character back to the act as extracted', () => {
    const source = '## Titre\n\nLa subvention de\n40 000 € est attri-\nbuée à l’association.\n\nPage 1\n\nLe Conseil adopte.';
    const act = prepareActText(source);
    for (const s of actSentences(act)) {
      const { start, end } = toSource(act, s.start, s.end);
      expect(start).toBe(s.sourceStart);
      expect(end).toBe(s.sourceEnd);
      // The same letters and digits, in the same order: only line ends, hyphens and spaces differ.
      expect(alnum(source.slice(start, end))).toBe(alnum(s.text));
    }
    expect(actSentences(act).map((s) => s.text)).toEqual(['Titre', 'La subvention de 40 000 € est attribuée à l’association.', 'Le Conseil adopte.']);
  });

  it('splits a vote formula glued to the line before it by the layout', () => {
    const act = prepareActText('Ont été élus :\n\nAbdi EL KANDOUSSI\n\nPatricia MIRALLES Le Conseil adopte.');
    expect(actSentences(act).map((s) => s.text)).toEqual(['Ont été élus :', 'Abdi EL KANDOUSSI', 'Patricia MIRALLES', 'Le Conseil adopte.']);
  });

  it('never corrects a character', () => {
    expect(prepareActText('le 2O14, soit 1 5 00 000 €.').text).toBe('le 2O14, soit 1 5 00 000 €.');
  });
});
