/**
 * Participants' data and how long it is kept: the rules the platform's nightly job applies
 * (`src/platform/privacy/retention.ts`) and the register states. The periods are in the
 * `participation.retention` setting; rate counters' follows from what they are for.
 */
import { sql } from 'drizzle-orm';
import type { RetentionRule } from '../../platform/privacy/retention';
import { queryAll } from './common';
import { REGISTER_IDS } from './register';
import { RETENTION_KEY } from './settings';

/** Runs one batch: the statement returns the handled rows' ids. */
async function batch(tx: Parameters<RetentionRule['purgeBatch']>[0], statement: ReturnType<typeof sql>): Promise<number> {
  return (await queryAll<{ id: string }>(tx, statement)).length;
}

/** Participants' rows of consultations closed before the cutoff (a reopened consultation is open again, so not counted). */
const closedBefore = (cutoff: Date) =>
  sql`consultation_id IN (SELECT id FROM participation_consultations WHERE phase IN ('closed', 'synthesis_published') AND closed_at < ${cutoff.toISOString()}::timestamptz)`;

export const PARTICIPATION_RETENTION: readonly RetentionRule[] = [
  {
    id: 'participation.participant_tokens',
    concerns: 'residents',
    data: {
      fr: 'Empreintes des jetons des cookies des participants (sans elles, un participant ne peut plus revenir sur ses votes)',
      en: "Keyed hashes of the participants' cookie tokens (without them a participant can no longer come back to their votes)",
    },
    startsAt: { fr: 'après la clôture de la consultation', en: 'after the consultation closed' },
    outcome: 'anonymised',
    period: { setting: RETENTION_KEY, field: 'participantTokensDays' },
    registerEntries: [REGISTER_IDS.routing, REGISTER_IDS.groups],
    purgeBatch: (tx, { cutoff, limit }) =>
      batch(
        tx,
        sql`UPDATE participation_participants SET token_hash = NULL WHERE id IN (
              SELECT id FROM participation_participants WHERE token_hash IS NOT NULL AND ${closedBefore(cutoff)} LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      ),
  },
  {
    id: 'participation.emails',
    concerns: 'residents',
    data: {
      fr: 'Adresses électroniques confirmées ou à confirmer des participants (chiffrées) et leurs empreintes',
      en: "Participants' e-mail addresses, confirmed or not (sealed), and their keyed hashes",
    },
    startsAt: { fr: 'après la clôture de la consultation', en: 'after the consultation closed' },
    outcome: 'deleted',
    period: { setting: RETENTION_KEY, field: 'emailsDays' },
    registerEntries: [REGISTER_IDS.groups],
    purgeBatch: (tx, { cutoff, limit }) =>
      batch(
        tx,
        sql`UPDATE participation_participants SET email_sealed = NULL, email_key = NULL, email_confirmation_hash = NULL,
              email_confirmation_sealed = NULL, email_confirmation_expires_at = NULL
            WHERE id IN (
              SELECT id FROM participation_participants
              WHERE (email_sealed IS NOT NULL OR email_key IS NOT NULL OR email_confirmation_hash IS NOT NULL) AND ${closedBefore(cutoff)}
              LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      ),
  },
  {
    id: 'participation.declarations',
    concerns: 'residents',
    data: {
      fr: 'Quartier et tranche d’âge déclarés par les participants (et colonnes correspondantes des enquêtes importées)',
      en: 'District and age band declared by participants (and the matching columns of imported surveys)',
    },
    startsAt: { fr: 'après la clôture de la consultation (la synthèse publiée garde la comparaison agrégée)', en: 'after the consultation closed (the published synthesis keeps the aggregate comparison)' },
    outcome: 'deleted',
    period: { setting: RETENTION_KEY, field: 'declarationsDays' },
    registerEntries: [REGISTER_IDS.themes, REGISTER_IDS.representativeness],
    async purgeBatch(tx, { cutoff, limit }) {
      const participants = await batch(
        tx,
        sql`UPDATE participation_participants SET district = NULL, age_band = NULL, declared_at = NULL WHERE id IN (
              SELECT id FROM participation_participants WHERE (district IS NOT NULL OR age_band IS NOT NULL) AND ${closedBefore(cutoff)}
              LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      );
      const contributions = await batch(
        tx,
        sql`UPDATE participation_contributions SET district = NULL, age_band = NULL WHERE id IN (
              SELECT id FROM participation_contributions WHERE (district IS NOT NULL OR age_band IS NOT NULL) AND ${closedBefore(cutoff)}
              LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      );
      return Math.max(participants, contributions);
    },
  },
  {
    id: 'participation.moderation_originals',
    concerns: 'residents',
    data: {
      fr: 'Textes tels qu’écrits, gardés pour les modérateurs quand des données personnelles ont été masquées avant publication',
      en: 'Texts as written, kept for moderators when personal data was masked before publication',
    },
    startsAt: { fr: 'après la décision de modération', en: 'after the moderation decision' },
    outcome: 'deleted',
    period: { setting: RETENTION_KEY, field: 'moderationOriginalsDays' },
    registerEntries: [REGISTER_IDS.filters],
    async purgeBatch(tx, { cutoff, limit }) {
      const statements = await batch(
        tx,
        sql`UPDATE participation_statements SET original_text = NULL WHERE id IN (
              SELECT id FROM participation_statements WHERE original_text IS NOT NULL AND moderated_at < ${cutoff.toISOString()}::timestamptz
              LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      );
      const contributions = await batch(
        tx,
        sql`UPDATE participation_contributions SET original_text = NULL WHERE id IN (
              SELECT id FROM participation_contributions WHERE original_text IS NOT NULL AND moderated_at < ${cutoff.toISOString()}::timestamptz
              LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      );
      return Math.max(statements, contributions);
    },
  },
  {
    id: 'participation.address_keys',
    concerns: 'residents',
    data: {
      fr: 'Empreintes des adresses IP d’où viennent les propositions et contributions (contre les envois en masse)',
      en: 'Keyed hashes of the IP addresses statements and contributions come from (against floods)',
    },
    startsAt: { fr: 'après l’envoi', en: 'after the submission' },
    outcome: 'deleted',
    period: { setting: RETENTION_KEY, field: 'addressKeysDays' },
    registerEntries: [REGISTER_IDS.filters],
    async purgeBatch(tx, { cutoff, limit }) {
      const statements = await batch(
        tx,
        sql`UPDATE participation_statements SET address_key = NULL WHERE id IN (
              SELECT id FROM participation_statements WHERE address_key IS NOT NULL AND created_at < ${cutoff.toISOString()}::timestamptz
              LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      );
      const contributions = await batch(
        tx,
        sql`UPDATE participation_contributions SET address_key = NULL WHERE id IN (
              SELECT id FROM participation_contributions WHERE address_key IS NOT NULL AND created_at < ${cutoff.toISOString()}::timestamptz
              LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      );
      return Math.max(statements, contributions);
    },
  },
  {
    id: 'participation.rate_counters',
    concerns: 'residents',
    data: {
      fr: 'Compteurs d’envois par participant et par adresse (empreintes)',
      en: 'Submission counters per participant and per address (keyed hashes)',
    },
    startsAt: { fr: 'après la fin de leur heure', en: 'after their hour ends' },
    outcome: 'deleted',
    // A counter serves only during its window (an hour); a day leaves room for clocks that drift.
    period: { fixedDays: 1 },
    registerEntries: [REGISTER_IDS.filters],
    purgeBatch: (tx, { cutoff, limit }) =>
      batch(
        tx,
        sql`DELETE FROM participation_rate_counters WHERE (key, window_start) IN (
              SELECT key, window_start FROM participation_rate_counters WHERE window_start < ${cutoff.toISOString()}::timestamptz LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING key AS id`,
      ),
  },
];
