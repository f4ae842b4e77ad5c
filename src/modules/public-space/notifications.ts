/**
 * E-mails to the residents who asked to follow a report, when its status changes or staff post a
 * public update: one job per follower and event (`public-space.notify`), sent through the
 * platform's mailer from the job queue (retried), never from the request.
 */
import { and, eq, isNotNull, ne } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/service';
import type { DbOrTx } from '../../platform/db/client';
import { PermanentJobError } from '../../platform/jobs/queue';
import { createMailer } from '../../platform/mail/mailer';
import type { AppContext } from '../../platform/modules';
import { publicSpaceKeys } from './keys';
import { publicSpaceFollowers, publicSpaceReportEvents, publicSpaceReports } from './schema';
import { STATUS_LABELS } from './workflow';

export const NOTIFY_JOB = 'public-space.notify';

/** Inside the change's transaction: a job per follower who asked for e-mails (none without a mailer). */
export async function enqueueNotifications(tx: DbOrTx, ctx: AppContext, reportId: string, eventId: number, opts: { except?: string } = {}): Promise<number> {
  if (!ctx.config.mail || !ctx.config.publicUrl) return 0;
  const followers = await tx
    .select({ id: publicSpaceFollowers.id })
    .from(publicSpaceFollowers)
    .where(
      and(
        eq(publicSpaceFollowers.reportId, reportId),
        eq(publicSpaceFollowers.notify, true),
        isNotNull(publicSpaceFollowers.contactSealed),
        ...(opts.except ? [ne(publicSpaceFollowers.id, opts.except)] : []),
      ),
    );
  for (const f of followers) {
    await ctx.jobs.enqueue(tx, NOTIFY_JOB, { eventId, followerId: f.id }, { idempotencyKey: `${NOTIFY_JOB}:${eventId}:${f.id}`, maxAttempts: 5 });
  }
  return followers.length;
}

export function notifyJobHandler(getCtx: () => AppContext) {
  return async (payload: { eventId: number; followerId: string }) => {
    const ctx = getCtx();
    const mailer = ctx.config.mail ? createMailer(ctx.config.mail) : null;
    if (!mailer || !ctx.config.publicUrl) throw new PermanentJobError('No mailer or PUBLIC_URL configured');
    const [row] = await ctx.db
      .select({ event: publicSpaceReportEvents, number: publicSpaceReports.number, follower: publicSpaceFollowers })
      .from(publicSpaceReportEvents)
      .innerJoin(publicSpaceReports, eq(publicSpaceReports.id, publicSpaceReportEvents.reportId))
      .innerJoin(publicSpaceFollowers, eq(publicSpaceFollowers.id, payload.followerId))
      .where(eq(publicSpaceReportEvents.id, payload.eventId));
    // The follower may have unsubscribed, or been erased by retention, since.
    if (!row || !row.follower.notify || !row.follower.contactSealed || !row.event.public) return { sent: false };
    const keys = await publicSpaceKeys(ctx.db);
    const contact = keys.openContact(row.follower.id, row.follower.contactSealed);
    if (!contact.email) return { sent: false };
    const link = `${ctx.config.publicUrl.replace(/\/$/, '')}/signalements/suivi/${keys.trackingToken(row.follower.id)}`;
    const status = row.event.statusTo ? STATUS_LABELS[row.event.statusTo].fr : null;
    const lines = [
      'Bonjour,',
      '',
      status ? `Le signalement n° ${row.number} que vous suivez est maintenant : ${status}.` : `Le signalement n° ${row.number} que vous suivez a été mis à jour.`,
      ...(row.event.text ? ['', row.event.text] : []),
      '',
      `Suivre le signalement, dire qu’il n’est pas résolu ou ne plus recevoir ces messages : ${link}`,
      '',
      'Ce message vous est envoyé parce que vous avez demandé à suivre ce signalement.',
    ];
    await mailer.send({ to: [contact.email], subject: `Signalement n° ${row.number}${status ? ` : ${status}` : ''}`, text: lines.join('\n') });
    await ctx.db.transaction(async (tx) => {
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'public-space.notification_sent', subjectType: 'public_space_report', subjectId: row.event.reportId, after: { eventId: payload.eventId } });
    });
    return { sent: true };
  };
}
