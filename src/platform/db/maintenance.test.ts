import { describe, expect, it } from 'vitest';
import { nextParisHour } from './maintenance';

describe('nightly maintenance time', () => {
  it('is the next 3 o’clock in Paris, in winter (UTC+1) and summer (UTC+2) time', () => {
    expect(nextParisHour(new Date('2026-01-15T10:20:00Z'), 3).toISOString()).toBe('2026-01-16T02:00:00.000Z');
    expect(nextParisHour(new Date('2026-07-15T10:20:00Z'), 3).toISOString()).toBe('2026-07-16T01:00:00.000Z');
    // Just before 3 a.m. in Paris: later the same night.
    expect(nextParisHour(new Date('2026-01-16T01:59:00Z'), 3).toISOString()).toBe('2026-01-16T02:00:00.000Z');
    // At 3 a.m. exactly: the next night, not the same instant again.
    expect(nextParisHour(new Date('2026-01-16T02:00:00Z'), 3).toISOString()).toBe('2026-01-17T02:00:00.000Z');
  });
});
