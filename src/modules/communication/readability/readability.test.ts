import { describe, expect, it } from 'vitest';
import { kandelMoles, lix, readability, readabilityCounts, readabilityWords } from './readability.js';
import { countSyllables } from './syllables.js';

describe('countSyllables (hand-counted, spoken French)', () => {
  it.each([
    ['le', 1],
    ['les', 1],
    ['qui', 1],
    ['eau', 1],
    ['vie', 1],
    ['tous', 1],
    ['conseil', 2], // con-seil
    ['commune', 2], // com-mune: mute final e
    ['communes', 2],
    ['approuve', 2], // ap-prouve
    ['décide', 2], // dé-cide
    ['école', 2], // é-cole
    ['budget', 2], // bud-get
    ['année', 2], // an-née
    ['créée', 2], // cré-ée
    ['crayon', 2], // cra-yon
    ['payer', 2], // pa-yer
    ['naïf', 2], // na-ïf
    ['théâtre', 2], // thé-âtre
    ['subvention', 3], // sub-ven-tion
    ['autorise', 3], // au-to-rise
    ['réunion', 3], // ré-u-nion
    ['Montpellier', 3], // mont-pel-lier
    ['municipal', 4], // mu-ni-ci-pal
    ['association', 4], // as-so-cia-tion
    ['aéroport', 4], // a-é-ro-port
    ['délibération', 5], // dé-li-bé-ra-tion
    ['coopération', 5], // co-o-pé-ra-tion
    ['Languedoc-Roussillon', 6], // lan-gue-doc rous-sil-lon
    ['CGCT', 1], // acronym without a vowel
  ])('%s → %i', (word, expected) => {
    expect(countSyllables(word)).toBe(expected);
  });

  it('counts nothing in a figure', () => {
    expect(countSyllables('2014')).toBe(0);
  });
});

describe('readability words', () => {
  it('leaves figures out and keeps elisions and compounds whole', () => {
    expect(readabilityWords("L'adjoint vote 1 500 000 € le 1er mai, peut-être.")).toEqual(["L'adjoint", 'vote', 'le', 'mai', 'peut-être']);
  });
});

describe('Kandel–Moles and LIX on a hand-computed text', () => {
  // Sentence 1: Le(1) conseil(2) approuve(2) la(1) subvention(3) — 5 words, 9 syllables.
  // Sentence 2: La(1) commune(2) paie(1) — 3 words, 4 syllables.
  // 8 words, 2 sentences, 13 syllables; long words (> 6 letters): conseil (7), approuve (8),
  // subvention (10), commune (7).
  const TEXT = 'Le conseil approuve la subvention. La commune paie.';

  it('counts', () => {
    expect(readabilityCounts(TEXT)).toEqual({ sentences: 2, words: 8, syllables: 13, longWords: 4 });
  });

  it('Kandel–Moles = 207 − 1.015 × 4 − 73.6 × 13/8 = 83.34', () => {
    expect(kandelMoles({ sentences: 2, words: 8, syllables: 13 })).toBeCloseTo(83.34, 2);
    expect(readability(TEXT)?.kandelMoles).toBe(83.3);
  });

  it('LIX = 8/2 + 100 × 4/8 = 54', () => {
    expect(lix({ sentences: 2, words: 8, longWords: 4 })).toBeCloseTo(54, 6);
    expect(readability(TEXT)?.lix).toBe(54);
  });

  it('a longer administrative sentence scores harder on both', () => {
    const act =
      "Vu le Code général des collectivités territoriales, considérant la délibération relative à l'attribution d'une subvention d'équipement à l'association intercommunale, le conseil municipal autorise Monsieur le Maire à signer la convention correspondante.";
    const a = readability(act)!;
    const b = readability(TEXT)!;
    expect(a.kandelMoles).toBeLessThan(b.kandelMoles);
    expect(a.lix).toBeGreaterThan(b.lix);
  });

  it('does not end a sentence at "M." and ignores an empty text', () => {
    expect(readabilityCounts('M. le Maire signe. Il part.').sentences).toBe(2);
    expect(readability('  1 500 € ')).toBeNull();
  });
});
