/**
 * Why a territory scores what it scores, from the numbers only: the exact decomposition of its
 * score against the average territory (aggregation.ts), its rank and, when the Monte Carlo ran,
 * its rank interval — written as one sentence in French and in English.
 *
 * The sentence names the direction the score departs in (below the average: "pulled down"), the
 * indicators that pull most that way (at most `maxDrivers`), then the strongest one pulling the
 * other way. An indicator whose contribution is under `negligibleShare` of the total absolute
 * contribution is not named. An imputed value is said to be one.
 */
import type { CompositeIndexResult } from './composite-index';
import type { Wording } from './indicators';
import type { ImputationMethod } from './missing-values';
import type { UncertaintyResult } from './monte-carlo';
import { capitalise, formatNumber, joinList, ordinal, percent, points, type Language } from './wording';

export interface Driver {
  indicator: string;
  label: Wording;
  /** Against the average territory: score points (arithmetic) or log-points (geometric). */
  contribution: number;
  /** For geometric aggregation: the percentage the indicator moves the score by, (e^c − 1)·100. */
  percentEffect: number | null;
  normalisedValue: number;
  averageNormalisedValue: number;
  imputed: ImputationMethod | null;
}

export interface TerritoryExplanation {
  territory: string;
  score: number;
  averageScore: number;
  rank: number;
  of: number;
  interval: { lower: number; median: number; upper: number } | null;
  /** Every indicator, from the one pulling the score down most to the one pulling it up most. */
  drivers: Driver[];
  sentence: Wording;
}

export interface ExplanationOptions {
  maxDrivers?: number;
  negligibleShare?: number;
}

const IMPUTED: Record<ImputationMethod, Wording> = {
  neighbours: { fr: 'valeur estimée d’après les voisins', en: 'value estimated from the neighbours' },
  parent: { fr: 'valeur estimée d’après le territoire parent', en: 'value estimated from the parent territory' },
};

export function explainTerritory(index: CompositeIndexResult, i: number, uncertainty?: UncertaintyResult | null, options: ExplanationOptions = {}): TerritoryExplanation {
  const maxDrivers = options.maxDrivers ?? 2;
  const negligibleShare = options.negligibleShare ?? 0.05;
  const { decomposition } = index;
  const geometric = decomposition.aggregation === 'geometric';
  const drivers: Driver[] = index.indicators
    .map((indicator, k) => {
      const contribution = decomposition.contributions[k]![i]!;
      return {
        indicator: indicator.id,
        label: indicator.label,
        contribution,
        percentEffect: geometric ? (Math.exp(contribution) - 1) * 100 : null,
        normalisedValue: index.normalised[k]![i]!,
        averageNormalisedValue: decomposition.referenceValues[k]!,
        imputed: index.flags[k]![i]!,
      };
    })
    .sort((a, b) => a.contribution - b.contribution);
  const interval = uncertainty ? { lower: uncertainty.lowerRank[i]!, median: uncertainty.medianRank[i]!, upper: uncertainty.upperRank[i]! } : null;
  const base = {
    territory: index.territoryIds[i]!,
    score: index.scores[i]!,
    averageScore: decomposition.reference,
    rank: index.ranks[i]!,
    of: index.territoryIds.length,
    interval,
    drivers,
  };
  let total = 0;
  for (const d of drivers) total += Math.abs(d.contribution);
  const below = base.score < base.averageScore;
  const threshold = negligibleShare * total;
  // Drivers are sorted by contribution: the most negative first, the most positive last.
  const main: Driver[] = [];
  const opposite: Driver[] = [];
  if (total > 0) {
    const m = drivers.length;
    for (let k = 0; k < m && main.length < maxDrivers; k++) {
      const d = below ? drivers[k]! : drivers[m - 1 - k]!;
      if ((below ? d.contribution < 0 : d.contribution > 0) && Math.abs(d.contribution) >= threshold) main.push(d);
    }
    for (let k = 0; k < m && opposite.length < 1; k++) {
      const d = below ? drivers[m - 1 - k]! : drivers[k]!;
      if ((below ? d.contribution > 0 : d.contribution < 0) && Math.abs(d.contribution) >= threshold) opposite.push(d);
    }
  }
  const sentence = {
    fr: `${situation(base, 'fr')} ${driversSentence(main, opposite, below, geometric, 'fr')}`,
    en: `${situation(base, 'en')} ${driversSentence(main, opposite, below, geometric, 'en')}`,
  };
  return { ...base, sentence };
}

export function explainAll(index: CompositeIndexResult, uncertainty?: UncertaintyResult | null, options: ExplanationOptions = {}): TerritoryExplanation[] {
  return index.territoryIds.map((_, i) => explainTerritory(index, i, uncertainty, options));
}

/** The rank is told from the nearer end: "12e score le plus bas", "3e score le plus haut". */
function situation(t: Omit<TerritoryExplanation, 'sentence'>, language: Language): string {
  const score = formatNumber(t.score, language);
  const average = formatNumber(t.averageScore, language);
  const of = formatNumber(t.of, language, 0);
  const fromTop = t.rank > (t.of + 1) / 2;
  const position = fromTop ? t.of + 1 - t.rank : t.rank;
  const bounds = t.interval ? (fromTop ? [t.of + 1 - t.interval.upper, t.of + 1 - t.interval.lower] : [t.interval.lower, t.interval.upper]) : null;
  if (language === 'fr') {
    const interval = bounds ? ` (entre le ${ordinal(bounds[0]!, 'fr')} et le ${ordinal(bounds[1]!, 'fr')} selon les choix de méthode)` : '';
    const which = `score le plus ${fromTop ? 'haut' : 'bas'}`;
    return `Score ${score} contre ${average} en moyenne ; ${Math.round(position) === 1 ? `le ${which}` : `${ordinal(position, 'fr')} ${which}`} sur ${of}${interval}.`;
  }
  const interval = bounds ? ` (between ${ordinal(bounds[0]!, 'en')} and ${ordinal(bounds[1]!, 'en')} depending on the method choices)` : '';
  const which = `${fromTop ? 'highest' : 'lowest'} score`;
  return `Score ${score} against an average of ${average}; ${Math.round(position) === 1 ? `the ${which}` : `${ordinal(position, 'en')} ${which}`} of ${of}${interval}.`;
}

function describeDriver(d: Driver, geometric: boolean, language: Language): string {
  const amount = geometric ? percent(d.percentEffect!, language) : points(d.contribution, language);
  const imputed = d.imputed ? `, ${IMPUTED[d.imputed][language]}` : '';
  return `${d.label[language]} (${amount}${imputed})`;
}

function driversSentence(main: Driver[], opposite: Driver[], below: boolean, geometric: boolean, language: Language): string {
  if (main.length === 0) {
    return language === 'fr' ? 'Aucun indicateur ne se détache.' : 'No indicator stands out.';
  }
  const described: string[] = [];
  for (const d of main) described.push(describeDriver(d, geometric, language));
  const mainList = joinList(described, language);
  const oppositeText = opposite.length ? describeDriver(opposite[0]!, geometric, language) : null;
  if (language === 'fr') {
    const way = below ? 'vers le bas' : 'vers le haut';
    const other = below ? 'vers le haut' : 'vers le bas';
    return `${capitalise(`tiré ${way} surtout par ${mainList}`)}${oppositeText ? `, ${other} par ${oppositeText}` : ''}.`;
  }
  const way = below ? 'down' : 'up';
  const other = below ? 'up' : 'down';
  return `${capitalise(`pulled ${way} mostly by ${mainList}`)}${oppositeText ? `, ${other} by ${oppositeText}` : ''}.`;
}
