/**
 * Objective cleanliness indicators, after the AVPU's method (Association des villes pour la
 * propreté urbaine, "indicateurs objectifs de propreté"): an agent (or a camera on a vehicle)
 * counts the items of each standard category over a surveyed area; what is compared is items per
 * 100 m², so that surveys of different sizes compare. Pure.
 *
 * - Per category: count × 100 / area, then × the category's weight (an illegal dump spoils a street
 *   more than a cigarette butt), the weighted density.
 * - Overall: the sum of the weighted densities.
 * - Grades A (clean) to E on configurable thresholds: a value ≤ thresholds[0] is A, ≤ [1] B, ≤ [2]
 *   C, ≤ [3] D, above E. The same thresholds grade each category's weighted density.
 */
import { CLEANLINESS_CATEGORIES, CLEANLINESS_GRADES, type CleanlinessCategory, type CleanlinessGrade } from './api-schemas';

export type Counts = Partial<Record<CleanlinessCategory, number>>;

export interface CleanlinessScale {
  weights: Record<CleanlinessCategory, number>;
  /** Four increasing bounds between the five grades. */
  thresholds: [number, number, number, number];
}

export const DEFAULT_CLEANLINESS_SCALE: CleanlinessScale = {
  weights: {
    papers_packaging: 1,
    glass: 2,
    cigarette_butts: 0.1,
    dog_fouling: 3,
    illegal_dumps: 10,
    rubbish_bags: 3,
    dead_leaves: 0.2,
    tags_posters: 1,
    stuck_soiling: 1,
    food_waste: 1,
  },
  thresholds: [1, 3, 6, 12],
};

export function gradeOf(value: number, thresholds: readonly number[]): CleanlinessGrade {
  for (let i = 0; i < thresholds.length; i++) if (value <= thresholds[i]!) return CLEANLINESS_GRADES[i]!;
  return CLEANLINESS_GRADES[thresholds.length] ?? 'E';
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export interface CategoryIndex {
  category: CleanlinessCategory;
  count: number;
  per100m2: number;
  grade: CleanlinessGrade;
}

export interface SurveyIndex {
  index: number;
  grade: CleanlinessGrade;
  categories: CategoryIndex[];
}

/** The index of one survey, or of several pooled (their counts and areas summed). */
export function cleanlinessIndex(surveys: readonly { counts: Counts; areaM2: number }[], scale: CleanlinessScale = DEFAULT_CLEANLINESS_SCALE): SurveyIndex | null {
  const area = surveys.reduce((s, x) => s + x.areaM2, 0);
  if (!(area > 0)) return null;
  let index = 0;
  const categories: CategoryIndex[] = [];
  for (const category of CLEANLINESS_CATEGORIES) {
    const count = surveys.reduce((s, x) => s + (x.counts[category] ?? 0), 0);
    const weighted = ((count * 100) / area) * scale.weights[category];
    index += weighted;
    categories.push({ category, count, per100m2: round3((count * 100) / area), grade: gradeOf(weighted, scale.thresholds) });
  }
  return { index: round3(index), grade: gradeOf(index, scale.thresholds), categories };
}

/** Monthly trend (YYYY-MM in the given time zone's calendar, here UTC months), oldest first. */
export function monthlyTrend(
  surveys: readonly { counts: Counts; areaM2: number; at: Date }[],
  scale: CleanlinessScale = DEFAULT_CLEANLINESS_SCALE,
): { month: string; index: number; grade: CleanlinessGrade; surveys: number }[] {
  const byMonth = new Map<string, { counts: Counts; areaM2: number }[]>();
  for (const s of surveys) {
    const month = s.at.toISOString().slice(0, 7);
    const list = byMonth.get(month) ?? [];
    list.push(s);
    byMonth.set(month, list);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, list]) => {
      const r = cleanlinessIndex(list, scale)!;
      return { month, index: r.index, grade: r.grade, surveys: list.length };
    });
}

/**
 * Detection counts from vehicle cameras (Metz's approach) arrive as CSV rows: a zone, a date, a
 * surveyed area and one column per category. Maps the usual French and English headers onto the
 * standard categories; unknown headers are reported by the caller.
 */
export const CSV_HEADER_ALIASES: Record<string, CleanlinessCategory> = {
  papers_packaging: 'papers_packaging',
  papiers: 'papers_packaging',
  papiers_emballages: 'papers_packaging',
  emballages: 'papers_packaging',
  glass: 'glass',
  verre: 'glass',
  cigarette_butts: 'cigarette_butts',
  megots: 'cigarette_butts',
  dog_fouling: 'dog_fouling',
  dejections: 'dog_fouling',
  dejections_canines: 'dog_fouling',
  illegal_dumps: 'illegal_dumps',
  depots_sauvages: 'illegal_dumps',
  encombrants: 'illegal_dumps',
  rubbish_bags: 'rubbish_bags',
  sacs: 'rubbish_bags',
  sacs_poubelle: 'rubbish_bags',
  dead_leaves: 'dead_leaves',
  feuilles: 'dead_leaves',
  feuilles_mortes: 'dead_leaves',
  tags_posters: 'tags_posters',
  tags: 'tags_posters',
  affichage: 'tags_posters',
  graffitis: 'tags_posters',
  stuck_soiling: 'stuck_soiling',
  salissures: 'stuck_soiling',
  salissures_adherentes: 'stuck_soiling',
  food_waste: 'food_waste',
  dechets_alimentaires: 'food_waste',
};

/** Lower case, no accents, spaces and hyphens as underscores: how CSV headers are compared. */
export function foldHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/[\s-]+/g, '_');
}

/** Spearman's rank correlation (average ranks for ties); null under 3 pairs or with no spread. */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n !== ys.length || n < 3) return null;
  const rank = (v: readonly number[]) => {
    const order = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
    const r = new Array<number>(n);
    for (let i = 0; i < n; ) {
      let j = i;
      while (j + 1 < n && order[j + 1]![0] === order[i]![0]) j++;
      const avg = (i + j) / 2 + 1;
      for (let k = i; k <= j; k++) r[order[k]![1]] = avg;
      i = j + 1;
    }
    return r;
  };
  const rx = rank(xs);
  const ry = rank(ys);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i]! - mean) * (ry[i]! - mean);
    sxx += (rx[i]! - mean) ** 2;
    syy += (ry[i]! - mean) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.round((sxy / Math.sqrt(sxx * syy)) * 1000) / 1000;
}
