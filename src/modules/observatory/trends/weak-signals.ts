/**
 * Weak signals: territories whose change departs from the change around them — a commune whose
 * poverty rises while its neighbours' falls — before it shows in levels.
 *
 * For each variable (an indicator's change, the index's change) and territory i:
 *   r_i = the reference change: the weighted mean of its neighbours' changes (the spatial
 *         weights given; binary contiguity: a plain mean), or the mean change of the other
 *         territories of its parent (itself left out);
 *   d_i = Δ_i − r_i, the gap;
 *   z_i = (d_i − median(d)) / (1.4826·MAD(d)), a robust z-score: the centre and spread of the
 *         gaps over all territories, by median and median absolute deviation, so that the very
 *         territories being looked for do not inflate the yardstick (a territory's own few
 *         neighbours are too few to estimate a spread: with 5 of them a plain z-score would have
 *         heavy tails and flag noise). When more than half the gaps are equal (MAD = 0) the mean
 *         absolute deviation × √(π/2) takes over; a variable with no spread at all is not tested;
 *   p_i = 2·P(Z ≥ |z_i|), two-sided, under a normal approximation.
 * Every test of every variable forms one family, corrected by Benjamini–Hochberg at the false
 * discovery rate α (0.05 by default): an alert is a territory with at least one test rejected
 * (and, when a minimum gap is set for the variable, at least that gap). Territories with fewer
 * than `minimumReferences` (2) neighbours or siblings that changed are not tested.
 */
import type { Direction, Wording } from '../index/indicators';
import { adaptiveNumber, capitalise, formatNumber, probability, type Language } from '../index/wording';
import { benjaminiHochberg } from '../spatial/multiple-testing';
import { normalSurvival } from '../spatial/normal';
import type { SpatialWeights } from '../spatial/weights';

export interface ChangeVariable {
  id: string;
  label: Wording;
  direction: Direction;
  /** Per territory; NaN when unknown. */
  change: Float64Array;
  /** Smallest |gap| worth an alert, in the variable's unit (default: any). */
  minimumGap?: number;
}

export interface WeakSignalOptions {
  territoryIds: readonly string[];
  variables: readonly ChangeVariable[];
  reference: 'neighbours' | 'parent';
  neighbours?: SpatialWeights;
  parentOf?: readonly (string | null)[];
  /** False discovery rate, 0.05 by default. */
  alpha?: number;
  minimumReferences?: number;
}

export interface WeakSignal {
  variable: string;
  label: Wording;
  change: number;
  referenceChange: number;
  gap: number;
  z: number;
  p: number;
  q: number;
  /** Relative to the reference: 'worse' when the gap goes the unfavourable way. */
  tendency: 'worse' | 'better';
  references: number;
}

export interface WeakSignalAlert {
  territory: string;
  index: number;
  signals: WeakSignal[];
  smallestQ: number;
  worsening: boolean;
  sentence: Wording;
}

export interface VariableSpread {
  variable: string;
  tested: number;
  centre: number;
  scale: number;
  scaleEstimator: 'mad' | 'mean-absolute-deviation' | 'none';
}

export interface WeakSignalResult {
  reference: 'neighbours' | 'parent';
  alpha: number;
  /** Tests run (territories × variables with a reference), and the BH cutoff on p. */
  tests: number;
  cutoff: number;
  spreads: VariableSpread[];
  /** z[v][i], NaN when not tested — for maps. */
  z: Float64Array[];
  alerts: WeakSignalAlert[];
}

const MAD_TO_SD = 1.4826;
const MEAN_ABSOLUTE_TO_SD = Math.sqrt(Math.PI / 2);

export function detectWeakSignals(options: WeakSignalOptions): WeakSignalResult {
  const n = options.territoryIds.length;
  const alpha = options.alpha ?? 0.05;
  const minimumReferences = options.minimumReferences ?? 2;
  if (options.reference === 'neighbours') {
    if (!options.neighbours) throw new Error('comparing with the neighbours needs the spatial weights');
    if (options.neighbours.n !== n) throw new Error(`the weights cover ${options.neighbours.n} territories and the changes ${n}`);
  } else if (!options.parentOf || options.parentOf.length !== n) throw new Error('comparing with the parent needs the parent of every territory');
  for (const v of options.variables) if (v.change.length !== n) throw new Error(`variable ${v.id} has ${v.change.length} changes for ${n} territories`);

  const siblings = options.reference === 'parent' ? parentGroups(options.parentOf!) : null;
  const perVariable = options.variables.map((variable) => {
    const reference = new Float64Array(n).fill(Number.NaN);
    const count = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(variable.change[i]!)) continue;
      const r = siblings ? siblingMean(variable.change, i, siblings) : neighbourMean(variable.change, i, options.neighbours!);
      if (r.count >= minimumReferences) {
        reference[i] = r.mean;
        count[i] = r.count;
      }
    }
    const gap = Float64Array.from(reference, (r, i) => (Number.isNaN(r) ? Number.NaN : variable.change[i]! - r));
    const spread = robustSpread(variable.id, gap);
    const z = Float64Array.from(gap, (g) => (Number.isNaN(g) || spread.scale === 0 ? Number.NaN : (g - spread.centre) / spread.scale));
    const p = Float64Array.from(z, (value) => (Number.isNaN(value) ? Number.NaN : Math.min(1, 2 * normalSurvival(Math.abs(value)))));
    return { variable, reference, count, gap, spread, z, p };
  });

  const pooled = new Float64Array(n * perVariable.length);
  perVariable.forEach((v, k) => pooled.set(v.p, k * n));
  const correction = benjaminiHochberg(pooled, alpha);

  const alerts: WeakSignalAlert[] = [];
  for (let i = 0; i < n; i++) {
    const signals: WeakSignal[] = [];
    perVariable.forEach((v, k) => {
      const at = k * n + i;
      if (!correction.rejected[at]) return;
      const gap = v.gap[i]!;
      if (v.variable.minimumGap !== undefined && Math.abs(gap) < v.variable.minimumGap) return;
      const higherIsBetter = v.variable.direction === 'higher-is-better';
      signals.push({
        variable: v.variable.id,
        label: v.variable.label,
        change: v.variable.change[i]!,
        referenceChange: v.reference[i]!,
        gap,
        z: v.z[i]!,
        p: v.p[i]!,
        q: correction.adjusted[at]!,
        tendency: (v.z[i]! > 0) === higherIsBetter ? 'better' : 'worse',
        references: v.count[i]!,
      });
    });
    if (signals.length === 0) continue;
    signals.sort((a, b) => a.p - b.p || Math.abs(b.z) - Math.abs(a.z));
    const territory = options.territoryIds[i]!;
    const parent = options.parentOf?.[i] ?? null;
    alerts.push({
      territory,
      index: i,
      signals,
      smallestQ: signals[0]!.q,
      worsening: signals.some((s) => s.tendency === 'worse'),
      sentence: { fr: alertSentence(signals, options.reference, parent, 'fr'), en: alertSentence(signals, options.reference, parent, 'en') },
    });
  }
  alerts.sort((a, b) => a.smallestQ - b.smallestQ || Math.abs(b.signals[0]!.z) - Math.abs(a.signals[0]!.z) || a.index - b.index);
  return {
    reference: options.reference,
    alpha,
    tests: correction.tested,
    cutoff: correction.cutoff,
    spreads: perVariable.map((v) => v.spread),
    z: perVariable.map((v) => v.z),
    alerts,
  };
}

function neighbourMean(change: Float64Array, i: number, w: SpatialWeights): { mean: number; count: number } {
  let sum = 0;
  let weight = 0;
  let count = 0;
  for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) {
    const v = change[w.neighbours[k]!]!;
    if (Number.isNaN(v)) continue;
    sum += w.weights[k]! * v;
    weight += w.weights[k]!;
    count++;
  }
  return { mean: weight > 0 ? sum / weight : Number.NaN, count: weight > 0 ? count : 0 };
}

function parentGroups(parentOf: readonly (string | null)[]): { parentOf: readonly (string | null)[]; members: Map<string, number[]> } {
  const members = new Map<string, number[]>();
  parentOf.forEach((parent, i) => {
    if (!parent) return;
    const list = members.get(parent) ?? [];
    list.push(i);
    members.set(parent, list);
  });
  return { parentOf, members };
}

function siblingMean(change: Float64Array, i: number, groups: { parentOf: readonly (string | null)[]; members: Map<string, number[]> }): { mean: number; count: number } {
  const parent = groups.parentOf[i];
  if (!parent) return { mean: Number.NaN, count: 0 };
  let sum = 0;
  let count = 0;
  for (const j of groups.members.get(parent)!) {
    if (j === i || Number.isNaN(change[j]!)) continue;
    sum += change[j]!;
    count++;
  }
  return { mean: count ? sum / count : Number.NaN, count };
}

function robustSpread(variable: string, gap: Float64Array): VariableSpread {
  const values = Float64Array.from(gap.filter((g) => !Number.isNaN(g))).sort();
  const tested = values.length;
  if (tested < 3) return { variable, tested, centre: Number.NaN, scale: 0, scaleEstimator: 'none' };
  const centre = median(values);
  const deviations = Float64Array.from(values, (v) => Math.abs(v - centre)).sort();
  const mad = median(deviations) * MAD_TO_SD;
  if (mad > 0) return { variable, tested, centre, scale: mad, scaleEstimator: 'mad' };
  const meanAbsolute = (deviations.reduce((s, v) => s + v, 0) / tested) * MEAN_ABSOLUTE_TO_SD;
  if (meanAbsolute > 0) return { variable, tested, centre, scale: meanAbsolute, scaleEstimator: 'mean-absolute-deviation' };
  return { variable, tested, centre, scale: 0, scaleEstimator: 'none' };
}

function median(sorted: Float64Array): number {
  const half = sorted.length >> 1;
  return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

const MAX_SIGNALS_IN_SENTENCE = 3;

function alertSentence(signals: readonly WeakSignal[], reference: 'neighbours' | 'parent', parent: string | null, language: Language): string {
  const shown = signals.slice(0, MAX_SIGNALS_IN_SENTENCE);
  const parts = shown.map((s) => {
    const change = adaptiveNumber(s.change, language, true);
    const around = adaptiveNumber(s.referenceChange, language, true);
    const z = formatNumber(s.z, language, 1);
    const q = probability(s.q, language);
    if (language === 'fr') {
      const verdict = s.tendency === 'worse' ? 'défavorable' : 'favorable';
      return `${s.label.fr} ${change} contre ${around} en moyenne (z = ${z}, q ${q.startsWith('<') ? q : `= ${q}`}, ${verdict})`;
    }
    const verdict = s.tendency === 'worse' ? 'unfavourable' : 'favourable';
    return `${s.label.en} ${change} against ${around} on average (z = ${z}, q ${q.startsWith('<') ? q : `= ${q}`}, ${verdict})`;
  });
  const more = signals.length - shown.length;
  if (language === 'fr') {
    const around = reference === 'neighbours' ? 'de celle de ses voisins' : `de celle des autres territoires de ${parent ?? 'son territoire parent'}`;
    const rest = more > 0 ? ` ; et ${more} autre${more > 1 ? 's' : ''} indicateur${more > 1 ? 's' : ''}` : '';
    return `Évolution qui se démarque ${around} : ${parts.join(' ; ')}${rest}.`;
  }
  const around = reference === 'neighbours' ? 'its neighbours’' : `that of the other territories of ${parent ?? 'its parent territory'}`;
  const rest = more > 0 ? `; and ${more} other indicator${more > 1 ? 's' : ''}` : '';
  return capitalise(`change that stands out from ${around}: ${parts.join('; ')}${rest}.`);
}
