import { describe, expect, it } from 'vitest';
import { parisDay, parisDayStart } from './paris';

describe('Paris days', () => {
  it('begins a day at 00:00 Paris time, winter and summer, across the DST changes', () => {
    expect(parisDayStart('2030-01-15').toISOString()).toBe('2030-01-14T23:00:00.000Z');
    expect(parisDayStart('2030-06-15').toISOString()).toBe('2030-06-14T22:00:00.000Z');
    expect(parisDayStart('2030-06-15', 1).toISOString()).toBe('2030-06-15T22:00:00.000Z');
    // 2030-03-31: clocks go forward at 02:00; the day still begins at 00:00 CET.
    expect(parisDayStart('2030-03-31').toISOString()).toBe('2030-03-30T23:00:00.000Z');
    expect(parisDayStart('2030-03-31', 1).toISOString()).toBe('2030-03-31T22:00:00.000Z');
    expect(parisDayStart('2030-10-27', 1).toISOString()).toBe('2030-10-27T23:00:00.000Z');
    expect(parisDayStart('2030-12-31', 1).toISOString()).toBe('2030-12-31T23:00:00.000Z');
  });
  it('gives the Paris day of an instant around midnight', () => {
    expect(parisDay(new Date('2030-06-14T21:59:59Z'))).toBe('2030-06-14');
    expect(parisDay(new Date('2030-06-14T22:00:00Z'))).toBe('2030-06-15');
    expect(parisDay(new Date('2030-12-15T23:30:00Z'))).toBe('2030-12-16');
  });
});
