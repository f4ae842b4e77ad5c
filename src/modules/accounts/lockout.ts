/** Consecutive failures allowed before an account is locked, and for how long. */
export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}

export const LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60_000 };

/** Milliseconds left on a lock, 0 when the account is not locked. */
export function lockRemainingMs(lockedUntil: Date | null, now: Date): number {
  return lockedUntil ? Math.max(0, lockedUntil.getTime() - now.getTime()) : 0;
}

export interface FailureOutcome {
  failedLogins: number;
  lockedUntil: Date | null;
  lockedNow: boolean;
}

/**
 * The account's state after one more failed login. Reaching the limit locks it and
 * restarts the count, so after the lock expires the owner gets a full set of attempts.
 */
export function afterFailedLogin(failedLogins: number, now: Date, policy: LockoutPolicy = LOCKOUT_POLICY): FailureOutcome {
  const failures = failedLogins + 1;
  if (failures >= policy.maxFailures) {
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockMs), lockedNow: true };
  }
  return { failedLogins: failures, lockedUntil: null, lockedNow: false };
}
