/**
 * Opinion groups from a conversation's votes, step by step as Pol.is computes them (see README.md
 * beside this file): mean-filled vote matrix → two principal components → each participant's
 * position, scaled for how much of the conversation they voted on → the participants with enough
 * votes cut into 100 fine clusters → those clusters grouped by weighted k-means for k = 2…5, the k
 * with the best silhouette kept (after it has won a few runs in a row) → representative
 * statements, consensus, divisive statements and routing priorities. Pure and deterministic: the
 * same votes and previous state give the same result.
 */
import { consensusStatements, divisiveStatements } from './consensus';
import { participantsInConversation } from './in-conversation';
import type { Cluster, Points } from './kmeans';
import { kmeans, kmeansBestOf } from './kmeans';
import type { PrincipalComponents } from './pca';
import { principalComponents, projectParticipants, statementExtremity } from './pca';
import { seededRandom } from './random';
import type { GroupTallies } from './repness';
import { outsideTally, repnessStats, selectRepresentative, tally } from './repness';
import { statementPriority } from './routing';
import { silhouette } from './silhouette';
import type {
  ClusterState,
  GroupClusterState,
  GroupRepness,
  Id,
  KSmootherState,
  OpinionGroup,
  OpinionGroupsInput,
  OpinionGroupsOptions,
  OpinionGroupsResult,
  OpinionGroupsState,
  ParticipantPosition,
  StatementStats,
} from './types';
import type { VoteMatrix } from './vote-matrix';
import { buildVoteMatrix } from './vote-matrix';

/** Pol.is's defaults (`base-conv-update-graph` opts and the in-conversation rule). */
export const POLIS_OPTIONS: Readonly<OpinionGroupsOptions> = Object.freeze({
  baseK: 100,
  maxK: 5,
  baseIterations: 100,
  groupIterations: 20,
  kBuffer: 4,
  groupRestarts: 0,
  minVotes: 7,
  greedyParticipants: 15,
  pcaMaxIterations: 1000,
  pcaTolerance: 1e-10,
  seed: 0x9e3779b9,
});

/** Candidate group counts go up to 2 + one per 12 fine clusters, capped at `maxK` (Pol.is's `max-k-fn`). */
export function maxGroupsFor(fineClusterCount: number, maxK: number): number {
  return Math.min(maxK, 2 + Math.floor(fineClusterCount / 12));
}

/**
 * Pol.is changes the number of groups only once the new best k has won `buffer` runs in a row,
 * so that the map does not flicker between two nearly equal groupings.
 */
export function smoothK(bestK: number, previous: KSmootherState | undefined, buffer: number): KSmootherState {
  const lastKCount = previous && previous.lastK === bestK ? previous.lastKCount + 1 : 1;
  const smoothedK = lastKCount >= buffer ? bestK : (previous?.smoothedK ?? bestK);
  return { lastK: bestK, lastKCount, smoothedK };
}

export function computeOpinionGroups(input: OpinionGroupsInput): OpinionGroupsResult {
  const options: OpinionGroupsOptions = { ...POLIS_OPTIONS, ...input.options };
  const matrix = buildVoteMatrix(input.votes, input.moderatedOut ?? []);
  const step = groupingStep(matrix, input.previous?.state, options);
  const { pca, x, y, rowOf, groupedRows, base, silhouettes, chosenK, chosen } = step;
  const n = matrix.participantIds.length;
  const m = matrix.statementIds.length;
  const extremity = statementExtremity(pca);

  // Participants, groups, tallies.
  const groupOfRow = new Int32Array(n).fill(-1);
  const groups: OpinionGroup[] = chosen.map((g, gi) => {
    const members: Id[] = [];
    for (const b of g.members) for (const p of base[b]!.members) {
      const r = groupedRows[p]!;
      groupOfRow[r] = gi;
      members.push(matrix.participantIds[r]!);
    }
    return { id: g.id, members: sortIdsLike(members, rowOf), center: g.center };
  });
  const groupIds = groups.map((g) => g.id);
  const participants: ParticipantPosition[] = matrix.participantIds.map((id, r) => ({
    id,
    x: x[r]!,
    y: y[r]!,
    voteCount: matrix.voteCounts[r]!,
    groupId: groupOfRow[r]! >= 0 ? groupIds[groupOfRow[r]!]! : null,
  }));
  const tallies = groupTallies(matrix, groupOfRow, groups.length);

  const repness: GroupRepness[] = groups.map((g, gi) => {
    const candidates: { statementId: Id; stats: ReturnType<typeof repnessStats> }[] = [];
    for (let c = 0; c < m; c++) {
      if (matrix.moderatedOut[c]) continue;
      candidates.push({ statementId: matrix.statementIds[c]!, stats: repnessStats(tally(tallies, gi, c), outsideTally(tallies, gi, c)) });
    }
    return { groupId: g.id, statements: groups.length > 1 ? selectRepresentative(candidates) : [] };
  });

  const statements: StatementStats[] = matrix.statementIds.map((statementId, c) => {
    const t = { agree: 0, disagree: 0, seen: 0 };
    for (let g = 0; g < groups.length; g++) {
      t.agree += tallies.agree[g]![c]!;
      t.disagree += tallies.disagree[g]![c]!;
      t.seen += tallies.seen[g]![c]!;
    }
    const pass = t.seen - t.agree - t.disagree;
    const moderatedOut = matrix.moderatedOut[c] === 1;
    return {
      statementId,
      moderatedOut,
      tally: t,
      pass,
      extremity: extremity[c]!,
      priority: moderatedOut ? 0 : statementPriority({ agree: t.agree, pass, seen: t.seen, extremity: extremity[c]! }),
    };
  });

  const state = stateOfStep(matrix, step);

  return {
    pca: {
      statementIds: [...matrix.statementIds],
      center: Array.from(pca.center),
      components: [Array.from(pca.components[0]), Array.from(pca.components[1])],
      explainedVariance: pca.explainedVariance,
    },
    participants,
    groups,
    k: groups.length,
    silhouette: chosenK > 0 ? silhouettes[String(chosenK)]! : 0,
    silhouettes,
    repness,
    consensus: consensusStatements(tallies, groupIds, matrix.statementIds, matrix.moderatedOut),
    divisive: divisiveStatements(tallies, groupIds, matrix.statementIds, matrix.moderatedOut, extremity),
    statements,
    state,
  };
}

/** What one run decides before the per-statement outputs: the map, who is grouped, the clusterings and the k chosen. */
export interface GroupingStep {
  pca: PrincipalComponents;
  x: Float64Array;
  y: Float64Array;
  rowOf: Map<Id, number>;
  /** Rows of the grouped participants, ascending; base-cluster members are indices into it. */
  groupedRows: number[];
  base: Cluster[];
  /** Candidate group clusterings by k; members are indices into `base`. */
  clusterings: Map<number, Cluster[]>;
  silhouettes: Record<string, number>;
  /** The k of best silhouette in this run (Pol.is's `this-k`), 0 without fine clusters. */
  bestK: number;
  kSmoother: KSmootherState | undefined;
  chosenK: number;
  chosen: Cluster[];
}

/**
 * Steps 2–7 of the README on a built vote matrix: PCA started from the previous components,
 * positions, who is grouped, fine clusters and candidate groupings started from the previous
 * ones, silhouettes and the smoothed k. Shared by `computeOpinionGroups` and the replay, which
 * needs only the state between two updates.
 */
export function groupingStep(matrix: VoteMatrix, previous: OpinionGroupsState | undefined, options: OpinionGroupsOptions): GroupingStep {
  const n = matrix.participantIds.length;
  const m = matrix.statementIds.length;

  const pca = principalComponents(matrix, {
    startVectors: previousComponents(matrix, previous),
    maxIterations: options.pcaMaxIterations,
    tolerance: options.pcaTolerance,
    random: seededRandom(options.seed),
  });
  const { x, y } = projectParticipants(matrix, pca);

  const rowOf = new Map<Id, number>(matrix.participantIds.map((id, r) => [id, r]));
  const previouslyIn = new Uint8Array(n);
  for (const id of previous?.inConversation ?? []) {
    const r = rowOf.get(id);
    if (r !== undefined) previouslyIn[r] = 1;
  }
  const inConversation = participantsInConversation(matrix.voteCounts, m, previouslyIn, options);
  const groupedRows: number[] = [];
  for (let r = 0; r < n; r++) if (inConversation[r]) groupedRows.push(r);
  const points: Points = new Float64Array(groupedRows.length * 2);
  groupedRows.forEach((r, i) => {
    points[2 * i] = x[r]!;
    points[2 * i + 1] = y[r]!;
  });

  // Fine clusters of the grouped participants.
  const pointOf = new Map<Id, number>(groupedRows.map((r, i) => [matrix.participantIds[r]!, i]));
  const previousBase: Cluster[] | null = previous?.baseClusters
    ? previous.baseClusters.map((c) => ({ id: c.id, center: c.center, members: indicesOf(c.members, pointOf) }))
    : null;
  const base = kmeans(points, options.baseK, { maxIterations: options.baseIterations, previous: previousBase });

  // Groups of fine clusters, for each candidate k.
  const basePoints: Points = new Float64Array(base.length * 2);
  const baseWeights = new Float64Array(base.length);
  base.forEach((c, i) => {
    basePoints[2 * i] = c.center[0];
    basePoints[2 * i + 1] = c.center[1];
    baseWeights[i] = c.members.length;
  });
  const baseIndexOf = new Map<Id, number>(base.map((c, i) => [c.id, i]));
  const clusterings = new Map<number, Cluster[]>();
  const silhouettes: Record<string, number> = {};
  if (base.length > 0) {
    for (let k = 2; k <= maxGroupsFor(base.length, options.maxK); k++) {
      const before = previous?.groupClusterings?.[String(k)];
      const clustering =
        before || options.groupRestarts === 0
          ? kmeans(basePoints, k, {
              maxIterations: options.groupIterations,
              weights: baseWeights,
              previous: before ? before.map((c) => ({ id: c.id, center: c.center, members: indicesOf(c.members, baseIndexOf) })) : null,
            })
          : kmeansBestOf(basePoints, k, {
              maxIterations: options.groupIterations,
              weights: baseWeights,
              restarts: options.groupRestarts,
              random: seededRandom(options.seed + k),
            });
      clusterings.set(k, clustering);
      silhouettes[String(k)] = silhouette(basePoints, clustering);
    }
  }
  let bestK = 0;
  for (const k of clusterings.keys()) if (bestK === 0 || silhouettes[String(k)]! >= silhouettes[String(bestK)]!) bestK = k;
  const kSmoother = bestK > 0 ? smoothK(bestK, previous?.kSmoother, options.kBuffer) : previous?.kSmoother;
  const chosenK = kSmoother && clusterings.has(kSmoother.smoothedK) ? kSmoother.smoothedK : bestK;
  const chosen = clusterings.get(chosenK) ?? [];
  return { pca, x, y, rowOf, groupedRows, base, clusterings, silhouettes, bestK, kSmoother, chosenK, chosen };
}

/** What a run leaves for the next one (ids, not indices, so that it survives new participants). */
export function stateOfStep(matrix: VoteMatrix, step: GroupingStep): OpinionGroupsState {
  const { pca, groupedRows, base, clusterings, kSmoother } = step;
  return {
    inConversation: groupedRows.map((r) => matrix.participantIds[r]!),
    pca: { statementIds: [...matrix.statementIds], components: [Array.from(pca.components[0]), Array.from(pca.components[1])] },
    baseClusters: base.map(
      (c): ClusterState => ({ id: c.id, members: c.members.map((p) => matrix.participantIds[groupedRows[p]!]!), center: c.center }),
    ),
    groupClusterings: Object.fromEntries(
      [...clusterings].map(([k, clustering]) => [
        String(k),
        clustering.map((g): GroupClusterState => ({ id: g.id, members: g.members.map((b) => base[b]!.id), center: g.center })),
      ]),
    ),
    ...(kSmoother ? { kSmoother } : {}),
  };
}

/** The previous components laid on today's columns; a new statement starts at 1, as in Pol.is. */
function previousComponents(matrix: VoteMatrix, previous: OpinionGroupsState | undefined): (Float64Array | null)[] | undefined {
  if (!previous?.pca) return undefined;
  const columnOf = new Map<Id, number>(previous.pca.statementIds.map((id, c) => [id, c]));
  return previous.pca.components.map((component) => {
    const start = new Float64Array(matrix.statementIds.length);
    matrix.statementIds.forEach((id, c) => {
      const before = columnOf.get(id);
      start[c] = before === undefined ? 1 : (component[before] ?? 1);
    });
    return start.some((v) => v !== 0) ? start : null;
  });
}

function indicesOf(ids: readonly Id[], indexOf: ReadonlyMap<Id, number>): number[] {
  const out: number[] = [];
  for (const id of ids) {
    const i = indexOf.get(id);
    if (i !== undefined) out.push(i);
  }
  return out.sort((a, b) => a - b);
}

function sortIdsLike(ids: Id[], rowOf: ReadonlyMap<Id, number>): Id[] {
  return ids.sort((a, b) => rowOf.get(a)! - rowOf.get(b)!);
}

function groupTallies(matrix: VoteMatrix, groupOfRow: Int32Array, groupCount: number): GroupTallies {
  const m = matrix.statementIds.length;
  const tallies: GroupTallies = {
    agree: Array.from({ length: groupCount }, () => new Int32Array(m)),
    disagree: Array.from({ length: groupCount }, () => new Int32Array(m)),
    seen: Array.from({ length: groupCount }, () => new Int32Array(m)),
  };
  for (let r = 0; r < groupOfRow.length; r++) {
    const g = groupOfRow[r]!;
    if (g < 0) continue;
    for (let e = matrix.rowStart[r]!; e < matrix.rowStart[r + 1]!; e++) {
      const c = matrix.columns[e]!;
      tallies.seen[g]![c]!++;
      if (matrix.values[e] === 1) tallies.agree[g]![c]!++;
      else if (matrix.values[e] === -1) tallies.disagree[g]![c]!++;
    }
  }
  return tallies;
}
