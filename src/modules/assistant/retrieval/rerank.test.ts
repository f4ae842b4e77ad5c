import { describe, expect, it } from 'vitest';
import { applyRerankScores, rerankDocument } from './rerank';

describe('reranking', () => {
  it('reorders the scored head by descending score and keeps the tail behind it', () => {
    expect(applyRerankScores(['a', 'b', 'c', 'd', 'e'], [0.1, 0.9, 0.5])).toEqual(['b', 'c', 'a', 'd', 'e']);
  });

  it('keeps first-stage order between equal scores and puts unscored items last in the head', () => {
    expect(applyRerankScores(['a', 'b', 'c', 'd'], [0.5, Number.NEGATIVE_INFINITY, 0.5, Number.NaN])).toEqual(['a', 'c', 'b', 'd']);
  });

  it('changes nothing without scores', () => {
    expect(applyRerankScores(['a', 'b'], [])).toEqual(['a', 'b']);
  });

  it('gives the model the title, the heading and the text', () => {
    expect(rerankDocument({ documentTitle: 'Cantine', heading: 'Tarifs', text: 'Le repas coûte 3 €.' })).toBe('Cantine\nTarifs\nLe repas coûte 3 €.');
    expect(rerankDocument({ documentTitle: 'Cantine', heading: null, text: 'Texte' })).toBe('Cantine\nTexte');
  });
});
