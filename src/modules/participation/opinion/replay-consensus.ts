/**
 * The groups a conversation's history most plausibly led to, when the path it took is unknown.
 *
 * Pol.is's published groups are the end of a path of updates (replay.ts), and two things that
 * decide the path are not exported: how long updates took (so how many votes each one took in) and
 * whether the math worker restarted after the last vote. Replayed along different plausible paths,
 * one conversation can end on partitions that agree poorly with each other, and choosing one path
 * for every conversation bets on it. Instead, every path of a grid is replayed and the partition
 * that agrees best, on average, with the partitions of all the other paths is kept (the medoid under
 * the adjusted Rand index). No exported group is looked at: the choice is made per conversation,
 * from its votes alone. Among the paths' ends, it is the one that would agree best with the truth on
 * average if the truth were any of the other ends with equal chance.
 *
 * The grid goes from one update on all the votes (the limit of a very slow worker) to updates every
 * 10 s, each with and without a restart after the last vote. Cost: one replay per interval (the
 * restart continues from the stored state) plus one run, so about five replays of the history.
 */
import { adjustedRandIndex } from './adjusted-rand';
import { inConversationOverHistory } from './in-conversation';
import { computeOpinionGroups } from './opinion-groups';
import { replayOpinionGroups, type TimedVote } from './replay';
import type { Id, OpinionGroupsOptions, OpinionGroupsResult } from './types';

/** One plausible path: `updateInterval` null is a single update on all the votes. */
export interface ReplayPath {
  name: string;
  updateInterval: number | null;
  restarts: 'never' | 'after-last-vote';
}

const label = (ms: number): string => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 60_000 === 0 ? `${ms / 60_000}min` : `${ms / 1000}s`);

/** The grid of paths over update intervals (milliseconds): one run on the final votes first, then each interval without and with a restart. */
export function replayPaths(intervals: readonly number[]): ReplayPath[] {
  return [
    { name: 'single-run', updateInterval: null, restarts: 'never' },
    ...intervals.flatMap((updateInterval) =>
      (['never', 'after-last-vote'] as const).map((restarts) => ({
        name: `replay-${label(updateInterval)}-${restarts === 'never' ? 'no-restart' : 'restart-after-last-vote'}`,
        updateInterval,
        restarts,
      })),
    ),
  ];
}

/** 10 s (Pol.is's 1 s poll plus a fast update) to an hour (a loaded server). */
export const DEFAULT_REPLAY_INTERVALS: readonly number[] = Object.freeze([10_000, 60_000, 600_000, 3_600_000]);

/** A partition: each grouped participant's group. Participants left out of a partition are not compared. */
export type Partition = ReadonlyMap<Id, number>;

/** Adjusted Rand index over the participants both partitions group (1 when they share fewer than two). */
export function partitionAgreement(a: Partition, b: Partition): number {
  const x: number[] = [];
  const y: number[] = [];
  for (const [id, group] of a) {
    const other = b.get(id);
    if (other !== undefined) {
      x.push(group);
      y.push(other);
    }
  }
  return adjustedRandIndex(x, y);
}

/**
 * The medoid of partitions: the one whose mean adjusted Rand index with all the others is highest
 * (the first on a tie). `agreement[i]` is partition i's mean; a single partition is its own medoid.
 */
export function medoidPartition(partitions: readonly Partition[]): { index: number; agreement: number[] } {
  if (partitions.length === 0) throw new RangeError('no partition to choose from');
  const n = partitions.length;
  const sums = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const ari = partitionAgreement(partitions[i]!, partitions[j]!);
      sums[i]! += ari;
      sums[j]! += ari;
    }
  }
  const agreement = sums.map((s) => (n > 1 ? s / (n - 1) : 1));
  let index = 0;
  for (let i = 1; i < n; i++) if (agreement[i]! > agreement[index]!) index = i;
  return { index, agreement };
}

export function partitionOf(result: OpinionGroupsResult): Map<Id, number> {
  const partition = new Map<Id, number>();
  for (const p of result.participants) if (p.groupId !== null) partition.set(p.id, p.groupId);
  return partition;
}

export interface PathOutcome {
  path: ReplayPath;
  result: OpinionGroupsResult;
  /** Updates replayed (1 for the single run). */
  updates: number;
  /** Mean adjusted Rand index of this path's groups with the other paths'. */
  agreement: number;
}

export interface ReplayConsensusResult {
  /** The chosen path's result: store its `state` to carry on. */
  result: OpinionGroupsResult;
  chosen: ReplayPath;
  /** Every path, in grid order. */
  paths: PathOutcome[];
}

export interface ReplayConsensusOptions {
  moderatedOut?: Iterable<Id>;
  options?: Partial<OpinionGroupsOptions>;
  /** Update intervals of the grid (ms), default DEFAULT_REPLAY_INTERVALS. */
  intervals?: readonly number[];
}

/**
 * Replays `votes` along every path of the grid and returns the medoid's result (see the file's
 * comment). Deterministic, like each replay.
 */
export function replayConsensus(votes: readonly TimedVote[], opts: ReplayConsensusOptions = {}): ReplayConsensusResult {
  const moderatedOut = [...(opts.moderatedOut ?? [])];
  const options = opts.options ? { options: opts.options } : {};
  // The grid: the single run, then for each interval its path without and with a restart.
  const [single, ...replays] = replayPaths(opts.intervals ?? DEFAULT_REPLAY_INTERVALS);
  const ordered = votes
    .map((vote, order) => ({ vote, order }))
    .sort((a, b) => a.vote.timestamp - b.vote.timestamp || a.order - b.order)
    .map(({ vote }) => vote);
  // Who is in is still decided along the history: once in, always in.
  const inConversation = [...inConversationOverHistory(ordered)];
  const outcomes: Omit<PathOutcome, 'agreement'>[] = [
    { path: single!, result: computeOpinionGroups({ votes: ordered, moderatedOut, previous: { state: { inConversation } }, ...options }), updates: 1 },
  ];
  for (let i = 0; i < replays.length; i += 2) {
    const plainPath = replays[i]!;
    const restartPath = replays[i + 1]!;
    const base = { moderatedOut, updateInterval: plainPath.updateInterval!, ...options };
    const plain = replayOpinionGroups(votes, { ...base, restarts: 'never' });
    outcomes.push({ path: plainPath, result: plain.result, updates: plain.updates.length });
    // The restart after the last vote carries on from the uninterrupted replay's stored state, as the module would.
    const reloaded = replayOpinionGroups(votes, { ...base, restarts: 'after-last-vote', previous: plain.result, after: plain.lastCutoff });
    outcomes.push({ path: restartPath, result: reloaded.result, updates: plain.updates.length + reloaded.updates.length });
  }
  const { index, agreement } = medoidPartition(outcomes.map((o) => partitionOf(o.result)));
  const paths = outcomes.map((o, i) => ({ ...o, agreement: agreement[i]! }));
  return { result: paths[index]!.result, chosen: paths[index]!.path, paths };
}
