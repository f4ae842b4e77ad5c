import { describe, expect, it } from 'vitest';
import { buildExtractiveAnswer } from './extractive.js';
import { splitIntoPassages } from './splitter.js';
import { analyze } from './analyzer.js';

describe('buildExtractiveAnswer', () => {
  const doc =
    '# Cantine\n\nLa cantine est ouverte de 11h30 à 13h30. M. le Maire a fixé le tarif à 3,5 € par repas selon l’art. 4 du règlement.\n\nLes menus sont affichés en mairie. Inscriptions sur www.ville.fr. Merci.';
  const passages = splitIntoPassages(doc, { minChars: 10 }).map((p, i) => ({ id: `p${i}`, text: p.text, start: p.start }));

  it('returns verbatim slices with document offsets', () => {
    const ans = buildExtractiveAnswer('Quel est le tarif de la cantine par repas ?', passages);
    expect(ans.sentences.length).toBeGreaterThan(0);
    expect(ans.sentences.length).toBeLessThanOrEqual(3);
    for (const s of ans.sentences) expect(doc.slice(s.start, s.end)).toBe(s.text);
    expect(ans.sentences[0]?.text).toBe('M. le Maire a fixé le tarif à 3,5 € par repas selon l’art. 4 du règlement.');
  });

  it('returns nothing when no sentence shares a query term', () => {
    expect(buildExtractiveAnswer('permis de construire', passages).sentences).toEqual([]);
  });

  it('uses idf to prefer rare terms', () => {
    const idf = (t: string): number => (t === analyze('menus')[0] ? 5 : 0.1);
    const ans = buildExtractiveAnswer('cantine menus', passages, { idf, maxSentences: 1 });
    expect(ans.sentences[0]?.text).toBe('Les menus sont affichés en mairie.');
  });

  it('adds the short sentence that follows a strongly matching one, verbatim', () => {
    const text = 'Le tarif du repas à la cantine est fixé par délibération. Il est de 3,20 €. Les menus sont affichés en mairie.';
    const ans = buildExtractiveAnswer('Quel est le tarif du repas à la cantine ?', [{ id: 'p', text, start: 10 }], { maxSentences: 2 });
    expect(ans.sentences.map((s) => s.text)).toEqual(['Le tarif du repas à la cantine est fixé par délibération.', 'Il est de 3,20 €.']);
    for (const s of ans.sentences) expect(('x'.repeat(10) + text).slice(s.start, s.end)).toBe(s.text);
    const without = buildExtractiveAnswer('Quel est le tarif du repas à la cantine ?', [{ id: 'p', text, start: 0 }], { maxSentences: 2, followingSentenceChars: 0 });
    expect(without.sentences.map((s) => s.text)).toEqual(['Le tarif du repas à la cantine est fixé par délibération.']);
  });

  it('quotes, before a sentence that opens on a pronoun or a demonstrative, the sentence it refers to', () => {
    const text = 'La médiathèque Jean-Moulin a rouvert après travaux. Elle est ouverte du mardi au samedi, de 10 h à 18 h. Le prêt est gratuit.';
    const question = 'Quand est-elle ouverte, de quelle heure à quelle heure ?';
    const ans = buildExtractiveAnswer(question, [{ id: 'p', text, start: 0 }]);
    expect(ans.sentences.map((s) => s.text)).toEqual(['La médiathèque Jean-Moulin a rouvert après travaux.', 'Elle est ouverte du mardi au samedi, de 10 h à 18 h.']);
    for (const s of ans.sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    const demonstrative = 'Le conseil municipal a créé une aide aux vélos électriques. Cette aide atteint 200 € par foyer.';
    expect(buildExtractiveAnswer('Quel est le montant de cette aide par foyer ?', [{ id: 'p', text: demonstrative, start: 0 }]).sentences.map((s) => s.text)).toEqual([
      'Le conseil municipal a créé une aide aux vélos électriques.',
      'Cette aide atteint 200 € par foyer.',
    ]);
    // An impersonal "il" refers to nothing before it: the answer stays one sentence.
    const impersonal = 'La carte d’identité est gratuite. Il faut prendre rendez-vous en ligne pour déposer le dossier.';
    expect(buildExtractiveAnswer('Faut-il prendre rendez-vous pour déposer le dossier ?', [{ id: 'p', text: impersonal, start: 0 }]).sentences.map((s) => s.text)).toEqual([
      'Il faut prendre rendez-vous en ligne pour déposer le dossier.',
    ]);
    const off = buildExtractiveAnswer(question, [{ id: 'p', text, start: 0 }], { anaphoraContextChars: 0 });
    expect(off.sentences.map((s) => s.text)).toEqual(['Elle est ouverte du mardi au samedi, de 10 h à 18 h.']);
  });

  it('prefers, at equal coverage, the sentence that adds information', () => {
    const text = 'Horaires de la mairie. Les horaires de la mairie sont de 8h30 à 17h du lundi au vendredi.';
    const ans = buildExtractiveAnswer('horaires de la mairie', [{ id: 'p', text, start: 0 }], { maxSentences: 1 });
    expect(ans.sentences[0]?.text).toBe('Les horaires de la mairie sont de 8h30 à 17h du lundi au vendredi.');
  });
});


describe('buildExtractiveAnswer and headings', () => {
  it('quotes the list under a matching label or heading rather than sentences that merely name the topic', () => {
    const text =
      'Adresse : 2, chemin des Carrières, suivre « Déchèterie ».\n\nHoraires :\n\n- du lundi au vendredi : de 14 h à 18 h 30 ;\n- le samedi : de 9 h à 18 h 30.';
    const ans = buildExtractiveAnswer('horaires de la déchèterie', [{ id: 'p', text, start: 0, heading: 'Déchèterie intercommunale' }], { maxSentences: 2 });
    // An item is quoted without its list marker; the first one reads with its list's label.
    expect(ans.sentences.map((s) => s.text)).toEqual(['du lundi au vendredi : de 14 h à 18 h 30 ;', 'le samedi : de 9 h à 18 h 30.']);
    // A short label ("Horaires :") reads with the heading above it.
    expect(ans.sentences.map((s) => s.display)).toEqual(['Déchèterie intercommunale — Horaires — du lundi au vendredi : de 14 h à 18 h 30 ;', 'le samedi : de 9 h à 18 h 30.']);
    for (const s of ans.sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    const byHeading = buildExtractiveAnswer('horaires piscine', [{ id: 'p', text: '- Lundi : de 12 h à 13 h 45.\n- Mardi : de 17 h à 21 h.', start: 0, heading: 'Piscine > Horaires' }]);
    expect(byHeading.sentences.length).toBe(2);
  });
});

describe('buildExtractiveAnswer with the query as the index analysed it', () => {
  it('finds the sentence through a vocabulary expansion that the question alone does not contain', () => {
    const text = 'La mairie est ouverte du lundi au vendredi. Les horaires d’été commencent le 1er juillet.';
    const passages = [{ id: 'p', text, start: 0 }];
    expect(buildExtractiveAnswer('When is the town hall open?', passages).sentences).toEqual([]);
    const [mairie] = analyze('mairie');
    const [ouvert] = analyze('ouverte');
    const terms = [
      { term: 'town', weight: 1, idf: 0 },
      { term: mairie!, weight: 0.8, idf: 2 },
      { term: ouvert!, weight: 0.8, idf: 1.5 },
    ];
    const ans = buildExtractiveAnswer('When is the town hall open?', passages, { queryTerms: terms });
    expect(ans.sentences[0]?.text).toBe('La mairie est ouverte du lundi au vendredi.');
  });
});

describe('buildExtractiveAnswer and the sections of the best document', () => {
  const doc = {
    intro: { id: 'd#0', text: 'Un lampadaire éteint, un tag, un dépôt sauvage ? Signalez-le à la ville.', start: 0, heading: null, title: 'Signaler un problème', documentId: 'd', score: 10 },
    how: {
      id: 'd#1',
      text: '- En ligne, rubrique « Signaler un problème ».\n- Par téléphone, au 01 99 00 10 45.',
      start: 80,
      heading: 'Comment signaler ?',
      title: 'Signaler un problème',
      documentId: 'd',
    },
    other: { id: 'e#0', text: '- Par courrier.\n- Au guichet.', start: 0, heading: 'Comment faire ?', title: 'Cimetière', documentId: 'e' },
  };

  it('quotes the section whose heading announces what is asked, though the search did not rank it', () => {
    const q = 'il y a un lampadaire en panne, comment faire pour signaler';
    const without = buildExtractiveAnswer(q, [doc.intro]);
    expect(without.sentences.every((s) => s.passageId === 'd#0')).toBe(true);
    const ans = buildExtractiveAnswer(q, [doc.intro], { sections: [doc.intro, doc.how, doc.other] });
    expect(ans.answerType).toBe('steps');
    expect(ans.sentences.map((s) => s.text)).toEqual(['En ligne, rubrique « Signaler un problème ».', 'Par téléphone, au 01 99 00 10 45.']);
    for (const s of ans.sentences) expect(doc.how.text.slice(s.start - doc.how.start, s.end - doc.how.start)).toBe(s.text);
  });

  it('takes no section of another document, nor of a document whose title the question does not name', () => {
    const q = 'mon voisin fait du bruit, comment faire';
    const ans = buildExtractiveAnswer(q, [{ ...doc.intro, text: 'Le bruit du voisin est encadré.' }], { sections: [doc.how, doc.other] });
    expect(ans.sentences.every((s) => s.passageId === 'd#0')).toBe(true);
  });
});
