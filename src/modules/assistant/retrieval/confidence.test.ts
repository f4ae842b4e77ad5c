import { describe, expect, it } from 'vitest';
import { calibrateConfidence, confidence, confidenceFeatures, precisionCoverageCurve } from './confidence.js';
import { LexicalIndex } from './lexical-index.js';

describe('confidence', () => {
  it('computes bounded features from a search result', () => {
    const idx = new LexicalIndex();
    idx.add([
      { id: 'a', docId: 'A', title: 'Cantine', heading: null, text: 'Tarif de la cantine scolaire.' },
      { id: 'b', docId: 'B', title: 'Voirie', heading: null, text: 'Travaux de voirie.' },
    ]);
    const f = confidenceFeatures(idx.search('tarif cantine'));
    expect(f).toHaveLength(5);
    for (const x of f) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    expect(f[1]).toBe(1); // full coverage by the top passage
    expect(confidenceFeatures(idx.search('xyzzy'))).toEqual([0, 0, 0, 0, 0]);
    const c = confidence(f);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
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
