import { describe, expect, it } from 'vitest';
import { checkQuote } from './quote-check';

const SOURCE = 'Le prix du repas à la cantine a augmenté de 12 % cette année. Les enfants ont faim, et le service est trop rapide.';
const sources: Record<string, string> = { c4: SOURCE, nfd: 'Le cafe\u0301 de la place ferme à 18 h.' };
const sourceOf = (id: string) => sources[id];

describe('checkQuote', () => {
  it('accepts an exact quote with its offsets', () => {
    const start = SOURCE.indexOf('a augmenté de 12 %');
    const text = 'a augmenté de 12 %';
    expect(checkQuote({ contributionId: 'c4', start, end: start + text.length, text }, sourceOf)).toEqual({
      ok: true,
      quote: { contributionId: 'c4', start, end: start + text.length, text },
    });
  });

  it('finds a quote given without offsets and fills them in', () => {
    const result = checkQuote({ contributionId: 'c4', text: 'Les enfants ont faim' }, sourceOf);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(SOURCE.slice(result.quote.start, result.quote.end)).toBe('Les enfants ont faim');
    expect(result.quote.start).toBe(SOURCE.indexOf('Les enfants'));
  });

  it('rejects offsets that do not frame exactly the text, without searching elsewhere', () => {
    const start = SOURCE.indexOf('Les enfants');
    expect(checkQuote({ contributionId: 'c4', start: start + 1, end: start + 21, text: 'Les enfants ont faim' }, sourceOf)).toEqual({ ok: false, reason: 'offsets-mismatch' });
    expect(checkQuote({ contributionId: 'c4', start: -1, end: 5, text: 'Le pr' }, sourceOf)).toEqual({ ok: false, reason: 'offsets-mismatch' });
    expect(checkQuote({ contributionId: 'c4', start: 0, end: 9999, text: SOURCE }, sourceOf)).toEqual({ ok: false, reason: 'offsets-mismatch' });
  });

  it('rejects a paraphrase', () => {
    expect(checkQuote({ contributionId: 'c4', text: 'le repas de la cantine coûte plus cher' }, sourceOf)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('rejects a changed number', () => {
    expect(checkQuote({ contributionId: 'c4', text: 'a augmenté de 15 %' }, sourceOf)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('rejects two passages joined by an ellipsis', () => {
    expect(checkQuote({ contributionId: 'c4', text: 'Le prix du repas […] est trop rapide' }, sourceOf)).toEqual({ ok: false, reason: 'not-found' });
    expect(checkQuote({ contributionId: 'c4', text: 'Le prix du repas... est trop rapide.' }, sourceOf)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('rejects changed punctuation, case or spacing', () => {
    expect(checkQuote({ contributionId: 'c4', text: 'Les enfants ont faim et le service' }, sourceOf).ok).toBe(false);
    expect(checkQuote({ contributionId: 'c4', text: 'les enfants ont faim' }, sourceOf).ok).toBe(false);
    expect(checkQuote({ contributionId: 'c4', text: 'de 12% cette' }, sourceOf).ok).toBe(false);
    expect(checkQuote({ contributionId: 'c4', text: ' Les enfants ont faim ' }, sourceOf).ok).toBe(false);
  });

  it('compares under Unicode NFC only, and returns the source’s own characters and offsets', () => {
    // The source writes "café" with a combining accent (NFD); the model returns it precomposed.
    const result = checkQuote({ contributionId: 'nfd', text: 'Le café de la place' }, sourceOf);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.quote.text).toBe(sources.nfd!.slice(result.quote.start, result.quote.end));
    expect(result.quote.text).toBe('Le cafe\u0301 de la place');
    // A match may not cut a letter from its accent.
    expect(checkQuote({ contributionId: 'nfd', text: 'Le cafe' }, sourceOf)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('rejects an unknown contribution and an empty quote', () => {
    expect(checkQuote({ contributionId: 'nope', text: 'Le prix' }, sourceOf)).toEqual({ ok: false, reason: 'unknown-contribution' });
    expect(checkQuote({ contributionId: 'c4', text: '  ' }, sourceOf)).toEqual({ ok: false, reason: 'empty' });
  });
});
