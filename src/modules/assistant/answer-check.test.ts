import { describe, expect, it } from 'vitest';
import {
  checkAnswer,
  extractFacts,
  normalisePhone,
  normaliseUrl,
  numberCandidates,
  splitSentences,
  stripCitations,
  type AnswerPassage,
} from './answer-check.js';

const PASSAGES: AnswerPassage[] = [
  {
    id: 'horaires',
    text:
      'La mairie est ouverte du lundi au vendredi de 8h30 à 12h et de 14 h à 17 h 30. ' +
      'Tél. : 05 56 12 34 56. Courriel : accueil@mairie-exemple.fr. ' +
      'Site : https://www.mairie-exemple.fr/demarches/ . Adresse : 1, place de la Mairie, 33000 Bordeaux.',
  },
  {
    id: 'cantine',
    text:
      'La carte de cantine coûte 35,00 euros par trimestre. Le tarif réduit est de 12,50 € (soit 64 % de réduction). ' +
      'Inscriptions du 2 au 6 mars 2026. Réunion d’information le 12/03/2026.',
  },
  {
    id: 'conseil',
    text:
      'Le conseil municipal se réunit le 2026-04-07 à 18:30, salle 3. Budget primitif : 1 250 000 €. ' +
      'Contact urgence voirie : 06 98 76 54 32. Le compte rendu est publié sur https://Mairie-Exemple.fr/conseil/CR-2026-04.pdf',
  },
];

function kinds(answer: string, passages = PASSAGES): string[] {
  return checkAnswer(answer, passages).failures.map((f) => f.kind);
}

describe('stripCitations', () => {
  it.each([
    ['La mairie ouvre à 9 h [1].', 'La mairie ouvre à 9 h.'],
    ['Texte [1][3] suite', 'Texte suite'],
    ['Texte [1, 3] et [2] fin.', 'Texte et fin.'],
    ['Texte [1-3].', 'Texte.'],
    ['Lien [site](https://x.fr) [2]', 'Lien [site](https://x.fr)'],
    ['Pas de citation [adresse] ici', 'Pas de citation [adresse] ici'],
    ['', ''],
  ])('%s', (input, expected) => {
    expect(stripCitations(input)).toBe(expected);
  });
});

describe('sentence splitting', () => {
  const texts = (answer: string) => checkAnswer(answer, PASSAGES).sentences.map((s) => s.text);

  it('splits on terminal punctuation', () => {
    expect(texts('Première phrase [1]. Deuxième phrase ! Troisième ? Quatrième…')).toEqual([
      'Première phrase [1].',
      'Deuxième phrase !',
      'Troisième ?',
      'Quatrième…',
    ]);
  });

  it('does not split after French abbreviations and initials', () => {
    expect(texts('M. le Maire et Mme Durand reçoivent [1]. Voir art. L. 2212-2 et cf. p. 3 [1].')).toEqual([
      'M. le Maire et Mme Durand reçoivent [1].',
      'Voir art. L. 2212-2 et cf. p. 3 [1].',
    ]);
    expect(texts('Le Dr. Martin et J. Dupont, av. Foch, n° 3 [1].')).toHaveLength(1);
  });

  it('does not split decimals, URLs or e-mails', () => {
    expect(texts('Le tarif est de 3.50 € sur www.mairie-exemple.fr/tarifs ou a.b@c.fr [2]. Fin [1].')).toEqual([
      'Le tarif est de 3.50 € sur www.mairie-exemple.fr/tarifs ou a.b@c.fr [2].',
      'Fin [1].',
    ]);
  });

  it('splits "etc." only before a capital', () => {
    expect(texts('Papiers, photos, etc. sont requis [1]. Et puis etc. Ensuite [1].')).toEqual([
      'Papiers, photos, etc. sont requis [1].',
      'Et puis etc.',
      'Ensuite [1].',
    ]);
  });

  it('attaches citations that follow the period to the previous sentence', () => {
    const r = checkAnswer('La mairie est ouverte. [1] Elle ferme à 17 h 30.[1][2]\n[3]', PASSAGES);
    expect(r.sentences.map((s) => [s.text, s.citations])).toEqual([
      ['La mairie est ouverte. [1]', [1]],
      ['Elle ferme à 17 h 30.[1][2]\n[3]', [1, 2, 3]],
    ]);
  });

  it('treats list items and lines as sentences and strips markers', () => {
    const answer = '## 1. Horaires\n- Ouverture à 8h30 [1]\n* Fermeture à 12h [1]\n1. Tarif : 35 € [2]\n\n---\n| a | b |';
    const r = checkAnswer(answer, PASSAGES);
    expect(r.sentences.map((s) => s.text)).toEqual([
      'Horaires',
      'Ouverture à 8h30 [1]',
      'Fermeture à 12h [1]',
      'Tarif : 35 € [2]',
      '| a | b |',
    ]);
    expect(r.ok).toBe(true);
  });

  it('reports offsets in the answer', () => {
    const answer = 'Bonjour.\n- La carte coûte 35 € [2].';
    const r = checkAnswer(answer, PASSAGES);
    for (const s of r.sentences) expect(answer.slice(s.start, s.end)).toBe(s.text);
    expect(splitSentences(answer)).toHaveLength(2);
  });

  it('parses every citation syntax', () => {
    const r = checkAnswer('A b c [1]. A b c [1][3]. A b c [1, 3]. A b c [1;2]. A b c [1-3].', PASSAGES);
    expect(r.sentences.map((s) => s.citations)).toEqual([[1], [1, 3], [1, 3], [1, 2], [1, 2, 3]]);
  });
});

describe('citations', () => {
  it('accepts a fully cited answer', () => {
    const r = checkAnswer(
      'La mairie est ouverte de 8h30 à 12h [1]. Vous pouvez appeler le 05 56 12 34 56 [1]. La carte coûte 35 € [2].',
      PASSAGES,
    );
    expect(r.failures).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('rejects an uncited sentence of three words or more', () => {
    const r = checkAnswer('La mairie est ouverte [1]. Elle est très accueillante.', PASSAGES);
    expect(r.ok).toBe(false);
    expect(r.failures).toEqual([{ kind: 'uncited_sentence', sentence: 1, detail: expect.any(String) }]);
  });

  it('rejects an uncited connective of three words or more', () => {
    expect(kinds('Voici ce que j’ai trouvé :\n- La carte coûte 35 € [2].')).toEqual(['uncited_sentence']);
  });

  it('allows very short fragments without citation', () => {
    expect(kinds('Bonjour.\nLa carte coûte 35 € [2].\nBonne journée !')).toEqual([]);
  });

  it('allows headings without citation', () => {
    expect(kinds('## Horaires d’ouverture de la mairie\nOuverture à 8h30 [1].')).toEqual([]);
  });

  it('rejects a citation to a passage that does not exist', () => {
    const r = checkAnswer('La mairie est ouverte de 8h30 à 12h [7].', PASSAGES);
    expect(r.failures.map((f) => f.kind)).toEqual(['unknown_citation', 'unsupported_number', 'unsupported_number']);
    expect(r.failures[0]!.detail).toContain('[7]');
    expect(kinds('La mairie est ouverte [0].')).toEqual(['unknown_citation']);
  });

  it('rejects a mix of valid and unknown citations', () => {
    expect(kinds('La mairie est ouverte de 8h30 à 12h [1][4].')).toEqual(['unknown_citation']);
  });

  it('rejects an empty answer', () => {
    for (const a of ['', '   \n  ', '[1]', '---']) {
      const r = checkAnswer(a, PASSAGES);
      expect(r.ok).toBe(false);
      expect(r.failures).toEqual([{ kind: 'empty', sentence: -1, detail: expect.any(String) }]);
    }
  });

  it('works with no passages at all', () => {
    expect(kinds('La mairie est ouverte [1].', [])).toEqual(['unknown_citation']);
  });
});

describe('facts must appear in the cited passages', () => {
  it.each([
    // [answer, expected failure kinds]
    ['La carte coûte 35 € [2].', []],
    ['La carte coûte 35,00 euros [2].', []],
    ['La carte coûte 35 EUR [2].', []],
    ['La carte coûte €35 [2].', []],
    ['La carte coûte 53 € [2].', ['unsupported_amount']],
    ['Le tarif réduit est de 12.5 € [2].', []],
    ['Le tarif réduit est de 12,50 euros [2].', []],
    ['Le tarif réduit est de 12,05 € [2].', ['unsupported_amount']],
    ['Le budget est de 1 250 000 euros [3].', []],
    ['Le budget est de 1.250.000 € [3].', []],
    ['Le budget est de 1 520 000 € [3].', ['unsupported_amount']],
    ['La réduction est de 64 % [2].', []],
    ['La réduction est de 64 pour cent [2].', []],
    ['La réduction est de 46 % [2].', ['unsupported_number']],
    ['Ouverture à 8h30 [1].', []],
    ['Ouverture à 8 h 30 [1].', []],
    ['Ouverture à 08:30 [1].', []],
    ['Fermeture à 17h30 [1].', []],
    ['Ouverture à 9h30 [1].', ['unsupported_number']],
    ['Fermeture à 18h [1].', ['unsupported_number']],
    ['Le conseil se réunit à 18h30 [3].', []],
    ['The council meets at 6:30 pm [3].', []],
    ['La réunion a lieu le 12 mars 2026 [2].', []],
    ['La réunion a lieu le 12/03/2026 [2].', []],
    ['La réunion a lieu le 2026-03-12 [2].', []],
    ['La réunion a lieu le jeudi 12 mars [2].', []],
    ['La réunion a lieu le 13 mars 2026 [2].', ['unsupported_date']],
    ['La réunion a lieu le 12 mars 2025 [2].', ['unsupported_date']],
    ['La réunion a lieu le 12 avril 2026 [2].', ['unsupported_date']],
    ['Les inscriptions ont lieu du 2 au 6 mars 2026 [2].', []],
    ['Les inscriptions ont lieu du 2 au 7 mars 2026 [2].', ['unsupported_date']],
    ['Les inscriptions ont lieu le 4 mars [2].', ['unsupported_date']],
    ['Les inscriptions ont lieu en mars 2026 [2].', []],
    ['Le conseil se réunit le 7 avril 2026 [3].', []],
    ['The council meets on April 7, 2026 [3].', []],
    ['Le conseil se réunit le 8 avril 2026 [3].', ['unsupported_date']],
    ['Appelez le 05 56 12 34 56 [1].', []],
    ['Appelez le 0556123456 [1].', []],
    ['Appelez le 05.56.12.34.56 [1].', []],
    ['Appelez le +33 5 56 12 34 56 [1].', []],
    ['Appelez le +33 (0)5 56 12 34 56 [1].', []],
    ['Appelez le 0033 5 56 12 34 56 [1].', []],
    ['Appelez le 05 56 12 34 65 [1].', ['unsupported_phone']],
    ['Appelez le 01 23 45 67 89 [1].', ['unsupported_phone']],
    ['Écrivez à accueil@mairie-exemple.fr [1].', []],
    ['Écrivez à ACCUEIL@Mairie-Exemple.FR [1].', []],
    ['Écrivez à accueil@mairie-exemple.com [1].', ['unsupported_email']],
    ['Écrivez à maire@mairie-exemple.fr [1].', ['unsupported_email']],
    ['Rendez-vous sur https://www.mairie-exemple.fr/demarches [1].', []],
    ['Rendez-vous sur https://www.mairie-exemple.fr/demarches/. [1]', []],
    ['Rendez-vous sur http://WWW.MAIRIE-EXEMPLE.FR/demarches/ [1].', []],
    ['Rendez-vous sur mairie-exemple.fr/demarches [1].', []],
    ['Rendez-vous sur [le site](https://www.mairie-exemple.fr/demarches/) [1].', []],
    ['Rendez-vous sur le site mairie-exemple.fr [1].', []],
    ['Rendez-vous sur https://www.mairie-exemple.fr/paiement [1].', ['unsupported_url']],
    ['Rendez-vous sur https://mairie-exemple.fr.evil.example/demarches [1].', ['unsupported_url']],
    ['Rendez-vous sur https://evil.example/?q=secret [1].', ['unsupported_url']],
    ['Le compte rendu : https://mairie-exemple.fr/conseil/CR-2026-04.pdf [3].', []],
    ['Le compte rendu : https://mairie-exemple.fr/conseil/cr-2026-04.pdf [3].', ['unsupported_url']],
    ['La mairie se trouve 1 place de la Mairie, 33000 Bordeaux [1].', []],
    ['La mairie se trouve 1, pl. de la Mairie [1].', []],
    ['La mairie se trouve 3 place de la Mairie [1].', ['unsupported_address']],
    ['La mairie se trouve 1 place de la Mairie, 33100 Bordeaux [1].', ['unsupported_address']],
    ['La mairie se trouve 1 rue de la Gare [1].', ['unsupported_address']],
    ['La salle 3 accueille le conseil [3].', []],
    ['La salle 4 accueille le conseil [3].', ['unsupported_number']],
    ['La mairie est ouverte 5 jours par semaine [1].', ['unsupported_number']],
  ])('%s', (answer, expected) => {
    expect(kinds(answer)).toEqual(expected);
  });

  it('rejects numbers present only in an uncited passage', () => {
    // 35 € is in passage 2 but the sentence cites passage 1.
    expect(kinds('La carte coûte 35 € [1].')).toEqual(['unsupported_amount']);
    // The emergency phone is in passage 3 only.
    expect(kinds('Urgence voirie : 06 98 76 54 32 [1].')).toEqual(['unsupported_phone']);
    expect(kinds('Urgence voirie : 06 98 76 54 32 [1][3].')).toEqual([]);
  });

  it('rejects a hallucinated phone number', () => {
    const r = checkAnswer('Pour toute question, appelez le 06 12 34 56 78 [1].', PASSAGES);
    expect(r.failures).toEqual([
      { kind: 'unsupported_phone', sentence: 0, detail: expect.stringContaining('06 12 34 56 78') },
    ]);
  });

  it('checks facts of short uncited fragments against nothing', () => {
    expect(kinds('Tél 0556123456.')).toEqual(['unsupported_phone']);
  });

  it('checks facts of headings against the passages cited in the answer', () => {
    expect(kinds('## Tarifs 35 €\nLa carte coûte 35 € [2].')).toEqual([]);
    expect(kinds('## Tarifs 2027\nLa carte coûte 35 € [2].')).toEqual(['unsupported_number']);
  });

  it('reports every failure of a sentence', () => {
    const r = checkAnswer('Le 13 mars 2026 à 9h, payez 53 € au 01 02 03 04 05 sur https://evil.example [2].', PASSAGES);
    expect(r.failures.map((f) => f.kind)).toEqual([
      'unsupported_date',
      'unsupported_number',
      'unsupported_amount',
      'unsupported_phone',
      'unsupported_url',
    ]);
    expect(r.failures.every((f) => f.sentence === 0)).toBe(true);
  });

  it('rejects markdown images even when the URL is in a cited passage', () => {
    const r = checkAnswer('Voir le site ![logo](https://www.mairie-exemple.fr/demarches/) [1].', PASSAGES);
    expect(r.failures.map((f) => f.kind)).toEqual(['unsupported_url']);
    expect(r.failures[0]!.detail).toContain('markdown image');
  });

  it('does not treat citation markers or list numbers as facts', () => {
    expect(kinds('1. La carte coûte 35 € [2].\n2. Le tarif réduit est de 12,50 € [2].')).toEqual([]);
  });

  it('handles English answers', () => {
    expect(kinds('The school meal card costs 35 euros [2]. The town hall opens at 8:30 am [1].')).toEqual([]);
    expect(kinds('The town hall opens at 9 am [1].')).toEqual(['unsupported_number']);
  });
});

describe('normalisation helpers', () => {
  it('normalises phone numbers', () => {
    expect(normalisePhone('+33 6 12 34 56 78')).toBe('0612345678');
    expect(normalisePhone('+33 (0)6 12 34 56 78')).toBe('0612345678');
    expect(normalisePhone('0033 6 12 34 56 78')).toBe('0612345678');
    expect(normalisePhone('06.12.34.56.78')).toBe('0612345678');
    expect(normalisePhone('+32 2 123 45 67')).toBe('+3221234567');
  });

  it('normalises URLs', () => {
    expect(normaliseUrl('https://WWW.Mairie.fr/Demarches/')).toBe('mairie.fr/Demarches');
    expect(normaliseUrl('http://mairie.fr/a?b=1&amp;c=2).')).toBe('mairie.fr/a?b=1&c=2');
    expect(normaliseUrl('https://fr.wikipedia.org/wiki/Paris_(France)')).toBe('fr.wikipedia.org/wiki/Paris_(France)');
  });

  it('parses numbers in French and English formats', () => {
    expect(numberCandidates('35,00')).toEqual(['35']);
    expect(numberCandidates('1 250 000')).toEqual(['1250000']);
    expect(numberCandidates('1.250,50')).toEqual(['1250.5']);
    expect(numberCandidates('1,250.50')).toEqual(['1250.5']);
    expect(numberCandidates('1.250')).toEqual(['1.25', '1250']);
    expect(numberCandidates('3.5')).toEqual(['3.5']);
  });

  it('extracts facts with their kinds', () => {
    const facts = extractFacts('Le 12 mars 2026 à 15h30, 35 € (20 %), tél 06 12 34 56 78, a@b.fr, https://x.fr, 12 rue Haute, 3 places.');
    expect(facts.map((f) => f.kind)).toEqual(['date', 'time', 'amount', 'percent', 'phone', 'email', 'url', 'address', 'number']);
  });
});
