/**
 * The demo agenda: the real Albi events of an OpenAgenda export (see demo/README.md; past, so shown
 * only when asking for past dates) and three example events in the coming weeks, all marked demo.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SYSTEM_ACTOR } from '../../../platform/audit/service';
import type { SeedContext } from '../../../platform/modules';
import { DEFAULT_TOPICS } from '../topics';
import { mapOpenAgenda } from './openagenda';
import { agendaEvents } from './schema';
import { storeImported } from './service';

export const DEMO_AGENDA_FILE = new URL('./demo/openagenda-albi.json', import.meta.url);

/** A day `days` from now at `hour` (Paris winter time, UTC+1; close enough for examples). */
function at(days: number, hour: number): Date {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour - 1, 0, 0, 0);
  return d;
}

export async function seedDemoAgenda({ ctx, tx }: SeedContext): Promise<void> {
  const json = JSON.parse(fs.readFileSync(fileURLToPath(DEMO_AGENDA_FILE), 'utf8')) as unknown;
  const mapped = mapOpenAgenda(json, DEFAULT_TOPICS);
  await storeImported(ctx, tx, SYSTEM_ACTOR, mapped.events, { publish: true, demo: true });
  const now = new Date();
  await tx.insert(agendaEvents).values([
    {
      title: 'Conseil municipal (exemple)',
      description: 'Séance publique du conseil municipal : vote du budget primitif. Événement de démonstration.',
      startsAt: at(7, 19),
      endsAt: at(7, 22),
      place: 'Hôtel de ville, salle du conseil',
      topics: ['institutions', 'finances'],
      status: 'published' as const,
      publishedAt: now,
      demo: true,
    },
    {
      title: 'Atelier compostage au jardin partagé (exemple)',
      description: 'Apprendre à composter ses déchets de cuisine ; seaux offerts aux participants. Événement de démonstration.',
      startsAt: at(10, 10),
      endsAt: at(10, 12),
      place: 'Jardin partagé',
      topics: ['environnement'],
      status: 'published' as const,
      publishedAt: now,
      demo: true,
    },
    {
      title: 'Tournoi de basket des quartiers (exemple)',
      description: 'Équipes de 3, à partir de 12 ans ; inscription sur place. Événement de démonstration.',
      startsAt: at(14, 14),
      endsAt: at(14, 18),
      place: 'Gymnase municipal',
      topics: ['sport', 'education'],
      status: 'published' as const,
      publishedAt: now,
      demo: true,
    },
  ]);
}
