/** Demo content of the alerts part: two published news items (no subscription: residents make their own). */
import type { SeedContext } from '../../../platform/modules';
import { communicationNews } from './schema';

export async function seedDemoNews({ tx }: SeedContext): Promise<void> {
  const day = 24 * 60 * 60_000;
  await tx.insert(communicationNews).values([
    {
      title: 'Travaux de voirie avenue de Paris',
      body: 'La chaussée de l’avenue de Paris est refaite entre la rue de Fontenay et la place Bérault, de 8 h à 17 h, pendant trois semaines. La circulation est alternée et le stationnement interdit sur la portion en travaux. Les bus circulent normalement.',
      topics: ['travaux-voirie', 'mobilite'],
      zones: [],
      status: 'published',
      publishedAt: new Date(Date.now() - 2 * day),
      createdBy: null,
      demo: true,
    },
    {
      title: 'Inscriptions à l’accueil de loisirs des vacances',
      body: 'Les inscriptions à l’accueil de loisirs pour les prochaines vacances scolaires sont ouvertes jusqu’au vendredi, en ligne ou à l’accueil de la mairie. Les enfants de 3 à 11 ans scolarisés dans la commune sont accueillis de 8 h 30 à 18 h.',
      topics: ['education'],
      zones: [],
      status: 'published',
      publishedAt: new Date(Date.now() - day),
      createdBy: null,
      demo: true,
    },
  ]);
}
