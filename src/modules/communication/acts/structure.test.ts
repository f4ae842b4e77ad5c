import { beforeAll, describe, expect, it } from 'vitest';
import { actSentences, prepareActText } from './act-text.js';
import { extractFigures } from './figures.js';
import { decisiveFigures, structureOf, withVoteCounts, type ActStructure } from './structure.js';
import { haveMontpellierActs, readMontpellierActs } from './test-acts.js';

function structure(text: string): ActStructure {
  const prepared = prepareActText(text);
  return withVoteCounts(structureOf(actSentences(prepared)), extractFigures(prepared.text));
}
const roles = (s: ActStructure) => s.sentences.map((x) => [x.role, x.text.slice(0, 40)]);

describe('structure of an act in the classic form (visas, considerations, DÉCIDE, articles, vote)', () => {
  const ACT = [
    'Séance du 15 avril 2014',
    'Nombre de conseillers en exercice : 65',
    'Objet : Subvention à l’association Les Amis du Lez',
    'Vu le Code général des collectivités territoriales, notamment son article L. 2121-29,',
    'Considérant l’intérêt du projet pour les habitants,',
    'Le Conseil municipal, après en avoir délibéré, DÉCIDE :',
    'Article 1er : Une subvention de 1 500 000 € est attribuée à l’association Les Amis du Lez.',
    'Article 2 : Elle prend effet à compter du 1er mai 2014 pour une durée de trois ans.',
    'Article 3 : Le Maire est autorisé à signer tout document relatif à cette affaire.',
    'Pour : 43 — Contre : 12 — Abstentions : 3',
    'Fait et délibéré en séance, les jour, mois et an susdits.',
  ].join('\n\n');

  it('finds each part', () => {
    const s = structure(ACT);
    expect(s.sentences.map((x) => x.role)).toEqual(['header', 'header', 'title', 'visa', 'considerant', 'decision_intro', 'article', 'article', 'article', 'vote', 'closing']);
    expect(s.title).toBe(2);
    expect(s.dispositif).toEqual([5, 6, 7, 8]);
    expect(s.sentences[8]!.routine).toBe(true);
    expect(s.vote).toMatchObject({ adopted: true, counts: { for: 43, against: 12, abstentions: 3 } });
  });

  it('finds the decisive figures: the amount, the date of effect, the duration, the vote counts — not the session date', () => {
    const prepared = prepareActText(ACT);
    const figures = extractFigures(prepared.text);
    const s = withVoteCounts(structureOf(actSentences(prepared)), figures);
    expect(decisiveFigures(s, figures).map((d) => d.figure.raw)).toEqual(['1 500 000 €', '1er mai 2014', 'trois ans', 'Pour : 43', 'Contre : 12', 'Abstentions : 3']);
  });

  it('reads unanimity', () => {
    expect(structure('Objet : Test\n\nLe Conseil DÉCIDE :\n\n- d’approuver le projet.\n\nAdopté à l’unanimité.').vote).toMatchObject({ adopted: true, unanimous: true });
  });
});

describe.skipIf(!haveMontpellierActs)('structure of the Montpellier deliberations (../shared)', () => {
  let acts: Record<string, string>;
  beforeAll(async () => {
    acts = await readMontpellierActs(['2014-04-24-0000071276.pdf', '2014-04-24-0000071218.pdf', '2014-04-24-0000071248.pdf']);
  }, 60_000);

  it('a subsidy: header, title, rapporteur, account, the dispositif that the prefecture’s stamp interrupted, the vote', () => {
    const s = structure(acts['2014-04-24-0000071276.pdf']!);
    const byRole = (role: string) => s.sentences.filter((x) => x.role === role).map((x) => x.text);
    expect(byRole('title')).toEqual(['Attribution d\'une subvention à la Convention Nationale des Avocats']);
    expect(byRole('rapporteur')).toEqual(['Monsieur le Maire rapporte :']);
    expect(byRole('decision_intro')).toEqual(['En conséquence, il est proposé au Conseil Municipal :']);
    expect(byRole('decision')).toContain('De prélever ces sommes sur les crédits inscrits au budget 2014, chapitre 920, nature 6574, ligne de crédit 17566, pour un montant total de 40 000 € ;');
    expect(byRole('vote')).toEqual(['Le Conseil Adopte']);
    expect(s.sentences.filter((x) => x.role === 'header').map((x) => x.text)).toContain('Présents :');
    expect(s.sentences.some((x) => /Accusé de réception|Préfecture/.test(x.text))).toBe(false);
    expect(roles(s).at(-1)).toEqual(['closing', 'Philippe SAUREL Publiée le : 25/04/2014']);
  });

  it('an election: the person elected is the decision', () => {
    const s = structure(acts['2014-04-24-0000071218.pdf']!);
    const dispositif = s.dispositif.map((i) => s.sentences[i]!.text);
    expect(dispositif).toEqual(['A été élue :', 'Madame Brigitte ROUSSEL-GALIANA.']);
  });

  it('the tax rates: decisive figures are the rates and the product the dispositif sets', () => {
    const prepared = prepareActText(acts['2014-04-24-0000071248.pdf']!);
    const figures = extractFigures(prepared.text);
    const s = withVoteCounts(structureOf(actSentences(prepared)), figures);
    expect(decisiveFigures(s, figures).map((d) => d.figure.raw)).toEqual(['22,49%', '31,18%', '112,71%', '182.330.309 euros']);
  });
});
