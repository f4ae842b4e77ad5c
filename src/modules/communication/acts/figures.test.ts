import { describe, expect, it } from 'vitest';
import { extractFigures, numberFromWords, type Figure } from './figures.js';

const brief = (f: Figure) => ({ kind: f.kind, raw: f.raw, ...(f.values ? { values: f.values } : {}), ...(f.dates ? { dates: f.dates } : {}), ...(f.vote ? { vote: f.vote } : {}), ...(f.unit ? { unit: f.unit } : {}) });
const only = (text: string) => extractFigures(text).map(brief);

describe('amounts', () => {
  it.each([
    ['une subvention de 1 500 000 €', 1_500_000],
    ['soit 1.500.000 euros', 1_500_000],
    ['environ 1,5 M€', 1_500_000],
    ["1,5 million d'euros", 1_500_000],
    ['2 milliards d’euros', 2_000_000_000],
    ['300 k€', 300_000],
    // Real lines of the Montpellier acts.
    ['Pour cette édition l’association sollicite la Ville pour une subvention de 75 000 €.', 75_000],
    ['un montant maximum de 60 millions d’euros ;', 60_000_000],
    ['Ce montant total est égal, au 1er juillet 2010, à 8272.02€ mensuels.', 8272.02],
    ["approuver le produit d’imposition de 182.330.309 euros", 182_330_309],
  ])('%s', (text, euros) => {
    const amounts = extractFigures(text).filter((f) => f.kind === 'amount');
    expect(amounts).toHaveLength(1);
    expect(amounts[0]!.values).toContain(euros);
  });
});

describe('dates', () => {
  it('reads written and numeric dates alike', () => {
    expect(only('le 15 avril 2014')).toEqual([{ kind: 'date', raw: '15 avril 2014', dates: [{ day: 15, month: 4, year: 2014 }] }]);
    expect(only('le 15/04/2014')).toEqual([{ kind: 'date', raw: '15/04/2014', dates: [{ day: 15, month: 4, year: 2014 }] }]);
  });

  it('tells a date of effect from a reference to another text', () => {
    const [effect] = extractFigures('Les présentes dispositions prennent effet à compter du 6 avril 2014.');
    expect(effect).toMatchObject({ kind: 'date', dateRole: 'effect' });
    const [reference] = extractFigures('Conformément à l’arrêté préfectoral en date du 9 février 1999, la Ville est représentée.');
    expect(reference).toMatchObject({ kind: 'date', dateRole: 'reference' });
  });

  it('reads a legal reference that looks like an ISO date as a code', () => {
    expect(extractFigures("au a de l'article L. 2221-5-1").map((f) => f.kind)).toEqual(['code']);
  });
});

describe('votes', () => {
  it('reads counts by side, in both orders', () => {
    expect(only('Pour : 43 — Contre : 12 — Abstentions : 3')).toEqual([
      { kind: 'vote', raw: 'Pour : 43', values: [43], vote: 'for' },
      { kind: 'vote', raw: 'Contre : 12', values: [12], vote: 'against' },
      { kind: 'vote', raw: 'Abstentions : 3', values: [3], vote: 'abstentions' },
    ]);
    expect(only('par 43 voix pour, 12 voix contre et 3 abstentions').map((f) => [f.vote, f.values])).toEqual([
      ['for', [43]],
      ['against', [12]],
      ['abstentions', [3]],
    ]);
  });

  it('reads unanimity, and does not take "pour 2014" for a vote', () => {
    expect(only("adopté à l'unanimité")).toEqual([{ kind: 'vote', raw: 'unanimité', vote: 'unanimous' }]);
    expect(only('les taux pour 2014').map((f) => f.kind)).toEqual(['number']);
  });
});

describe('durations and numbers in words', () => {
  it('normalises durations written in digits or words', () => {
    expect(only('pour une durée de 3 ans')).toEqual([{ kind: 'duration', raw: '3 ans', values: [3], unit: 'year' }]);
    expect(only("pour une durée n'excédant pas douze ans ;")).toEqual([{ kind: 'duration', raw: 'douze ans', values: [12], unit: 'year' }]);
  });

  it.each([
    ['quarante-trois', 43],
    ['soixante et onze', 71],
    ['quatre-vingt-dix-neuf', 99],
    ['deux mille', 2000],
    ['trois cents', 300],
  ])('%s = %i', (words, value) => {
    expect(numberFromWords(words)).toBe(value);
  });

  it('does not read the article "un" or the adjective "neuf" as a number', () => {
    expect(extractFigures('un bâtiment neuf').length).toBe(0);
  });
});

describe('OCR noise and codes', () => {
  it('reads no figure from digits glued to look-alike letters', () => {
    expect(only('en 2O14')).toEqual([{ kind: 'code', raw: '2O14' }]);
    // "l5 avril" is not the 5th of April: only the month and year are readable.
    expect(only('le l5 avril 2014')).toEqual([
      { kind: 'code', raw: 'l5' },
      { kind: 'date', raw: 'avril 2014', dates: [{ month: 4, year: 2014 }] },
    ]);
    expect(only('soit 1 5O0 000 €').map((f) => f.kind)).toEqual(['code']);
  });

  it('reads no amount from a number whose groups a stray space broke', () => {
    expect(only('soit 1 5 00 000 €')).toEqual([{ kind: 'code', raw: '1 5 00 000' }]);
  });

  it('keeps ordinals, hours, and legal references readable', () => {
    expect(only('le 1er juillet 2010 à 18h00').map((f) => f.kind)).toEqual(['date', 'time']);
    expect(only('Rédacteur principal de 2ème classe').map((f) => f.values)).toEqual([[2]]);
    expect(only('article L2121-8 du CGCT').map((f) => f.kind)).toEqual(['number', 'number']);
    expect(only('marché n°2M2292301').map((f) => f.kind)).toEqual(['code']);
  });
});
