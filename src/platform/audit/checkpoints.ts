/**
 * Signed checkpoints of the audit chain and their witnesses.
 *
 * At each start, at a fixed interval (setting `trust.checkpoints`, hourly by default) and when an
 * administrator asks, the head of the chain is signed with the Ed25519 key of the keys folder
 * (`signing-key.ts`), stored in `audit_checkpoints` and published at `GET /api/audit/checkpoints`.
 * Each new checkpoint is sent through the job queue (with retries) to the witnesses the
 * administrator set: a webhook and the oversight committee's addresses. Anyone holding a copy can
 * later run `npm run audit:verify -- --checkpoints <copy>` and see a truncated or recomputed chain.
 *
 * A checkpoint records its own event (`audit.checkpoint`) and signs the head that includes it: the
 * chain itself says when checkpoints were made and with which key. Before signing, what was
 * appended since the previous checkpoint is verified and that checkpoint's head must still be in
 * the chain: a chain that was cut or rewritten is never signed (the refusal names the event).
 */
import { eq, desc, lt, sql } from 'drizzle-orm';
import { PermanentJobError, type JobHandler } from '../jobs/queue';
import { queryRows, type DbOrTx } from '../db/client';
import { HttpProblem } from '../http/problem';
import { createMailer, PermanentMailError } from '../mail/mailer';
import type { AppContext } from '../modules';
import type { SettingDefinition } from '../settings/service';
import { ORGANISATION_KEY, type OrganisationSetting } from '../settings/core';
import { CHECKPOINTS_SETTING_KEY, CHECKPOINTS_SETTING_SPEC, checkpointsSettingSchema, type CheckpointsSetting } from './api-schemas';
import { GENESIS_HASH } from './chain';
import {
  CHECKPOINTS_FORMAT,
  type CheckpointsDocument,
  type PublishedCheckpoint,
  type WitnessStatus,
} from './checkpoint-document';
import { auditCheckpoints, auditEvents } from './schema';
import { readChainAnchor, recordAudit, SYSTEM_ACTOR, TAKE_AUDIT_CHAIN_LOCK, walkAuditChain, type Actor } from './service';
import { loadCheckpointSigningKey, type CheckpointSigningKey } from './signing-key';
import { CHECKPOINT_ALGORITHM, CHECKPOINT_STATEMENT_VERSION, checkpointStatement, signCheckpoint } from './signed-checkpoint';

export { CHECKPOINTS_SETTING_KEY };
export const CHECKPOINT_JOB = 'trust.audit_checkpoint';
export const CHECKPOINT_WEBHOOK_JOB = 'trust.checkpoint_webhook';
export const CHECKPOINT_EMAIL_JOB = 'trust.checkpoint_email';
/** With the queue's backoff (2 s doubling), twelve attempts keep trying for about two hours. */
const WITNESS_MAX_ATTEMPTS = 12;
const WEBHOOK_TIMEOUT_MS = 15_000;

// The setting's schema is in `api-schemas.ts` (the settings page reads its type).
export { checkpointsSettingSchema, type CheckpointsSetting };

export const CHECKPOINTS_SETTING: SettingDefinition<CheckpointsSetting> = {
  ...CHECKPOINTS_SETTING_SPEC,
  defaultValue: { intervalMinutes: 60, webhookUrl: null, committeeEmails: [] },
};

export type CheckpointReason = 'start' | 'schedule' | 'request';
export type CheckpointRow = typeof auditCheckpoints.$inferSelect;

export interface AuditCheckpoints {
  /** The signing key, read (or created) from the keys folder on first use. */
  signingKey(): CheckpointSigningKey;
  /**
   * Signs the head of the chain. On `start` and `schedule`, a head already signed by the current
   * key is not signed again (`created: false`); a `request` always signs. Throws a 409 problem
   * naming the event (`audit.chain_truncated`, `audit.chain_rewritten`, `audit.chain_broken`) when
   * the chain no longer holds the previous checkpoint's head or is broken since.
   */
  make(reason: CheckpointReason, actor?: Actor): Promise<{ checkpoint: CheckpointRow; created: boolean }>;
  /** One page of the published document, newest first. */
  document(page?: { before?: number; limit?: number }): Promise<CheckpointsDocument>;
  /** The document of one checkpoint, as witnesses receive it; null when there is no such checkpoint. */
  documentOf(checkpointId: number): Promise<CheckpointsDocument | null>;
  witnessStatus(): Promise<WitnessStatus>;
  /** Enqueues the next scheduled checkpoint after `after` (one job per slot, whichever process enqueues it). */
  schedule(after: Date): Promise<Date>;
}

/** The first slot strictly after `after`: multiples of the interval since the epoch, so on the hour for 60. Pure. */
export function nextCheckpointSlot(after: Date, intervalMinutes: number): Date {
  const step = intervalMinutes * 60_000;
  return new Date((Math.floor(after.getTime() / step) + 1) * step);
}

export function createAuditCheckpoints(ctx: Pick<AppContext, 'db' | 'config' | 'settings' | 'jobs' | 'log'>): AuditCheckpoints {
  let key: CheckpointSigningKey | null = null;
  const signingKey = () =>
    (key ??= loadCheckpointSigningKey(ctx.config.keysDir, (file) =>
      ctx.log.warn({ file }, 'Created the audit checkpoint signing key: keep a copy of the keys folder with the backups'),
    ));

  async function latestCheckpoint(db: DbOrTx): Promise<CheckpointRow | undefined> {
    const [row] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
    return row;
  }

  /**
   * Throws unless event `id` is still in the chain with `hash`, naming what is missing or changed:
   * `checkpointId` is the checkpoint that covered it, null for the head verified moments before.
   */
  async function assertHeadStillThere(db: DbOrTx, id: number, hash: string, checkpointId: number | null) {
    const [row] = await db.select({ hash: auditEvents.hash }).from(auditEvents).where(eq(auditEvents.id, id));
    if (row?.hash === hash) return;
    if (checkpointId === null) {
      throw new HttpProblem(409, 'audit.chain_changed', `Event #${id} changed or vanished while the checkpoint was being made.`, {
        eventId: id,
      });
    }
    if (row) {
      throw new HttpProblem(
        409,
        'audit.chain_rewritten',
        `Event #${id} no longer has the hash checkpoint #${checkpointId} signed: the chain was rewritten.`,
        { eventId: id, checkpointId },
      );
    }
    const [last] = await queryRows<{ id: string | number | null }>(db, sql`SELECT max(id) AS id FROM ${auditEvents}`);
    const lastId = last?.id == null ? null : Number(last.id);
    throw new HttpProblem(
      409,
      'audit.chain_truncated',
      lastId === null || lastId < id
        ? `The chain ends at ${lastId === null ? 'no event' : `event #${lastId}`} but checkpoint #${checkpointId} covered event #${id}: the chain was truncated.`
        : `Event #${id}, covered by checkpoint #${checkpointId}, is missing from the chain.`,
      { eventId: id, checkpointId, lastEventId: lastId },
    );
  }

  /** Where verification resumes: the previous checkpoint's head (still in the chain), else the chain's start. */
  async function resumePoint(db: DbOrTx) {
    const [latest, anchor] = await Promise.all([latestCheckpoint(db), readChainAnchor(db)]);
    if (latest && (!anchor || latest.lastEventId > anchor.eventId) && latest.size > 0) {
      await assertHeadStillThere(db, latest.lastEventId, latest.lastHash, latest.id);
      return { afterId: latest.lastEventId, prevHash: latest.lastHash, size: latest.size };
    }
    return undefined;
  }

  function refuseBroken(walk: { firstBroken: { id: number; reason: string } | null }) {
    if (walk.firstBroken) {
      throw new HttpProblem(
        409,
        'audit.chain_broken',
        `The chain is broken at event #${walk.firstBroken.id} (${walk.firstBroken.reason}): no checkpoint is signed for a broken chain.`,
        { eventId: walk.firstBroken.id },
      );
    }
  }

  async function witnessStatus(tx?: DbOrTx): Promise<WitnessStatus & { setting: CheckpointsSetting }> {
    const setting = await ctx.settings.get<CheckpointsSetting>(CHECKPOINTS_SETTING_KEY, tx);
    const recipients = setting.committeeEmails.length;
    const offReason = !ctx.config.mail ? 'smtp_not_configured' : recipients === 0 ? 'no_recipients' : null;
    return { webhook: { enabled: setting.webhookUrl !== null }, email: { enabled: offReason === null, recipients, offReason }, setting };
  }

  function published(row: CheckpointRow): PublishedCheckpoint {
    return {
      id: row.id,
      size: row.size,
      lastEventId: row.lastEventId,
      lastHash: row.lastHash,
      signedAt: row.signedAt.toISOString(),
      keyId: row.keyId,
      signature: row.signature,
      reason: row.reason as CheckpointReason,
    };
  }

  async function documentFrom(rows: CheckpointRow[], nextBefore: number | null, withWitnesses: boolean): Promise<CheckpointsDocument> {
    const current = signingKey();
    const keys = new Map<string, string>([[current.keyId, current.publicKeyText]]);
    for (const r of rows) if (!keys.has(r.keyId)) keys.set(r.keyId, r.publicKey);
    const witnesses = withWitnesses ? await witnessStatus() : undefined;
    return {
      format: CHECKPOINTS_FORMAT,
      statement: CHECKPOINT_STATEMENT_VERSION,
      algorithm: CHECKPOINT_ALGORITHM,
      keyId: current.keyId,
      publicKey: current.publicKeyText,
      keys: [...keys].map(([keyId, publicKey]) => ({ keyId, publicKey })),
      anchor: await readChainAnchor(ctx.db),
      ...(witnesses ? { witnesses: { webhook: witnesses.webhook, email: witnesses.email } } : {}),
      checkpoints: rows.map(published),
      nextBefore,
    };
  }

  return {
    signingKey,

    async make(reason, actor = SYSTEM_ACTOR) {
      const signer = signingKey();
      // The long part (everything appended since the previous checkpoint) is verified without the
      // chain lock, so appends go on meanwhile; what came after is verified under the lock below.
      const verified = await walkAuditChain(ctx.db, { from: await resumePoint(ctx.db) });
      refuseBroken(verified);
      return ctx.db.transaction(async (tx) => {
        await tx.execute(TAKE_AUDIT_CHAIN_LOCK);
        if (verified.last && verified.last.id > 0) {
          await assertHeadStillThere(tx, verified.last.id, verified.last.hash, null);
        }
        const tail = await walkAuditChain(tx, {
          from: verified.last ? { afterId: verified.last.id, prevHash: verified.last.hash, size: verified.size } : { afterId: 0, prevHash: GENESIS_HASH, size: verified.size },
        });
        refuseBroken(tail);
        const latest = await latestCheckpoint(tx);
        if (reason !== 'request' && latest && tail.last?.id === latest.lastEventId && latest.keyId === signer.keyId) {
          return { checkpoint: latest, created: false };
        }
        const [{ id: rawId }] = (await queryRows<{ id: string | number }>(
          tx,
          sql`SELECT nextval(pg_get_serial_sequence('audit_checkpoints', 'id')) AS id`,
        )) as [{ id: string | number }];
        const id = Number(rawId);
        const size = tail.size + 1;
        const event = await recordAudit(
          tx,
          actor,
          { action: 'audit.checkpoint', subjectType: 'audit_checkpoint', subjectId: id, after: { reason, size, keyId: signer.keyId } },
          { chainLockTaken: true },
        );
        // The database's clock, read under the chain lock: checkpoints signed one after the other
        // carry increasing times whichever process signed them.
        const [{ now }] = (await queryRows<{ now: string | Date }>(tx, sql`SELECT clock_timestamp() AS now`)) as [{ now: string | Date }];
        const signedAt = new Date(now);
        const signed = signCheckpoint(signer.privateKey, signer.keyId, {
          size,
          lastEventId: event.id,
          lastHash: event.hash,
          signedAt: signedAt.toISOString(),
        });
        const [checkpoint] = await tx
          .insert(auditCheckpoints)
          .values({
            id,
            size,
            lastEventId: event.id,
            lastHash: event.hash,
            signedAt,
            keyId: signer.keyId,
            publicKey: signer.publicKeyText,
            signature: signed.signature,
            reason,
          })
          .returning();
        const witnesses = await witnessStatus(tx);
        if (witnesses.setting.webhookUrl) {
          await ctx.jobs.enqueue(
            tx,
            CHECKPOINT_WEBHOOK_JOB,
            { checkpointId: id, url: witnesses.setting.webhookUrl },
            { idempotencyKey: `${CHECKPOINT_WEBHOOK_JOB}:${id}`, maxAttempts: WITNESS_MAX_ATTEMPTS },
          );
        }
        if (witnesses.email.enabled) {
          await ctx.jobs.enqueue(
            tx,
            CHECKPOINT_EMAIL_JOB,
            { checkpointId: id, to: witnesses.setting.committeeEmails },
            { idempotencyKey: `${CHECKPOINT_EMAIL_JOB}:${id}`, maxAttempts: WITNESS_MAX_ATTEMPTS },
          );
        }
        return { checkpoint: checkpoint!, created: true };
      });
    },

    async document(page = {}) {
      const limit = page.limit ?? 50;
      const rows = await ctx.db
        .select()
        .from(auditCheckpoints)
        .where(page.before ? lt(auditCheckpoints.id, page.before) : undefined)
        .orderBy(desc(auditCheckpoints.id))
        .limit(limit);
      return documentFrom(rows, rows.length === limit ? rows[rows.length - 1]!.id : null, true);
    },

    async documentOf(checkpointId) {
      const rows = await ctx.db.select().from(auditCheckpoints).where(eq(auditCheckpoints.id, checkpointId));
      return rows.length ? documentFrom(rows, null, false) : null;
    },

    async witnessStatus() {
      const { webhook, email: mail } = await witnessStatus();
      return { webhook, email: mail };
    },

    async schedule(after) {
      const { intervalMinutes } = await ctx.settings.get<CheckpointsSetting>(CHECKPOINTS_SETTING_KEY);
      const runAt = nextCheckpointSlot(after, intervalMinutes);
      await ctx.jobs.enqueue(ctx.db, CHECKPOINT_JOB, {}, { idempotencyKey: `${CHECKPOINT_JOB}:${runAt.toISOString()}`, runAt, maxAttempts: 3 });
      return runAt;
    },
  };
}

/** The scheduled checkpoint; it enqueues the next one whatever happens, so one failure cannot stop them. */
export function checkpointJobHandler(checkpoints: () => AuditCheckpoints, log: () => AppContext['log']): JobHandler {
  return async (_payload: unknown, run) => {
    try {
      const { checkpoint, created } = await checkpoints().make('schedule');
      return { checkpointId: checkpoint.id, created, size: checkpoint.size };
    } catch (err) {
      log().error({ err: (err as Error).message }, 'audit checkpoint refused');
      // Retrying does not repair a chain: the refusal stays on the job for the back-office to show.
      throw new PermanentJobError((err as Error).message);
    } finally {
      // From this slot on even if this host's clock is a little behind the database's, which
      // decided the job was due: the next slot must not be this one again.
      await checkpoints().schedule(new Date(Math.max(Date.now(), run.job.runAt.getTime())));
    }
  };
}

interface WebhookPayload {
  checkpointId: number;
  url: string;
}

/** POSTs the checkpoint's document to the webhook; a 4xx other than 408/429 is final, anything else is retried. */
export function checkpointWebhookJobHandler(checkpoints: () => AuditCheckpoints): JobHandler {
  return async (payload: WebhookPayload, run) => {
    const document = await checkpoints().documentOf(payload.checkpointId);
    if (!document) throw new PermanentJobError(`No checkpoint #${payload.checkpointId}`);
    const timeout = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetch(payload.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Beffroi audit checkpoints' },
        body: JSON.stringify({ type: 'beffroi.audit_checkpoint', ...document }),
        redirect: 'error',
        signal: AbortSignal.any([run.signal, timeout]),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: unknown } }).cause?.code;
      throw new Error(`webhook unreachable (${typeof cause === 'string' ? cause : (err as Error).name})`);
    }
    await response.body?.cancel().catch(() => {});
    if (response.ok) return { status: response.status };
    const final = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    const message = `webhook answered HTTP ${response.status}`;
    throw final ? new PermanentJobError(message) : new Error(message);
  };
}

interface EmailPayload {
  checkpointId: number;
  to: string[];
}

/** E-mails the checkpoint to the committee, with its document attached (what the verifier reads). */
export function checkpointEmailJobHandler(ctx: () => AppContext, checkpoints: () => AuditCheckpoints): JobHandler {
  return async (payload: EmailPayload) => {
    const c = ctx();
    const mailer = createMailer(c.config.mail);
    if (!mailer) throw new PermanentJobError('No SMTP server is configured (SMTP_URL): e-mail witnessing is off');
    const document = await checkpoints().documentOf(payload.checkpointId);
    const checkpoint = document?.checkpoints[0];
    if (!document || !checkpoint) throw new PermanentJobError(`No checkpoint #${payload.checkpointId}`);
    const organisation = await c.settings.get<OrganisationSetting>(ORGANISATION_KEY);
    const attachment = `beffroi-checkpoint-${checkpoint.id}.json`;
    try {
      const sent = await mailer.send({
        to: payload.to,
        subject: `Journal d'audit de ${organisation.name} : point de contrôle n° ${checkpoint.id}`,
        text: checkpointMailText(document, checkpoint, organisation.name, attachment, c.config.publicUrl),
        attachments: [{ filename: attachment, content: `${JSON.stringify(document, null, 2)}\n`, contentType: 'application/json' }],
      });
      return { messageId: sent.messageId, accepted: sent.accepted.length, rejected: sent.rejected.length };
    } catch (err) {
      if (err instanceof PermanentMailError) throw new PermanentJobError(err.message);
      throw err;
    }
  };
}

/** The committee reads French; the fields and the signed text are what matters to a verifier. */
export function checkpointMailText(
  document: CheckpointsDocument,
  checkpoint: PublishedCheckpoint,
  organisation: string,
  attachment: string,
  publicUrl: string | undefined,
): string {
  const publicKey = document.keys.find((k) => k.keyId === checkpoint.keyId)?.publicKey ?? document.publicKey;
  return [
    `Point de contrôle n° ${checkpoint.id} du journal d'audit de ${organisation}`,
    '',
    "Beffroi a signé l'état de son journal d'audit. Conservez ce message et sa pièce jointe :",
    "ils permettront de montrer plus tard que le journal n'a été ni tronqué ni réécrit.",
    '',
    `Événements : ${checkpoint.size}`,
    `Dernier événement : n° ${checkpoint.lastEventId}`,
    'Empreinte du dernier événement (SHA-256) :',
    checkpoint.lastHash,
    `Signé le : ${checkpoint.signedAt}`,
    `Clé de signature (${document.algorithm}), identifiant :`,
    checkpoint.keyId,
    'Clé publique (SubjectPublicKeyInfo, base64) :',
    publicKey,
    'Signature (base64) :',
    checkpoint.signature,
    '',
    'Texte signé :',
    checkpointStatement(checkpoint),
    `Pour vérifier le journal : npm run audit:verify -- --checkpoints ${attachment}`,
    ...(publicUrl ? [`Tous les points de contrôle publiés : ${publicUrl.replace(/\/$/, '')}/api/audit/checkpoints`] : []),
    '',
  ].join('\n');
}
