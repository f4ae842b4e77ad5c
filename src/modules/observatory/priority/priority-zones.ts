/**
 * Priority zones: a ranked list combining the index, its uncertainty, hotspot membership and
 * trends by a points rule whose every weight is shown — no hidden score.
 *
 * Points (defaults; `PriorityRule` changes any of them, and the rule travels with the result,
 * in words, so a dashboard can print it next to the list):
 *   level       3 points in the lowest 10 % of scores, 2 in the lowest 20 %, 1 in the lowest 30 %
 *               (rank from the bottom over the number of territories);
 *   robustness  1 point when the territory stays in the lowest 20 % in the upper bound of its
 *               Monte Carlo interval (its 95th-percentile rank): whatever the method choices, it
 *               is among the worst off;
 *   cluster     2 points in a significant cluster of disadvantaged territories (hotspots.ts);
 *   trend       2 points for a weak signal of relative worsening of the index itself, else 1 for
 *               a weak signal of relative worsening of at least one indicator.
 * A territory is a priority zone with at least 4 points, at least one of them for its level (a
 * worsening cluster of comfortable territories is not a priority). Zones are ordered by points,
 * then rank (lowest score first), then median simulated rank, then id: a lexicographic order
 * with no tie left to chance.
 */
import type { TerritoryExplanation } from '../index/explanation';
import type { Wording } from '../index/indicators';
import { formatNumber, joinList, ordinal, type Language } from '../index/wording';
import type { WeakSignalAlert } from '../trends/weak-signals';
import type { ClusterMembership } from './hotspots';

export interface PriorityRule {
  /** Shares of territories from the bottom and their points, most severe first. */
  level: readonly { share: number; points: number }[];
  robustness: { share: number; points: number };
  cluster: { points: number };
  trend: { indexPoints: number; indicatorPoints: number };
  threshold: number;
  /** A zone needs points for its level. */
  requireLevel: boolean;
}

export const DEFAULT_PRIORITY_RULE: PriorityRule = {
  level: [
    { share: 0.1, points: 3 },
    { share: 0.2, points: 2 },
    { share: 0.3, points: 1 },
  ],
  robustness: { share: 0.2, points: 1 },
  cluster: { points: 2 },
  trend: { indexPoints: 2, indicatorPoints: 1 },
  threshold: 4,
  requireLevel: true,
};

export interface PriorityInput {
  territoryIds: readonly string[];
  /** 1 = the lowest score. */
  ranks: ArrayLike<number>;
  scores: ArrayLike<number>;
  uncertainty?: { lowerRank: ArrayLike<number>; medianRank: ArrayLike<number>; upperRank: ArrayLike<number>; interval: readonly [number, number] } | null;
  clusters?: ClusterMembership | null;
  alerts?: readonly WeakSignalAlert[] | null;
  /** The id of the index among the alerts' variables. */
  indexVariable?: string;
  /** The index's explanation of each territory, appended to the zone's. */
  explanations?: readonly TerritoryExplanation[] | null;
}

export type Criterion = 'level' | 'robustness' | 'cluster' | 'trend';

export interface CriterionResult {
  criterion: Criterion;
  points: number;
  maxPoints: number;
  /** Why these points, in words (empty when none). */
  reason: Wording;
}

export interface PriorityAssessment {
  territory: string;
  index: number;
  points: number;
  maxPoints: number;
  criteria: CriterionResult[];
  isZone: boolean;
  /** 1 for the first priority zone; null for a territory that is not one. */
  order: number | null;
  rank: number;
  score: number;
  explanation: Wording;
}

export interface PriorityResult {
  rule: PriorityRule;
  /** The rule in words, one line per criterion, then the selection and the order. */
  ruleText: { fr: string[]; en: string[] };
  maxPoints: number;
  /** Every territory, in input order. */
  assessments: PriorityAssessment[];
  /** The priority zones, in priority order. */
  zones: PriorityAssessment[];
}

export function priorityZones(input: PriorityInput, rule: PriorityRule = DEFAULT_PRIORITY_RULE): PriorityResult {
  const n = input.territoryIds.length;
  checkRule(rule);
  for (const [name, values] of [
    ['ranks', input.ranks],
    ['scores', input.scores],
  ] as const) {
    if (values.length !== n) throw new Error(`${values.length} ${name} are given for ${n} territories`);
  }
  if (input.clusters && input.clusters.member.length !== n) throw new Error('the cluster membership does not cover the territories');
  const indexVariable = input.indexVariable ?? 'index';
  const alertOf = new Map<string, WeakSignalAlert>();
  for (const alert of input.alerts ?? []) alertOf.set(alert.territory, alert);
  const maxLevel = Math.max(...rule.level.map((l) => l.points));
  const maxTrend = Math.max(rule.trend.indexPoints, rule.trend.indicatorPoints);
  const maxPoints = maxLevel + (input.uncertainty ? rule.robustness.points : 0) + (input.clusters ? rule.cluster.points : 0) + (input.alerts ? maxTrend : 0);
  const upperQuantile = input.uncertainty ? Math.round(input.uncertainty.interval[1] * 100) : 95;

  const assessments = input.territoryIds.map((territory, i): PriorityAssessment => {
    const rank = input.ranks[i]!;
    const criteria: CriterionResult[] = [];
    const none: Wording = { fr: '', en: '' };

    const level = rule.level.find((l) => rank <= l.share * n);
    criteria.push({
      criterion: 'level',
      points: level?.points ?? 0,
      maxPoints: maxLevel,
      reason: level
        ? {
            fr: `parmi les ${formatNumber(level.share * 100, 'fr', 0)}\u00a0% de scores les plus bas (${ordinal(rank, 'fr')} sur ${formatNumber(n, 'fr', 0)})`,
            en: `among the lowest ${formatNumber(level.share * 100, 'en', 0)}% of scores (${ordinal(rank, 'en')} of ${formatNumber(n, 'en', 0)})`,
          }
        : none,
    });

    if (input.uncertainty) {
      const upper = input.uncertainty.upperRank[i]!;
      const robust = upper <= rule.robustness.share * n;
      criteria.push({
        criterion: 'robustness',
        points: robust ? rule.robustness.points : 0,
        maxPoints: rule.robustness.points,
        reason: robust
          ? {
              fr: `y reste dans ${upperQuantile}\u00a0% des simulations des choix de méthode (rang au plus ${ordinal(upper, 'fr')}, dans les ${formatNumber(rule.robustness.share * 100, 'fr', 0)}\u00a0% les plus bas)`,
              en: `stays there in ${upperQuantile}% of the simulated method choices (rank at most ${ordinal(upper, 'en')}, within the lowest ${formatNumber(rule.robustness.share * 100, 'en', 0)}%)`,
            }
          : none,
      });
    }

    if (input.clusters) {
      const member = input.clusters.member[i]!;
      criteria.push({
        criterion: 'cluster',
        points: member ? rule.cluster.points : 0,
        maxPoints: rule.cluster.points,
        reason: member
          ? {
              fr: `au sein d’un regroupement significatif de territoires défavorisés (${input.clusters.description.fr})`,
              en: `within a significant cluster of disadvantaged territories (${input.clusters.description.en})`,
            }
          : none,
      });
    }

    if (input.alerts) {
      const alert = alertOf.get(territory);
      const worse = alert ? alert.signals.filter((s) => s.tendency === 'worse') : [];
      const indexWorse = worse.some((s) => s.variable === indexVariable);
      const points = indexWorse ? rule.trend.indexPoints : worse.length ? rule.trend.indicatorPoints : 0;
      const names = (language: Language) => worse.filter((s) => s.variable !== indexVariable).map((s) => s.label[language]);
      criteria.push({
        criterion: 'trend',
        points,
        maxPoints: maxTrend,
        reason: indexWorse
          ? { fr: 'indice en dégradation nette par rapport à son voisinage (signal faible)', en: 'index worsening clearly against its surroundings (weak signal)' }
          : worse.length
            ? {
                fr: `dégradation nette par rapport à son voisinage pour ${joinList(names('fr'), 'fr')} (signal faible)`,
                en: `clear worsening against its surroundings for ${joinList(names('en'), 'en')} (weak signal)`,
              }
            : none,
      });
    }

    const points = criteria.reduce((s, c) => s + c.points, 0);
    const isZone = points >= rule.threshold && (!rule.requireLevel || criteria[0]!.points > 0);
    return { territory, index: i, points, maxPoints, criteria, isZone, order: null, rank, score: input.scores[i]!, explanation: { fr: '', en: '' } };
  });

  const median = (i: number) => (input.uncertainty ? input.uncertainty.medianRank[i]! : 0);
  const zones = assessments
    .filter((a) => a.isZone)
    .sort((a, b) => b.points - a.points || a.rank - b.rank || median(a.index) - median(b.index) || (a.territory < b.territory ? -1 : a.territory > b.territory ? 1 : 0));
  zones.forEach((zone, k) => (zone.order = k + 1));
  for (const a of assessments) a.explanation = explain(a, rule, input.explanations?.[a.index] ?? null);
  return { rule, ruleText: ruleInWords(rule, input, upperQuantile), maxPoints, assessments, zones };
}

function explain(a: PriorityAssessment, rule: PriorityRule, index: TerritoryExplanation | null): Wording {
  const out: Wording = { fr: '', en: '' };
  for (const language of ['fr', 'en'] as const) {
    const met = a.criteria.filter((c) => c.points > 0).map((c) => `${c.reason[language]} — ${pointsText(c.points, language)}`);
    const total = language === 'fr' ? `${pointsText(a.points, 'fr')} sur ${a.maxPoints}` : `${pointsText(a.points, 'en')} of ${a.maxPoints}`;
    const head =
      a.order !== null
        ? language === 'fr'
          ? `Zone prioritaire n° ${a.order}, ${total}`
          : `Priority zone no. ${a.order}, ${total}`
        : language === 'fr'
          ? `Non retenu comme zone prioritaire, ${total} (seuil ${rule.threshold}${rule.requireLevel ? ', dont au moins 1 de niveau' : ''})`
          : `Not a priority zone, ${total} (threshold ${rule.threshold}${rule.requireLevel ? ', at least 1 for the level' : ''})`;
    const body = met.length ? ` : ${met.join(' ; ')}.` : '.';
    const englishBody = met.length ? `: ${met.join('; ')}.` : '.';
    out[language] = `${head}${language === 'fr' ? body : englishBody}${index ? ` ${index.sentence[language]}` : ''}`;
  }
  return out;
}

function pointsText(value: number, language: Language): string {
  const plural = language === 'fr' ? value >= 2 : value !== 1;
  return `${formatNumber(value, language, 0)} ${plural ? 'points' : 'point'}`;
}

function ruleInWords(rule: PriorityRule, input: PriorityInput, upperQuantile: number): { fr: string[]; en: string[] } {
  const pct = (share: number, language: Language) => (language === 'fr' ? `${formatNumber(share * 100, 'fr', 0)}\u00a0%` : `${formatNumber(share * 100, 'en', 0)}%`);
  const fr: string[] = [];
  const en: string[] = [];
  fr.push(`Niveau : ${rule.level.map((l) => `${pointsText(l.points, 'fr')} dans les ${pct(l.share, 'fr')} de scores les plus bas`).join(', ')}.`);
  en.push(`Level: ${rule.level.map((l) => `${pointsText(l.points, 'en')} in the lowest ${pct(l.share, 'en')} of scores`).join(', ')}.`);
  if (input.uncertainty) {
    fr.push(`Robustesse : ${pointsText(rule.robustness.points, 'fr')} si le territoire reste dans les ${pct(rule.robustness.share, 'fr')} les plus bas dans ${upperQuantile}\u00a0% des simulations des choix de méthode.`);
    en.push(`Robustness: ${pointsText(rule.robustness.points, 'en')} if the territory stays in the lowest ${pct(rule.robustness.share, 'en')} in ${upperQuantile}% of the simulated method choices.`);
  }
  if (input.clusters) {
    fr.push(`Regroupement : ${pointsText(rule.cluster.points, 'fr')} au sein d’un regroupement significatif de territoires défavorisés (${input.clusters.description.fr}).`);
    en.push(`Cluster: ${pointsText(rule.cluster.points, 'en')} within a significant cluster of disadvantaged territories (${input.clusters.description.en}).`);
  }
  if (input.alerts) {
    fr.push(`Tendance : ${pointsText(rule.trend.indexPoints, 'fr')} si l’indice se dégrade nettement par rapport au voisinage, ${pointsText(rule.trend.indicatorPoints, 'fr')} si c’est un de ses indicateurs (signaux faibles).`);
    en.push(`Trend: ${pointsText(rule.trend.indexPoints, 'en')} if the index worsens clearly against its surroundings, ${pointsText(rule.trend.indicatorPoints, 'en')} if one of its indicators does (weak signals).`);
  }
  fr.push(
    `Zone prioritaire : ${pointsText(rule.threshold, 'fr')} ou plus${rule.requireLevel ? ', dont au moins 1 de niveau' : ''} ; ordre : points, puis score le plus bas, puis rang médian simulé.`,
  );
  en.push(`Priority zone: ${pointsText(rule.threshold, 'en')} or more${rule.requireLevel ? ', at least 1 for the level' : ''}; order: points, then lowest score, then median simulated rank.`);
  return { fr, en };
}

function checkRule(rule: PriorityRule): void {
  if (rule.level.length === 0) throw new Error('the rule needs at least one level band');
  let previous = 0;
  for (const band of rule.level) {
    if (!(band.share > previous && band.share <= 1)) throw new Error('level bands need increasing shares in (0, 1]');
    previous = band.share;
  }
  const all = [...rule.level.map((l) => l.points), rule.robustness.points, rule.cluster.points, rule.trend.indexPoints, rule.trend.indicatorPoints, rule.threshold];
  if (all.some((p) => !Number.isFinite(p) || p < 0)) throw new Error('points and the threshold must be finite and ≥ 0');
}
