/**
 * The states of a report and the moves between them, as DansMaRue's agents use them. Pure.
 *
 *   new ─┬─> to_process ─┬─> scheduled ───┐
 *        ├─> to_requalify (wrong category: an agent re-files it, then to_process)
 *        ├─> transferred (to a contractor) ─> done | to_process (sent back)
 *        ├─> under_watch (waits for something; comes back or is closed)
 *        ├─> done ──> archived;  done ──(resident: "not fixed")──> to_process
 *        └─> rejected (with a reason) ──> archived | to_process (reconsidered)
 */
import { OPEN_STATUSES, type ReportStatus } from './api-schemas';

const MOVES: Record<ReportStatus, readonly ReportStatus[]> = {
  new: ['to_process', 'to_requalify', 'scheduled', 'transferred', 'under_watch', 'done', 'rejected'],
  to_requalify: ['to_process', 'rejected'],
  to_process: ['scheduled', 'transferred', 'under_watch', 'done', 'rejected', 'to_requalify'],
  scheduled: ['to_process', 'transferred', 'done', 'rejected'],
  transferred: ['to_process', 'done', 'rejected'],
  under_watch: ['to_process', 'done', 'archived'],
  done: ['archived', 'to_process'],
  rejected: ['to_process', 'archived'],
  archived: [],
};

export function nextStatuses(from: ReportStatus): readonly ReportStatus[] {
  return MOVES[from];
}

export type TransitionRefusal = 'not_allowed' | 'reason_required' | 'same_status';

/** Whether staff may move a report from one status to another; a rejection needs its reason. */
export function checkTransition(from: ReportStatus, to: ReportStatus, opts: { rejectReason?: string | null } = {}): TransitionRefusal | null {
  if (from === to) return 'same_status';
  if (!MOVES[from].includes(to)) return 'not_allowed';
  if (to === 'rejected' && !opts.rejectReason) return 'reason_required';
  return null;
}

export function isOpen(status: ReportStatus): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** Open311 has two states; every state still being dealt with is `open`. */
export function open311Status(status: ReportStatus): 'open' | 'closed' {
  return isOpen(status) ? 'open' : 'closed';
}

/**
 * A resident who followed a report may say "not fixed" while it is `done`, within the window after
 * it was closed: the report goes back to `to_process`. Returns the status it goes to, or null.
 */
export function reopenTarget(status: ReportStatus, closedAt: Date | null, now: Date, windowDays: number): ReportStatus | null {
  if (status !== 'done' || !closedAt) return null;
  if (now.getTime() - closedAt.getTime() > windowDays * 86_400_000) return null;
  return 'to_process';
}

/** What a change of status stamps on the report. */
export function statusStamps(
  to: ReportStatus,
  current: { resolvedAt: Date | null; closedAt: Date | null },
  now: Date,
): { resolvedAt: Date | null; closedAt: Date | null } {
  if (to === 'done') return { resolvedAt: current.resolvedAt ?? now, closedAt: now };
  if (to === 'rejected' || to === 'archived') return { resolvedAt: current.resolvedAt, closedAt: current.closedAt ?? now };
  return { resolvedAt: current.resolvedAt, closedAt: null };
}

export const STATUS_LABELS: Record<ReportStatus, { fr: string; en: string }> = {
  new: { fr: 'Nouveau', en: 'New' },
  to_requalify: { fr: 'À requalifier', en: 'To re-file' },
  to_process: { fr: 'À traiter', en: 'To process' },
  scheduled: { fr: 'Programmé', en: 'Scheduled' },
  transferred: { fr: 'Transféré à un prestataire', en: 'Transferred to a contractor' },
  done: { fr: 'Traité', en: 'Done' },
  rejected: { fr: 'Rejeté', en: 'Rejected' },
  under_watch: { fr: 'Sous surveillance', en: 'Under watch' },
  archived: { fr: 'Archivé', en: 'Archived' },
};
