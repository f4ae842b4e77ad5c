/**
 * Themes benchmark: data, cross-validated tuning and scoring. The CLI is bench/themes.ts.
 *
 * Quality is measured on PIAF (French Wikipedia paragraphs; the article title is the label of
 * each paragraph) as agreement between the synthesis's finest partition (sub-themes, themes
 * without sub-themes, each standing-alone contribution on its own) and the articles.
 */
import { readFileSync } from 'node:fs';
import { createPlainAnalyzer, type Analyzer } from '../../src/modules/assistant/retrieval/analyzer.js';
import { splitSentences } from '../../src/modules/assistant/retrieval/sentences.js';
import { allMembers } from '../../src/modules/participation/synthesis/describe.js';
import {
  contributionGraph,
  corpusOf,
  fineGroups,
  resolveParameters,
} from '../../src/modules/participation/synthesis/synthesize.js';
import type { Contribution, Synthesis, SynthesisParameters } from '../../src/modules/participation/synthesis/types.js';
import { adjustedRandIndex, normalizedMutualInformation } from './cluster-metrics.js';
import { kMeansBySilhouette, kMeansGivenK } from './kmeans-baseline.js';
import { mulberry32 } from './metrics.js';

export interface LabelledContribution extends Contribution {
  label: string;
}

interface SquadFile {
  data: { title: string; paragraphs: { context: string }[] }[];
}

export function loadPiafParagraphs(path: string): LabelledContribution[] {
  const file = JSON.parse(readFileSync(path, 'utf8')) as SquadFile;
  return file.data.flatMap((article, a) =>
    article.paragraphs.map((p, k) => ({ id: `a${a}p${k}`, text: p.context, label: article.title })),
  );
}

const DISTRICTS = ['Centre', 'Nord', 'Sud', 'Est', 'Ouest', 'Gare', 'Bois', 'Plateau'];
const AGE_BANDS = ['<18', '18-29', '30-44', '45-59', '60+'];

/**
 * `count` short contributions drawn from the paragraphs: each is 1 to 3 consecutive sentences
 * of a paragraph picked at random (seeded), labelled with the paragraph's article, with a random
 * district and age band (so that the spreads have something to count). Sentences, not whole
 * paragraphs, because residents' contributions are short; windows of the same paragraph may
 * repeat or overlap, as copy-pasted contributions do.
 */
export function sentenceWindows(paragraphs: readonly LabelledContribution[], count: number, seed: number): LabelledContribution[] {
  const random = mulberry32(seed);
  const sentences = paragraphs.map((p) => splitSentences(p.text));
  const out: LabelledContribution[] = [];
  for (let i = 0; i < count; i++) {
    const p = Math.floor(random() * paragraphs.length);
    const spans = sentences[p]!;
    const length = Math.min(spans.length, 1 + Math.floor(random() * 3));
    const first = Math.floor(random() * (spans.length - length + 1));
    const text = paragraphs[p]!.text.slice(spans[first]!.start, spans[first + length - 1]!.end);
    out.push({
      id: `s${i}`,
      text,
      label: paragraphs[p]!.label,
      district: random() < 0.9 ? DISTRICTS[Math.floor(random() * DISTRICTS.length)]! : null,
      ageBand: random() < 0.8 ? AGE_BANDS[Math.floor(random() * AGE_BANDS.length)]! : null,
    });
  }
  return out;
}

/** Fold (0..folds-1) of each item: articles are shuffled (seeded) and dealt round-robin, so a fold holds whole articles. */
export function foldsByArticle(items: readonly LabelledContribution[], folds: number, seed: number): number[] {
  const articles = [...new Set(items.map((i) => i.label))];
  const random = mulberry32(seed);
  for (let i = articles.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [articles[i], articles[j]] = [articles[j]!, articles[i]!];
  }
  const foldOf = new Map(articles.map((a, i) => [a, i % folds]));
  return items.map((i) => foldOf.get(i.label)!);
}

export interface Scores {
  nmi: number;
  ari: number;
  /** Number of groups in the partition scored (singletons included). */
  groups: number;
}

export function score(labels: readonly string[], partition: ArrayLike<number>): Scores {
  const p = Array.from(partition);
  return {
    nmi: normalizedMutualInformation(labels, p),
    ari: adjustedRandIndex(labels, p),
    groups: new Set(p).size,
  };
}

/** What tuning maximises: the mean of the two scores, so that neither is traded away for the other. */
export const objective = (s: Scores) => (s.nmi + s.ari) / 2;

/** The finest partition a synthesis shows: sub-themes, themes without sub-themes, each standing-alone contribution. */
export function finestPartition(synthesis: Synthesis, ids: readonly string[]): Int32Array {
  const group = new Map<string, number>();
  let next = 0;
  for (const theme of synthesis.themes) {
    if (theme.subThemes.length === 0) {
      const g = next++;
      for (const id of allMembers(theme)) group.set(id, g);
    } else {
      for (const s of theme.subThemes) {
        const g = next++;
        for (const id of allMembers(s)) group.set(id, g);
      }
      for (const id of theme.contributionIds) group.set(id, next++);
    }
  }
  for (const s of synthesis.standingAlone) group.set(s.contributionId, next++);
  return Int32Array.from(ids, (id) => {
    const g = group.get(id);
    if (g === undefined) throw new Error(`Contribution ${id} is missing from the synthesis`);
    return g;
  });
}

/** The parameters tuning searches; the others keep their defaults. */
export const TUNING_GRID = {
  minDocumentFrequency: [1, 2],
  neighbours: [5, 10, 20],
  minSimilarity: [0.05, 0.1, 0.15, 0.2, 0.25],
  groupResolution: [0.01, 0.02, 0.05, 0.1, 0.2],
} as const;

export type Tuned = Pick<SynthesisParameters, 'minDocumentFrequency' | 'neighbours' | 'minSimilarity' | 'groupResolution'>;

/** The fine groups of some contributions with given parameters (what the synthesis's finest partition is). */
export function fineGroupsOf(items: readonly Contribution[], parameters: SynthesisParameters, analyzer?: Analyzer): Int32Array {
  const corpus = corpusOf(items, parameters, analyzer);
  return fineGroups(contributionGraph(corpus, parameters), parameters).membership;
}

/** Grid search of the tuned parameters on labelled items: the best by `objective`. */
export function tune(items: readonly LabelledContribution[], analyzer?: Analyzer): { parameters: Tuned; scores: Scores } {
  const base = resolveParameters();
  const labels = items.map((i) => i.label);
  let best: { parameters: Tuned; scores: Scores } | null = null;
  for (const minDocumentFrequency of TUNING_GRID.minDocumentFrequency) {
    const corpus = corpusOf(items, { ...base, minDocumentFrequency }, analyzer);
    for (const neighbours of TUNING_GRID.neighbours) {
      for (const minSimilarity of TUNING_GRID.minSimilarity) {
        const graph = contributionGraph(corpus, { neighbours, minSimilarity });
        for (const groupResolution of TUNING_GRID.groupResolution) {
          const s = score(labels, fineGroups(graph, { groupResolution, seed: base.seed }).membership);
          // Ties go to the first in grid order.
          if (!best || objective(s) > objective(best.scores) + 1e-12) {
            best = { parameters: { minDocumentFrequency, neighbours, minSimilarity, groupResolution }, scores: s };
          }
        }
      }
    }
  }
  return best!;
}

/**
 * Ours, told the number of groups to find (for comparison with a baseline given k): the
 * similarity floor is searched (bisection) so that the fine groups number as close to k as it gets.
 */
export function oursGivenK(items: readonly LabelledContribution[], tuned: Tuned, k: number): { partition: Int32Array; minSimilarity: number } {
  const parameters = resolveParameters(tuned);
  const corpus = corpusOf(items, parameters);
  const at = (minSimilarity: number) => fineGroups(contributionGraph(corpus, { ...parameters, minSimilarity }), parameters);
  let low = 0;
  let high = 0.95;
  let best = { partition: at(tuned.minSimilarity).membership, minSimilarity: tuned.minSimilarity };
  let bestGap = Math.abs(new Set(best.partition).size - k);
  for (let step = 0; step < 14 && bestGap > 0; step++) {
    const mid = (low + high) / 2;
    const groups = at(mid);
    const gap = Math.abs(groups.count - k);
    if (gap < bestGap) {
      best = { partition: groups.membership, minSimilarity: mid };
      bestGap = gap;
    }
    // A higher floor cuts more links: more groups.
    if (groups.count < k) low = mid;
    else high = mid;
  }
  return best;
}

export interface SystemScores {
  ours: Scores & { parameters: Tuned };
  oursPlainAnalyzer: Scores & { parameters: Tuned };
  baselineSilhouette: Scores & { k: number };
  oursGivenK: Scores & { minSimilarity: number };
  baselineGivenK: Scores & { k: number };
  articles: number;
  contributions: number;
}

/** Every system on one evaluation set, ours with parameters tuned on `tuneOn` (the same set for in-sample figures). */
export function evaluate(tuneOn: readonly LabelledContribution[], evaluateOn: readonly LabelledContribution[], seed: number): SystemScores {
  const labels = evaluateOn.map((i) => i.label);
  const texts = evaluateOn.map((i) => i.text);
  const articles = new Set(labels).size;
  const plain = createPlainAnalyzer();
  const tuned = tune(tuneOn).parameters;
  const tunedPlain = tune(tuneOn, plain).parameters;
  const ours = score(labels, fineGroupsOf(evaluateOn, resolveParameters(tuned)));
  const oursPlain = score(labels, fineGroupsOf(evaluateOn, resolveParameters(tunedPlain), plain));
  const silhouette = kMeansBySilhouette(texts, seed);
  const givenK = kMeansGivenK(texts, articles, seed);
  const oursK = oursGivenK(evaluateOn, tuned, articles);
  return {
    ours: { ...ours, parameters: tuned },
    oursPlainAnalyzer: { ...oursPlain, parameters: tunedPlain },
    baselineSilhouette: { ...score(labels, silhouette.assignment), k: silhouette.k },
    oursGivenK: { ...score(labels, oursK.partition), minSimilarity: oursK.minSimilarity },
    baselineGivenK: { ...score(labels, givenK.assignment), k: articles },
    articles,
    contributions: evaluateOn.length,
  };
}
