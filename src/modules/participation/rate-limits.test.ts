import { describe, expect, it } from 'vitest';
import { countersFor, HOUR_MS, retryAfterSeconds, windowStart } from './rate-limits';
import { LIMITS_DEFAULTS } from './settings';

describe('submission limits', () => {
  it('counts statements per participant and per address, in hourly windows', () => {
    const specs = countersFor('statement', { consultationId: 'c', participantId: 'p', address: 'a' }, LIMITS_DEFAULTS);
    expect(specs.map((s) => [s.subject, s.limit])).toEqual([
      ['statement:participant:c:p', LIMITS_DEFAULTS.statementsPerParticipantPerHour],
      ['statement:address:c:a', LIMITS_DEFAULTS.statementsPerAddressPerHour],
    ]);
    expect(countersFor('participant', { consultationId: 'c', address: 'a' }, LIMITS_DEFAULTS).map((s) => s.limit)).toEqual([LIMITS_DEFAULTS.participantsPerAddressPerHour]);
    expect(countersFor('contribution', { consultationId: 'c', participantId: 'p' }, LIMITS_DEFAULTS)).toHaveLength(1);
  });

  it('places an instant in its window and says how long until the next', () => {
    const at = new Date('2026-03-01T10:45:30Z');
    expect(windowStart(at, HOUR_MS).toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(retryAfterSeconds(at, HOUR_MS)).toBe(14 * 60 + 30);
  });
});
