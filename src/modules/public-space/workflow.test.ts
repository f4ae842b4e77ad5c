import { describe, expect, it } from 'vitest';
import { REPORT_STATUSES, type ReportStatus } from './api-schemas';
import { checkTransition, isOpen, nextStatuses, open311Status, reopenTarget, statusStamps } from './workflow';

describe('the report state machine', () => {
  it('allows DansMaRue’s moves and nothing else', () => {
    expect(checkTransition('new', 'to_process')).toBeNull();
    expect(checkTransition('to_process', 'scheduled')).toBeNull();
    expect(checkTransition('scheduled', 'done')).toBeNull();
    expect(checkTransition('to_process', 'transferred')).toBeNull();
    expect(checkTransition('transferred', 'to_process')).toBeNull();
    expect(checkTransition('done', 'archived')).toBeNull();
    expect(checkTransition('new', 'archived')).toBe('not_allowed');
    expect(checkTransition('archived', 'to_process')).toBe('not_allowed');
    expect(checkTransition('to_requalify', 'done')).toBe('not_allowed');
    expect(checkTransition('done', 'done')).toBe('same_status');
  });

  it('requires a reason to reject', () => {
    expect(checkTransition('new', 'rejected')).toBe('reason_required');
    expect(checkTransition('new', 'rejected', { rejectReason: 'duplicate' })).toBeNull();
  });

  it('has archived as its only dead end, and every state reachable from new', () => {
    const reachable = new Set<ReportStatus>(['new']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const s of [...reachable]) {
        for (const t of nextStatuses(s)) {
          if (!reachable.has(t)) {
            reachable.add(t);
            changed = true;
          }
        }
      }
    }
    expect([...reachable].sort()).toEqual([...REPORT_STATUSES].sort());
    expect(REPORT_STATUSES.filter((s) => nextStatuses(s).length === 0)).toEqual(['archived']);
  });

  it('maps to Open311’s open and closed', () => {
    expect(REPORT_STATUSES.filter(isOpen)).toEqual(['new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch']);
    expect(open311Status('done')).toBe('closed');
    expect(open311Status('rejected')).toBe('closed');
    expect(open311Status('under_watch')).toBe('open');
  });

  it('reopens a done report only within the window ("not fixed")', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(reopenTarget('done', new Date('2026-03-01T12:00:00Z'), now, 30)).toBe('to_process');
    expect(reopenTarget('done', new Date('2026-01-01T12:00:00Z'), now, 30)).toBeNull();
    expect(reopenTarget('rejected', new Date('2026-03-09T12:00:00Z'), now, 30)).toBeNull();
    expect(reopenTarget('to_process', null, now, 30)).toBeNull();
  });

  it('stamps the first resolution and clears the closing on reopening', () => {
    const t1 = new Date('2026-01-01T00:00:00Z');
    const t2 = new Date('2026-01-05T00:00:00Z');
    const done = statusStamps('done', { resolvedAt: null, closedAt: null }, t1);
    expect(done).toEqual({ resolvedAt: t1, closedAt: t1 });
    expect(statusStamps('to_process', done, t2)).toEqual({ resolvedAt: t1, closedAt: null });
    expect(statusStamps('done', { resolvedAt: t1, closedAt: null }, t2)).toEqual({ resolvedAt: t1, closedAt: t2 });
  });
});
