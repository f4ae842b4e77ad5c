/**
 * Sending replies to WhatsApp residents through the Cloud API ("send message" on the Graph API),
 * from the durable job queue: the webhook answers Meta at once, the job retries while Graph is
 * unavailable. The resident's number is personal data: the job holds it sealed (AES-256-GCM),
 * and the payload is gone once the reply is delivered (the job row is deleted) or given up (the
 * payload is emptied, the failed row stays so that failures can be counted).
 */
import { and, eq, gte, inArray, lt, ne, or, sql } from 'drizzle-orm';
import type { AppConfig } from '../../../platform/config';
import type { DbOrTx } from '../../../platform/db/client';
import { PermanentJobError, type JobHandler, type JobRunContext } from '../../../platform/jobs/queue';
import { jobs } from '../../../platform/jobs/schema';
import type { AppContext } from '../../../platform/modules';
import { openSealedText, sealText } from '../../../platform/secrets/seal';
import { deriveKey, instanceSecret } from '../../../platform/secrets/service';

export const WHATSAPP_SEND_JOB = 'assistant.whatsapp_send';
/** With the queue's backoff (2 s doubling), ten attempts keep trying for about 17 minutes. */
export const WHATSAPP_SEND_MAX_ATTEMPTS = 10;
/** The Graph API refuses longer text bodies. */
export const WHATSAPP_TEXT_LIMIT = 4096;
/** Failures are shown for this long, then their rows are deleted. */
export const FAILED_SEND_MEMORY_MS = 30 * 24 * 60 * 60_000;
const GRAPH_TIMEOUT_MS = 15_000;
const SWEEP_INTERVAL_MS = 10 * 60_000;
/** Authenticated with the sealed number: a sealed value copied from any other record does not open here. */
const RECIPIENT_CONTEXT = 'assistant.whatsapp_send.recipient';

export interface WhatsAppSendPayload {
  /** The commune's business number that received the message; the reply leaves from it. Not personal data. */
  phoneNumberId: string;
  /** The resident's WhatsApp id (their number), sealed with `recipientKey`. */
  recipient: string;
  /** The reply texts, in order (the AI notice first in a new conversation). */
  texts: string[];
}

type GraphConfig = AppConfig['whatsapp'];

export function whatsappSendingEnabled(config: AppConfig): boolean {
  return !!config.whatsapp.accessToken;
}

/** Graph phone number ids are digits; anything else is not put into the request path. */
export function isPhoneNumberId(value: string | undefined): value is string {
  return !!value && /^\d{1,32}$/.test(value);
}

/** Like the sender hashes: BEFFROI_SECRET when set, otherwise the instance secret; one key for this purpose only. */
async function recipientKey(ctx: AppContext): Promise<Buffer> {
  const base = ctx.config.secret ? Buffer.from(ctx.config.secret, 'utf8') : await instanceSecret(ctx.db);
  return deriveKey(base, 'assistant.whatsapp-recipient');
}

/** Builds the job payload before any transaction opens (reading the instance secret is a query of its own). */
export async function sealedSendPayload(ctx: AppContext, phoneNumberId: string, to: string, texts: string[]): Promise<WhatsAppSendPayload> {
  return { phoneNumberId, recipient: sealText(await recipientKey(ctx), to, RECIPIENT_CONTEXT), texts };
}

export async function enqueueWhatsAppSend(ctx: AppContext, tx: DbOrTx, payload: WhatsAppSendPayload, messageRef: string | null): Promise<void> {
  await ctx.jobs.enqueue(tx, WHATSAPP_SEND_JOB, payload, {
    maxAttempts: WHATSAPP_SEND_MAX_ATTEMPTS,
    // The keyed hash of Meta's message id: one send per message even if it were enqueued twice.
    ...(messageRef ? { idempotencyKey: `${WHATSAPP_SEND_JOB}:${messageRef}` } : {}),
  });
}

/** Cuts a reply into bodies Graph accepts, at line breaks when it can. Deterministic, so a retry resumes at the same part. */
export function splitForWhatsApp(text: string, limit = WHATSAPP_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = rest.lastIndexOf('\n', limit);
    const at = cut > limit / 2 ? cut : limit;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.length || !parts.length) parts.push(rest);
  return parts;
}

type GraphOutcome = { ok: true } | { ok: false; permanent: boolean; reason: string };

/**
 * One "send message" call. The reason of a failure names the HTTP status and Graph's numeric
 * error code only: Graph's messages may quote the recipient, and the token is never echoed.
 */
export async function postWhatsAppText(graph: GraphConfig, phoneNumberId: string, to: string, body: string, signal?: AbortSignal): Promise<GraphOutcome> {
  const url = `${graph.graphUrl}/${graph.graphVersion}/${phoneNumberId}/messages`;
  const timeout = AbortSignal.timeout(GRAPH_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${graph.accessToken ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { preview_url: false, body } }),
      // A redirect would carry the bearer token elsewhere.
      redirect: 'error',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: unknown } }).cause?.code;
    return { ok: false, permanent: false, reason: `network error (${typeof cause === 'string' ? cause : (err as Error).name})` };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return { ok: true };
  const permanent = response.status >= 400 && response.status < 500 && response.status !== 429;
  return { ok: false, permanent, reason: `HTTP ${response.status}${graphErrorCode(text)}` };
}

function graphErrorCode(body: string): string {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; error_subcode?: unknown } }).error;
    const code = typeof error?.code === 'number' ? error.code : null;
    const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : null;
    return code === null ? '' : ` (Graph error ${code}${subcode === null ? '' : `/${subcode}`})`;
  } catch {
    return '';
  }
}

/** Empties a send job's payload: what is left of a failed send is its status and its error, no number. */
async function eraseSendPayload(db: DbOrTx, jobId: number): Promise<void> {
  await db.update(jobs).set({ payload: {} }).where(eq(jobs.id, jobId));
}

/**
 * Catches what a handler could not clean itself (a worker lost on the last attempt is failed by
 * the queue with its payload), and forgets old failures.
 */
export async function cleanFinishedSends(db: DbOrTx, now = Date.now()): Promise<void> {
  const mine = eq(jobs.kind, WHATSAPP_SEND_JOB);
  await db
    .update(jobs)
    .set({ payload: {} })
    .where(and(mine, inArray(jobs.status, ['succeeded', 'failed']), ne(jobs.payload, sql`'{}'::jsonb`)));
  await db
    .delete(jobs)
    .where(and(mine, or(eq(jobs.status, 'succeeded'), and(eq(jobs.status, 'failed'), lt(jobs.finishedAt, new Date(now - FAILED_SEND_MEMORY_MS))))));
}

/**
 * `cleanFinishedSends` for the nightly retention run: at most `limit` rows per statement, locked
 * rows skipped (a worker finishing them cleans them itself); returns how many rows it handled.
 */
export async function cleanFinishedSendsBatch(db: DbOrTx, now: Date, limit: number): Promise<number> {
  const mine = eq(jobs.kind, WHATSAPP_SEND_JOB);
  const withNumber = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(mine, inArray(jobs.status, ['succeeded', 'failed']), ne(jobs.payload, sql`'{}'::jsonb`)))
    .limit(limit)
    .for('update', { skipLocked: true });
  const erased = await db.update(jobs).set({ payload: {} }).where(inArray(jobs.id, withNumber)).returning({ id: jobs.id });
  const forgotten = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(mine, or(eq(jobs.status, 'succeeded'), and(eq(jobs.status, 'failed'), lt(jobs.finishedAt, new Date(now.getTime() - FAILED_SEND_MEMORY_MS))))),
    )
    .limit(limit)
    .for('update', { skipLocked: true });
  const deleted = await db.delete(jobs).where(inArray(jobs.id, forgotten)).returning({ id: jobs.id });
  return erased.length + deleted.length;
}

const lastSweep = new WeakMap<AppContext, number>();

/** `cleanFinishedSends` at most every few minutes per process, from the send jobs themselves. */
async function sweepFinishedSends(ctx: AppContext, now = Date.now()): Promise<void> {
  if ((lastSweep.get(ctx) ?? -Infinity) > now - SWEEP_INTERVAL_MS) return;
  lastSweep.set(ctx, now);
  await cleanFinishedSends(ctx.db, now);
}

function sentSoFar(progress: unknown): number {
  const sent = (progress as { sent?: unknown } | null)?.sent;
  return typeof sent === 'number' && Number.isInteger(sent) && sent >= 0 ? sent : 0;
}

export function whatsappSendJobHandler(getCtx: () => AppContext): JobHandler {
  return async (payload: Partial<WhatsAppSendPayload>, run: JobRunContext) => {
    const ctx = getCtx();
    await sweepFinishedSends(ctx);
    // An emptied payload: an earlier delivery of this job already finished it.
    if (!payload.recipient || !isPhoneNumberId(payload.phoneNumberId) || !Array.isArray(payload.texts)) return { outcome: 'nothing_to_send' };
    const { job } = run;

    const giveUp = async (reason: string): Promise<never> => {
      await eraseSendPayload(ctx.db, job.id);
      ctx.log.warn({ jobId: job.id, attempt: job.attempts, reason }, 'WhatsApp reply not delivered: giving up');
      throw new PermanentJobError(`whatsapp.not_delivered: ${reason}`);
    };

    const graph = ctx.config.whatsapp;
    if (!graph.accessToken) return giveUp('WHATSAPP_ACCESS_TOKEN is no longer set');
    let to: string;
    try {
      to = openSealedText(await recipientKey(ctx), payload.recipient, RECIPIENT_CONTEXT);
    } catch {
      return giveUp('the recipient cannot be decrypted (the secret changed?)');
    }

    const parts = payload.texts.flatMap((t) => splitForWhatsApp(String(t)));
    for (let i = sentSoFar(job.progress); i < parts.length; i++) {
      const outcome = await postWhatsAppText(graph, payload.phoneNumberId, to, parts[i]!, run.signal);
      if (!outcome.ok) {
        const detail = `${outcome.reason}, ${i} of ${parts.length} parts sent`;
        if (outcome.permanent || job.attempts >= job.maxAttempts) return giveUp(detail);
        ctx.log.warn({ jobId: job.id, attempt: job.attempts, maxAttempts: job.maxAttempts, reason: detail }, 'WhatsApp reply not delivered yet: will retry');
        throw new Error(`whatsapp.graph_unavailable: ${detail}`);
      }
      // A retry resumes after the parts already delivered, so the resident does not get them twice.
      await run.reportProgress({ sent: i + 1, total: parts.length });
    }
    // Delivered: the row goes, and the sealed number with it. The queue's own update then finds nothing.
    await ctx.db.delete(jobs).where(eq(jobs.id, job.id));
    return { sent: parts.length };
  };
}

export interface WhatsAppChannelStatus {
  /** The webhook accepts messages (app secret set). */
  receiving: boolean;
  /** `graph_api`: replies are sent by Beffroi; `response_only`: they are only in the webhook's response (no access token). */
  sending: 'graph_api' | 'response_only';
  graphUrl: string | null;
  graphVersion: string | null;
  /** Replies waiting to be sent or retried. */
  pending: number;
  /** Replies given up over the last `failedSinceDays` days. */
  failed: number;
  failedSinceDays: number;
  lastFailureAt: string | null;
  /** HTTP status and Graph error code of the last failure; never the number or the token. */
  lastFailureReason: string | null;
}

export async function whatsappChannelStatus(ctx: AppContext, now = new Date()): Promise<WhatsAppChannelStatus> {
  const sending = whatsappSendingEnabled(ctx.config);
  const failedSinceDays = Math.round(FAILED_SEND_MEMORY_MS / (24 * 60 * 60_000));
  const mine = eq(jobs.kind, WHATSAPP_SEND_JOB);
  const pending = await ctx.db.$count(jobs, and(mine, inArray(jobs.status, ['queued', 'running'])));
  const failedWhere = and(mine, eq(jobs.status, 'failed'), gte(jobs.finishedAt, new Date(now.getTime() - FAILED_SEND_MEMORY_MS)));
  const failed = await ctx.db.$count(jobs, failedWhere);
  const [last] = failed
    ? await ctx.db.select({ at: jobs.finishedAt, error: jobs.lastError }).from(jobs).where(failedWhere).orderBy(sql`${jobs.finishedAt} DESC`).limit(1)
    : [];
  return {
    receiving: !!ctx.config.whatsapp.appSecret,
    sending: sending ? 'graph_api' : 'response_only',
    graphUrl: sending ? ctx.config.whatsapp.graphUrl : null,
    graphVersion: sending ? ctx.config.whatsapp.graphVersion : null,
    pending,
    failed,
    failedSinceDays,
    lastFailureAt: last?.at?.toISOString() ?? null,
    lastFailureReason: last?.error ?? null,
  };
}
