/**
 * The demo consultation: one open consultation on the demo commune, with a handful of statements
 * and contributions written for the demonstration, and a few demo participants' votes, so that a
 * first start shows statements, contributions and an opinion map. Everything is marked `demo`.
 */
import type { SeedContext } from '../../platform/modules';
import { nearDuplicateKeys } from './near-duplicates';
import { OPINION_GROUPS_JOB } from './opinion-groups-service';
import {
  participationConsultations,
  participationContributions,
  participationParticipants,
  participationStatements,
  participationVoteEvents,
  participationVotes,
} from './schema';

const STATEMENTS = [
  'Il faut des pistes cyclables séparées de la circulation sur les grands axes.',
  'Le stationnement des voitures doit rester gratuit le samedi.',
  'Les rues autour des écoles devraient être fermées aux voitures à l’entrée et à la sortie des classes.',
  'Il manque des arceaux pour garer les vélos près des commerces.',
  'La vitesse devrait être limitée à 30 km/h dans toute la commune.',
  'Il faut d’abord améliorer les bus avant de réduire la place de la voiture.',
  'Les trottoirs sont trop encombrés pour les poussettes et les fauteuils roulants.',
  'Plus d’arbres et de bancs rendraient les rues plus agréables à pied.',
];

const CONTRIBUTIONS: [string, string | null][] = [
  ['Je traverse la commune à vélo tous les jours : le carrefour près de la mairie est dangereux, il faudrait un feu dédié aux cyclistes.', '18-29'],
  ['Avec deux enfants en bas âge, je ne peux pas me passer de la voiture. Supprimer des places de stationnement me pénaliserait.', '30-44'],
  ['Les bus passent trop rarement le soir, surtout après 21 heures. Des horaires plus tardifs feraient beaucoup pour laisser la voiture.', '45-59'],
  ['Les trottoirs de la rue commerçante sont trop étroits et souvent encombrés de trottinettes. Pour une personne âgée, c’est dangereux.', '75-plus'],
  ['Des rues scolaires, fermées aux voitures le matin, rendraient le trajet des enfants bien plus sûr.', '30-44'],
  ['Il faudrait planter des arbres sur les places : l’été, on y étouffe.', '60-74'],
  ['Je propose des parkings à vélos sécurisés près de la gare pour ceux qui finissent leur trajet en RER.', '18-29'],
];

/** Two camps and some passes, deterministic: enough votes for the map to show groups. */
function demoVote(participant: number, statement: number): 1 | -1 | 0 | null {
  const cyclist = participant % 2 === 0;
  const lean = [1, -1, 1, 1, 1, -1, 1, 1][statement]!;
  const mixed = (participant * 7 + statement * 3) % 11;
  if (mixed === 0) return null;
  if (mixed === 1) return 0;
  return (cyclist ? lean : -lean) as 1 | -1;
}

export async function seedDemoParticipation({ ctx, tx }: SeedContext): Promise<void> {
  const now = new Date();
  const [c] = await tx
    .insert(participationConsultations)
    .values({
      title: 'Se déplacer dans la commune : vos avis',
      question: 'Comment voulez-vous vous déplacer dans la commune dans les prochaines années ?',
      description:
        '*Consultation de démonstration : les énoncés, les contributions et les votes ont été écrits pour la démonstration de Beffroi.*\n\n' +
        'La commune prépare son plan de déplacements. Dites si vous êtes d’accord avec les énoncés proposés, proposez-en d’autres, ' +
        'ou écrivez librement ce qui compte pour vous. Les avis sont regroupés sur une carte des opinions, et une synthèse sera publiée.',
      phase: 'open',
      openedAt: now,
      moderationMode: 'before',
      usesStatements: true,
      usesContributions: true,
      participantStatements: true,
      demo: true,
      nextParticipantNumber: 12,
      nextStatementNumber: STATEMENTS.length,
      nextContributionNumber: CONTRIBUTIONS.length,
    })
    .returning();
  const consultationId = c!.id;
  const participants = await tx
    .insert(participationParticipants)
    .values(Array.from({ length: 12 }, (_, number) => ({ consultationId, number, origin: 'seed' as const })))
    .returning({ id: participationParticipants.id, number: participationParticipants.number });
  const statements = await tx
    .insert(participationStatements)
    .values(
      STATEMENTS.map((text, number) => {
        const keys = nearDuplicateKeys(text);
        return { consultationId, number, origin: 'seed' as const, text, status: 'accepted' as const, moderatedAt: now, fingerprint: keys.fingerprint, shingleBands: keys.bands };
      }),
    )
    .returning({ id: participationStatements.id, number: participationStatements.number });
  await tx.insert(participationContributions).values(
    CONTRIBUTIONS.map(([text, ageBand], number) => {
      const keys = nearDuplicateKeys(text);
      return { consultationId, number, origin: 'seed' as const, text, status: 'accepted' as const, moderatedAt: now, fingerprint: keys.fingerprint, shingleBands: keys.bands, ageBand };
    }),
  );
  const votes = participants.flatMap((p) =>
    statements.flatMap((s) => {
      const value = demoVote(p.number, s.number);
      return value === null ? [] : [{ consultationId, statementId: s.id, participantId: p.id, value, votedAt: now }];
    }),
  );
  await tx.insert(participationVotes).values(votes);
  await tx.insert(participationVoteEvents).values(votes);
  // Runs once the workers start: the map has its groups within seconds of the first start.
  await ctx.jobs.enqueue(tx, OPINION_GROUPS_JOB, { consultationId }, { maxAttempts: 3 });
}
