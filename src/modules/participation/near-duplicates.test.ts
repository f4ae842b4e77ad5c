import { describe, expect, it } from 'vitest';
import { bandKeys, findNearDuplicate, fingerprintOf, jaccard, minhashSignature, nearDuplicateKeys, normaliseForComparison, shinglesOf } from './near-duplicates';

describe('near-duplicates', () => {
  it('normalises case, accents, punctuation and spacing', () => {
    expect(normaliseForComparison('  Il FAUT des pistes   cyclables, vite ! ')).toBe('il faut des pistes cyclables vite');
    expect(normaliseForComparison('Élargir les trottoirs')).toBe(normaliseForComparison('elargir les trottoirs.'));
    expect(fingerprintOf('Plus d’arbres !')).toBe(fingerprintOf('plus d arbres'));
  });

  it('finds a repeat with a typo or an added word, not the same idea in other words', () => {
    const stored = [
      { id: 'a', text: 'Il faut des pistes cyclables séparées de la circulation sur les grands axes.' },
      { id: 'b', text: 'Les trottoirs sont trop encombrés pour les poussettes.' },
    ];
    expect(findNearDuplicate('il faut des pistes cyclables séparées de la circulation sur les grands axes', stored, (x) => x.text)?.item.id).toBe('a');
    expect(findNearDuplicate('Il faut des pistes cyclabes séparées de la circulation sur les grands axes svp', stored, (x) => x.text)?.item.id).toBe('a');
    expect(findNearDuplicate('Je voudrais des voies réservées aux vélos, protégées des voitures.', stored, (x) => x.text)).toBeNull();
  });

  it('puts similar texts under a shared band key and keeps unrelated ones apart', () => {
    const a = nearDuplicateKeys('Il faut des pistes cyclables séparées de la circulation sur les grands axes.');
    const b = nearDuplicateKeys('Il faut des pistes cyclables séparées de la circulation sur les grands axes !!');
    const c = nearDuplicateKeys('Les bus passent trop rarement le soir, surtout après 21 heures.');
    expect(a.bands).toHaveLength(16);
    expect(a.bands.some((k) => b.bands.includes(k))).toBe(true);
    expect(a.bands.some((k) => c.bands.includes(k))).toBe(false);
  });

  it('estimates Jaccard similarity with MinHash', () => {
    const x = shinglesOf('Le stationnement des voitures doit rester gratuit le samedi et le dimanche.');
    const y = shinglesOf('Le stationnement des voitures doit rester gratuit le samedi.');
    const exact = jaccard(x, y);
    const sx = minhashSignature(x);
    const sy = minhashSignature(y);
    const estimate = sx.filter((v, i) => v === sy[i]).length / sx.length;
    expect(Math.abs(estimate - exact)).toBeLessThan(0.2);
    expect(bandKeys(sx)).toEqual(bandKeys(minhashSignature(new Set(x))));
  });

  it('handles texts shorter than a shingle and empty ones', () => {
    expect(shinglesOf('Oui')).toEqual(new Set(['oui']));
    expect(nearDuplicateKeys('?!').bands).toEqual([]);
    expect(jaccard(new Set(), new Set())).toBe(1);
  });
});
