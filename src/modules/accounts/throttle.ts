import { isIPv4, isIPv6 } from 'node:net';

/**
 * Login throttling. Failed logins are counted in three scopes, none of which locks an account:
 *
 * - `account_client`: one e-mail from one client address. The main brake on guessing; it only
 *   refuses that address, so a stranger cannot use it to lock the owner out.
 * - `account`: one e-mail from any address. Brakes guessing spread over many addresses; it only
 *   ever delays (the delay doubles and is capped), and an address the account logged in from
 *   recently is exempt, so strangers can slow the account but not keep its owner out.
 * - `client`: one address, any e-mail. Brakes one address spraying passwords over many accounts.
 *
 * E-mails are counted whether or not an account has them, so the answers do not tell which exist.
 */
export type ThrottleScope = 'account' | 'account_client' | 'client';

/** In lock order: every transaction that locks several counters takes them in this order. */
export const THROTTLE_SCOPES: readonly ThrottleScope[] = ['account', 'account_client', 'client'];

export interface ThrottlePolicy {
  /** The failure that brings the count to this number starts the first delay. */
  failuresBeforeDelay: number;
  /** The first delay; each further failure doubles it. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const THROTTLE_POLICIES: Readonly<Record<ThrottleScope, ThrottlePolicy>> = {
  account_client: { failuresBeforeDelay: 5, firstDelayMs: 60_000, maxDelayMs: 15 * 60_000 },
  account: { failuresBeforeDelay: 10, firstDelayMs: 30_000, maxDelayMs: 15 * 60_000 },
  client: { failuresBeforeDelay: 30, firstDelayMs: 60_000, maxDelayMs: 60 * 60_000 },
};

/** A counter without a failure for this long starts again from zero. */
export const FAILURE_MEMORY_MS = 24 * 60 * 60_000;
/** An address the account logged in from within this time is not slowed by failures from elsewhere. */
export const FAMILIAR_CLIENT_MS = 30 * 24 * 60 * 60_000;

export interface ThrottleCounter {
  failures: number;
  lastFailureAt: Date | null;
  blockedUntil: Date | null;
  /** Only kept in the `account_client` scope. */
  lastSuccessAt: Date | null;
}

export type ThrottleCounters = Record<ThrottleScope, ThrottleCounter>;

export const EMPTY_COUNTER: ThrottleCounter = { failures: 0, lastFailureAt: null, blockedUntil: null, lastSuccessAt: null };

/** The delay a count of failures imposes on the next attempt: none below the threshold, then doubling up to the cap. */
export function delayAfterFailures(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.failuresBeforeDelay) return 0;
  const doublings = Math.min(failures - policy.failuresBeforeDelay, 30);
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** doublings);
}

function remainingMs(until: Date | null, now: Date): number {
  return until ? Math.max(0, until.getTime() - now.getTime()) : 0;
}

function forgetStale(counter: ThrottleCounter, now: Date): ThrottleCounter {
  const stale = counter.lastFailureAt !== null && now.getTime() - counter.lastFailureAt.getTime() >= FAILURE_MEMORY_MS;
  return stale ? { ...counter, failures: 0, blockedUntil: null } : counter;
}

/** Whether the account logged in from this address recently enough to be exempt from the account-wide delay. */
export function isFamiliarClient(accountClient: ThrottleCounter, now: Date): boolean {
  return accountClient.lastSuccessAt !== null && now.getTime() - accountClient.lastSuccessAt.getTime() < FAMILIAR_CLIENT_MS;
}

export type AttemptDecision =
  | {
      allowed: true;
      /** The counters with this attempt counted as a failure, until its password proves right. */
      next: ThrottleCounters;
      /** Scopes in which counting this attempt starts or extends a delay. */
      delayed: ThrottleScope[];
      /** Until when this client's next attempt will be refused if this one fails; null when it will not. */
      nextAttemptRefusedUntil: Date | null;
    }
  | { allowed: false; retryAfterMs: number };

/**
 * Decides one login attempt before its password is checked, and counts it as a failure at once:
 * guesses sent in parallel are each counted before any is checked, so they cannot outrun the delay.
 * The attempt that brings a scope to its threshold sets the delay for the attempts after it.
 */
export function decideAttempt(current: ThrottleCounters, now: Date): AttemptDecision {
  const counters = {
    account: forgetStale(current.account, now),
    account_client: forgetStale(current.account_client, now),
    client: forgetStale(current.client, now),
  };
  const familiar = isFamiliarClient(counters.account_client, now);
  const applies = (scope: ThrottleScope) => scope !== 'account' || !familiar;

  const retryAfterMs = Math.max(0, ...THROTTLE_SCOPES.filter(applies).map((s) => remainingMs(counters[s].blockedUntil, now)));
  if (retryAfterMs > 0) return { allowed: false, retryAfterMs };

  const next = {} as ThrottleCounters;
  const delayed: ThrottleScope[] = [];
  let refusedUntil = 0;
  for (const scope of THROTTLE_SCOPES) {
    const counter = counters[scope];
    const failures = counter.failures + 1;
    const delay = delayAfterFailures(failures, THROTTLE_POLICIES[scope]);
    // A familiar client's failures still count towards the account-wide delay; they never shorten one it is exempt from.
    const until = Math.max(now.getTime() + delay, counter.blockedUntil?.getTime() ?? 0);
    next[scope] = { ...counter, failures, lastFailureAt: now, blockedUntil: until > now.getTime() ? new Date(until) : null };
    if (delay > 0) {
      delayed.push(scope);
      if (applies(scope)) refusedUntil = Math.max(refusedUntil, until);
    }
  }
  return { allowed: true, next, delayed, nextAttemptRefusedUntil: refusedUntil > 0 ? new Date(refusedUntil) : null };
}

/**
 * The counters after a successful login. The address's own count for the account starts again
 * and the address becomes familiar; its failures on this account (this attempt included) are
 * taken off the account-wide and address-wide counts. Failures from elsewhere, and this address's
 * failures on other accounts, stay: logging into one's own account does not buy more guesses.
 */
export function afterSuccessfulLogin(current: ThrottleCounters, now: Date): ThrottleCounters {
  const forgiven = current.account_client.failures;
  const relieve = (scope: 'account' | 'client'): ThrottleCounter => {
    const failures = Math.max(0, current[scope].failures - forgiven);
    const underThreshold = failures < THROTTLE_POLICIES[scope].failuresBeforeDelay;
    return { ...current[scope], failures, blockedUntil: underThreshold ? null : current[scope].blockedUntil };
  };
  return {
    account: relieve('account'),
    account_client: { failures: 0, lastFailureAt: null, blockedUntil: null, lastSuccessAt: now },
    client: relieve('client'),
  };
}

/**
 * The part of a client address that identifies one client: the whole IPv4 address, but only
 * the /64 prefix of an IPv6 one, since a single host commonly holds a whole /64 and could
 * otherwise change address at every attempt.
 */
export function clientAddressKey(ip: string | null): string {
  if (!ip) return 'unknown';
  const address = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address.toLowerCase();
  const groups = expandIPv6(address);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  // An embedded IPv4 tail (::1.2.3.4) is two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array.from({ length: missing }, () => '0'), ...tailGroups].map((g) => g.replace(/^0+(?=.)/, ''));
}
