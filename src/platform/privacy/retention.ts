/**
 * Retention of personal data, for every module. A module declares in its manifest, for each kind
 * of personal data it keeps, a retention rule: what the data is, whose it is, how long it is kept
 * (a field of one of its settings, or a fixed period that follows from what the data is for) and
 * how to remove one bounded batch of expired rows. The platform's nightly job applies every rule
 * in short transactions, each with its audit event (counts only), and closes the run with a
 * summary event; the public register describes the periods in force from the same declarations.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit, SYSTEM_ACTOR, TAKE_AUDIT_CHAIN_LOCK } from '../audit/service';
import type { Tx } from '../db/client';
import { nextParisHour } from '../db/maintenance';
import type { AppContext, ModuleManifest } from '../modules';
import type { RegisterRetention } from '../register/types';

export const RETENTION_JOB = 'platform.retention';
/** Before the embedded database's vacuum (3 a.m.), so that it reclaims what retention removed. */
const RETENTION_HOUR_PARIS = 2;
/** Rows handled per transaction: short enough never to hold the embedded database's only connection for long. */
export const RETENTION_BATCH_SIZE = 500;
/** A rule whose batches never run dry is broken (it keeps matching rows it handled): stop it rather than loop. */
const MAX_BATCHES_PER_RULE = 100_000;
const HEARTBEAT_EVERY_MS = 30_000;
export const DAY_MS = 24 * 60 * 60_000;

export interface Localized {
  fr: string;
  en: string;
}

/**
 * How long a rule keeps its data: a field (a number of days) of a setting the commune chooses,
 * or a fixed period that the data's purpose dictates (a security counter, a delivery record).
 */
export type RetentionPeriodSource = { setting: string; field: string } | { fixedDays: number };

export interface RetentionRule {
  /** `<module>.<kind>`: audit events and the register name the rule by it. */
  id: string;
  /** Residents' data is described in the public register; staff data in the back-office only. */
  concerns: 'residents' | 'staff';
  /** What is kept, in the register's words. */
  data: Localized;
  /** When the period starts counting, e.g. "after the last message". */
  startsAt: Localized;
  /** What happens at the end of the period: the rows are deleted, or stripped of their personal data. */
  outcome: 'deleted' | 'anonymised';
  period: RetentionPeriodSource;
  /** Ids of the register entries whose data description states this period. */
  registerEntries?: readonly string[];
  /**
   * Removes (or anonymises) the personal data of at most `limit` rows per statement that expired
   * before `cutoff`, inside `tx`, and returns how many rows it handled. A handled row must no
   * longer match, so that the runner can call it again until it returns less than `limit`.
   */
  purgeBatch(tx: Tx, batch: { cutoff: Date; now: Date; limit: number }): Promise<number>;
}

/** A rule with its period as configured now: what the register and the back-office show. */
export interface RetentionPeriod {
  id: string;
  module: string;
  concerns: RetentionRule['concerns'];
  data: Localized;
  startsAt: Localized;
  outcome: RetentionRule['outcome'];
  days: number;
  /** The setting the period comes from, or null when it is fixed. */
  setting: string | null;
  registerEntries: readonly string[];
}

interface DeclaredRule {
  module: string;
  rule: RetentionRule;
}

/** Every module's rules; refuses an id outside its module's prefix or declared twice. */
export function retentionRules(modules: readonly ModuleManifest[]): DeclaredRule[] {
  const seen = new Set<string>();
  const out: DeclaredRule[] = [];
  for (const m of modules) {
    for (const rule of m.retention ?? []) {
      if (!rule.id.startsWith(`${m.name}.`)) throw new Error(`Retention rule "${rule.id}" must start with its module's name "${m.name}."`);
      if (seen.has(rule.id)) throw new Error(`Retention rule "${rule.id}" is declared twice.`);
      seen.add(rule.id);
      out.push({ module: m.name, rule });
    }
  }
  return out;
}

type SettingsReader = Pick<AppContext, 'settings'>['settings'];

async function periodDays(settings: SettingsReader, source: RetentionPeriodSource): Promise<number> {
  if ('fixedDays' in source) return source.fixedDays;
  const value = await settings.get<Record<string, unknown>>(source.setting);
  const days = value?.[source.field];
  // The setting's schema guarantees a whole number of days; a declaration pointing elsewhere is a bug.
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0) {
    throw new Error(`Retention period ${source.setting}.${source.field} is not a number of days.`);
  }
  return days;
}

/** The periods in force, from the running settings. */
export async function currentRetention(ctx: Pick<AppContext, 'modules' | 'settings'>): Promise<RetentionPeriod[]> {
  return Promise.all(
    retentionRules(ctx.modules).map(async ({ module, rule }) => ({
      id: rule.id,
      module,
      concerns: rule.concerns,
      data: rule.data,
      startsAt: rule.startsAt,
      outcome: rule.outcome,
      days: await periodDays(ctx.settings, rule.period),
      setting: 'setting' in rule.period ? rule.period.setting : null,
      registerEntries: rule.registerEntries ?? [],
    })),
  );
}

/** The settings that retention periods come from (their changes date the register entries). */
export function retentionSettingKeys(modules: readonly ModuleManifest[]): string[] {
  return [...new Set(retentionRules(modules).flatMap(({ rule }) => ('setting' in rule.period ? [rule.period.setting] : [])))];
}

export interface RetentionRunReport {
  runId: string;
  at: string;
  rules: { id: string; periodDays: number; removed: number; batches: number }[];
  failed: string[];
}

/**
 * Applies every rule once: batch after batch, each in its own transaction with its audit event,
 * so that a crash leaves only whole batches done (the next run carries on). One rule failing does
 * not stop the others; the run reports it and throws at the end, so that the job is retried.
 */
export async function applyRetention(
  ctx: Pick<AppContext, 'db' | 'modules' | 'settings'> & { log?: AppContext['log'] },
  opts: { now?: Date; batchSize?: number; onBatch?: () => Promise<void> } = {},
): Promise<RetentionRunReport> {
  const now = opts.now ?? new Date();
  const limit = opts.batchSize ?? RETENTION_BATCH_SIZE;
  const runId = randomUUID();
  const report: RetentionRunReport = { runId, at: now.toISOString(), rules: [], failed: [] };
  const errors: unknown[] = [];
  for (const { rule } of retentionRules(ctx.modules)) {
    const line = { id: rule.id, periodDays: 0, removed: 0, batches: 0 };
    report.rules.push(line);
    try {
      line.periodDays = await periodDays(ctx.settings, rule.period);
      const cutoff = new Date(now.getTime() - line.periodDays * DAY_MS);
      for (;;) {
        if (line.batches >= MAX_BATCHES_PER_RULE) throw new Error(`Retention rule "${rule.id}" did not run dry after ${line.batches} batches.`);
        const handled = await ctx.db.transaction(async (tx) => {
          // The chain lock before any row, as answers and hand-offs take it: a batch that locked a
          // conversation and then waited for the chain could deadlock with an answer to it.
          await tx.execute(TAKE_AUDIT_CHAIN_LOCK);
          const n = await rule.purgeBatch(tx, { cutoff, now, limit });
          if (n > 0) {
            await recordAudit(tx, SYSTEM_ACTOR, {
              action: 'platform.retention_batch',
              subjectType: 'retention_rule',
              subjectId: rule.id,
              after: { runId, removed: n, outcome: rule.outcome, periodDays: line.periodDays, cutoff: cutoff.toISOString() },
            }, { chainLockTaken: true });
          }
          return n;
        });
        line.batches++;
        line.removed += handled;
        await opts.onBatch?.();
        if (handled < limit) break;
      }
    } catch (err) {
      // The job's record keeps the rule's id only; the cause is for the operator's log.
      ctx.log?.error({ err, rule: rule.id }, 'retention rule failed');
      report.failed.push(rule.id);
      errors.push(err);
    }
  }
  // The run's record: that retention ran, with which periods, and how much each rule removed.
  await ctx.db.transaction(async (tx) => {
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: 'platform.retention_run',
      subjectType: 'retention_run',
      subjectId: runId,
      after: { at: report.at, rules: report.rules, failed: report.failed },
    });
  });
  if (errors.length) {
    throw new AggregateError(errors, `Retention failed for ${report.failed.join(', ')}; the other rules were applied.`);
  }
  return report;
}

/**
 * The first run after `after`; the start-up enqueue and the self re-enqueue converge on the
 * idempotency key. Returns the job (an existing one for that night) and the night it is for.
 */
export async function scheduleRetention(ctx: Pick<AppContext, 'jobs' | 'db'>, after: Date): Promise<{ jobId: number; night: Date }> {
  const night = nextParisHour(after, RETENTION_HOUR_PARIS);
  const job = await ctx.jobs.enqueue(ctx.db, RETENTION_JOB, {}, { idempotencyKey: `${RETENTION_JOB}:${night.toISOString()}`, runAt: night, maxAttempts: 3 });
  return { jobId: job.id, night };
}

export function retentionJobHandler(getCtx: () => AppContext) {
  return async (_payload: unknown, run: { job: { id: number; runAt: Date }; heartbeat(): Promise<void> }) => {
    const ctx = getCtx();
    let lastBeat = Date.now();
    try {
      return await applyRetention(ctx, {
        now: new Date(),
        onBatch: async () => {
          if (Date.now() - lastBeat < HEARTBEAT_EVERY_MS) return;
          lastBeat = Date.now();
          await run.heartbeat();
        },
      });
    } finally {
      // Even a failing run schedules the next night's, so one bad night cannot stop retention for good.
      const next = await scheduleRetention(ctx, new Date(Math.max(Date.now(), run.job.runAt.getTime())));
      // The night found may be this run's own (a host clock behind the database's, which decides when
      // a job is due, or a run brought forward): its key is taken by this job, so the night after.
      if (next.jobId === run.job.id) await scheduleRetention(ctx, next.night);
    }
  };
}

// ---- Describing the periods (pure) ---------------------------------------------------------

/** The periods that a register entry states: those of residents' data that name the entry. */
export function retentionForEntry(periods: readonly RetentionPeriod[], entryId: string): RegisterRetention[] {
  return periods
    .filter((p) => p.concerns === 'residents' && p.registerEntries.includes(entryId))
    .map((p) => ({ data: p.data, startsAt: p.startsAt, days: p.days, outcome: p.outcome }));
}

function daysText(days: number, lang: 'fr' | 'en'): string {
  if (days === 0) return lang === 'fr' ? 'aussitôt' : 'immediately';
  if (lang === 'fr') return `${days} jour${days > 1 ? 's' : ''}`;
  return `${days} day${days > 1 ? 's' : ''}`;
}

const OUTCOME: Record<RegisterRetention['outcome'], Localized> = {
  deleted: { fr: 'suppression', en: 'deletion' },
  anonymised: { fr: 'anonymisation', en: 'anonymisation' },
};

/** One sentence for a data description: "Retention — Conversations: 30 days after the last message, then deletion; …". */
export function describeRetention(periods: readonly RegisterRetention[], lang: 'fr' | 'en'): string {
  if (periods.length === 0) return '';
  const parts = periods.map((p) => `${p.data[lang]}${lang === 'fr' ? ' :' : ':'} ${daysText(p.days, lang)} ${p.startsAt[lang]}, ${lang === 'fr' ? 'puis' : 'then'} ${OUTCOME[p.outcome][lang]}`);
  return lang === 'fr' ? `Durées de conservation — ${parts.join(' ; ')}.` : `Retention — ${parts.join('; ')}.`;
}
