import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from './language';

describe('Accept-Language negotiation', () => {
  it('answers in French unless English is preferred', () => {
    expect(negotiateLanguage(undefined)).toBe('fr');
    expect(negotiateLanguage('')).toBe('fr');
    expect(negotiateLanguage('*')).toBe('fr');
    expect(negotiateLanguage('de-DE, es;q=0.8')).toBe('fr');
    expect(negotiateLanguage('en')).toBe('en');
    expect(negotiateLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(negotiateLanguage('EN-us')).toBe('en');
    expect(negotiateLanguage('fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr');
  });

  it('follows the weights, then the order', () => {
    expect(negotiateLanguage('fr;q=0.5, en;q=0.9')).toBe('en');
    expect(negotiateLanguage('de, en;q=0.7, fr;q=0.3')).toBe('en');
    expect(negotiateLanguage('en, fr')).toBe('en');
    expect(negotiateLanguage('fr, en')).toBe('fr');
  });

  it('treats q=0 as a refusal and a malformed weight as no weight', () => {
    expect(negotiateLanguage('en;q=0')).toBe('fr');
    expect(negotiateLanguage('en;q=abc')).toBe('fr');
    expect(negotiateLanguage('en;q=2')).toBe('fr');
    expect(negotiateLanguage(['de', 'en;q=0.5'])).toBe('en');
  });
});
