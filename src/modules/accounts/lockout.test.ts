import { describe, expect, it } from 'vitest';
import { afterFailedLogin, LOCKOUT_POLICY, lockRemainingMs } from './lockout';

describe('lockout policy', () => {
  const now = new Date('2025-06-01T10:00:00Z');

  it('counts the first four failures without locking', () => {
    let failed = 0;
    for (let i = 1; i <= 4; i++) {
      const o = afterFailedLogin(failed, now);
      expect(o).toEqual({ failedLogins: i, lockedUntil: null, lockedNow: false });
      failed = o.failedLogins;
    }
  });

  it('locks for 15 minutes at the fifth consecutive failure and restarts the count', () => {
    const o = afterFailedLogin(4, now);
    expect(o.lockedNow).toBe(true);
    expect(o.failedLogins).toBe(0);
    expect(o.lockedUntil!.getTime() - now.getTime()).toBe(15 * 60_000);
    expect(LOCKOUT_POLICY.maxFailures).toBe(5);
  });

  it('reports the time left on a lock, and none once it has passed', () => {
    expect(lockRemainingMs(null, now)).toBe(0);
    expect(lockRemainingMs(new Date(now.getTime() + 90_000), now)).toBe(90_000);
    expect(lockRemainingMs(new Date(now.getTime() - 1), now)).toBe(0);
  });
});
