/**
 * The offline synthesis: contributions in, themes out, no model and no network.
 *
 *   French analysis → TF-IDF vectors → k-nearest-neighbour similarity graph →
 *   Louvain communities (sub-themes) → Louvain on the graph of those communities (themes) →
 *   description of each theme and sub-theme (describe.ts).
 *
 * Every contribution ends in exactly one place: a theme, a sub-theme, or the standing-alone list.
 */
import { frenchAnalyzer, type Analyzer } from '../../assistant/retrieval/analyzer';
import { allMembers, createDescriber, type Describer } from './describe';
import { louvain, similarityGraph, type Graph } from './graph';
import { describeMethodology } from './methodology';
import { stableHash } from './random';
import type { Contribution, GenerationReport, StandingAlone, Synthesis, SynthesisParameters, Theme } from './types';
import { centroid, prepareCorpus, type PreparedCorpus, type SparseVector } from './vectors';

/**
 * Minimum document frequency, neighbours, similarity floor and group resolution: the values that
 * cross-validation over the articles of PIAF (French Wikipedia paragraphs) chose in four folds out
 * of five (bench/themes.ts; held-out scores in bench/results/themes.md). The theme level above
 * the groups, and the rest, are set by judgement: PIAF has no coarser labels to tune them on.
 */
export const DEFAULT_SYNTHESIS_PARAMETERS: Readonly<SynthesisParameters> = Object.freeze({
  neighbours: 10,
  minSimilarity: 0.1,
  groupResolution: 0.02,
  themeMinSimilarity: 0.1,
  themeResolution: 1,
  minDocumentFrequency: 1,
  maxDocumentShare: 0.5,
  representativesPerTheme: 5,
  quotesPerTheme: 3,
  stanceMajority: 0.6,
  seed: 1,
});

export interface Clustering {
  /** Fine group of each contribution, by corpus index. A group of one is a standing-alone contribution. */
  leafOf: Int32Array;
  leafCount: number;
  leafSize: Int32Array;
  /** Theme of each fine group; -1 for a group of one. */
  themeOfLeaf: Int32Array;
  themeCount: number;
  /** Number of links of each contribution in the similarity graph (0: nothing similar enough). */
  degree: Int32Array;
}

export function resolveParameters(overrides: Partial<SynthesisParameters> = {}): SynthesisParameters {
  const p = { ...DEFAULT_SYNTHESIS_PARAMETERS, ...overrides };
  const positive = (x: number) => Number.isFinite(x) && x > 0;
  if (!Number.isInteger(p.neighbours) || p.neighbours < 1) throw new RangeError('neighbours must be a positive integer');
  if (!(p.minSimilarity >= 0 && p.minSimilarity < 1)) throw new RangeError('minSimilarity must be in [0, 1)');
  if (!(p.themeMinSimilarity >= 0 && p.themeMinSimilarity < 1)) throw new RangeError('themeMinSimilarity must be in [0, 1)');
  if (!positive(p.groupResolution) || !positive(p.themeResolution)) throw new RangeError('resolutions must be positive');
  if (!Number.isInteger(p.minDocumentFrequency) || p.minDocumentFrequency < 1) throw new RangeError('minDocumentFrequency must be ≥ 1');
  if (!(p.maxDocumentShare > 0 && p.maxDocumentShare <= 1)) throw new RangeError('maxDocumentShare must be in (0, 1]');
  if (!(p.stanceMajority > 0.5 && p.stanceMajority <= 1)) throw new RangeError('stanceMajority must be in (0.5, 1]');
  return p;
}

export function corpusOf(contributions: readonly Contribution[], parameters: SynthesisParameters, analyzer: Analyzer = frenchAnalyzer): PreparedCorpus {
  const ids = new Set<string>();
  for (const c of contributions) {
    if (ids.has(c.id)) throw new Error(`Contribution id ${c.id} appears twice`);
    ids.add(c.id);
  }
  return prepareCorpus(contributions, parameters, analyzer);
}

export function contributionGraph(corpus: PreparedCorpus, parameters: Pick<SynthesisParameters, 'neighbours' | 'minSimilarity'>): Graph {
  return similarityGraph(corpus.vectors, corpus.terms.length, parameters);
}

/** The fine groups of the contributions' graph (exported for the benchmark, which tunes this step). */
export function fineGroups(graph: Graph, parameters: Pick<SynthesisParameters, 'groupResolution' | 'seed'>): { membership: Int32Array; count: number } {
  return louvain(graph, { resolution: parameters.groupResolution, seed: parameters.seed, quality: 'cpm' });
}

/**
 * Fine groups: Louvain communities of the contributions' similarity graph. Themes: Louvain
 * communities of a second graph, between the fine groups of two or more (their centroids),
 * with a lower similarity floor, so that related groups are gathered under one theme.
 */
export function clusterCorpus(corpus: PreparedCorpus, parameters: SynthesisParameters): Clustering {
  const graph = contributionGraph(corpus, parameters);
  const leaves = fineGroups(graph, parameters);
  const leafSize = new Int32Array(leaves.count);
  for (const leaf of leaves.membership) leafSize[leaf]!++;
  const members: number[][] = Array.from({ length: leaves.count }, () => []);
  leaves.membership.forEach((leaf, i) => members[leaf]!.push(i));
  const groups: number[] = [];
  for (let leaf = 0; leaf < leaves.count; leaf++) if (leafSize[leaf]! >= 2) groups.push(leaf);
  const groupVectors = groups.map((leaf) => toSparse(centroid(members[leaf]!.map((i) => corpus.vectors[i]!))));
  const groupGraph = similarityGraph(groupVectors, corpus.terms.length, {
    neighbours: parameters.neighbours,
    minSimilarity: parameters.themeMinSimilarity,
  });
  const themes = louvain(groupGraph, { resolution: parameters.themeResolution, seed: parameters.seed });
  const themeOfLeaf = new Int32Array(leaves.count).fill(-1);
  groups.forEach((leaf, g) => (themeOfLeaf[leaf] = themes.membership[g]!));
  const degree = new Int32Array(graph.nodeCount);
  for (let i = 0; i < graph.nodeCount; i++) degree[i] = graph.offsets[i + 1]! - graph.offsets[i]!;
  return { leafOf: leaves.membership, leafCount: leaves.count, leafSize, themeOfLeaf, themeCount: themes.count, degree };
}

function toSparse(weights: Map<number, number>): SparseVector {
  const entries = [...weights].sort((a, b) => a[0] - b[0]);
  return { indices: Int32Array.from(entries, (e) => e[0]), values: Float64Array.from(entries, (e) => e[1]) };
}

export const OFFLINE_GENERATION: Readonly<GenerationReport> = Object.freeze({
  mode: 'offline',
  model: null,
  themesSent: 0,
  themesImproved: 0,
  themesFallenBack: 0,
  claimsProposed: 0,
  claimsKept: 0,
  claimsUnsupported: 0,
  quotesProposed: 0,
  quotesKept: 0,
  quotesRejected: 0,
  errors: [],
});

/** A theme id not yet used, derived from the id of the theme's most representative contribution. */
export function newThemeId(seedText: string, taken: Set<string>): string {
  let id = `t${stableHash(seedText)}`;
  for (let k = 2; taken.has(id); k++) id = `t${stableHash(`${seedText}#${k}`)}`;
  taken.add(id);
  return id;
}

/** A theme from its members, described by the machine. */
export function buildTheme(
  describer: Describer,
  members: { direct: readonly number[]; subThemes: readonly (readonly number[])[] },
  ids: Set<string>,
  createdBy: Theme['createdBy'],
  idPrefix = '',
): Theme {
  const all = [...members.direct, ...members.subThemes.flat()];
  const d = describer.describe(all);
  const contributions = describer.corpus.contributions;
  const id = newThemeId(`${idPrefix}${contributions[d.medoidIndex]!.id}`, ids);
  const subThemes = members.subThemes.map((s) => buildTheme(describer, { direct: s, subThemes: [] }, ids, createdBy, 'sub:'));
  subThemes.sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
  return {
    id,
    label: d.label,
    labelOrigin: 'keywords',
    createdBy,
    keywords: d.keywords,
    size: all.length,
    contributionIds: [...members.direct].sort((a, b) => a - b).map((i) => contributions[i]!.id),
    subThemes,
    representativeIds: d.representativeIds,
    quotes: d.quotes,
    districts: d.districts,
    ageBands: d.ageBands,
    majorityStance: d.majorityStance,
    dissent: d.dissent,
    summary: null,
    claims: [],
  };
}

export interface SynthesisOptions {
  parameters?: Partial<SynthesisParameters>;
  /** The French analyzer by default; another one only for comparisons. */
  analyzer?: Analyzer;
}

/** Themes, sub-themes and standing-alone contributions of a consultation, offline. */
export function synthesizeContributions(contributions: readonly Contribution[], options: SynthesisOptions = {}): Synthesis {
  const parameters = resolveParameters(options.parameters);
  const corpus = corpusOf(contributions, parameters, options.analyzer);
  const clustering = clusterCorpus(corpus, parameters);
  return synthesisFromClustering(corpus, clustering, parameters);
}

export function synthesisFromClustering(corpus: PreparedCorpus, clustering: Clustering, parameters: SynthesisParameters): Synthesis {
  const describer = createDescriber(corpus, parameters);
  const contributions = corpus.contributions;
  const leafMembers: number[][] = Array.from({ length: clustering.leafCount }, () => []);
  clustering.leafOf.forEach((leaf, i) => leafMembers[leaf]!.push(i));
  const leavesByTheme: number[][][] = Array.from({ length: clustering.themeCount }, () => []);
  const standingAlone: StandingAlone[] = [];
  leafMembers.forEach((members, leaf) => {
    const theme = clustering.themeOfLeaf[leaf]!;
    if (theme >= 0) leavesByTheme[theme]!.push(members);
    else
      for (const i of members) {
        standingAlone.push({ contributionId: contributions[i]!.id, reason: clustering.degree[i] === 0 ? 'no-similar-contribution' : 'own-group' });
      }
  });

  const ids = new Set<string>();
  const themes: Theme[] = [];
  // Leaf members ascend, so a theme's first member is the least first member of its leaves;
  // building themes in that order makes the ids handed out on a collision deterministic.
  const firstMember = (leaves: number[][]) => leaves.reduce((m, l) => Math.min(m, l[0]!), Number.POSITIVE_INFINITY);
  for (const leaves of leavesByTheme.sort((a, b) => firstMember(a) - firstMember(b))) {
    const members = leaves.length >= 2 ? { direct: [], subThemes: leaves } : { direct: leaves.flat(), subThemes: [] };
    themes.push(buildTheme(describer, members, ids, 'machine'));
  }
  themes.sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
  standingAlone.sort((a, b) => a.contributionId.localeCompare(b.contributionId));

  const generation: GenerationReport = { ...OFFLINE_GENERATION, errors: [] };
  return {
    schemaVersion: 1,
    contributionCount: contributions.length,
    themes,
    standingAlone,
    generation,
    personChanges: 0,
    methodology: describeMethodology({
      analyzer: corpus.analyzerId,
      parameters,
      contributionCount: contributions.length,
      themeCount: themes.length,
      subThemeCount: themes.reduce((s, t) => s + t.subThemes.length, 0),
      standingAloneCount: standingAlone.length,
      generation,
    }),
  };
}

/**
 * Checks that every contribution is in exactly one place and that sizes add up. Throws on the
 * first inconsistency: operations call it before returning, so a bad result is never stored.
 */
export function assertSynthesisConsistent(synthesis: Synthesis, contributionIds?: Iterable<string>): void {
  const seen = new Map<string, string>();
  const place = (id: string, where: string) => {
    const before = seen.get(id);
    if (before !== undefined) throw new Error(`Contribution ${id} is both in ${before} and in ${where}`);
    seen.set(id, where);
  };
  const themeIds = new Set<string>();
  const visit = (theme: Theme, depth: number) => {
    if (themeIds.has(theme.id)) throw new Error(`Theme id ${theme.id} is used twice`);
    themeIds.add(theme.id);
    if (depth > 1 && theme.subThemes.length > 0) throw new Error(`Sub-theme ${theme.id} has sub-themes`);
    for (const id of theme.contributionIds) place(id, `theme ${theme.id}`);
    for (const s of theme.subThemes) visit(s, depth + 1);
    if (theme.size !== allMembers(theme).length) throw new Error(`Theme ${theme.id} has size ${theme.size} but ${allMembers(theme).length} members`);
  };
  for (const t of synthesis.themes) visit(t, 1);
  for (const s of synthesis.standingAlone) place(s.contributionId, 'the standing-alone list');
  if (seen.size !== synthesis.contributionCount) throw new Error(`${seen.size} contributions placed, ${synthesis.contributionCount} expected`);
  if (contributionIds) {
    for (const id of contributionIds) if (!seen.has(id)) throw new Error(`Contribution ${id} is nowhere`);
  }
}
