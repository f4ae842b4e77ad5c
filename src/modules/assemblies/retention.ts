/**
 * Volunteers' personal data (the id of the imported file, the address, the other columns: name,
 * contact…) is anonymised at the deletion date its assembly sets (by default the
 * `assemblies.retention` setting's days after its creation). Pseudonyms and feature values stay:
 * they are in the published files of the draw already.
 */
import { sql } from 'drizzle-orm';
import type { RetentionRule } from '../../platform/privacy/retention';
import { REGISTER_IDS } from './register';
import { RETENTION_KEY } from './settings';

export const ASSEMBLIES_RETENTION: readonly RetentionRule[] = [
  {
    id: 'assemblies.volunteers',
    concerns: 'residents',
    data: {
      fr: 'Données personnelles des volontaires des assemblées citoyennes (identifiant du fichier importé, adresse, nom et coordonnées)',
      en: 'Personal data of citizens’ assemblies’ volunteers (id in the imported file, address, name and contact details)',
    },
    startsAt: {
      fr: 'après la création de l’assemblée, ou à la date de suppression que ses organisateurs fixent',
      en: 'after the assembly was created, or on the deletion date its organisers set',
    },
    outcome: 'anonymised',
    period: { setting: RETENTION_KEY, field: 'defaultDays' },
    registerEntries: [REGISTER_IDS.sortition],
    async purgeBatch(tx, { now, limit }) {
      const today = now.toISOString().slice(0, 10);
      const volunteers = (await tx.execute(
        sql`UPDATE assembly_volunteers SET external_id = NULL, address = NULL, personal = NULL WHERE id IN (
              SELECT v.id FROM assembly_volunteers v JOIN assemblies a ON a.id = v.assembly_id
              WHERE a.deletion_date <= ${today}::date AND (v.external_id IS NOT NULL OR v.address IS NOT NULL OR v.personal IS NOT NULL)
              LIMIT ${limit} FOR UPDATE OF v SKIP LOCKED)
            RETURNING id`,
      )) as unknown as { rows: unknown[] };
      const marked = (await tx.execute(
        sql`UPDATE assemblies SET personal_data_deleted_at = ${now.toISOString()}::timestamptz WHERE id IN (
              SELECT id FROM assemblies WHERE deletion_date <= ${today}::date AND personal_data_deleted_at IS NULL LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      )) as unknown as { rows: unknown[] };
      return Math.max(volunteers.rows.length, marked.rows.length);
    },
  },
];
