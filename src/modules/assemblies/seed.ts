/**
 * The demo assembly: a draft with its quotas and a pool of 40 fictitious volunteers (features
 * only, no personal data), so that a first start shows the organisers' pages; its quotas ask for
 * more people aged 60 and over than the pool has, so the feasibility check proposes a relaxation.
 */
import { randomBytes } from 'node:crypto';
import type { SeedContext } from '../../platform/modules';
import { DEMO_PANEL_SIZE, DEMO_QUOTAS } from './quotas-demo';
import { assemblies, assemblyVolunteers } from './schema';

const DISTRICTS = ['Centre', 'Nord', 'Sud'];

export async function seedDemoAssemblies({ tx }: SeedContext): Promise<void> {
  const [a] = await tx
    .insert(assemblies)
    .values({
      title: 'Assemblée citoyenne sur l’alimentation',
      description: 'Assemblée de démonstration : les volontaires sont fictifs. Dix personnes tirées au sort parmi quarante volontaires, selon le genre, l’âge et le quartier.',
      panelSize: DEMO_PANEL_SIZE,
      quotas: DEMO_QUOTAS,
      deletionDate: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
      demo: true,
    })
    .returning();
  await tx.insert(assemblyVolunteers).values(
    Array.from({ length: 40 }, (_, i) => ({
      assemblyId: a!.id,
      pseudonym: `v-${randomBytes(5).toString('hex')}`,
      externalId: `DEMO-${String(i + 1).padStart(3, '0')}`,
      line: i + 2,
      features: { genre: i % 2 === 0 ? 'femme' : 'homme', age: i === 5 || i === 22 ? '60+' : i % 5 === 0 || i % 5 === 2 ? '18-34' : '35-59', quartier: DISTRICTS[(i * 2 + Math.floor(i / 3)) % 3]! },
      address: null,
      personal: { nom: `Volontaire fictif ${i + 1}` },
    })),
  );
}
