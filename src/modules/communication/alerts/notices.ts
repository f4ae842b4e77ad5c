/**
 * What the other parts (acts, agenda) and other modules' news tell residents: one notice per new thing
 * worth an alert (a deliberation published, an event, a news item, works nearby, a consultation
 * opening). The alerts part stores it and delivers it to the matching subscriptions (immediately or in
 * the next digest). Recorded in the caller's transaction: a notice exists only if its source does.
 */
import type { Tx } from '../../../platform/db/client';
import type { AppContext } from '../../../platform/modules';
import { storeNotice } from './delivery';

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
