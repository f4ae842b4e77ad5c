/**
 * How many submissions a participant and an address may make: fixed windows, counted in the
 * database (every process shares them) under keyed hashes. Pure: which windows and keys a
 * submission counts in, and whether a count is over its limit. The service increments the counters
 * in the transaction that stores the submission, so a refused submission (rolled back) leaves no
 * trace, not even in the counters.
 */

export type SubmissionKind = 'statement' | 'contribution' | 'participant';

export interface SubmissionLimits {
  /** Statements a participant may propose per hour, and from one address per hour. */
  statementsPerParticipantPerHour: number;
  statementsPerAddressPerHour: number;
  /** Free contributions a participant may send per hour, and from one address per hour. */
  contributionsPerParticipantPerHour: number;
  contributionsPerAddressPerHour: number;
  /** New participants from one address per hour (a town hall's public terminal, a school: allow a class). */
  participantsPerAddressPerHour: number;
}

export const HOUR_MS = 60 * 60_000;

export interface CounterSpec {
  /** What is counted, before the keyed hash: `<kind>:<scope>:<consultation>:<who>`. */
  subject: string;
  limit: number;
  windowMs: number;
}

/** The start of the fixed window `at` falls in. */
export function windowStart(at: Date, windowMs: number): Date {
  return new Date(Math.floor(at.getTime() / windowMs) * windowMs);
}

/** The counters one submission increments. */
export function countersFor(
  kind: SubmissionKind,
  who: { consultationId: string; participantId?: string | null; address?: string | null },
  limits: SubmissionLimits,
): CounterSpec[] {
  const perParticipant =
    kind === 'statement' ? limits.statementsPerParticipantPerHour : kind === 'contribution' ? limits.contributionsPerParticipantPerHour : null;
  const perAddress =
    kind === 'statement'
      ? limits.statementsPerAddressPerHour
      : kind === 'contribution'
        ? limits.contributionsPerAddressPerHour
        : limits.participantsPerAddressPerHour;
  const specs: CounterSpec[] = [];
  if (perParticipant !== null && who.participantId) {
    specs.push({ subject: `${kind}:participant:${who.consultationId}:${who.participantId}`, limit: perParticipant, windowMs: HOUR_MS });
  }
  if (who.address) specs.push({ subject: `${kind}:address:${who.consultationId}:${who.address}`, limit: perAddress, windowMs: HOUR_MS });
  return specs;
}

/** Seconds until the window of a counter that went over its limit ends (the Retry-After). */
export function retryAfterSeconds(at: Date, windowMs: number): number {
  const end = windowStart(at, windowMs).getTime() + windowMs;
  return Math.max(1, Math.ceil((end - at.getTime()) / 1000));
}
