/**
 * The demo assemblies, so that a first start shows both halves of the module: a draft whose quotas
 * ask for more people aged 60 and over than its pool has (the feasibility check proposes a
 * relaxation), and an assembly already drawn, with its public page and files to verify. Their 40
 * volunteers are fictitious (features only, a made-up name); both are marked `demo`.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { SeedContext } from '../../platform/modules';
import type { Tx } from '../../platform/db/client';
import type { QuotaInput } from './api-schemas';
import { DEMO_PANEL_SIZE, DEMO_QUOTAS } from './quotas-demo';
import { assemblies, assemblyDistributions, assemblyDraws, assemblyVolunteers } from './schema';
import { announceDraw, computeDistribution, distributionHash, drawPanel, newSeedCommitment } from './selection/index';

const DISTRICTS = ['Centre', 'Nord', 'Sud'];

function demoVolunteers(assemblyId: string) {
  return Array.from({ length: 40 }, (_, i) => ({
    assemblyId,
    pseudonym: `v-${randomBytes(5).toString('hex')}`,
    externalId: `DEMO-${String(i + 1).padStart(3, '0')}`,
    line: i + 2,
    features: { genre: i % 2 === 0 ? 'femme' : 'homme', age: i === 5 || i === 22 ? '60+' : i % 5 === 0 || i % 5 === 2 ? '18-34' : '35-59', quartier: DISTRICTS[(i * 2 + Math.floor(i / 3)) % 3]! },
    address: null,
    personal: { nom: `Volontaire fictif ${i + 1}` },
  }));
}

async function insertAssembly(tx: Tx, title: string, description: string, quotas: QuotaInput[]) {
  const [a] = await tx
    .insert(assemblies)
    .values({ title, description, panelSize: DEMO_PANEL_SIZE, quotas, deletionDate: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10), demo: true })
    .returning();
  const volunteers = demoVolunteers(a!.id);
  await tx.insert(assemblyVolunteers).values(volunteers);
  return { assembly: a!, volunteers };
}

export async function seedDemoAssemblies({ tx }: SeedContext): Promise<void> {
  await insertAssembly(
    tx,
    'Assemblée citoyenne sur l’alimentation',
    'Assemblée de démonstration : les volontaires sont fictifs. Dix personnes tirées au sort parmi quarante volontaires, selon le genre, l’âge et le quartier.',
    DEMO_QUOTAS,
  );

  // The same pool under quotas it can meet, computed, published and drawn at once.
  const quotas = DEMO_QUOTAS.map((q) => (q.value === '60+' ? { ...q, min: 2 } : q));
  const { assembly, volunteers } = await insertAssembly(
    tx,
    'Assemblée citoyenne sur les mobilités',
    'Assemblée de démonstration : les volontaires sont fictifs et le tirage a été fait au premier démarrage. Ses fichiers se vérifient comme ceux d’un vrai tirage.',
    quotas,
  );
  const outcome = await computeDistribution(
    { panelSize: DEMO_PANEL_SIZE, quotas: quotas.map((q) => ({ feature: q.feature, value: q.value, min: q.min, max: q.max })), volunteers: volunteers.map((v) => ({ id: v.pseudonym, features: v.features })) },
    { title: assembly.title },
  );
  if (outcome.status !== 'ok') throw new Error('The demo assembly’s quotas cannot be met.');
  await tx.insert(assemblyDistributions).values({
    assemblyId: assembly.id,
    algorithm: 'leximin',
    probabilities: outcome.probabilities,
    minimum: outcome.minimum,
    gini: outcome.gini,
    certificate: outcome.certificate,
    published: outcome.published,
    publishedSha256: distributionHash(outcome.published),
    stats: { poolSize: outcome.poolSize, classCount: outcome.classCount, panels: outcome.published.panels.length, seconds: outcome.stats.seconds, publishedMinimum: outcome.publishedMinimum, failedAttempts: null, draws: null },
  });
  const secret = newSeedCommitment();
  const announcement = announceDraw(outcome.published, secret.commitment, null);
  const record = drawPanel(outcome.published, { seed: secret.seed, salt: secret.salt });
  const now = new Date();
  await tx.insert(assemblyDraws).values({ assemblyId: assembly.id, distribution: outcome.published, algorithm: 'leximin', announcement, secretSealed: null, announcedAt: now, record, drawnAt: now });
  await tx
    .update(assemblyVolunteers)
    .set({ status: 'selected' })
    .where(and(eq(assemblyVolunteers.assemblyId, assembly.id), inArray(assemblyVolunteers.pseudonym, record.selected)));
  await tx.update(assemblies).set({ status: 'drawn' }).where(eq(assemblies.id, assembly.id));
}
