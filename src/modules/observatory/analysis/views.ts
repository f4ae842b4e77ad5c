/**
 * A computed analysis as the API answers it, in one language: the dashboard's view, a territory's
 * portrait, the table and the priority list as CSV, the priority zones as GeoJSON.
 */
import type { Language } from '../index/wording';
import { formatNumber } from '../index/wording';
import { priorityCsvRows, priorityFeatures, toCsv, type CsvCell, type GeoJsonGeometry } from '../priority/export';
import { DEFAULT_PRIORITY_RULE, type PriorityAssessment, type PriorityResult } from '../priority/priority-zones';
import type { AnalysisResultView, PortraitView, TerritoryResultView } from '../api-schemas';
import type { StoredAnalysis } from './service';

function territoryView(a: StoredAnalysis, i: number, language: Language): TerritoryResultView {
  const t = a.computation.territories[i]!;
  return {
    code: a.territories.ids[i]!,
    name: a.territories.names[i]!,
    parentCode: a.territories.parents[i] ?? null,
    scored: t.scored,
    score: t.score,
    rank: t.rank,
    interval: t.interval,
    missing: t.missing,
    imputed: t.imputed,
    lisa: t.lisa,
    gi: t.gi,
    cluster: t.cluster,
    priority: t.priority ? { points: t.priority.points, maxPoints: t.priority.maxPoints, order: t.priority.order } : null,
    alert: t.alert >= 0,
    sentence: t.sentence?.[language] ?? null,
  };
}

function alertView(a: StoredAnalysis, k: number, language: Language) {
  const alert = a.computation.alerts[k]!;
  return {
    code: a.territories.ids[alert.territory]!,
    name: a.territories.names[alert.territory]!,
    worsening: alert.worsening,
    sentence: alert.sentence[language],
    signals: alert.signals.map((s) => ({ ...s, label: s.label[language] })),
  };
}

function zoneView(a: StoredAnalysis, i: number, language: Language) {
  const t = a.computation.territories[i]!;
  const p = t.priority!;
  return {
    code: a.territories.ids[i]!,
    name: a.territories.names[i]!,
    order: p.order!,
    points: p.points,
    maxPoints: p.maxPoints,
    rank: t.rank!,
    score: t.score!,
    criteria: p.criteria.map((c) => ({ criterion: c.criterion, points: c.points, maxPoints: c.maxPoints, reason: c.reason[language] })),
    explanation: p.explanation[language],
  };
}

export function analysisView(a: StoredAnalysis, language: Language): AnalysisResultView {
  const c = a.computation;
  return {
    key: a.key,
    status: 'done',
    computedAt: a.computedAt,
    durationMs: a.durationMs,
    dataVersion: a.dataVersion,
    zoningVersion: a.zoningVersion,
    request: a.request,
    language,
    indicators: a.indicators.map((ind, k) => ({
      code: ind.code,
      name: ind.name[language],
      unit: ind.unit,
      direction: ind.direction,
      year: ind.year,
      previousYear: ind.previousYear,
      weight: c.indicators[k]!.weight,
      observed: c.indicators[k]!.observed,
      imputed: c.indicators[k]!.imputed,
    })),
    weights: c.weights,
    summary: c.summary,
    territories: a.territories.ids.map((_, i) => territoryView(a, i, language)),
    priority: { ruleText: c.priority.ruleText[language], maxPoints: c.priority.maxPoints, zones: c.priority.zones.map((i) => zoneView(a, i, language)) },
    alerts: c.alerts.map((_, k) => alertView(a, k, language)),
    warnings: c.warnings,
    method: c.method[language],
  };
}

const UNIT_SUFFIX: Record<string, { fr: string; en: string }> = {
  percent: { fr: '\u00a0%', en: '%' },
  euros: { fr: '\u00a0€', en: ' €' },
  km: { fr: '\u00a0km', en: ' km' },
  'per-1000': { fr: ' pour 1\u00a0000 hab.', en: ' per 1,000 inh.' },
  minutes: { fr: '\u00a0min', en: ' min' },
};

export function formatValue(value: number | null, unit: string, language: Language): string {
  if (value === null || !Number.isFinite(value)) return language === 'fr' ? 'non disponible' : 'not available';
  const digits = unit === 'euros' || unit === 'inhabitants' || unit === 'count' ? 0 : unit === 'per-1000' || unit === 'ratio' ? 2 : 1;
  return `${formatNumber(value, language, digits)}${UNIT_SUFFIX[unit]?.[language] ?? ''}`;
}

export function portraitView(a: StoredAnalysis, code: string, language: Language): PortraitView | null {
  const i = a.territories.ids.indexOf(code);
  if (i < 0) return null;
  const t = a.computation.territories[i]!;
  const parentCode = a.territories.parents[i] ?? null;
  const parentName = parentCode ? (a.parentNames.get(parentCode) ?? parentCode) : null;
  const area = a.areaLabel[language];
  const indicators = a.indicators.map((ind, k) => {
    const cmp = t.comparisons[k]!;
    return {
      code: ind.code,
      name: ind.name[language],
      unit: ind.unit,
      direction: ind.direction,
      year: ind.year,
      value: cmp.value,
      imputed: cmp.imputed,
      parent: cmp.parent,
      neighbours: cmp.neighbours,
      area: cmp.area,
      france: ind.france,
      contrast: cmp.contrast,
    };
  });
  // One sentence per indicator, in the words of the dashboard: the value, then its parent, the area and France.
  const sentences = indicators.map((ind) => {
    const v = formatValue(ind.value, ind.unit, language);
    const parts: string[] = [];
    if (ind.parent.value !== null && parentName) parts.push(language === 'fr' ? `${formatValue(ind.parent.value, ind.unit, language)} dans son territoire parent (${parentName})` : `${formatValue(ind.parent.value, ind.unit, language)} in its parent territory (${parentName})`);
    if (ind.area.value !== null) parts.push(language === 'fr' ? `${formatValue(ind.area.value, ind.unit, language)} en ${area}` : `${formatValue(ind.area.value, ind.unit, language)} in ${area}`);
    if (ind.france !== null) parts.push(language === 'fr' ? `${formatValue(ind.france, ind.unit, language)} en France` : `${formatValue(ind.france, ind.unit, language)} in France`);
    const against = parts.length ? (language === 'fr' ? ` contre ${parts.join(', ')}` : ` against ${parts.join(', ')}`) : '';
    const contrast =
      ind.contrast === 'below-within-above'
        ? language === 'fr'
          ? ' — en dessous de son territoire parent, lui-même au-dessus de l’ensemble'
          : ' — below its parent territory, itself above the whole area'
        : ind.contrast === 'above-within-below'
          ? language === 'fr'
            ? ' — au-dessus de son territoire parent, lui-même en dessous de l’ensemble'
            : ' — above its parent territory, itself below the whole area'
          : '';
    const estimated = ind.imputed ? (language === 'fr' ? ' (valeur estimée)' : ' (estimated value)') : '';
    return `${ind.name} (${ind.year}) : ${v}${estimated}${against}${contrast}.`.replace(' : ', language === 'fr' ? '\u00a0: ' : ': ');
  });
  const alert = t.alert >= 0 ? alertView(a, t.alert, language) : null;
  return {
    key: a.key,
    code,
    name: a.territories.names[i]!,
    parent: parentCode ? { code: parentCode, name: parentName! } : null,
    areaLabel: area,
    territory: territoryView(a, i, language),
    drivers: t.drivers.map((d) => ({
      indicator: d.indicator,
      name: a.indicators.find((ind) => ind.code === d.indicator)?.name[language] ?? d.indicator,
      contribution: d.contribution,
      percentEffect: d.percentEffect,
      normalisedValue: d.normalisedValue,
      averageNormalisedValue: d.averageNormalisedValue,
      imputed: d.imputed,
    })),
    indicators,
    priority: t.priority
      ? {
          points: t.priority.points,
          maxPoints: t.priority.maxPoints,
          order: t.priority.order,
          explanation: t.priority.explanation[language],
          criteria: t.priority.criteria.map((c) => ({ criterion: c.criterion, points: c.points, maxPoints: c.maxPoints, reason: c.reason[language] })),
        }
      : null,
    alert,
    sentence: t.sentence?.[language] ?? null,
    summary: sentences.join(' '),
  };
}

const LISA_WORDS: Record<string, { fr: string; en: string }> = {
  HH: { fr: 'haut-haut', en: 'high-high' },
  LH: { fr: 'bas-haut', en: 'low-high' },
  LL: { fr: 'bas-bas', en: 'low-low' },
  HL: { fr: 'haut-bas', en: 'high-low' },
};

/** The dashboard's table: one row per territory, its score, rank, interval, clusters, priority and values. */
export function tableCsv(a: StoredAnalysis, language: Language): string {
  const fr = language === 'fr';
  const header: CsvCell[] = [
    'code',
    fr ? 'nom' : 'name',
    fr ? 'parent' : 'parent',
    'score',
    fr ? 'rang' : 'rank',
    fr ? 'rang_bas_5' : 'rank_low_5',
    fr ? 'rang_haut_95' : 'rank_high_95',
    'lisa',
    fr ? 'lisa_significatif' : 'lisa_significant',
    'gi_z',
    fr ? 'regroupement_defavorise' : 'disadvantaged_cluster',
    fr ? 'points_priorite' : 'priority_points',
    fr ? 'ordre_priorite' : 'priority_order',
    fr ? 'signal_faible' : 'weak_signal',
    ...a.indicators.map((ind) => `${ind.code}_${ind.year}`),
    'explication',
  ];
  if (!fr) header[header.length - 1] = 'explanation';
  const rows: CsvCell[][] = a.territories.ids.map((id, i) => {
    const t = a.computation.territories[i]!;
    return [
      id,
      a.territories.names[i]!,
      a.territories.parents[i] ?? null,
      t.score === null ? null : Number(t.score.toFixed(4)),
      t.rank,
      t.interval ? Number(t.interval.lower.toFixed(1)) : null,
      t.interval ? Number(t.interval.upper.toFixed(1)) : null,
      t.lisa.quadrant ? LISA_WORDS[t.lisa.quadrant]![language] : null,
      t.lisa.significant ? 1 : 0,
      t.gi.z === null ? null : Number(t.gi.z.toFixed(3)),
      t.cluster ? 1 : 0,
      t.priority?.points ?? null,
      t.priority?.order ?? null,
      t.alert >= 0 ? 1 : 0,
      ...t.comparisons.map((c) => c.value),
      t.sentence?.[language] ?? null,
    ];
  });
  return toCsv([header, ...rows]);
}

/** The core's priority result, rebuilt from the stored analysis (for its CSV and GeoJSON exports). */
function priorityResult(a: StoredAnalysis): PriorityResult {
  const assessments: PriorityAssessment[] = [];
  a.computation.territories.forEach((t, i) => {
    if (!t.priority) return;
    assessments.push({
      territory: a.territories.ids[i]!,
      index: i,
      points: t.priority.points,
      maxPoints: t.priority.maxPoints,
      criteria: t.priority.criteria,
      isZone: t.priority.order !== null,
      order: t.priority.order,
      rank: t.rank!,
      score: t.score!,
      explanation: t.priority.explanation,
    });
  });
  const zones = assessments.filter((z) => z.isZone).sort((x, y) => x.order! - y.order!);
  return { rule: DEFAULT_PRIORITY_RULE, ruleText: a.computation.priority.ruleText, maxPoints: a.computation.priority.maxPoints, assessments, zones };
}

export function priorityCsv(a: StoredAnalysis, language: Language): string {
  return toCsv(priorityCsvRows(priorityResult(a), language));
}

export function priorityGeoJson(a: StoredAnalysis, geometries: ReadonlyMap<string, unknown>) {
  const { collection, withoutGeometry } = priorityFeatures(priorityResult(a), geometries as ReadonlyMap<string, GeoJsonGeometry>);
  const names = new Map(a.territories.ids.map((id, i) => [id, a.territories.names[i]!]));
  return {
    ...collection,
    features: collection.features.map((f) => ({ ...f, properties: { ...f.properties, name: names.get(String(f.id)) ?? null } })),
    withoutGeometry,
  };
}

