/**
 * What the other parts (acts, agenda) and other modules' news tell residents: one notice per new thing
 * worth an alert (a deliberation published, an event, a news item, works nearby, a consultation
 * opening). The alerts part stores it and delivers it to the matching subscriptions (immediately or in
 * the next digest). Recorded in the caller's transaction: a notice exists only if its source does.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR } from '../../../platform/audit/service';
import type { Tx } from '../../../platform/db/client';
import type { AppContext } from '../../../platform/modules';
import { storeNotice } from './delivery';
import { communicationAlertNotices, communicationAlertOutbox } from './schema';

export type NoticeKind = 'deliberation' | 'news' | 'event' | 'works' | 'report' | 'consultation';

export interface Notice {
  kind: NoticeKind;
  /** Where it comes from, e.g. `communication.acts` and the act's id: one notice per source item. */
  source: string;
  sourceId: string;
  title: string;
  /** A short plain-text description (an act's summary, an event's dates and place). */
  summary: string;
  /** Portal path of the item, e.g. `/deliberations/actes/123`. */
  path: string;
  /** Topic ids (`topics.ts`). */
  topics: readonly string[];
  /** Territory zones concerned, as `<zoning>:<zone code>`; empty for the whole commune. */
  zones: readonly string[];
  /** When it happened or was published. */
  occurredAt: Date;
}

/**
 * Stores the notice (once per source and source id: a second call for the same item is ignored) and
 * schedules its delivery to the matching subscriptions, in the caller's transaction.
 */
export async function recordNotice(ctx: AppContext, tx: Tx, notice: Notice): Promise<void> {
  await storeNotice(ctx, tx, notice);
}

const bySource = (source: string, sourceId: string) => and(eq(communicationAlertNotices.source, source), eq(communicationAlertNotices.sourceId, sourceId));

/**
 * The item was withdrawn (unpublished, deleted): its messages not sent yet are deleted and the notice
 * is marked withdrawn, in the caller's transaction. Published again, `recordNotice` matches it again.
 * Returns how many pending messages were dropped; nothing happens for an item without a notice.
 */
export async function retractNotice(ctx: AppContext, tx: Tx, source: string, sourceId: string): Promise<{ dropped: number }> {
  void ctx;
  const [notice] = await tx
    .update(communicationAlertNotices)
    .set({ withdrawnAt: new Date() })
    .where(and(bySource(source, sourceId), isNull(communicationAlertNotices.withdrawnAt)))
    .returning({ id: communicationAlertNotices.id });
  if (!notice) return { dropped: 0 };
  const dropped = await tx
    .delete(communicationAlertOutbox)
    .where(and(eq(communicationAlertOutbox.noticeId, notice.id), eq(communicationAlertOutbox.status, 'pending')))
    .returning({ id: communicationAlertOutbox.id });
  await recordAudit(tx, SYSTEM_ACTOR, { action: 'communication.notice_withdrawn', subjectType: 'communication_alert_notice', subjectId: notice.id, after: { source, sourceId, dropped: dropped.length } });
  return { dropped: dropped.length };
}

/** The item's title or summary changed: the messages not sent yet carry the new ones. In the caller's transaction. */
export async function updateNotice(ctx: AppContext, tx: Tx, source: string, sourceId: string, change: { title: string; summary: string }): Promise<boolean> {
  void ctx;
  const [before] = await tx.select().from(communicationAlertNotices).where(bySource(source, sourceId)).for('update');
  if (!before || (before.title === change.title && before.summary === change.summary)) return false;
  await tx.update(communicationAlertNotices).set({ title: change.title, summary: change.summary }).where(eq(communicationAlertNotices.id, before.id));
  await recordAudit(tx, SYSTEM_ACTOR, {
    action: 'communication.notice_updated',
    subjectType: 'communication_alert_notice',
    subjectId: before.id,
    before: { title: before.title },
    after: { title: change.title },
  });
  return true;
}
