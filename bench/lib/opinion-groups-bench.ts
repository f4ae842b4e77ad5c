/**
 * Opinion-groups benchmark helpers: load a conversation in Pol.is's open-data format, compute our
 * groups, compare them with the groups Pol.is exported, and build the synthetic timing matrix.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { adjustedRandIndex } from '../../src/modules/participation/opinion/adjusted-rand';
import { inConversationOverHistory } from '../../src/modules/participation/opinion/in-conversation';
import { computeOpinionGroups } from '../../src/modules/participation/opinion/opinion-groups';
import { seededRandom } from '../../src/modules/participation/opinion/random';
import type { TimedVote } from '../../src/modules/participation/opinion/replay';
import type { Id, OpinionGroupsResult, OpinionGroupsState, Vote, VoteValue } from '../../src/modules/participation/opinion/types';
import {
  conversationModeratedOut,
  conversationVotes,
  exportedGroups,
  parsePolisConversation,
  votesInTimeOrder,
  type PolisConversation,
} from '../../src/modules/participation/polis-format';

export interface BenchRow {
  conversation: string;
  participants: number;
  grouped: number;
  ari: number;
  k: number;
  k_polis: number;
  silhouette: number;
  seconds: number;
}

export interface ConversationRun extends BenchRow {
  grouped_polis: number;
  /** Participants grouped both by us and by Pol.is: the ones the ARI is computed on. */
  grouped_both: number;
  statements: number;
  votes: number;
  /** Whether votes.csv gave the history: who is in (single run) or the whole replay. */
  history: boolean;
  /** Updates the replay ran (0: a single run on the final votes). */
  updates: number;
}

export interface LoadedConversation {
  name: string;
  conversation: PolisConversation;
  votes: Vote[];
  moderatedOut: number[];
  /** Who Pol.is had let in along the way, when votes.csv gives the order of the votes. */
  inConversationHistory: Id[] | null;
  /** Every vote of votes.csv with its time (a changed vote once per change), when there is one. */
  timedVotes: TimedVote[] | null;
  polisGroups: Map<number, number | null>;
}

export function loadConversation(dir: string): LoadedConversation {
  const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined);
  const comments = read('comments.csv');
  const participantsVotes = read('participants-votes.csv');
  if (comments === undefined || participantsVotes === undefined) throw new Error(`${dir}: comments.csv and participants-votes.csv are required`);
  const votesText = read('votes.csv');
  const conversation = parsePolisConversation({ comments, participantsVotes, ...(votesText !== undefined ? { votes: votesText } : {}) });
  const inConversationHistory = conversation.votes
    ? [...inConversationOverHistory(votesInTimeOrder(conversation.votes.votes).map((v) => ({ participantId: v.voterId, statementId: v.commentId })))]
    : null;
  return {
    name: basename(dir.replace(/\/+$/, '')),
    conversation,
    votes: conversationVotes(conversation),
    moderatedOut: conversationModeratedOut(conversation),
    inConversationHistory,
    timedVotes: conversation.votes
      ? conversation.votes.votes.map((v) => ({ participantId: v.voterId, statementId: v.commentId, vote: v.vote, timestamp: v.timestamp }))
      : null,
    polisGroups: exportedGroups(conversation.participantsVotes!),
  };
}

/** A way of running a conversation, by name (a path of `replayPaths`). */
export interface Variant {
  name: string;
}

/** One run of Pol.is's method on the final votes (who is in replayed from votes.csv when there is one): for a conversation without votes.csv. */
export function runSingle(loaded: LoadedConversation): { row: ConversationRun; result: OpinionGroupsResult } {
  const state: OpinionGroupsState | null = loaded.inConversationHistory ? { inConversation: loaded.inConversationHistory } : null;
  const started = process.hrtime.bigint();
  const result = computeOpinionGroups({ votes: loaded.votes, moderatedOut: loaded.moderatedOut, previous: state ? { state } : null });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { result, row: rowOf(loaded, result, { seconds, updates: 0 }) };
}

/** Our groups against Pol.is's: the adjusted Rand index over the participants both group. */
export function rowOf(loaded: LoadedConversation, result: OpinionGroupsResult, run: { seconds: number; updates: number }): ConversationRun {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (const p of result.participants) {
    const polis = loaded.polisGroups.get(p.id as number);
    if (p.groupId !== null && polis !== null && polis !== undefined) {
      ours.push(p.groupId);
      theirs.push(polis);
    }
  }
  const polisGroupIds = new Set([...loaded.polisGroups.values()].filter((g): g is number => g !== null));
  return {
    conversation: loaded.name,
    participants: result.participants.length,
    grouped: result.participants.filter((p) => p.groupId !== null).length,
    ari: ours.length > 1 ? adjustedRandIndex(ours, theirs) : 0,
    k: result.k,
    k_polis: polisGroupIds.size,
    silhouette: result.silhouette,
    seconds: run.seconds,
    grouped_polis: [...loaded.polisGroups.values()].filter((g) => g !== null).length,
    grouped_both: ours.length,
    statements: result.pca.statementIds.length,
    votes: loaded.votes.length,
    history: loaded.inConversationHistory !== null,
    updates: run.updates,
  };
}

export interface Score {
  medianAri: number;
  sameK: number;
}

export function score(rows: readonly BenchRow[]): Score {
  return { medianAri: median(rows.map((r) => r.ari)), sameK: rows.filter((r) => r.k === r.k_polis).length / rows.length };
}

/** More conversations with Pol.is's number of groups first, then the higher median ARI. */
function better(a: Score, b: Score): boolean {
  return a.sameK !== b.sameK ? a.sameK > b.sameK : a.medianAri > b.medianAri;
}

/** The variant that scores best on the conversations not excluded (the earlier in the list on a tie). */
export function bestVariant(variants: readonly Variant[], runs: ReadonlyMap<string, readonly BenchRow[]>, excluded = -1): Variant {
  let chosen = variants[0]!;
  let chosenScore = score(runs.get(chosen.name)!.filter((_, i) => i !== excluded));
  for (const v of variants.slice(1)) {
    const s = score(runs.get(v.name)!.filter((_, i) => i !== excluded));
    if (better(s, chosenScore)) {
      chosen = v;
      chosenScore = s;
    }
  }
  return chosen;
}

export interface LeaveOneOutFold {
  heldOut: string;
  chosen: string;
  row: BenchRow;
}

/**
 * Leave one conversation out: for each conversation, the variant that scores best on the others
 * (the earlier in the list on a tie) is run on it. `runs[variant][i]` is variant's row on conversation i.
 */
export function leaveOneOut(variants: readonly Variant[], runs: ReadonlyMap<string, readonly BenchRow[]>): LeaveOneOutFold[] {
  const count = runs.get(variants[0]!.name)!.length;
  const folds: LeaveOneOutFold[] = [];
  for (let held = 0; held < count; held++) {
    const chosen = bestVariant(variants, runs, held);
    const row = runs.get(chosen.name)![held]!;
    folds.push({ heldOut: row.conversation, chosen: chosen.name, row });
  }
  return folds;
}

/**
 * A dense synthetic conversation: `groups` planted opinion groups, each with its own agree
 * probability per statement, every participant voting on every statement (the worst case for
 * the computation's cost). Returns the votes and each participant's planted group.
 */
export function syntheticConversation(participants: number, statements: number, groups: number, seed = 7): { votes: Vote[]; truth: number[] } {
  const random = seededRandom(seed);
  const agreeProbability = Array.from({ length: groups }, () => Array.from({ length: statements }, () => random()));
  const votes: Vote[] = [];
  const truth: number[] = [];
  for (let p = 0; p < participants; p++) {
    const g = p % groups;
    truth.push(g);
    for (let s = 0; s < statements; s++) {
      const r = random();
      const pass = random() < 0.1;
      const vote: VoteValue = pass ? 0 : r < agreeProbability[g]![s]! ? 1 : -1;
      votes.push({ participantId: p, statementId: s, vote });
    }
  }
  return { votes, truth };
}

export function runSynthetic(participants: number, statements: number, groups: number): BenchRow {
  const { votes, truth } = syntheticConversation(participants, statements, groups);
  const started = process.hrtime.bigint();
  const result = computeOpinionGroups({ votes });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ours: number[] = [];
  const planted: number[] = [];
  for (const p of result.participants) {
    if (p.groupId === null) continue;
    ours.push(p.groupId);
    planted.push(truth[p.id as number]!);
  }
  return {
    conversation: `synthetic ${participants}×${statements} (${groups} planted groups)`,
    participants: result.participants.length,
    grouped: ours.length,
    ari: adjustedRandIndex(ours, planted),
    k: result.k,
    k_polis: groups,
    silhouette: result.silhouette,
    seconds,
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
