/**
 * A participant may confirm an e-mail address by a link (optional): the address is sealed (never
 * shown, never published), a keyed hash of it keeps one confirmed participant per address and
 * consultation, and the link goes out through the platform's mailer from a background job.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../../platform/audit/service';
import { HttpProblem } from '../../platform/http/problem';
import { PermanentJobError } from '../../platform/jobs/queue';
import { createMailer } from '../../platform/mail/mailer';
import type { AppContext } from '../../platform/modules';
import { assertOpen, isUniqueViolation, loadPublicConsultation } from './common';
import { EMAIL_CONFIRMATION_TTL_MS, isWellFormedToken, newToken, participationKeys } from './keys';
import { findParticipant, type Caller } from './residents';
import { participationConsultations, participationParticipants } from './schema';

export const EMAIL_CONFIRMATION_JOB = 'participation.email_confirmation';

const residentActor = (caller: Caller): Actor => ({ type: 'resident', id: null, requestId: caller.requestId ?? null });

export async function requestEmailConfirmation(ctx: AppContext, consultationId: string, caller: Caller, email: string): Promise<void> {
  const c = await loadPublicConsultation(ctx.db, consultationId);
  assertOpen(c);
  const p = await findParticipant(ctx, consultationId, caller.token);
  if (!p) throw new HttpProblem(403, 'participation.not_a_participant', 'Join this consultation first (POST …/participants).');
  if (!ctx.config.mail || !ctx.config.publicUrl) {
    throw new HttpProblem(503, 'participation.mail_unavailable', 'This installation sends no e-mail: confirming an address is not available.');
  }
  if (p.emailConfirmedAt) throw new HttpProblem(409, 'participation.email_already_confirmed', 'An address is already confirmed for this participant.');
  const keys = await participationKeys(ctx.db);
  const token = newToken();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(participationParticipants)
      .set({
        emailSealed: keys.sealEmail(p.id, email.trim()),
        emailConfirmationHash: keys.confirmationHash(token),
        emailConfirmationSealed: keys.sealConfirmation(p.id, token),
        emailConfirmationExpiresAt: new Date(Date.now() + EMAIL_CONFIRMATION_TTL_MS),
      })
      .where(eq(participationParticipants.id, p.id));
    await ctx.jobs.enqueue(tx, EMAIL_CONFIRMATION_JOB, { participantId: p.id }, { maxAttempts: 5 });
    await recordAudit(tx, residentActor(caller), { action: 'participation.email_given', subjectType: 'participation_participant', subjectId: p.id });
  });
}

/** Sends the link; the sealed token is then dropped (only its hash stays, to check the link). */
export function emailConfirmationJobHandler(getCtx: () => AppContext) {
  return async (payload: { participantId: string }) => {
    const ctx = getCtx();
    const mailer = ctx.config.mail ? createMailer(ctx.config.mail) : null;
    if (!mailer || !ctx.config.publicUrl) throw new PermanentJobError('No mailer or PUBLIC_URL configured');
    const [row] = await ctx.db
      .select({ p: participationParticipants, title: participationConsultations.title })
      .from(participationParticipants)
      .innerJoin(participationConsultations, eq(participationConsultations.id, participationParticipants.consultationId))
      .where(eq(participationParticipants.id, payload.participantId));
    if (!row?.p.emailSealed || !row.p.emailConfirmationSealed) return { sent: false };
    const keys = await participationKeys(ctx.db);
    const email = keys.openEmail(row.p.id, row.p.emailSealed);
    const token = keys.openConfirmation(row.p.id, row.p.emailConfirmationSealed);
    const link = `${ctx.config.publicUrl.replace(/\/$/, '')}/participation/confirmer/${token}`;
    await mailer.send({
      to: [email],
      subject: `Confirmez votre adresse — ${row.title}`,
      text:
        `Bonjour,\n\nPour confirmer votre adresse électronique dans la consultation « ${row.title} », ouvrez ce lien (valable 7 jours) :\n\n${link}\n\n` +
        `Votre adresse n'est jamais publiée ni montrée avec vos votes ou vos contributions. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n`,
    });
    await ctx.db.transaction(async (tx) => {
      await tx.update(participationParticipants).set({ emailConfirmationSealed: null }).where(eq(participationParticipants.id, row.p.id));
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'participation.email_confirmation_sent', subjectType: 'participation_participant', subjectId: row.p.id });
    });
    return { sent: true };
  };
}

export async function confirmEmail(ctx: AppContext, token: string, caller: Caller): Promise<{ consultationId: string; confirmed: true }> {
  const invalid = () => new HttpProblem(404, 'participation.confirmation_invalid', 'This confirmation link is unknown or has expired.');
  if (!isWellFormedToken(token)) throw invalid();
  const keys = await participationKeys(ctx.db);
  const [p] = await ctx.db
    .select()
    .from(participationParticipants)
    .where(and(eq(participationParticipants.emailConfirmationHash, keys.confirmationHash(token)), gt(participationParticipants.emailConfirmationExpiresAt, sql`now()`)));
  if (!p || !p.emailSealed) throw invalid();
  const emailKey = keys.emailKey(p.consultationId, keys.openEmail(p.id, p.emailSealed));
  try {
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(participationParticipants)
        .set({ emailConfirmedAt: new Date(), emailKey, emailConfirmationHash: null, emailConfirmationSealed: null, emailConfirmationExpiresAt: null })
        .where(eq(participationParticipants.id, p.id));
      await recordAudit(tx, residentActor(caller), { action: 'participation.email_confirmed', subjectType: 'participation_participant', subjectId: p.id });
    });
  } catch (err) {
    if (isUniqueViolation(err, 'participation_participants_email_unique')) {
      throw new HttpProblem(409, 'participation.email_taken', 'This address is already confirmed by another participant of this consultation.');
    }
    throw err;
  }
  return { consultationId: p.consultationId, confirmed: true };
}
