import { describe, expect, it } from 'vitest';
import { fromParisInput, toParisInput } from './parisTime';

describe('the event form in Paris time', () => {
  it('reads and shows times as Paris wall-clock times, winter and summer', () => {
    expect(fromParisInput('2030-07-13T15:00')).toBe('2030-07-13T13:00:00.000Z');
    expect(fromParisInput('2030-01-13T15:00')).toBe('2030-01-13T14:00:00.000Z');
    expect(fromParisInput('2030-03-31T00:30')).toBe('2030-03-30T23:30:00.000Z');
    expect(toParisInput('2030-07-13T13:00:00.000Z')).toBe('2030-07-13T15:00');
    expect(toParisInput('2030-12-31T23:30:00.000Z')).toBe('2031-01-01T00:30');
    expect(toParisInput(null)).toBe('');
  });
});
