import { describe, expect, it } from 'vitest';
import type { WeakSignalAlert } from '../trends/weak-signals';
import { priorityCsvRows, priorityFeatures, toCsv } from './export';
import { disadvantagedClusters } from './hotspots';
import { DEFAULT_PRIORITY_RULE, priorityZones, type PriorityInput } from './priority-zones';

describe('hotspot membership from the spatial core’s results', () => {
  const localMoran = { quadrant: [3, 3, 1, 3, 0, 2], p: [0.001, 0.2, 0.001, 0.002, Number.NaN, 0.001] };
  const getisOrdStar = { z: [-3, 0.5, 2.5, -1, Number.NaN, -4], p: [0.001, 0.6, 0.01, 0.3, Number.NaN, 0.0001] };

  it('low-low and cold spots after Benjamini–Hochberg, for a score where higher is better', () => {
    // LISA: m = 5, p(4) = 0.002 ≤ 4·0.05/5 → cutoff 0.002; Gi*: p(3) = 0.01 ≤ 3·0.05/5 → cutoff 0.01.
    const c = disadvantagedClusters(6, { localMoran, getisOrdStar, orientation: 'higher-is-better' });
    expect(c.lisaCutoff).toBe(0.002);
    expect(c.getisOrdCutoff).toBe(0.01);
    expect(c.lisa).toEqual([true, false, false, true, false, false]);
    expect(c.getisOrdStar).toEqual([true, false, false, false, false, true]);
    expect(c.member).toEqual([true, false, false, true, false, true]);
    expect(c.description.en).toBe('LISA low-low or Gi* cold spot, false discovery rate 5%');
  });

  it('high-high and hot spots for a variable where higher is worse', () => {
    const c = disadvantagedClusters(6, { localMoran, getisOrdStar, orientation: 'higher-is-worse' });
    expect(c.member).toEqual([false, false, true, false, false, false]);
    expect(c.description.fr).toBe('LISA haut-haut ou point chaud Gi*, taux de fausses découvertes 5\u00a0%');
  });
});

describe('priority zones', () => {
  const n = 20;
  const ids = Array.from({ length: n }, (_, i) => `T${i + 1}`);
  // Territory Tk has rank k (T1 the lowest score); its 95th-percentile rank is k + 2.
  const ranks = Float64Array.from(ids, (_, i) => i + 1);
  const signal = (variable: string, tendency: 'worse' | 'better') => ({
    variable,
    label: { fr: variable === 'index' ? 'l’indice' : 'le taux de pauvreté', en: variable === 'index' ? 'the index' : 'the poverty rate' },
    change: 1,
    referenceChange: 0,
    gap: 1,
    z: 4,
    p: 1e-5,
    q: 1e-3,
    tendency,
    references: 4,
  });
  const alert = (territory: string, signals: ReturnType<typeof signal>[]): WeakSignalAlert => ({
    territory,
    index: ids.indexOf(territory),
    signals,
    smallestQ: 1e-3,
    worsening: signals.some((s) => s.tendency === 'worse'),
    sentence: { fr: '', en: '' },
  });
  const member = ids.map((id) => ['T2', 'T3', 'T6', 'T15'].includes(id));
  const input: PriorityInput = {
    territoryIds: ids,
    ranks,
    scores: Float64Array.from(ranks, (r) => 5 * r),
    uncertainty: { lowerRank: ranks, medianRank: ranks, upperRank: Float64Array.from(ranks, (r) => r + 2), interval: [0.05, 0.95] },
    clusters: {
      lisa: member,
      getisOrdStar: member.map(() => false),
      member,
      alpha: 0.05,
      lisaCutoff: 0.01,
      getisOrdCutoff: null,
      description: { fr: 'LISA bas-bas, taux de fausses découvertes 5\u00a0%', en: 'LISA low-low, false discovery rate 5%' },
    },
    alerts: [
      alert('T3', [signal('index', 'worse')]),
      alert('T5', [signal('poverty', 'worse')]),
      alert('T4', [signal('poverty', 'better')]),
      alert('T15', [signal('index', 'worse')]),
    ],
  };
  const result = priorityZones(input);

  it('points per criterion, as the rule says', () => {
    const points = (id: string) => result.assessments.find((a) => a.territory === id)!.criteria.map((c) => c.points);
    // [level, robustness, cluster, trend]
    expect(points('T1')).toEqual([3, 1, 0, 0]);
    expect(points('T2')).toEqual([3, 1, 2, 0]);
    expect(points('T3')).toEqual([2, 0, 2, 2]);
    expect(points('T4')).toEqual([2, 0, 0, 0]);
    expect(points('T5')).toEqual([1, 0, 0, 1]);
    expect(points('T6')).toEqual([1, 0, 2, 0]);
    expect(points('T15')).toEqual([0, 0, 2, 2]);
    expect(result.maxPoints).toBe(8);
  });

  it('zones: 4 points or more with some for the level, ordered by points then lowest score', () => {
    expect(result.zones.map((z) => [z.territory, z.points, z.order])).toEqual([
      ['T2', 6, 1],
      ['T3', 6, 2],
      ['T1', 4, 3],
    ]);
    // T15 has 4 points but is not among the lowest scores.
    expect(result.assessments.find((a) => a.territory === 'T15')!.isZone).toBe(false);
    const relaxed = priorityZones(input, { ...DEFAULT_PRIORITY_RULE, requireLevel: false });
    expect(relaxed.zones.map((z) => z.territory)).toEqual(['T2', 'T3', 'T1', 'T15']);
  });

  it('each zone is explained by the criteria that put it there, in words; the rule is printed with its points', () => {
    expect(result.zones[0]!.explanation.fr).toBe(
      'Zone prioritaire n° 1, 6 points sur 8 : parmi les 10\u00a0% de scores les plus bas (2e sur 20) — 3 points ; y reste dans 95\u00a0% des simulations des choix de méthode (rang au plus 4e, dans les 20\u00a0% les plus bas) — 1 point ; au sein d’un regroupement significatif de territoires défavorisés (LISA bas-bas, taux de fausses découvertes 5\u00a0%) — 2 points.',
    );
    expect(result.zones[1]!.explanation.en).toBe(
      'Priority zone no. 2, 6 points of 8: among the lowest 20% of scores (3rd of 20) — 2 points; within a significant cluster of disadvantaged territories (LISA low-low, false discovery rate 5%) — 2 points; index worsening clearly against its surroundings (weak signal) — 2 points.',
    );
    expect(result.assessments[4]!.explanation.en).toBe(
      'Not a priority zone, 2 points of 8 (threshold 4, at least 1 for the level): among the lowest 30% of scores (5th of 20) — 1 point; clear worsening against its surroundings for the poverty rate (weak signal) — 1 point.',
    );
    expect(result.ruleText.en).toEqual([
      'Level: 3 points in the lowest 10% of scores, 2 points in the lowest 20% of scores, 1 point in the lowest 30% of scores.',
      'Robustness: 1 point if the territory stays in the lowest 20% in 95% of the simulated method choices.',
      'Cluster: 2 points within a significant cluster of disadvantaged territories (LISA low-low, false discovery rate 5%).',
      'Trend: 2 points if the index worsens clearly against its surroundings, 1 point if one of its indicators does (weak signals).',
      'Priority zone: 4 points or more, at least 1 for the level; order: points, then lowest score, then median simulated rank.',
    ]);
  });

  it('without uncertainty, clusters or trends, only the level counts (and the maximum says so)', () => {
    const bare = priorityZones({ territoryIds: ids, ranks, scores: ranks }, { ...DEFAULT_PRIORITY_RULE, threshold: 3 });
    expect(bare.maxPoints).toBe(3);
    expect(bare.zones.map((z) => z.territory)).toEqual(['T1', 'T2']);
    expect(bare.ruleText.fr).toHaveLength(2);
  });

  it('refuses an inconsistent rule or input', () => {
    expect(() => priorityZones(input, { ...DEFAULT_PRIORITY_RULE, level: [{ share: 0.3, points: 1 }, { share: 0.1, points: 3 }] })).toThrow(/increasing shares/);
    expect(() => priorityZones({ ...input, ranks: ranks.subarray(1) })).toThrow(/19 ranks are given for 20 territories/);
  });
});

describe('exports', () => {
  const ids = ['=cmd|calc', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'];
  const ranks = Float64Array.from(ids, (_, i) => i + 1);
  const result = priorityZones({ territoryIds: ids, ranks, scores: Float64Array.from(ranks, (r) => -r) }, { ...DEFAULT_PRIORITY_RULE, threshold: 2 });

  it('CSV rows with a header, numbers as numbers, text quoted when needed and never a formula', () => {
    const rows = priorityCsvRows(result, 'en');
    expect(rows[0]).toEqual(['order', 'territory', 'points', 'max_points', 'level_points', 'robustness_points', 'cluster_points', 'trend_points', 'rank', 'score', 'explanation']);
    expect(rows).toHaveLength(3);
    const csv = toCsv(rows);
    const lines = csv.split('\r\n');
    expect(lines[1]).toMatch(/^1,'=cmd\|calc,3,3,3,,,,1,-1,"Priority zone no\. 1, 3 points of 3: among the lowest 10% of scores \(1st of 10\) — 3 points\."$/);
    expect(lines[2]!.startsWith('2,B,2,3,2,,,,2,-2,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(toCsv([['say "hi"', ' padded', '+1', -3.5, null]])).toBe('"say ""hi"""," padded",\'+1,-3.5,\r\n');
    expect(priorityCsvRows(result, 'fr', { all: true })).toHaveLength(11);
  });

  it('GeoJSON features for the zones that have a geometry, the others listed', () => {
    const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    const { collection, withoutGeometry } = priorityFeatures(result, new Map([['B', square]]));
    expect(withoutGeometry).toEqual(['=cmd|calc']);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(1);
    expect(collection.features[0]).toMatchObject({ type: 'Feature', id: 'B', geometry: square, properties: { territory: 'B', order: 2, points: 2, is_zone: true, rank: 2 } });
    expect(collection.features[0]!.properties.explanation_fr).toMatch(/^Zone prioritaire n° 2, 2 points sur 3/);
  });
});
