import { recordAudit, SYSTEM_ACTOR } from '../../../platform/audit/service';
import type { AppContext } from '../../../platform/modules';
import { ANSWERING_KEY, type AnsweringSetting } from '../engine/settings';
import { deleteConversationsIdleSince } from './repository';

export const PURGE_JOB = 'assistant.purge_conversations';
const DAY_MS = 24 * 60 * 60_000;

/** Deletes conversations idle for longer than the retention setting. Tickets keep their frozen, redacted transcript. */
export async function purgeExpiredConversations(ctx: AppContext, now: Date = new Date()): Promise<{ deleted: number; cutoff: string }> {
  const { retentionDays } = await ctx.settings.get<AnsweringSetting>(ANSWERING_KEY);
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  const deleted = await ctx.db.transaction(async (tx) => {
    const n = await deleteConversationsIdleSince(tx, cutoff);
    if (n > 0) {
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: 'assistant.retention_purge',
        subjectType: 'assistant_conversation',
        after: { deleted: n, cutoff: cutoff.toISOString(), retentionDays },
      });
    }
    return n;
  });
  return { deleted, cutoff: cutoff.toISOString() };
}

/** One purge per day: the idempotency key makes the start-up enqueue and the self re-enqueue converge. */
export async function schedulePurge(ctx: AppContext, runAt: Date): Promise<void> {
  const day = runAt.toISOString().slice(0, 10);
  await ctx.jobs.enqueue(ctx.db, PURGE_JOB, {}, { idempotencyKey: `${PURGE_JOB}:${day}`, runAt, maxAttempts: 3 });
}

export function purgeJobHandler(ctx: () => AppContext) {
  return async () => {
    const c = ctx();
    try {
      return await purgeExpiredConversations(c);
    } finally {
      // Even a failing purge schedules tomorrow's, so one bad day cannot stop retention for good.
      await schedulePurge(c, new Date(Date.now() + DAY_MS));
    }
  };
}
