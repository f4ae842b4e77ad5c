/**
 * Residents' data in the alerts part and how long it is kept, applied by the platform's nightly job:
 * unconfirmed subscriptions (gone once expired), cancelled ones, the records of messages sent, and the
 * subscribe endpoint's rate counters.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../platform/db/client';
import type { RetentionRule } from '../../../platform/privacy/retention';
import { ALERTS_REGISTER_ID } from './register';

type PurgeTx = Parameters<RetentionRule['purgeBatch']>[0];
const count = async (tx: PurgeTx, statement: ReturnType<typeof sql>) => (await queryRows<{ id: string }>(tx, statement)).length;

export const ALERTS_RETENTION: readonly RetentionRule[] = [
  {
    id: 'communication.alert_unconfirmed',
    concerns: 'residents',
    data: { fr: 'Demandes d’abonnement aux alertes jamais confirmées (adresse chiffrée, choix)', en: 'Alert subscription requests never confirmed (sealed address, choices)' },
    startsAt: { fr: 'après l’expiration du lien de confirmation (7 jours)', en: 'after the confirmation link expired (7 days)' },
    outcome: 'deleted',
    period: { fixedDays: 0 },
    registerEntries: [ALERTS_REGISTER_ID],
    purgeBatch: (tx, { cutoff, limit }) =>
      count(
        tx,
        sql`DELETE FROM communication_alert_subscriptions WHERE id IN (
              SELECT id FROM communication_alert_subscriptions WHERE status = 'pending' AND expires_at < ${cutoff.toISOString()}::timestamptz
              LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      ),
  },
  {
    id: 'communication.alert_unsubscribed',
    concerns: 'residents',
    data: { fr: 'Abonnements résiliés (l’adresse est effacée dès la résiliation ; restent les choix et l’historique des envois)', en: 'Cancelled subscriptions (the address is erased on cancelling; the choices and the record of messages remain)' },
    startsAt: { fr: 'après la résiliation', en: 'after cancelling' },
    outcome: 'deleted',
    period: { fixedDays: 30 },
    registerEntries: [ALERTS_REGISTER_ID],
    purgeBatch: (tx, { cutoff, limit }) =>
      count(
        tx,
        sql`DELETE FROM communication_alert_subscriptions WHERE id IN (
              SELECT id FROM communication_alert_subscriptions WHERE status = 'unsubscribed' AND unsubscribed_at < ${cutoff.toISOString()}::timestamptz
              LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      ),
  },
  {
    id: 'communication.alert_messages',
    concerns: 'residents',
    data: { fr: 'Historique des alertes envoyées à chaque abonnement (quelle annonce, quand)', en: 'Record of the alerts sent to each subscription (which notice, when)' },
    startsAt: { fr: 'après l’envoi ou l’échec', en: 'after sending or failing' },
    outcome: 'deleted',
    period: { fixedDays: 90 },
    registerEntries: [ALERTS_REGISTER_ID],
    purgeBatch: (tx, { cutoff, limit }) =>
      count(
        tx,
        sql`DELETE FROM communication_alert_outbox WHERE id IN (
              SELECT id FROM communication_alert_outbox WHERE status IN ('sent', 'failed') AND COALESCE(sent_at, created_at) < ${cutoff.toISOString()}::timestamptz
              LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id::text AS id`,
      ),
  },
  {
    id: 'communication.alert_rate_counters',
    concerns: 'residents',
    data: { fr: 'Compteurs de demandes d’abonnement par adresse réseau et par adresse électronique (empreintes à clé)', en: 'Subscription request counters per network address and per e-mail address (keyed hashes)' },
    startsAt: { fr: 'après l’heure comptée', en: 'after the hour counted' },
    outcome: 'deleted',
    period: { fixedDays: 1 },
    purgeBatch: (tx, { cutoff, limit }) =>
      count(
        tx,
        sql`DELETE FROM communication_alert_rate_counters WHERE (key, window_start) IN (
              SELECT key, window_start FROM communication_alert_rate_counters WHERE window_start < ${cutoff.toISOString()}::timestamptz LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING key AS id`,
      ),
  },
];
