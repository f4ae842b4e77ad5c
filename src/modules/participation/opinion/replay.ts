/**
 * A conversation's opinion groups as Pol.is's math worker would have left them: its votes replayed
 * in the order they were cast, the groups recomputed after each batch, each run started from the
 * state the previous one left (README, "Replaying a conversation").
 *
 * What Pol.is's code dictates (compdemocracy/polis, `polismath.poller`, `polismath.conv-man`,
 * `polismath.math.conversation`):
 * - the worker polls for new votes every second; a conversation's update takes every vote queued
 *   since its last update, so while an update runs, the votes pile up for the next one;
 * - each update starts from the last one's PCA components, fine clusters, candidate groupings for
 *   every k and k smoother, and keeps everyone who was in the conversation;
 * - who is in the conversation is decided at each update, on the votes so far;
 * - a restarted worker reloads a conversation from what it had published, which holds the PCA, the
 *   fine clusters, the chosen groups and who is in, but neither the candidate groupings nor the k
 *   smoother: its first update starts the groupings afresh and takes the best k at once. It
 *   reloads the conversations that received votes in the last ten days and recomputes them twice
 *   (once on load, once for the votes it polls again).
 *
 * What the export does not tell, and is therefore a parameter: how long updates took (so how many
 * votes each one took in), and when the worker restarted.
 */
import { GrowingVoteMatrix } from './growing-vote-matrix';
import { computeOpinionGroups, groupingStep, POLIS_OPTIONS, stateOfStep } from './opinion-groups';
import type { Id, OpinionGroupsOptions, OpinionGroupsResult, OpinionGroupsState, Vote } from './types';

export interface TimedVote extends Vote {
  /** When the vote was cast, in milliseconds (Pol.is's `created`, the `timestamp` of votes.csv). */
  timestamp: number;
}

/** Pol.is's vote polling interval (`:poller :votes :polling-interval`). */
export const POLIS_POLL_INTERVAL_MS = 1000;

/** Pol.is reloads, on start, the conversations that received votes in this many days (`:poll-from-days-ago`). */
export const POLIS_RELOAD_WINDOW_MS = 10 * 24 * 3600 * 1000;

/**
 * - `never`: the worker ran through the whole conversation and was not restarted within ten days
 *   of its last vote;
 * - `after-last-vote`: it was restarted once after the last vote (within ten days of it), so the
 *   groups it published last come from a reload;
 * - `{ every }`: it was restarted every `every` milliseconds from the first vote on (a restart
 *   takes effect at the next update; those falling within ten days after the last vote reload
 *   the conversation).
 */
export type ReplayRestarts = 'never' | 'after-last-vote' | { every: number };

export interface ReplayOptions {
  moderatedOut?: Iterable<Id>;
  options?: Partial<OpinionGroupsOptions>;
  /**
   * Least time between the cut-offs of two updates, in milliseconds: Pol.is's polling interval
   * plus the time an update takes, which depended on the server's load and is not exported.
   */
  updateInterval?: number;
  /** An update takes in the votes up to the poll that found its first vote (Pol.is: 1 s). */
  pollInterval?: number;
  restarts?: ReplayRestarts;
  /** The state the module stored, to carry on from; null or absent to replay from scratch. */
  previous?: { state: OpinionGroupsState } | null;
  /**
   * Votes cast at or before this time are already accounted for in `previous`: they are part of
   * the matrix but trigger no update (the module passes its last update's cut-off).
   */
  after?: number;
  /**
   * PCA tolerance of the updates before the last one (the last uses `options.pcaTolerance`).
   * Only their state carries on, and a subspace that moved less than this is far inside the 0.01
   * by which k-means judges centres equal; Pol.is itself stops after 100 power iterations.
   */
  intermediatePcaTolerance?: number;
}

export interface ReplayUpdate {
  /** Votes cast up to this time are in. */
  cutoff: number;
  /** Votes in the matrix (a changed vote counted once per change). */
  votes: number;
  participants: number;
  grouped: number;
  /** The k of best silhouette in this update (Pol.is's `this-k`) and the k the smoother kept. */
  bestK: number;
  smoothedK: number;
  /** Groups formed: the smoothed k, or fewer while there are fewer distinct positions. */
  k: number;
  /** The update ran on a reloaded conversation (worker restart). */
  reload: boolean;
}

export interface ReplayResult {
  /** The last update's full result; its `state` is what to store and pass next time. */
  result: OpinionGroupsResult;
  updates: ReplayUpdate[];
  /** Cut-off of the last update: pass it as `after` with the stored state to carry on. */
  lastCutoff: number;
}

/** Replay parameters used when none are given: see bench/results/opinion-groups.md for how they were chosen. */
export const DEFAULT_REPLAY: Readonly<{ updateInterval: number; restarts: ReplayRestarts; intermediatePcaTolerance: number }> = Object.freeze({
  updateInterval: 60_000,
  restarts: 'never',
  intermediatePcaTolerance: 1e-6,
});

/** What a reloaded conversation still has: Pol.is publishes neither the candidate groupings nor the k smoother. */
export function reloadedState(state: OpinionGroupsState): OpinionGroupsState {
  const { groupClusterings: _groupings, kSmoother: _smoother, ...kept } = state;
  return kept;
}

/**
 * Replays `votes` (sorted by time here, ties kept in the given order, a later vote on the same
 * statement replacing an earlier one) with Pol.is's update semantics and returns the last
 * update's result. Deterministic: the same votes and options give the same result.
 */
export function replayOpinionGroups(votes: readonly TimedVote[], replay: ReplayOptions = {}): ReplayResult {
  const options: OpinionGroupsOptions = { ...POLIS_OPTIONS, ...replay.options };
  const intermediate: OpinionGroupsOptions = {
    ...options,
    pcaTolerance: Math.max(options.pcaTolerance, replay.intermediatePcaTolerance ?? DEFAULT_REPLAY.intermediatePcaTolerance),
  };
  const updateInterval = replay.updateInterval ?? DEFAULT_REPLAY.updateInterval;
  const pollInterval = replay.pollInterval ?? POLIS_POLL_INTERVAL_MS;
  const restarts = replay.restarts ?? DEFAULT_REPLAY.restarts;
  if (!(updateInterval >= 0) || !(pollInterval > 0)) throw new RangeError('updateInterval must be ≥ 0 and pollInterval > 0');
  if (typeof restarts === 'object' && !(restarts.every > 0)) throw new RangeError('restarts.every must be > 0');
  const moderatedOut = new Set<Id>(replay.moderatedOut ?? []);

  const ordered = votes
    .map((vote, order) => ({ vote, order }))
    .sort((a, b) => a.vote.timestamp - b.vote.timestamp || a.order - b.order)
    .map(({ vote }) => vote);
  const after = replay.after ?? -Infinity;
  const matrix = new GrowingVoteMatrix();
  let i = 0;
  while (i < ordered.length && ordered[i]!.timestamp <= after) matrix.add(ordered[i++]!);

  const firstTime = ordered[i]?.timestamp ?? after;
  const lastTime = ordered[ordered.length - 1]?.timestamp ?? after;
  const restartTimes = restartSchedule(restarts, firstTime, lastTime);

  let state: OpinionGroupsState | undefined = replay.previous?.state;
  const updates: ReplayUpdate[] = [];
  let lastCutoff = after;
  // The last update is run again through `computeOpinionGroups`, from the state it started from.
  let stateBeforeLast = state;
  let votesAtLast = i;

  const run = (cutoff: number, reload: boolean) => {
    if (reload && state) state = reloadedState(state);
    stateBeforeLast = state;
    votesAtLast = i;
    const snapshot = matrix.snapshot(moderatedOut);
    const step = groupingStep(snapshot, state, intermediate);
    state = stateOfStep(snapshot, step);
    updates.push({
      cutoff,
      votes: matrix.size,
      participants: snapshot.participantIds.length,
      grouped: step.groupedRows.length,
      bestK: step.bestK,
      smoothedK: step.kSmoother?.smoothedK ?? 0,
      k: step.chosen.length,
      reload,
    });
    lastCutoff = cutoff;
  };
  /** A reload: one update as the conversation loads, one for the votes the poller hands it again. */
  const reloadAt = (cutoff: number) => {
    run(cutoff, true);
    run(cutoff, false);
  };

  let nextRestart = 0;
  let reloadPending = false;
  while (i < ordered.length || nextRestart < restartTimes.length) {
    const restart = restartTimes[nextRestart];
    if (restart !== undefined && (i === ordered.length || restart < ordered[i]!.timestamp)) {
      nextRestart++;
      if (state === undefined) continue;
      // On start the worker loads the conversations with votes in the last ten days; another one
      // is loaded when its next vote arrives.
      const lastVote = i > 0 ? ordered[i - 1]!.timestamp : -Infinity;
      if (restart - lastVote <= POLIS_RELOAD_WINDOW_MS) reloadAt(Math.max(restart, lastCutoff));
      else reloadPending = true;
      continue;
    }
    const polled = Math.ceil(ordered[i]!.timestamp / pollInterval) * pollInterval;
    const cutoff = Math.max(polled, lastCutoff + updateInterval);
    while (i < ordered.length && ordered[i]!.timestamp <= cutoff) matrix.add(ordered[i++]!);
    if (reloadPending) reloadAt(cutoff);
    else run(cutoff, false);
    reloadPending = false;
  }

  const result = computeOpinionGroups({
    votes: ordered.slice(0, votesAtLast),
    moderatedOut,
    previous: stateBeforeLast ? { state: stateBeforeLast } : null,
    options,
  });
  const last = updates[updates.length - 1];
  if (last) {
    const smoother = result.state.kSmoother;
    Object.assign(last, { grouped: result.state.inConversation.length, bestK: smoother?.lastK ?? 0, smoothedK: smoother?.smoothedK ?? 0, k: result.k });
  }
  return { result, updates, lastCutoff };
}

function restartSchedule(restarts: ReplayRestarts, first: number, last: number): number[] {
  if (restarts === 'never' || !Number.isFinite(first)) return [];
  if (restarts === 'after-last-vote') return [last];
  const times: number[] = [];
  for (let t = first + restarts.every; t <= last + POLIS_RELOAD_WINDOW_MS; t += restarts.every) times.push(t);
  return times;
}
