import { describe, expect, it } from 'vitest';
import { createPlainAnalyzer } from './analyzer.js';
import { bm25Idf, LexicalIndex, type PassageInput } from './lexical-index.js';
import { buildExpansions } from './vocabulary.js';

const plain = (id: string, text: string): PassageInput => ({ id, docId: id, title: '', heading: null, text });

describe('LexicalIndex BM25', () => {
  it('matches a hand-computed BM25 score (Robertson/Lucene idf)', () => {
    const idx = new LexicalIndex({ analyzer: createPlainAnalyzer(), fieldWeights: { title: 0, heading: 0 }, proximityWeight: 0 });
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
