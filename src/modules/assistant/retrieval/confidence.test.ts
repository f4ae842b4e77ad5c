import { describe, expect, it } from 'vitest';
import { calibrateConfidence, confidence, CONFIDENCE_FEATURES, confidenceFeatures, precisionCoverageCurve } from './confidence.js';
import { LexicalIndex } from './lexical-index.js';

describe('confidence', () => {
  it('computes bounded features from a search result', () => {
    const idx = new LexicalIndex();
    idx.add([
      { id: 'a', docId: 'A', title: 'Cantine', heading: null, text: 'Tarif de la cantine scolaire.' },
      { id: 'b', docId: 'B', title: 'Voirie', heading: null, text: 'Travaux de voirie.' },
    ]);
    const f = confidenceFeatures(idx.search('tarif cantine'));
    expect(f).toHaveLength(CONFIDENCE_FEATURES.length);
    for (const x of f) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    expect(f[1]).toBe(1); // full coverage by the top passage
    expect(confidenceFeatures(idx.search('xyzzy'))).toEqual(new Array(CONFIDENCE_FEATURES.length).fill(0));
    // "cantine" names the top document's title, "tarif" does not.
    expect(f[9]).toBeGreaterThan(0);
    expect(f[9]).toBeLessThan(1);
    expect(f[7]).toBe(1); // no question term missing from the top passage
    const c = confidence(f);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
  });

  it('lowers rareTermMatched when the most specific question word is missing', () => {
    const idx = new LexicalIndex();
    idx.add([
      { id: 'a', docId: 'A', title: 'Cantine', heading: null, text: 'Tarif de la cantine scolaire.' },
      { id: 'b', docId: 'B', title: 'Voirie', heading: null, text: 'Travaux de voirie et tarif du stationnement.' },
      { id: 'c', docId: 'C', title: 'Piscine', heading: null, text: 'Horaires de la piscine.' },
    ]);
    const f = confidenceFeatures(idx.search('tarif cantine piscine'));
    expect(f[7]).toBeLessThan(1);
    expect(f[5]).toBeGreaterThan(0);
  });

  it('keeps models calibrated on the first five features usable', () => {
    const idx = new LexicalIndex();
    idx.add([{ id: 'a', docId: 'A', title: 'Cantine', heading: null, text: 'Tarif de la cantine scolaire.' }]);
    const f = confidenceFeatures(idx.search('tarif cantine'));
    const old = { weights: [1, 1, 1, 1, 1], bias: -2 };
    expect(confidence(f, old)).toBeCloseTo(confidence(f.slice(0, 5), old), 12);
  });

  it('calibrates a logistic model that separates the classes', () => {
    const examples = [
      ...Array.from({ length: 20 }, (_, i) => ({ features: [0.6 + i / 100, 1], label: 1 as const })),
      ...Array.from({ length: 20 }, (_, i) => ({ features: [0.1 + i / 100, 0.3], label: 0 as const })),
    ];
    const model = calibrateConfidence(examples);
    expect(confidence([0.8, 1], model)).toBeGreaterThan(0.8);
    expect(confidence([0.1, 0.3], model)).toBeLessThan(0.2);
  });

  it('computes the precision/coverage curve', () => {
    const curve = precisionCoverageCurve([
      { confidence: 0.9, correct: true },
      { confidence: 0.8, correct: false },
      { confidence: 0.8, correct: true },
      { confidence: 0.1, correct: false },
    ]);
    expect(curve).toEqual([
      { threshold: 0.9, coverage: 0.25, precision: 1 },
      { threshold: 0.8, coverage: 0.75, precision: 2 / 3 },
      { threshold: 0.1, coverage: 1, precision: 0.5 },
    ]);
  });
});
