import { describe, expect, it } from 'vitest';
import { seededRandom } from '../spatial/random';
import { weightsFromNeighbourLists } from '../spatial/weights';
import { buildCompositeIndex } from './composite-index';
import { explainTerritory } from './explanation';
import type { IndicatorTable } from './indicators';
import { formatNumber, joinList, ordinal, percent, points } from './wording';

/**
 * Four territories, three indicators, min-max and equal weights — by hand:
 *   income (better)  10, 20, 30, 40 → 0, 33.3, 66.7, 100
 *   poverty (worse)  20, 40, 10, 30 → 66.7, 0, 100, 33.3
 *   fibre (better)   50, 50, 100, 0 → 50, 50, 100, 0
 * Every indicator averages 50, so does the score. T2 scores (33.3 + 0 + 50)/3 = 27.8: income
 * −16.7/3 = −5.6 points, poverty −50/3 = −16.7, fibre 0. T4 scores 44.4: income +16.7, poverty
 * −5.6, fibre −16.7.
 */
const table: IndicatorTable = {
  territoryIds: ['T1', 'T2', 'T3', 'T4'],
  indicators: [
    { id: 'income', label: { fr: 'le revenu médian', en: 'the median income' }, direction: 'higher-is-better' },
    { id: 'poverty', label: { fr: 'le taux de pauvreté', en: 'the poverty rate' }, direction: 'higher-is-worse' },
    { id: 'fibre', label: { fr: 'la couverture en fibre', en: 'the fibre coverage' }, direction: 'higher-is-better' },
  ],
  columns: [Float64Array.of(10, 20, 30, 40), Float64Array.of(20, 40, 10, 30), Float64Array.of(50, 50, 100, 0)],
};
const options = { normalisation: { method: 'min-max' }, weighting: { scheme: 'equal' }, aggregation: 'arithmetic', missingValues: 'exclude' } as const;

describe('explanations', () => {
  const index = buildCompositeIndex(table, options);

  it('the numbers: score, average, rank and each indicator’s pull', () => {
    const t2 = explainTerritory(index, 1);
    expect(t2.score).toBeCloseTo(250 / 9, 12);
    expect(t2.averageScore).toBeCloseTo(50, 12);
    expect(t2.rank).toBe(1);
    expect(t2.drivers.map((d) => d.indicator)).toEqual(['poverty', 'income', 'fibre']);
    expect(t2.drivers[0]!.contribution).toBeCloseTo(-50 / 3, 12);
    expect(t2.drivers.reduce((s, d) => s + d.contribution, 0)).toBeCloseTo(t2.score - t2.averageScore, 12);
  });

  it('a sentence in French and in English, naming what pulls down most, then what pulls up', () => {
    const t2 = explainTerritory(index, 1);
    expect(t2.sentence.fr).toBe(
      'Score 27,8 contre 50,0 en moyenne ; le score le plus bas sur 4. Tiré vers le bas surtout par le taux de pauvreté (\u221216,7 points) et le revenu médian (\u22125,6 points).',
    );
    expect(t2.sentence.en).toBe(
      'Score 27.8 against an average of 50.0; the lowest score of 4. Pulled down mostly by the poverty rate (\u221216.7 points) and the median income (\u22125.6 points).',
    );
    const t4 = explainTerritory(index, 3);
    expect(t4.sentence.fr).toBe(
      'Score 44,4 contre 50,0 en moyenne ; 2e score le plus haut sur 4. Tiré vers le bas surtout par la couverture en fibre (\u221216,7 points) et le taux de pauvreté (\u22125,6 points), vers le haut par le revenu médian (+16,7 points).',
    );
    const t3 = explainTerritory(index, 2);
    expect(t3.sentence.en).toMatch(/^Score 88\.9 against an average of 50\.0; the highest score of 4\. Pulled up mostly by the fibre coverage \(\+16\.7 points\) and the poverty rate \(\+16\.7 points\)\.$/);
  });

  it('tells the rank from the nearer end, the interval too', () => {
    const interval = { lowerRank: Float64Array.of(1, 1, 3, 2), medianRank: Float64Array.of(2, 1, 4, 3), upperRank: Float64Array.of(3, 2, 4, 4) };
    // T4: rank 3 of 4, between 2 and 4 from the bottom → 2nd highest, between 1st and 3rd from the top.
    expect(explainTerritory(index, 3, interval as never).sentence.en).toMatch(/; 2nd highest score of 4 \(between 1st and 3rd depending on the method choices\)\./);
  });

  it('with the Monte Carlo interval, and saying which values were imputed', () => {
    const withGap: IndicatorTable = { ...table, columns: [Float64Array.of(10, Number.NaN, 30, 40), table.columns[1]!, table.columns[2]!] };
    const imputed = buildCompositeIndex(withGap, {
      ...options,
      missingValues: 'neighbours',
      missingContext: { neighbours: weightsFromNeighbourLists([[1], [0, 2], [1, 3], [2]]) },
    });
    const interval = { lowerRank: Float64Array.of(1, 1, 3, 2), medianRank: Float64Array.of(2, 1, 4, 3), upperRank: Float64Array.of(3, 2, 4, 3) };
    const t2 = explainTerritory(imputed, 1, interval as never);
    expect(t2.drivers.find((d) => d.indicator === 'income')!.imputed).toBe('neighbours');
    expect(t2.sentence.fr).toContain('(entre le 1er et le 2e selon les choix de méthode)');
    expect(t2.sentence.fr).toContain('le revenu médian (');
    expect(t2.sentence.fr).toContain('valeur estimée d’après les voisins)');
    expect(t2.sentence.en).toContain('value estimated from the neighbours)');
  });

  it('geometric aggregation speaks in percentages whose factors multiply to score / geometric mean', () => {
    const geometric = buildCompositeIndex(table, { ...options, normalisation: { method: 'min-max', lower: 1, upper: 100 }, aggregation: 'geometric' });
    const t2 = explainTerritory(geometric, 1);
    const product = t2.drivers.reduce((p, d) => p * (1 + d.percentEffect! / 100), 1);
    expect(product).toBeCloseTo(t2.score / t2.averageScore, 12);
    expect(t2.sentence.en).toMatch(/Pulled down mostly by the poverty rate \(\u2212\d+%\)/);
    expect(t2.sentence.fr).toMatch(/le taux de pauvreté \(\u2212\d+\u00a0%\)/);
  });

  it('a territory at the average names no indicator', () => {
    const flat: IndicatorTable = { ...table, columns: [Float64Array.of(1, 2, 3), Float64Array.of(3, 2, 1), Float64Array.of(5, 5, 5)], territoryIds: ['a', 'b', 'c'] };
    const e = explainTerritory(buildCompositeIndex(flat, options), 1);
    expect(e.sentence.en).toMatch(/No indicator stands out\.$/);
  });
});

describe('wording', () => {
  it('numbers, ordinals, lists, points and percentages in both languages', () => {
    expect(formatNumber(-1234.56, 'fr')).toBe('\u22121\u202f234,6');
    expect(formatNumber(-1234.56, 'en')).toBe('\u22121,234.6');
    expect(formatNumber(-0.01, 'en', 1, true)).toBe('0.0');
    expect([1, 2, 3, 11, 12, 13, 21, 22, 101, 111].map((r) => ordinal(r, 'en'))).toEqual(['1st', '2nd', '3rd', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
    expect([1, 2, 1276].map((r) => ordinal(r, 'fr'))).toEqual(['1er', '2e', '1\u202f276e']);
    expect(joinList(['a', 'b', 'c'], 'fr')).toBe('a, b et c');
    expect(joinList(['a', 'b'], 'en')).toBe('a and b');
    expect(points(1.2, 'fr')).toBe('+1,2 point');
    expect(points(-2, 'fr')).toBe('\u22122,0 points');
    expect(points(1, 'en')).toBe('+1.0 point');
    expect(points(1.2, 'en')).toBe('+1.2 points');
    expect(percent(-12.4, 'fr')).toBe('\u221212\u00a0%');
    expect(percent(3, 'en')).toBe('+3%');
  });

  it('the hand-written number format gives what Intl.NumberFormat gives (fr-FR, en-GB), but no −0', () => {
    const random = seededRandom(4);
    const intl = (value: number, locale: string, digits: number, signed: boolean) =>
      new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: signed ? 'exceptZero' : 'auto' })
        .format(value)
        .replace('-', '\u2212');
    for (let k = 0; k < 2000; k++) {
      const value = (random.nextFloat() - 0.5) * 10 ** random.below(9);
      const digits = random.below(3);
      const signed = random.below(2) === 1;
      // Deliberate difference: a value that rounds to zero is printed without a sign (Intl says −0).
      if (Number(Math.abs(value).toFixed(digits)) === 0) continue;
      expect(formatNumber(value, 'fr', digits, signed)).toBe(intl(value, 'fr-FR', digits, signed));
      expect(formatNumber(value, 'en', digits, signed)).toBe(intl(value, 'en-GB', digits, signed));
    }
  });
});
