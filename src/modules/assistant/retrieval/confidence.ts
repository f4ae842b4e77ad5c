/**
 * Answer confidence in [0,1] from ranking features, combined by a logistic
 * function whose weights are calibrated on a development set.
 */
import type { SearchResult } from './lexical-index.js';

/**
 * Feature names, in order. The first five are the original ones (models
 * calibrated on them stay valid: `confidence` reads one feature per weight).
 */
export const CONFIDENCE_FEATURES = [
  'normTop',
  'coverageTop',
  'gap',
  'knownTerms',
  'proximityShare',
  'coverageBest3',
  'windowCoverageTop',
  'rareTermMatched',
  'dominance',
  // A question whose words name the top document (its title or section heading) is about it,
  // even when those words are common across the corpus ("horaires", "mairie").
  'titleCoverageTop',
] as const;

export interface ConfidenceModel {
  /** One weight per CONFIDENCE_FEATURES entry (a model with fewer weights uses the first features only). */
  weights: number[];
  bias: number;
}

/** Uncalibrated default (rough prior: coverage and normalised score matter most). */
export const DEFAULT_CONFIDENCE_MODEL: ConfidenceModel = { weights: [4, 4, 1, 2, 0.5], bias: -5 };

/**
 * Features in [0,1]:
 * - normTop: top first-stage score / the query's maximum possible score;
 * - coverageTop: idf-weighted share of the question's own terms present in the top passage;
 * - gap: relative score gap between #1 and #2;
 * - knownTerms: share of the question's own terms known to the index;
 * - proximityShare: share of the top score due to term proximity;
 * - coverageBest3: best idf-weighted coverage among the top 3 passages;
 * - windowCoverageTop: idf-weighted share of the question found together in one clause-sized window of the top passage;
 * - rareTermMatched: 1 − (idf of the rarest question term missing from the top passage / largest question idf), so 1 when the most specific words are all there;
 * - dominance: 1 − mean score of the top 10 / top score (how much the top passage stands out).
 */
export function confidenceFeatures(result: SearchResult): number[] {
  const hits = result.hits;
  const [h1, h2] = hits;
  // The question's own words, without its interrogative frame ("quelle heure", "combien de temps"); a word the vocabulary translates is known.
  const own = result.terms.filter((t) => !t.expanded && !t.frame);
  const known = own.length ? own.filter((t) => t.idf > 0 || t.triggered).length / own.length : 0;
  if (!h1) return [0, 0, 0, known, 0, 0, 0, 0, 0, 0];
  const normTop = result.maxScore > 0 ? Math.min(1, h1.bm25 / result.maxScore) : 0;
  const gap = h1.score > 0 ? Math.max(0, (h1.score - (h2?.score ?? 0)) / h1.score) : 0;
  const prox = h1.score > 0 ? Math.min(1, h1.proximity / h1.score) : 0;
  const best3 = Math.max(...hits.slice(0, 3).map((h) => h.coverage));
  const maxIdf = own.reduce((m, t) => Math.max(m, t.idf), 0);
  const rare = maxIdf > 0 ? 1 - Math.min(1, (h1.missedMaxIdf ?? 0) / maxIdf) : 0;
  const top10 = hits.slice(0, 10);
  const mean = top10.reduce((a, h) => a + h.score, 0) / top10.length;
  const dominance = h1.score > 0 ? Math.max(0, 1 - mean / h1.score) : 0;
  return [normTop, h1.coverage, gap, known, prox, best3, h1.windowCoverage ?? h1.coverage, rare, dominance, h1.titleCoverage ?? 0];
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function confidence(features: readonly number[], model: ConfidenceModel = DEFAULT_CONFIDENCE_MODEL): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) z += (model.weights[i] as number) * (features[i] ?? 0);
  return sigmoid(z);
}

export interface CalibrationExample {
  features: readonly number[];
  /** 1 = answerable / correct, 0 = should abstain. */
  label: 0 | 1;
}

/**
 * Logistic regression by batch gradient descent with small L2 regularisation. Features are
 * standardised (zero mean, unit variance over the examples) while fitting, so that features of
 * small spread are not starved by the shared learning rate; the model returned is mapped back
 * to raw features, so `confidence` takes them as they come.
 */
export function calibrateConfidence(
  examples: readonly CalibrationExample[],
  opts: { iterations?: number; learningRate?: number; l2?: number } = {},
): ConfidenceModel {
  const dim = examples[0]?.features.length ?? CONFIDENCE_FEATURES.length;
  const n = Math.max(1, examples.length);
  const mean = new Array<number>(dim).fill(0);
  const scale = new Array<number>(dim).fill(1);
  for (let i = 0; i < dim; i++) {
    const m = examples.reduce((a, ex) => a + (ex.features[i] ?? 0), 0) / n;
    const sd = Math.sqrt(examples.reduce((a, ex) => a + ((ex.features[i] ?? 0) - m) ** 2, 0) / n);
    mean[i] = m;
    // A constant feature carries no information: it keeps a zero weight.
    scale[i] = sd > 1e-9 ? sd : 0;
  }
  const z = examples.map((ex) => Array.from({ length: dim }, (_, i) => ((scale[i] as number) > 0 ? ((ex.features[i] ?? 0) - (mean[i] as number)) / (scale[i] as number) : 0)));
  const w = new Array<number>(dim).fill(0);
  let b = 0;
  const iters = opts.iterations ?? 3000;
  const lr = opts.learningRate ?? 0.5;
  const l2 = opts.l2 ?? 1e-1;
  for (let it = 0; it < iters; it++) {
    const gw = new Array<number>(dim).fill(0);
    let gb = 0;
    examples.forEach((ex, k) => {
      const x = z[k] as number[];
      let s = b;
      for (let i = 0; i < dim; i++) s += (w[i] as number) * (x[i] as number);
      const err = sigmoid(s) - ex.label;
      for (let i = 0; i < dim; i++) gw[i] = (gw[i] as number) + err * (x[i] as number);
      gb += err;
    });
    for (let i = 0; i < dim; i++) w[i] = (w[i] as number) - lr * ((gw[i] as number) / n + l2 * (w[i] as number));
    b -= lr * (gb / n);
  }
  const weights = w.map((wi, i) => ((scale[i] as number) > 0 ? wi / (scale[i] as number) : 0));
  const bias = b - weights.reduce((a, wi, i) => a + wi * (mean[i] as number), 0);
  return { weights, bias };
}

export interface CurvePoint {
  threshold: number;
  /** Share of questions answered (confidence ≥ threshold). */
  coverage: number;
  /** Share of answered questions that are correct (1 when none answered). */
  precision: number;
}

/** Precision/coverage trade-off at each distinct confidence threshold (descending). */
export function precisionCoverageCurve(scored: readonly { confidence: number; correct: boolean }[]): CurvePoint[] {
  const sorted = [...scored].sort((a, b) => b.confidence - a.confidence);
  const out: CurvePoint[] = [];
  let answered = 0;
  let correct = 0;
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i] as { confidence: number; correct: boolean };
    answered++;
    if (s.correct) correct++;
    const next = sorted[i + 1];
    if (next && next.confidence === s.confidence) continue;
    out.push({ threshold: s.confidence, coverage: answered / sorted.length, precision: correct / answered });
  }
  return out;
}
