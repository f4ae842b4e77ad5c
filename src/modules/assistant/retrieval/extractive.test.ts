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
});
