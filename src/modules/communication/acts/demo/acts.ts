/**
 * Demo acts: a fictional session of the demo commune's council, three short deliberations written
 * for the demonstration (no real act). Their text is what the act says; each is published with its
 * PDF, printed once from that text (`<filename without .md>.pdf` in this folder, read by `../seed.ts`).
 */
export const DEMO_SESSION = { date: '2026-03-26', body: 'Conseil municipal', place: 'Salle du conseil, hôtel de ville' };

export const DEMO_ACTS: { filename: string; number: string; topics: string[]; text: string }[] = [
  {
    filename: 'deliberation-2026-031-cour-ecole-jean-moulin.md',
    number: '2026/031',
    topics: ['education', 'environnement'],
    text: `Extrait du registre des délibérations du conseil municipal — délibération n° 2026/031

Séance du 26 mars 2026

Objet : Végétalisation de la cour de l'école élémentaire Jean-Moulin

Madame Claire Martin, adjointe au maire chargée de l'éducation, rapporte :

Vu le code général des collectivités territoriales ;

Vu le budget primitif de l'exercice 2026 ;

Considérant que la cour de l'école élémentaire Jean-Moulin est entièrement goudronnée et que la température y dépasse 40 degrés en été ;

Considérant la concertation menée avec les parents d'élèves, les enseignants et les enfants en janvier 2026 ;

La commune propose de remplacer 1 200 mètres carrés d'enrobé par des sols perméables, de planter 18 arbres et de créer un jardin pédagogique. Les travaux auront lieu pendant les vacances d'été, du 6 juillet au 28 août 2026.

Le Conseil municipal, après en avoir délibéré, DÉCIDE :

Article 1er : d'approuver le programme de végétalisation de la cour de l'école élémentaire Jean-Moulin, pour un montant de 385 000 euros TTC.

Article 2 : de solliciter une subvention de 150 000 euros auprès de l'Agence de l'eau Seine-Normandie.

Article 3 : d'autoriser le Maire à signer tout document relatif à cette affaire.

Pour : 31 — Contre : 0 — Abstentions : 2

Adopté à la majorité.
`,
  },
  {
    filename: 'deliberation-2026-032-tarifs-restauration-scolaire.md',
    number: '2026/032',
    topics: ['education', 'finances'],
    text: `Extrait du registre des délibérations du conseil municipal — délibération n° 2026/032

Séance du 26 mars 2026

Objet : Tarifs de la restauration scolaire à compter du 1er septembre 2026

Monsieur Paul Durand, adjoint au maire chargé des finances, rapporte :

Vu le code de l'éducation, notamment son article R. 531-52 ;

Vu la délibération n° 2025/044 du 3 avril 2025 fixant les tarifs de la restauration scolaire ;

Considérant la hausse du coût des denrées et la part de produits biologiques portée à 50 % des repas ;

La grille compte dix tranches de quotient familial. Le prix du repas de la première tranche reste à 0,80 euro ; celui de la dernière tranche passe de 5,90 euros à 6,10 euros.

Le Conseil municipal, après en avoir délibéré, DÉCIDE :

Article 1er : de fixer les tarifs de la restauration scolaire selon la grille annexée, à compter du 1er septembre 2026.

Article 2 : de maintenir le tarif de 0,80 euro pour la première tranche de quotient familial.

Pour : 27 — Contre : 6 — Abstentions : 0

Adopté à la majorité.
`,
  },
  {
    filename: 'deliberation-2026-033-subventions-associations-sportives.md',
    number: '2026/033',
    topics: ['sport', 'associations'],
    text: `Extrait du registre des délibérations du conseil municipal — délibération n° 2026/033

Séance du 26 mars 2026

Objet : Attribution de subventions aux associations sportives pour l'année 2026

Monsieur Karim Benali, conseiller municipal délégué aux sports, rapporte :

Vu le code général des collectivités territoriales, notamment son article L. 2311-7 ;

Considérant les demandes présentées par les associations sportives de la commune et l'avis de la commission des sports du 10 mars 2026 ;

Le Conseil municipal, après en avoir délibéré, DÉCIDE :

Article 1er : d'attribuer une subvention de fonctionnement de 12 000 euros au Vincennes Athlétic Club.

Article 2 : d'attribuer une subvention de 4 500 euros à l'Union sportive de natation.

Article 3 : d'attribuer une subvention exceptionnelle de 2 000 euros au Club de tennis de table pour l'organisation du tournoi régional des jeunes.

Le Conseil municipal adopte à l'unanimité.
`,
  },
];
