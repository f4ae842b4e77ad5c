/**
 * Residents' data in the public space module and how long it is kept, applied by the platform's
 * nightly job. Reports themselves are public records of the public space (no personal data once
 * the description is masked); what identifies a resident is their contact details and the
 * counters keyed by their address.
 */
import { sql } from 'drizzle-orm';
import type { RetentionRule } from '../../platform/privacy/retention';
import { queryAll } from './common';
import { PENDING_UPLOAD_HOURS } from './photos';
import { REGISTER_IDS } from './register';
import { RETENTION_KEY } from './settings';

type PurgeTx = Parameters<RetentionRule['purgeBatch']>[0];
const count = async (tx: PurgeTx, statement: ReturnType<typeof sql>) => (await queryAll<{ id: string }>(tx, statement)).length;

export const PUBLIC_SPACE_RETENTION: readonly RetentionRule[] = [
  {
    id: 'public-space.contacts',
    concerns: 'residents',
    data: {
      fr: 'Coordonnées laissées par les habitants sur un signalement (nom, adresse électronique, téléphone ; chiffrées, vues des seuls agents) et leur demande de notification',
      en: 'Contact details residents left on a report (name, e-mail, phone; sealed, seen by staff only) and their notification choice',
    },
    startsAt: { fr: 'après la clôture du signalement (traité, rejeté ou archivé)', en: 'after the report was closed (done, rejected or archived)' },
    outcome: 'deleted',
    period: { setting: RETENTION_KEY, field: 'contactDays' },
    registerEntries: [REGISTER_IDS.priority],
    purgeBatch: (tx, { cutoff, limit }) =>
      count(
        tx,
        sql`UPDATE public_space_followers SET contact_sealed = NULL, notify = false WHERE id IN (
              SELECT f.id FROM public_space_followers f JOIN public_space_reports r ON r.id = f.report_id
              WHERE f.contact_sealed IS NOT NULL AND r.status IN ('done', 'rejected', 'archived') AND r.closed_at < ${cutoff.toISOString()}::timestamptz
              LIMIT ${limit} FOR UPDATE OF f SKIP LOCKED)
            RETURNING id`,
      ),
  },
  {
    id: 'public-space.description_originals',
    concerns: 'residents',
    data: {
      fr: 'Texte des signalements tel qu’écrit, gardé pour les agents quand le masquage des données personnelles l’a changé',
      en: 'Reports’ text as written, kept for staff when masking personal data changed it',
    },
    startsAt: { fr: 'après la clôture du signalement', en: 'after the report was closed' },
    outcome: 'deleted',
    period: { setting: RETENTION_KEY, field: 'contactDays' },
    registerEntries: [REGISTER_IDS.duplicates],
    purgeBatch: (tx, { cutoff, limit }) =>
      count(
        tx,
        sql`UPDATE public_space_reports SET description_original = NULL WHERE id IN (
              SELECT id FROM public_space_reports WHERE description_original IS NOT NULL AND status IN ('done', 'rejected', 'archived')
                AND closed_at < ${cutoff.toISOString()}::timestamptz LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      ),
  },
  {
    id: 'public-space.pending_uploads',
    concerns: 'residents',
    data: { fr: 'Photos envoyées mais jamais jointes à un signalement', en: 'Photos uploaded but never attached to a report' },
    startsAt: { fr: 'après l’envoi', en: 'after the upload' },
    outcome: 'deleted',
    period: { fixedDays: Math.ceil(PENDING_UPLOAD_HOURS / 24) },
    purgeBatch: (tx, { cutoff, limit }) =>
      count(
        tx,
        sql`DELETE FROM public_space_photos WHERE id IN (
              SELECT id FROM public_space_photos WHERE report_id IS NULL AND created_at < ${cutoff.toISOString()}::timestamptz LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      ),
  },
  {
    id: 'public-space.rate_counters',
    concerns: 'residents',
    data: { fr: 'Compteurs d’envois par adresse réseau (empreintes à clé), contre les envois en masse', en: 'Submission counters per network address (keyed hashes), against floods' },
    startsAt: { fr: 'après l’heure comptée', en: 'after the hour counted' },
    outcome: 'deleted',
    period: { fixedDays: 1 },
    purgeBatch: (tx, { cutoff, limit }) =>
      count(
        tx,
        sql`DELETE FROM public_space_rate_counters WHERE (key, window_start) IN (
              SELECT key, window_start FROM public_space_rate_counters WHERE window_start < ${cutoff.toISOString()}::timestamptz LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING key AS id`,
      ),
  },
];
