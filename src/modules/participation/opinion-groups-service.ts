/**
 * Opinion groups of a consultation: recomputed by a job after new votes (debounced: one
 * computation per window, whatever the number of votes), each run seeded by the state the previous
 * one stored, so that groups stay stable; read by the public map. The first computation (nothing
 * stored yet: a new consultation, or one imported with its history) replays the vote history on a
 * thread, as Pol.is's worker would have run it.
 */
import { eq, sql } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/service';
import { runOnThread, serialQueue } from '../../platform/files/run-on-thread';
import type { AppContext } from '../../platform/modules';
import type { OpinionGroupsView } from './api-schemas';
import { attributionOf, loadConsultation, loadPublicConsultation, queryAll } from './common';
import { findParticipant, type Caller } from './residents';
import { computeOpinionGroups, type OpinionGroupsResult, type OpinionGroupsState, type Vote, type VoteValue } from './opinion/index';
import type { ReplayReply, ReplayTask } from './opinion-replay-thread';
import { participationOpinionGroups } from './schema';
import { OPINION_GROUPS_KEY, type OpinionGroupsSetting } from './settings';

export const OPINION_GROUPS_JOB = 'participation.opinion_groups';

/** Windows this process already scheduled a computation for, per consultation (a cheap first filter: the key dedupes across processes). */
const scheduled = new Map<string, number>();

/**
 * Schedules a computation at the end of the current window, once per window and consultation: the
 * idempotency key makes the enqueues of every vote in the window (and of every process) one job.
 * After the vote's commit: a lost enqueue (a crash in between) is made up by the next vote, or by
 * the check at start.
 */
export function scheduleOpinionGroups(ctx: AppContext, consultationId: string): void {
  void (async () => {
    const { debounceSeconds } = await ctx.settings.get<OpinionGroupsSetting>(OPINION_GROUPS_KEY);
    const windowMs = debounceSeconds * 1000;
    const window = Math.floor(Date.now() / windowMs);
    if (scheduled.get(consultationId) === window) return;
    const runAt = new Date((window + 1) * windowMs);
    await ctx.jobs.enqueue(ctx.db, OPINION_GROUPS_JOB, { consultationId }, { idempotencyKey: `${OPINION_GROUPS_JOB}:${consultationId}:${window}`, runAt, maxAttempts: 3 });
    scheduled.set(consultationId, window);
  })().catch((err) => ctx.log.warn({ err, consultationId }, 'could not schedule the opinion groups'));
}

/** At start: consultations with votes newer than their last computation get one. */
export async function scheduleStaleOpinionGroups(ctx: AppContext): Promise<void> {
  const rows = await queryAll<{ id: string }>(
    ctx.db,
    sql`SELECT c.id FROM participation_consultations c
        WHERE EXISTS (SELECT 1 FROM participation_vote_events e WHERE e.consultation_id = c.id
          AND e.id > coalesce((SELECT g.last_vote_event_id FROM participation_opinion_groups g WHERE g.consultation_id = c.id), 0))`,
  );
  for (const { id } of rows) {
    await ctx.jobs.enqueue(ctx.db, OPINION_GROUPS_JOB, { consultationId: id }, { idempotencyKey: `${OPINION_GROUPS_JOB}:${id}:start:${Date.now()}`, maxAttempts: 3 });
  }
}

/** What is stored of a result: everything but the state (its own column) and the per-statement stats (the priorities column). */
type StoredResult = Omit<OpinionGroupsResult, 'state' | 'statements'> & { moderatedOut: number[] };

export interface ComputationSummary {
  consultationId: string;
  skipped: boolean;
  version: number;
  participants: number;
  votes: number;
  k: number;
}

/** Recomputes the groups from every vote that counts, seeded by the stored state; idempotent. */
export async function recomputeOpinionGroups(ctx: AppContext, consultationId: string, opts: { force?: boolean } = {}): Promise<ComputationSummary> {
  await loadConsultation(ctx.db, consultationId);
  const votes = await queryAll<{ p: number; s: number; v: number; e: string | null }>(
    ctx.db,
    sql`SELECT p.number AS p, s.number AS s, v.value AS v
        FROM participation_votes v
        JOIN participation_participants p ON p.id = v.participant_id
        JOIN participation_statements s ON s.id = v.statement_id
        WHERE v.consultation_id = ${consultationId}`,
  );
  const [last] = await queryAll<{ id: string | null }>(ctx.db, sql`SELECT max(id) AS id FROM participation_vote_events WHERE consultation_id = ${consultationId}`);
  const lastVoteEventId = Number(last?.id ?? 0);
  const out = await queryAll<{ n: number }>(
    ctx.db,
    sql`SELECT number AS n FROM participation_statements WHERE consultation_id = ${consultationId} AND (status = 'rejected' OR is_meta) ORDER BY number`,
  );
  const moderatedOut = out.map((r) => Number(r.n));
  const [previous] = await ctx.db.select().from(participationOpinionGroups).where(eq(participationOpinionGroups.consultationId, consultationId));
  const previousOut = (previous?.result as StoredResult | undefined)?.moderatedOut ?? [];
  if (!opts.force && previous && previous.lastVoteEventId === lastVoteEventId && previousOut.join(',') === moderatedOut.join(',')) {
    return { consultationId, skipped: true, version: previous.version, participants: previous.participantsCounted, votes: previous.votesCounted, k: (previous.result as StoredResult).k };
  }
  const input: Vote[] = votes.map((r) => ({ participantId: Number(r.p), statementId: Number(r.s), vote: Number(r.v) as VoteValue }));
  // The first computation rebuilds the groups from the vote history, as Pol.is's worker would have
  // left them (an imported conversation arrives with its whole history); later ones carry on.
  const replayed = previous ? null : await replayHistory(ctx, consultationId, moderatedOut);
  const result = replayed?.result ?? computeOpinionGroups({ votes: input, moderatedOut, previous: previous ? { state: previous.state as OpinionGroupsState } : null });
  const method = replayed ? `replay-consensus:${replayed.chosen}` : previous ? 'incremental' : 'single-run';
  const { state, statements, ...rest } = result;
  const stored: StoredResult = { ...rest, moderatedOut };
  const priorities = Object.fromEntries(statements.map((s) => [String(s.statementId), s.priority]));
  const participantsCounted = result.participants.length;
  const version = (previous?.version ?? 0) + 1;
  await ctx.db.transaction(async (tx) => {
    const values = { version, computedAt: new Date(), lastVoteEventId, votesCounted: input.length, participantsCounted, result: stored, state, priorities };
    await tx
      .insert(participationOpinionGroups)
      .values({ consultationId, ...values })
      .onConflictDoUpdate({ target: participationOpinionGroups.consultationId, set: values });
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: 'participation.opinion_groups_computed',
      subjectType: 'participation_consultation',
      subjectId: consultationId,
      after: { version, method, participants: participantsCounted, grouped: result.groups.reduce((s, g) => s + g.members.length, 0), votes: input.length, k: result.k, silhouette: result.silhouette },
    });
  });
  return { consultationId, skipped: false, version, participants: participantsCounted, votes: input.length, k: result.k };
}

/** The replay's own limit: past it, the groups are computed from the final votes alone. */
const REPLAY_TIME_LIMIT_MS = 10 * 60_000;
const oneReplayAtATime = serialQueue();

/**
 * The groups rebuilt from the consultation's vote history by `replayConsensus` (opinion/README.md,
 * "When the path is unknown"), on a thread of its own, one replay at a time; null when there is no
 * history or the replay failed (logged), and the caller computes from the final votes.
 */
async function replayHistory(ctx: AppContext, consultationId: string, moderatedOut: number[]): Promise<{ result: OpinionGroupsResult; chosen: string } | null> {
  const events = await queryAll<{ p: number; s: number; v: number; t: Date | string }>(
    ctx.db,
    sql`SELECT p.number AS p, s.number AS s, e.value AS v, e.voted_at AS t
        FROM participation_vote_events e
        JOIN participation_participants p ON p.id = e.participant_id
        JOIN participation_statements s ON s.id = e.statement_id
        WHERE e.consultation_id = ${consultationId}
        ORDER BY e.voted_at, e.id`,
  );
  if (events.length === 0) return null;
  const task: ReplayTask = {
    votes: events.map((e) => ({ participantId: Number(e.p), statementId: Number(e.s), vote: Number(e.v) as VoteValue, timestamp: new Date(e.t).getTime() })),
    moderatedOut,
  };
  try {
    const reply = await oneReplayAtATime(() => replayOnThread(task));
    if (reply.ok) return { result: reply.result, chosen: reply.chosen };
    ctx.log.warn({ consultationId, message: reply.message }, 'the opinion groups replay failed: computed from the final votes');
  } catch (err) {
    ctx.log.warn({ err, consultationId }, 'the opinion groups replay failed: computed from the final votes');
  }
  return null;
}

async function replayOnThread(task: ReplayTask): Promise<ReplayReply> {
  const { REPLAY_THREAD_FILE, REPLAY_THREAD_MARK } = await import('./opinion-replay-thread');
  return runOnThread<ReplayReply>(
    {
      threadFile: REPLAY_THREAD_FILE,
      mark: REPLAY_THREAD_MARK,
      label: 'replay',
      timeLimitMs: REPLAY_TIME_LIMIT_MS,
      onTimeout: () => new Error(`the replay did not finish within ${REPLAY_TIME_LIMIT_MS / 1000} s`),
    },
    task,
  );
}

export function opinionGroupsJobHandler(getCtx: () => AppContext) {
  return async (payload: { consultationId: string }) => recomputeOpinionGroups(getCtx(), payload.consultationId);
}

/** The map: participants as points, groups with their representative statements, consensus and divisive statements. */
export async function opinionGroupsView(ctx: AppContext, consultationId: string, caller: Caller): Promise<OpinionGroupsView> {
  const c = await loadPublicConsultation(ctx.db, consultationId);
  const [row] = await ctx.db.select().from(participationOpinionGroups).where(eq(participationOpinionGroups.consultationId, consultationId));
  const [last] = await queryAll<{ id: string | null }>(ctx.db, sql`SELECT max(id) AS id FROM participation_vote_events WHERE consultation_id = ${consultationId}`);
  const stale = Number(last?.id ?? 0) > (row?.lastVoteEventId ?? 0);
  const empty: OpinionGroupsView = {
    consultationId,
    computedAt: null,
    version: 0,
    stale,
    participantsCounted: 0,
    votesCounted: 0,
    k: 0,
    silhouette: null,
    explainedVariance: null,
    participants: [],
    groups: [],
    consensus: [],
    divisive: [],
    attribution: attributionOf(c),
  };
  if (!row) return empty;
  const result = row.result as StoredResult;
  const statements = await queryAll<{ id: string; number: number; text: string; status: string }>(
    ctx.db,
    sql`SELECT id, number, text, status FROM participation_statements WHERE consultation_id = ${consultationId}`,
  );
  // Only published statements are named on the map; one moderated out since the computation drops out.
  const byNumber = new Map(
    statements.filter((s) => s.status === 'accepted' || (s.status === 'pending' && c.moderationMode === 'after')).map((s) => [Number(s.number), s] as const),
  );
  const ref = (statementId: unknown) => {
    const s = byNumber.get(Number(statementId));
    return s ? { statementId: s.id, number: Number(s.number), text: s.text } : null;
  };
  const me = await findParticipant(ctx, consultationId, caller.token);
  const groupShares = (groups: { groupId: number; pAgree: number; pDisagree: number; tally: { agree: number; disagree: number; seen: number } }[]) =>
    groups.map((g) => ({ groupId: g.groupId, pAgree: g.pAgree, pDisagree: g.pDisagree, tally: g.tally }));
  return {
    ...empty,
    computedAt: row.computedAt.toISOString(),
    version: row.version,
    participantsCounted: row.participantsCounted,
    votesCounted: row.votesCounted,
    k: result.k,
    silhouette: Number.isFinite(result.silhouette) ? result.silhouette : null,
    explainedVariance: result.pca?.explainedVariance ?? null,
    participants: result.participants.map((p) => ({ number: Number(p.id), x: p.x, y: p.y, groupId: p.groupId, isMe: me !== null && Number(p.id) === me.number })),
    groups: result.groups.map((g) => ({
      id: g.id,
      size: g.members.length,
      center: g.center,
      representative: (result.repness.find((r) => r.groupId === g.id)?.statements ?? []).flatMap((s) => {
        const r = ref(s.statementId);
        return r
          ? [{ ...r, repful: s.repful, nSuccess: s.nSuccess, nTrials: s.nTrials, pSuccess: s.pSuccess, repness: s.repness, zScore: s.zScore, bestAgree: s.bestAgree }]
          : [];
      }),
    })),
    consensus: result.consensus.slice(0, 10).flatMap((s) => {
      const r = ref(s.statementId);
      return r ? [{ ...r, agreeConsensus: s.agreeConsensus, disagreeConsensus: s.disagreeConsensus, groups: groupShares(s.groups) }] : [];
    }),
    divisive: result.divisive.slice(0, 10).flatMap((s) => {
      const r = ref(s.statementId);
      return r
        ? [
            {
              ...r,
              spread: s.spread,
              zScore: s.zScore,
              extremity: s.extremity,
              mostAgreeingGroupId: s.mostAgreeingGroupId,
              leastAgreeingGroupId: s.leastAgreeingGroupId,
              groups: groupShares(s.groups),
            },
          ]
        : [];
    }),
  };
}
