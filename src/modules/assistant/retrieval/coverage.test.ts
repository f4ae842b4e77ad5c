import { describe, expect, it } from 'vitest';
import { frenchAnalyzer } from './analyzer.js';
import { uncoveredPhrase } from './coverage.js';
import { LexicalIndex } from './lexical-index.js';
import { buildExpansions } from './vocabulary.js';

describe('uncoveredPhrase', () => {
  const idx = new LexicalIndex();
  idx.add([
    { id: 'c', docId: 'C', title: "Carte d'identité", heading: null, text: "La carte d'identité est gratuite. Prenez rendez-vous en ligne." },
    { id: 'r', docId: 'R', title: 'Restauration scolaire', heading: null, text: 'La restauration scolaire est assurée dans toutes les écoles de la ville.' },
    { id: 's', docId: 'S', title: 'Signalement', heading: null, text: 'Un lampadaire éteint dans votre rue ? Signalez-le.' },
  ]);
  const expansions = buildExpansions({ baby: ['bébé'] });
  const check = (q: string): string | null => uncoveredPhrase(q, idx.queryTerms(q, expansions), frenchAnalyzer);

  it('finds two adjacent words of which the documents know one only', () => {
    expect(check('comment obtenir la carte vitale')).toBe('carte vitale');
    expect(check('quel est le meilleur restaurant de la ville')).toBe('meilleur restaurant');
  });

  it('lets pass a question whose unknown words stand apart from the known ones', () => {
    // "panne" is unknown, but "en" stands between it and "lampadaire".
    expect(check('il y a un lampadaire en panne dans ma rue')).toBeNull();
    expect(check("comment obtenir la carte d'identité")).toBeNull();
    // A number is not a thing the documents lack.
    expect(check('carte 2026')).toBeNull();
  });

  it('counts a word the vocabulary translates, or a typo the index corrects, as known', () => {
    expect(check('carte baby')).toBeNull();
    expect(check('restauration villle')).toBeNull();
  });

  it('never takes a word of courtesy for the missing half of a thing', () => {
    expect(check('carte identité merci')).toBeNull();
    expect(check('restauration scolaire svp')).toBeNull();
    expect(check('restauration scolaire stp')).toBeNull();
    expect(check('carte please')).toBeNull();
    expect(check('Bonjour madame restauration scolaire cordialement')).toBeNull();
  });
});
