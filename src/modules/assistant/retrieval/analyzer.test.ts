import { describe, expect, it } from 'vitest';
import { analyze, createAnalyzer, createPlainAnalyzer, foldAccents, tokenize } from './analyzer.js';

describe('analyzer', () => {
  it('folds accents and ligatures', () => {
    expect(foldAccents('élève à l’œuvre, ex æquo, ça')).toBe('eleve a l’oeuvre, ex aequo, ca');
  });

  it('strips elisions with both apostrophes', () => {
    expect(analyze("l'école")).toEqual(analyze('école'));
    expect(analyze('l’école')).toEqual(analyze('école'));
    expect(analyze("jusqu'au lorsqu'il puisqu'elle d'urbanisme qu’en")).toEqual(analyze('urbanisme'));
    expect(analyze("aujourd'hui")).toEqual(['aujourd\'hui'].map((w) => analyze(w)[0]));
    expect(analyze("aujourd'hui")).toHaveLength(1);
  });

  it('removes stopwords after folding', () => {
    expect(analyze('Où est la mairie ? Quel est le délai, et à quelle heure ?')).toEqual(analyze('mairie délai heure'));
    expect(analyze('le la les de des du et à')).toEqual([]);
  });

  it('is accent- and case-insensitive for stems', () => {
    expect(analyze('Élections')).toEqual(analyze('elections'));
    expect(analyze('ÉCOLE')).toEqual(analyze('ecole'));
  });

  it('stems known French words with Snowball', () => {
    expect(analyze('inscriptions')).toEqual(['inscript']);
    expect(analyze('inscription')).toEqual(['inscript']);
    expect(analyze('municipaux')).toEqual(analyze('municipal'));
    expect(analyze('scolaires')).toEqual(['scolair']);
  });

  it('matches the French Snowball reference vocabulary', () => {
    // Pairs from the Snowball project's French page (snowballstem.org/algorithms/french).
    const reference: Record<string, string> = {
      continu: 'continu', continua: 'continu', continuait: 'continu', continuant: 'continu', continuation: 'continu',
      continue: 'continu', continué: 'continu', continuel: 'continuel', continuelle: 'continuel', continuellement: 'continuel',
      continuelles: 'continuel', continuels: 'continuel', continuer: 'continu', continuez: 'continu', continuité: 'continu',
      main: 'main', maintenant: 'mainten', maintenir: 'mainten', maintenue: 'maintenu', maintien: 'maintien',
    };
    const snowballOnly = createAnalyzer({ stopwords: false, foldAccents: false });
    for (const [word, stem] of Object.entries(reference)) expect(snowballOnly.analyze(word), word).toEqual([stem]);
  });

  it('gives the indexing path the same terms and forms as tokenize', () => {
    const text = "L’inscription à la cantine d'Aujourd'hui : 15h30, 1,5 heure — ÉCOLES, œuvres, jusqu'au 31/12.";
    const tokens = tokenize(text);
    expect(createAnalyzer().termsAndForms(text)).toEqual({ terms: tokens.map((t) => t.term), forms: tokens.map((t) => t.form) });
  });

  it('keeps numbers, decimals and times', () => {
    expect(analyze('En 2024, ouverture à 15h30 pour 1,5 heure')).toEqual(['2024', 'ouvertur', '15h30', '1.5', 'heur']);
  });

  it('returns offsets into the original text', () => {
    const text = "Inscriptions à l’école : 15h30, rue de l'Église.";
    for (const t of tokenize(text)) {
      const surface = text.slice(t.start, t.end);
      expect(createAnalyzer().analyze(surface)).toEqual([t.term]);
    }
    const eglise = tokenize(text).find((t) => t.form === 'eglise');
    expect(eglise && text.slice(eglise.start, eglise.end)).toBe('Église');
    expect(tokenize(text).map((t) => t.position)).toEqual([0, 1, 2, 3, 4]);
  });

  it('offers light and no-stemming variants and a plain baseline analyzer', () => {
    expect(createAnalyzer({ stemmer: 'none' }).analyze('Les Écoles')).toEqual(['ecoles']);
    expect(createAnalyzer({ stemmer: 'light' }).analyze('Les Écoles')).toEqual(['ecol']);
    expect(createPlainAnalyzer().analyze("L'École, 2024 les")).toEqual(['l', 'école', 'les']);
  });
});
