/** The public space module's entries in the public algorithm register, from the running configuration. */
import { describeRetention, retentionForEntry } from '../../platform/privacy/retention';
import type { RegisterContext, RegisterEntry } from '../../platform/register/types';
import { BASE_POINTS, MAX_FOLLOWER_POINTS, MAX_REOPENING_POINTS, MAX_SENSITIVE_POINTS, POINTS_PER_FOLLOWER, POINTS_PER_REOPENING } from './priority';

export const REGISTER_IDS = {
  duplicates: 'public-space.duplicate_detection',
  priority: 'public-space.priority_scoring',
  routing: 'public-space.category_routing',
  equity: 'public-space.equity_indicators',
  cleanliness: 'public-space.cleanliness_index',
} as const;

export const PUBLIC_SPACE_AUTOMATED_FEATURES = Object.values(REGISTER_IDS);

const LOCAL = { kind: 'none' as const, baseUrl: null, model: null, label: 'none (runs locally, no AI provider)' };

export function publicSpaceRegisterEntries(rc: RegisterContext): RegisterEntry[] {
  const common = {
    module: 'public-space',
    organisation: rc.organisation,
    legalBasis: {
      fr: 'Mission d’intérêt public : propreté, entretien et sécurité de l’espace public (pouvoirs de police du maire, art. L. 2212-2 du code général des collectivités territoriales ; RGPD art. 6-1-e).',
      en: 'Public-interest task: cleanliness, upkeep and safety of public space (the mayor’s police powers, local authorities code, art. L. 2212-2; GDPR art. 6(1)(e)).',
    },
    dataSources: ['Signalements des habitants (catégorie, position, photos, description)', 'Couches de lieux sensibles importées par la commune', 'Relevés de propreté des agents et des capteurs', 'Populations et revenus des quartiers (module territoire)'],
    howToContest: {
      fr: `Chaque signalement montre l’historique de ses statuts ; les agents peuvent changer la priorité et la catégorie à la main. Pour contester une priorité, un rejet ou un indicateur, écrire à ${rc.organisation.contact}.`,
      en: `Each report shows the history of its statuses; agents can change priority and category by hand. To contest a priority, a rejection or an indicator, write to ${rc.organisation.contact}.`,
    },
    lastChange: rc.settingsChangedAt,
    provider: LOCAL,
    status: 'active' as const,
  };
  const withRetention = (id: string, dataUsed: { fr: string; en: string }): Pick<RegisterEntry, 'dataUsed' | 'retention'> => {
    const retention = retentionForEntry(rc.retention, id);
    const add = (text: string, lang: 'fr' | 'en') => [text, describeRetention(retention, lang)].filter(Boolean).join(' ');
    return { dataUsed: { fr: add(dataUsed.fr, 'fr'), en: add(dataUsed.en, 'en') }, retention };
  };
  return [
    {
      ...common,
      id: REGISTER_IDS.duplicates,
      name: { fr: 'Signalements semblables à proximité', en: 'Similar reports nearby' },
      purpose: {
        fr: 'Montrer, avant l’envoi, les signalements ouverts de la même catégorie tout près, pour que l’habitant puisse suivre l’existant plutôt que d’en créer un doublon.',
        en: 'Show, before sending, the open reports of the same category close by, so that a resident can follow the existing one rather than file a duplicate.',
      },
      ...withRetention(REGISTER_IDS.duplicates, { fr: 'La catégorie et la position du signalement en cours ; les signalements ouverts publics.', en: 'The category and position of the report being written; the public open reports.' }),
      method: {
        fr: 'Recherche géométrique : signalements ouverts de la même catégorie à moins d’un rayon réglable (50 m par défaut), du plus proche au plus loin, par cellules d’une grille d’environ 110 m. Rien n’est fusionné automatiquement : l’habitant choisit, et seuls les agents fusionnent des doublons.',
        en: 'A geometric search: open reports of the same category within an adjustable radius (50 m by default), nearest first, through the cells of a grid of about 110 m. Nothing is merged automatically: the resident chooses, and only agents merge duplicates.',
      },
      humanOversight: { fr: 'Les agents décident seuls des fusions.', en: 'Agents alone decide merges.' },
      riskCategory: 'not_ai',
    },
    {
      ...common,
      id: REGISTER_IDS.priority,
      name: { fr: 'Priorité des signalements', en: 'Priority of reports' },
      purpose: {
        fr: 'Ordonner la liste de tri des agents : un dépôt sauvage près d’un ruisseau ou d’une école passe avant.',
        en: 'Order the agents’ triage list: an illegal dump near a stream or a school comes first.',
      },
      ...withRetention(REGISTER_IDS.priority, {
        fr: 'La catégorie, la position et le nombre de personnes qui suivent le signalement ou l’ont dit non résolu ; les couches de lieux sensibles.',
        en: 'The category, position and number of people following the report or who said it was not fixed; the sensitive-place layers.',
      }),
      method: {
        fr: `Score de 0 à 100 : base selon la priorité de la catégorie (urgente ${BASE_POINTS.urgent}, haute ${BASE_POINTS.high}, normale ${BASE_POINTS.normal}, basse ${BASE_POINTS.low}) ; chaque couche de lieux sensibles dont un lieu est à moins de son rayon ajoute son poids × (1 − distance / rayon), ${MAX_SENSITIVE_POINTS} points au plus en tout, la distance étant affichée à l’agent ; ${POINTS_PER_FOLLOWER} points par personne de plus qui suit (au plus ${MAX_FOLLOWER_POINTS}) ; ${POINTS_PER_REOPENING} points par « non résolu » (au plus ${MAX_REOPENING_POINTS}). Urgente à partir de 70, haute de 50, normale de 25.`,
        en: `A score from 0 to 100: a base from the category’s priority (urgent ${BASE_POINTS.urgent}, high ${BASE_POINTS.high}, normal ${BASE_POINTS.normal}, low ${BASE_POINTS.low}); each sensitive-place layer with a place within its radius adds its weight × (1 − distance / radius), at most ${MAX_SENSITIVE_POINTS} points in all, the distance shown to the agent; ${POINTS_PER_FOLLOWER} points per extra follower (at most ${MAX_FOLLOWER_POINTS}); ${POINTS_PER_REOPENING} points per "not fixed" (at most ${MAX_REOPENING_POINTS}). Urgent from 70, high from 50, normal from 25.`,
      },
      humanOversight: { fr: 'Chaque facteur est affiché ; un agent peut imposer une autre priorité.', en: 'Every factor is shown; an agent can set another priority.' },
      riskCategory: 'not_ai',
    },
    {
      ...common,
      id: REGISTER_IDS.routing,
      name: { fr: 'Orientation des signalements vers un service', en: 'Routing of reports to a service' },
      purpose: { fr: 'Confier chaque nouveau signalement au service ou prestataire de sa catégorie.', en: 'Hand each new report to its category’s service or contractor.' },
      ...withRetention(REGISTER_IDS.routing, { fr: 'La catégorie choisie par l’habitant.', en: 'The category the resident chose.' }),
      method: {
        fr: 'Table fixe catégorie → service, réglée par la commune. Aucune catégorisation automatique : l’habitant choisit la catégorie, un agent la corrige si besoin (statut « à requalifier »).',
        en: 'A fixed category → service table set by the commune. No automatic categorisation: the resident chooses the category, an agent corrects it if needed (status "to re-file").',
      },
      humanOversight: { fr: 'Les agents réaffectent librement.', en: 'Agents reassign freely.' },
      riskCategory: 'not_ai',
    },
    {
      ...common,
      id: REGISTER_IDS.equity,
      name: { fr: 'Équité du traitement entre quartiers', en: 'Equity of service between districts' },
      purpose: {
        fr: 'Publier, par quartier, le nombre de signalements par habitant, les délais de résolution et la part rouverte, face au revenu médian quand il est connu, et signaler les quartiers traités nettement plus lentement.',
        en: 'Publish, per district, reports per inhabitant, resolution times and the share reopened, against median income where known, and flag districts resolved markedly slower.',
      },
      ...withRetention(REGISTER_IDS.equity, { fr: 'Dates, statuts et quartier des signalements ; populations et revenus des quartiers.', en: 'Dates, statuses and district of reports; populations and incomes of districts.' }),
      method: {
        fr: 'Médianes par quartier ; un quartier est signalé quand son délai médian atteint 1,5 fois celui du reste de la commune avec au moins 10 signalements résolus et qu’un test de Mann–Whitney unilatéral, corrigé de Bonferroni, le confirme (réglable). Corrélation de Spearman entre revenu et délai.',
        en: 'Medians per district; a district is flagged when its median time reaches 1.5 times the rest of the commune’s with at least 10 resolved reports and a one-sided, Bonferroni-corrected Mann–Whitney test confirms it (adjustable). Spearman correlation between income and time.',
      },
      humanOversight: { fr: 'Un indicateur, qui ne décide de rien.', en: 'An indicator, which decides nothing.' },
      riskCategory: 'not_ai',
    },
    {
      ...common,
      id: REGISTER_IDS.cleanliness,
      name: { fr: 'Indicateurs objectifs de propreté', en: 'Objective cleanliness indicators' },
      purpose: { fr: 'Mesurer la propreté par secteur selon la méthode de l’AVPU, et la comparer aux signalements.', en: 'Measure cleanliness per sector with the AVPU’s method, and compare it with reports.' },
      ...withRetention(REGISTER_IDS.cleanliness, { fr: 'Comptages des agents et des capteurs, sans donnée personnelle.', en: 'Counts by agents and sensors, no personal data.' }),
      method: {
        fr: 'Pour chaque catégorie (papiers, verre, mégots, déjections, dépôts sauvages, sacs, feuilles, tags et affiches, salissures adhérentes, déchets alimentaires) : nombre pour 100 m² pondéré ; indice = somme ; notes A à E sur des seuils réglables.',
        en: 'For each category (papers, glass, butts, dog fouling, illegal dumps, bags, leaves, tags and posters, stuck-on soiling, food waste): weighted count per 100 m²; index = the sum; grades A to E on adjustable thresholds.',
      },
      humanOversight: { fr: 'Relevés faits ou vérifiés par des agents.', en: 'Surveys made or checked by agents.' },
      riskCategory: 'not_ai',
    },
  ];
}
