import { describe, expect, it } from 'vitest';
import { createPlainAnalyzer } from './analyzer.js';
import { bm25Idf, LexicalIndex, withinOneEdit, type PassageInput } from './lexical-index.js';
import { buildExpansions } from './vocabulary.js';

const plain = (id: string, text: string): PassageInput => ({ id, docId: id, title: '', heading: null, text });

describe('LexicalIndex BM25', () => {
  it('matches a hand-computed BM25 score (Robertson/Lucene idf)', () => {
    const idx = new LexicalIndex({
      analyzer: createPlainAnalyzer(),
      fieldWeights: { title: 0, heading: 0 },
      proximityWeight: 0,
      prefixLength: 0,
      delta: 0,
      windowWeight: 0,
      exactFormWeight: 0,
    });
    idx.add([plain('d1', 'chat noir'), plain('d2', 'chat chat blanc'), plain('d3', 'chien')]);
    // N = 3, df(chat) = 2, avgdl = 2, k1 = 1.2, b = 0.75
    const idf = Math.log(1 + (3 - 2 + 0.5) / (2 + 0.5)); // ln 1.6 = 0.4700036
    expect(bm25Idf(3, 2)).toBeCloseTo(0.4700036, 6);
    // d1: tf 1, dl 2 → norm 1 → idf * 2.2 * 1 / (1.2 + 1) = idf
    // d2: tf 2, dl 3 → norm 0.25 + 0.75 * 1.5 = 1.375 → idf * 2.2 * 2 / (1.2 * 1.375 + 2) = idf * 1.2054795
    const res = idx.search('chat');
    expect(res.hits.map((h) => h.id)).toEqual(['d2', 'd1']);
    expect(res.hits[0]?.score).toBeCloseTo(idf * (4.4 / 3.65), 9);
    expect(res.hits[0]?.score).toBeCloseTo(0.5665798, 6);
    expect(res.hits[1]?.score).toBeCloseTo(idf, 9);
    expect(res.maxScore).toBeCloseTo(idf * 2.2, 9);
  });

  it('uses title and heading fields, with French analysis', () => {
    const idx = new LexicalIndex();
    idx.add([
      { id: 'a', docId: 'A', title: 'Restauration scolaire', heading: 'Tarifs', text: 'Les repas sont servis à midi.' },
      { id: 'b', docId: 'B', title: 'Voirie', heading: null, text: 'Les travaux de la rue commencent lundi.' },
    ]);
    expect(idx.search('tarif de la restauration scolaire').hits[0]?.id).toBe('a');
    expect(idx.search('TRAVAUX rue').hits.map((h) => h.id)).toEqual(['b']);
    expect(idx.search('rien du tout').hits).toEqual([]);
  });

  it('rewards query terms that are close together', () => {
    const idx = new LexicalIndex();
    idx.add([
      { id: 'far', docId: 'F', title: '', heading: null, text: 'carte délivrée par la préfecture après un long délai administratif et une visite : identité' },
      { id: 'near', docId: 'N', title: '', heading: null, text: 'carte identité délivrée par la préfecture après un long délai administratif et une visite' },
    ]);
    const hits = idx.search("carte d'identité").hits;
    expect(hits[0]?.id).toBe('near');
    expect(hits[0]?.proximity).toBeGreaterThan(0);
    expect(hits[1]?.proximity).toBe(0);
  });

  it('round-trips through stored JSON and supports incremental add/remove', () => {
    const idx = new LexicalIndex();
    const stored = idx.add([
      { id: 'p1', docId: 'D1', title: 'Cantine', heading: null, text: 'Inscription à la cantine en mairie.' },
      { id: 'p2', docId: 'D1', title: 'Cantine', heading: 'Menus', text: 'Les menus changent chaque semaine.' },
      { id: 'p3', docId: 'D2', title: 'État civil', heading: null, text: 'Demande d’acte de naissance en ligne.' },
    ]);
    const rebuilt = LexicalIndex.fromStored(JSON.parse(JSON.stringify(stored)));
    for (const q of ['cantine menus', 'acte de naissance', 'inscription mairie']) {
      expect(rebuilt.search(q).hits).toEqual(idx.search(q).hits);
    }
    expect(idx.removeDocument('D1')).toBe(2);
    expect(idx.size).toBe(1);
    expect(idx.search('cantine').hits).toEqual([]);
    const fresh = LexicalIndex.fromStored(stored.filter((p) => p.docId === 'D2'));
    expect(idx.search('naissance').hits).toEqual(fresh.search('naissance').hits);
    idx.addStored(stored.filter((p) => p.docId === 'D1'));
    expect(idx.search('cantine').hits.map((h) => h.docId)).toEqual(['D1', 'D1']);
    expect(idx.exportStored()).toHaveLength(3);
  });

  it('expands queries with the commune vocabulary', () => {
    const expansions = buildExpansions({ CCAS: ["centre communal d'action sociale"], cantine: ['restauration scolaire'] });
    const idx = new LexicalIndex();
    idx.add([
      { id: 'c', docId: 'C', title: 'Solidarité', heading: null, text: "Le centre communal d'action sociale aide les familles." },
      { id: 'r', docId: 'R', title: 'Écoles', heading: null, text: 'La restauration scolaire est ouverte aux élèves.' },
    ]);
    expect(idx.search('horaires du CCAS').hits).toEqual([]);
    expect(idx.search('horaires du CCAS', { expansions }).hits[0]?.id).toBe('c');
    expect(idx.search('prix de la cantine', { expansions }).hits[0]?.id).toBe('r');
    // symmetric: the long form also finds passages using the acronym
    const terms = idx.queryTerms('restauration scolaire', expansions);
    expect(terms.find((t) => t.expanded)?.weight).toBe(0.5);
  });
});

describe('LexicalIndex second-stage signals', () => {
  it('matches derived forms through truncated terms (afrique / africaine)', () => {
    const idx = new LexicalIndex();
    idx.add([
      { id: 'a', docId: 'A', title: '', heading: null, text: 'La musique venue d’Afrique a inspiré le jazz.' },
      { id: 'b', docId: 'B', title: '', heading: null, text: 'Le jazz est joué dans les clubs de la ville.' },
    ]);
    expect(idx.search('jazz musique africaine').hits[0]?.id).toBe('a');
    const off = new LexicalIndex({ prefixLength: 0 });
    off.add([{ id: 'a', docId: 'A', title: '', heading: null, text: 'La musique venue d’Afrique.' }]);
    expect(off.search('africaine').hits).toEqual([]);
  });

  it('prefers the exact unstemmed form when stems tie, and accepts terms stored without forms', () => {
    const passages: PassageInput[] = [
      { id: 'inexact', docId: 'I', title: '', heading: null, text: 'Les inscriptions scolaires ouvrent en mars.' },
      { id: 'exact', docId: 'E', title: '', heading: null, text: 'L’inscription scolaire ouvre en mars.' },
    ];
    const stored = passages.map((p) => LexicalIndex.analyzePassage(p));
    expect(stored[1]?.textForms).toEqual(['inscription', 'scolaire', 'ouvre', 'mars']);
    const idx = LexicalIndex.fromStored(stored);
    const res = idx.search('inscription scolaire');
    expect(res.hits[0]?.id).toBe('exact');
    // Old stored format (no textForms): still loads and searches.
    const legacy = LexicalIndex.fromStored(stored.map(({ textForms: _forms, ...rest }) => rest));
    expect(legacy.search('inscription scolaire').hits.map((h) => h.id).sort()).toEqual(['exact', 'inexact']);
  });

  it('rewards question words found together in one clause', () => {
    const idx = new LexicalIndex({ proximityWeight: 0, exactFormWeight: 0, prefixLength: 0 });
    idx.add([
      { id: 'spread', docId: 'S', title: '', heading: null, text: 'Le permis est demandé en mairie. Beaucoup de dossiers arrivent chaque semaine au service urbanisme pour instruction complète et longue. Les travaux commencent ensuite.' },
      { id: 'local', docId: 'L', title: '', heading: null, text: 'Le permis pour les travaux est demandé en mairie. Beaucoup de dossiers arrivent chaque semaine au service urbanisme pour instruction complète et longue.' },
    ]);
    const res = idx.search('permis travaux');
    expect(res.hits[0]?.id).toBe('local');
    expect(res.hits[0]?.windowCoverage).toBeCloseTo(1, 9);
    expect(res.hits[1]?.windowCoverage).toBeLessThan(1);
  });

  it('removes a passage together with its truncated-term postings', () => {
    const idx = new LexicalIndex();
    idx.add([
      { id: 'a', docId: 'A', title: '', heading: null, text: 'Les africains.' },
      { id: 'b', docId: 'B', title: '', heading: null, text: 'Les européens.' },
    ]);
    expect(idx.removeDocument('A')).toBe(1);
    expect(idx.search('afrique').hits).toEqual([]);
    expect(idx.search('europe').hits.map((h) => h.id)).toEqual(['b']);
  });
});

describe('query repair', () => {
  const make = () => {
    const idx = new LexicalIndex();
    idx.add([
      { id: 'd', docId: 'd', title: 'Déchèterie', heading: 'Horaires', text: 'La déchèterie est ouverte le samedi.' },
      { id: 'c', docId: 'c', title: 'Restauration scolaire', heading: null, text: 'Le repas de la restauration scolaire coûte 3 euros.' },
    ]);
    return idx;
  };

  it('corrects an unknown term of 5+ letters to a known term at edit distance 1', () => {
    expect(withinOneEdit('dechetter', 'decheter')).toBe(true);
    expect(withinOneEdit('abcd', 'abdc')).toBe(true);
    expect(withinOneEdit('abcd', 'badc')).toBe(false);
    const hits = make().search('horaires dechetterie');
    expect(hits.hits[0]?.id).toBe('d');
    expect(hits.terms.map((t) => t.term)).toContain('decheter');
  });

  it('drops unknown English function words and substitutes a foreign vocabulary phrase with its primary equivalent', () => {
    const idx = make();
    const expansions = buildExpansions({ 'school lunch': ['restauration scolaire'] });
    const r = idx.search('How much is school lunch?', { expansions });
    expect(r.hits[0]?.id).toBe('c');
    expect(r.terms.filter((t) => !t.expanded).map((t) => t.term).sort()).toEqual(['restaur', 'scolair']);
    expect(r.hits[0]?.coverage).toBe(1);
  });
});

describe('the interrogative frame and what the vocabulary knows', () => {
  const idx = (frameWeight?: number): LexicalIndex => {
    const i = new LexicalIndex(frameWeight === undefined ? {} : { frameWeight });
    i.add([
      { id: 't', docId: 'T', title: 'Tonte', heading: null, text: 'La tonte est autorisée le dimanche de 10 h à 12 h.' },
      { id: 'h', docId: 'H', title: 'Piscine', heading: null, text: "À partir de quelle heure ? L'heure d'ouverture de la piscine change en été." },
    ]);
    return i;
  };

  it('weights the frame\'s words ("à partir de quelle heure") by frameWeight and leaves them out of coverage', () => {
    const q = 'à partir de quelle heure la tonte le dimanche';
    const asAny = idx(1).queryTerms(q);
    expect(asAny.some((t) => t.frame)).toBe(false);
    const framed = idx(0).queryTerms(q);
    expect(framed.filter((t) => t.frame).map((t) => t.term).sort()).toEqual(['heur', 'part']);
    expect(framed.filter((t) => t.frame).every((t) => t.weight === 0)).toBe(true);
    const hit = idx(0).search(q).hits.find((h) => h.id === 't');
    expect(hit?.coverage).toBe(1);
    expect(idx(0).search(q).hits[0]?.id).toBe('t');
  });

  it('keeps a question that is nothing but its frame as it is', () => {
    expect(idx(0).queryTerms('à quelle heure ?').every((t) => !t.frame && t.weight === 1)).toBe(true);
  });

  it('marks a word that triggered a vocabulary entry', () => {
    const expansions = buildExpansions({ bébé: ['naissance'] });
    const i = new LexicalIndex();
    i.add([{ id: 'n', docId: 'N', title: 'Naissance', heading: null, text: 'Déclarer la naissance du bébé.' }]);
    const terms = i.queryTerms('baby bébé', expansions);
    expect(terms.find((t) => t.term === 'beb')?.triggered).toBe(true);
    expect(terms.find((t) => t.term === 'naissanc')?.expanded).toBe(true);
    expect(terms.find((t) => t.term === 'baby')?.triggered).toBeUndefined();
  });
});
