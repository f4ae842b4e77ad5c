import { describe, expect, it } from 'vitest';
import {
  afterSuccessfulLogin,
  clientAddressKey,
  decideAttempt,
  delayAfterFailures,
  EMPTY_COUNTER,
  FAILURE_MEMORY_MS,
  FAMILIAR_CLIENT_MS,
  THROTTLE_POLICIES,
  type AttemptDecision,
  type ThrottleCounters,
} from './throttle';

const MINUTE = 60_000;
const start = new Date('2025-06-01T10:00:00Z');
const at = (ms: number) => new Date(start.getTime() + ms);
const fresh = (): ThrottleCounters => ({ account: EMPTY_COUNTER, account_client: EMPTY_COUNTER, client: EMPTY_COUNTER });

function allowed(decision: AttemptDecision) {
  if (!decision.allowed) throw new Error(`refused for ${decision.retryAfterMs} ms`);
  return decision;
}

/** Failed attempts one after the other at `now`, as long as they are allowed. */
function failMany(counters: ThrottleCounters, n: number, now: Date) {
  let current = counters;
  const outcomes: AttemptDecision[] = [];
  for (let i = 0; i < n; i++) {
    const decision = decideAttempt(current, now);
    outcomes.push(decision);
    if (decision.allowed) current = decision.next;
  }
  return { counters: current, outcomes };
}

describe('login throttle policy', () => {
  it('delays nothing below a threshold, then doubles the delay up to a cap', () => {
    const p = THROTTLE_POLICIES.account;
    expect(delayAfterFailures(p.failuresBeforeDelay - 1, p)).toBe(0);
    expect(delayAfterFailures(p.failuresBeforeDelay, p)).toBe(30_000);
    expect(delayAfterFailures(p.failuresBeforeDelay + 1, p)).toBe(60_000);
    expect(delayAfterFailures(p.failuresBeforeDelay + 3, p)).toBe(240_000);
    expect(delayAfterFailures(p.failuresBeforeDelay + 10, p)).toBe(15 * MINUTE);
    expect(delayAfterFailures(1_000_000, p)).toBe(15 * MINUTE);
  });

  it('counts each attempt before its check: the fifth failure of an address refuses that address for a minute', () => {
    const { counters, outcomes } = failMany(fresh(), 6, start);
    expect(outcomes.slice(0, 4).every((o) => o.allowed && o.nextAttemptRefusedUntil === null)).toBe(true);
    const fifth = allowed(outcomes[4]!);
    expect(fifth.delayed).toEqual(['account_client']);
    expect(fifth.nextAttemptRefusedUntil).toEqual(at(MINUTE));
    expect(outcomes[5]).toEqual({ allowed: false, retryAfterMs: MINUTE });
    // The refused attempt was not counted.
    expect(counters.account_client.failures).toBe(5);
    expect(counters.account.failures).toBe(5);
  });

  it('lets the address try again once its delay has passed, with a doubled delay after another failure', () => {
    const { counters } = failMany(fresh(), 5, start);
    const later = allowed(decideAttempt(counters, at(MINUTE)));
    expect(later.next.account_client.failures).toBe(6);
    expect(later.nextAttemptRefusedUntil).toEqual(at(3 * MINUTE));
  });

  it('slows an account guessed from many addresses, for every address it has not logged in from', () => {
    let counters = fresh();
    for (let i = 0; i < 9; i++) {
      // Each guess from a new address: only the account-wide count grows.
      const d = allowed(decideAttempt({ ...counters, account_client: EMPTY_COUNTER, client: EMPTY_COUNTER }, start));
      counters = d.next;
      expect(d.nextAttemptRefusedUntil).toBeNull();
    }
    const tenth = allowed(decideAttempt({ ...counters, account_client: EMPTY_COUNTER, client: EMPTY_COUNTER }, start));
    expect(tenth.delayed).toEqual(['account']);
    expect(tenth.nextAttemptRefusedUntil).toEqual(at(30_000));
    const stranger = decideAttempt({ ...tenth.next, account_client: EMPTY_COUNTER, client: EMPTY_COUNTER }, at(1_000));
    expect(stranger).toEqual({ allowed: false, retryAfterMs: 29_000 });

    // The owner's usual address is not held back, and its failure does not shorten the strangers' delay.
    const owner = allowed(
      decideAttempt({ ...tenth.next, account_client: { ...EMPTY_COUNTER, lastSuccessAt: at(-24 * 3600_000) }, client: EMPTY_COUNTER }, at(1_000)),
    );
    expect(owner.nextAttemptRefusedUntil).toBeNull();
    expect(owner.next.account.blockedUntil!.getTime()).toBeGreaterThanOrEqual(at(30_000).getTime());

    // An address last used long ago is a stranger again.
    const old = decideAttempt(
      { ...tenth.next, account_client: { ...EMPTY_COUNTER, lastSuccessAt: at(-FAMILIAR_CLIENT_MS) }, client: EMPTY_COUNTER },
      at(1_000),
    );
    expect(old.allowed).toBe(false);
  });

  it('never locks: under a sustained attack the account-wide delay stays capped', () => {
    let counters = fresh();
    let now = start;
    for (let i = 0; i < 60; i++) {
      const d = decideAttempt({ ...counters, account_client: EMPTY_COUNTER, client: EMPTY_COUNTER }, now);
      if (!d.allowed) {
        expect(d.retryAfterMs).toBeLessThanOrEqual(15 * MINUTE);
        now = new Date(now.getTime() + d.retryAfterMs);
        continue;
      }
      counters = d.next;
      if (d.nextAttemptRefusedUntil) expect(d.nextAttemptRefusedUntil.getTime() - now.getTime()).toBeLessThanOrEqual(15 * MINUTE);
    }
  });

  it('refuses one address that fails on many accounts', () => {
    let client = EMPTY_COUNTER;
    let last: AttemptDecision | undefined;
    for (let i = 0; i < THROTTLE_POLICIES.client.failuresBeforeDelay; i++) {
      last = allowed(decideAttempt({ account: EMPTY_COUNTER, account_client: EMPTY_COUNTER, client }, start));
      client = last.next.client;
    }
    expect(allowed(last!).delayed).toEqual(['client']);
    expect(decideAttempt({ account: EMPTY_COUNTER, account_client: EMPTY_COUNTER, client }, at(1)).allowed).toBe(false);
  });

  it('forgets failures after a day without any', () => {
    const { counters } = failMany(fresh(), 4, start);
    const nextDay = allowed(decideAttempt(counters, at(FAILURE_MEMORY_MS)));
    expect(nextDay.next.account_client.failures).toBe(1);
    expect(nextDay.next.account.failures).toBe(1);
  });

  it('after a success, clears the address for the account and takes its failures off the wider counts only', () => {
    const others = { ...EMPTY_COUNTER, failures: 12, lastFailureAt: start, blockedUntil: at(MINUTE) };
    const counters: ThrottleCounters = {
      account: others,
      account_client: { ...EMPTY_COUNTER, failures: 4, lastFailureAt: start },
      client: { ...EMPTY_COUNTER, failures: 31, lastFailureAt: start, blockedUntil: at(MINUTE) },
    };
    const after = afterSuccessfulLogin(counters, at(1));
    expect(after.account_client).toEqual({ failures: 0, lastFailureAt: null, blockedUntil: null, lastSuccessAt: at(1) });
    // 12 - 4 = 8 is under the account threshold: strangers are no longer delayed by the owner's typos.
    expect(after.account).toMatchObject({ failures: 8, blockedUntil: null });
    // 31 - 4 = 27 failures on other accounts from this address remain, below the threshold.
    expect(after.client).toMatchObject({ failures: 27, blockedUntil: null });
    const stillOver = afterSuccessfulLogin({ ...counters, account: { ...others, failures: 20 } }, at(1));
    expect(stillOver.account).toMatchObject({ failures: 16, blockedUntil: at(MINUTE) });
  });
});

describe('client address key', () => {
  it('keeps an IPv4 address whole, also when mapped into IPv6', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('groups IPv6 addresses by /64, whatever their notation', () => {
    const key = clientAddressKey('2001:db8:aa:bb::1');
    expect(key).toBe('2001:db8:aa:bb::/64');
    expect(clientAddressKey('2001:0DB8:00aa:00bb:ffff:1:2:3')).toBe(key);
    expect(clientAddressKey('2001:db8:aa:bb:1::%eth0')).toBe(key);
    expect(clientAddressKey('2001:db8:aa:bc::1')).not.toBe(key);
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('has one key for a missing address', () => {
    expect(clientAddressKey(null)).toBe('unknown');
  });
});
