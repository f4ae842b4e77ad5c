/** The participation module's entries in the public algorithm register, as the running configuration makes them. */
import { describeRetention, retentionForEntry } from '../../platform/privacy/retention';
import { providerLabel, type RegisterContext, type RegisterEntry } from '../../platform/register/types';

export const REGISTER_IDS = {
  groups: 'participation.opinion_groups',
  routing: 'participation.statement_routing',
  themes: 'participation.theme_synthesis',
  generation: 'participation.synthesis_generation',
  filters: 'participation.submission_filters',
  representativeness: 'participation.representativeness',
} as const;

/** Every automated feature but the generation, which exists only while a provider is configured. */
export const PARTICIPATION_AUTOMATED_FEATURES = [REGISTER_IDS.groups, REGISTER_IDS.routing, REGISTER_IDS.themes, REGISTER_IDS.filters, REGISTER_IDS.representativeness];

const LOCAL = { kind: 'none' as const, baseUrl: null, model: null, label: 'none (runs locally, no AI provider)' };

export function participationRegisterEntries(rc: RegisterContext): RegisterEntry[] {
  const generation = rc.providers.generation;
  const generative = generation.enabled && !!generation.model;
  const common = {
    module: 'participation',
    organisation: rc.organisation,
    legalBasis: {
      fr: 'Mission d’intérêt public : association des habitants aux décisions (art. L. 131-1 et s. du code des relations entre le public et l’administration, art. L. 2141-1 du code général des collectivités territoriales ; RGPD art. 6-1-e).',
      en: 'Public-interest task: involving residents in decisions (French code of relations between the public and the administration, art. L. 131-1 ff.; local authorities code, art. L. 2141-1; GDPR art. 6(1)(e)).',
    },
    dataSources: ['Votes, propositions et contributions des participants aux consultations', 'Populations des quartiers (module territoire, recensement)'],
    howToContest: {
      fr: `Chaque consultation publie ses données ouvertes (votes, contributions, groupes, synthèse) et sa méthode. Pour contester un regroupement, une synthèse ou une décision de modération, écrire à ${rc.organisation.contact}.`,
      en: `Every consultation publishes its open data (votes, contributions, groups, synthesis) and its method. To contest a grouping, a synthesis or a moderation decision, write to ${rc.organisation.contact}.`,
    },
    lastChange: rc.settingsChangedAt,
  };
  const dataAndRetention = (id: string, dataUsed: { fr: string; en: string }): Pick<RegisterEntry, 'dataUsed' | 'retention'> => {
    const retention = retentionForEntry(rc.retention, id);
    const add = (text: string, lang: 'fr' | 'en') => [text, describeRetention(retention, lang)].filter(Boolean).join(' ');
    return { dataUsed: { fr: add(dataUsed.fr, 'fr'), en: add(dataUsed.en, 'en') }, retention };
  };
  const entries: RegisterEntry[] = [
    {
      ...common,
      id: REGISTER_IDS.groups,
      name: { fr: 'Groupes d’opinion des consultations', en: 'Opinion groups of consultations' },
      purpose: {
        fr: 'Montrer les grandes familles d’avis d’une consultation, ce qui les rassemble et ce qui les divise, sans rien résumer à la place des habitants.',
        en: 'Show the main families of opinion in a consultation, what unites and what divides them, without summarising anything on residents’ behalf.',
      },
      ...dataAndRetention(REGISTER_IDS.groups, {
        fr: 'Les votes (d’accord, pas d’accord, passer) de chaque participant, sous un numéro pseudonyme. Aucune donnée déclarée (quartier, âge) n’entre dans le calcul.',
        en: 'Each participant’s votes (agree, disagree, pass), under a pseudonymous number. No declared data (district, age) goes into the computation.',
      }),
      method: {
        fr: 'Méthode de Pol.is : analyse en composantes principales des votes (carte à deux axes), regroupement en k-moyennes (2 à 5 groupes, nombre choisi par la silhouette et stabilisé d’un calcul à l’autre), énoncés représentatifs de chaque groupe (tests z de proportions), consensus pondéré par groupe et énoncés qui divisent. Recalculé quelques secondes après de nouveaux votes, chaque calcul partant du précédent pour que les groupes restent stables. Le premier calcul (une consultation importée de Pol.is avec son historique) rejoue les votes dans l’ordre où ils ont été exprimés, selon plusieurs rythmes de calcul plausibles, et retient le résultat le plus proche de tous les autres.',
        en: 'The Pol.is method: principal component analysis of the votes (a two-axis map), k-means grouping (2 to 5 groups, the number chosen by silhouette and kept stable from one run to the next), representative statements of each group (proportion z tests), group-informed consensus and divisive statements. Recomputed a few seconds after new votes, each run starting from the previous one so that groups stay stable. The first computation (a consultation imported from Pol.is with its history) replays the votes in the order they were cast, at several plausible computation rhythms, and keeps the result closest to all the others.',
      },
      provider: LOCAL,
      humanOversight: {
        fr: 'Les modérateurs décident des énoncés soumis au vote ; les groupes ne décident de rien et sont publiés avec les données qui permettent de les recalculer.',
        en: 'Moderators decide which statements are put to the vote; the groups decide nothing and are published with the data needed to recompute them.',
      },
      riskCategory: 'minimal',
      status: 'active',
    },
    {
      ...common,
      id: REGISTER_IDS.routing,
      name: { fr: 'Ordre de présentation des énoncés', en: 'Order in which statements are shown' },
      purpose: {
        fr: 'Choisir l’énoncé suivant montré à un participant, pour que chaque énoncé reçoive assez de votes pour situer les groupes.',
        en: 'Choose the next statement shown to a participant, so that each statement gets enough votes to place the groups.',
      },
      ...dataAndRetention(REGISTER_IDS.routing, {
        fr: 'Les énoncés déjà votés par le participant et les statistiques du dernier calcul des groupes.',
        en: 'The statements the participant already voted on and the statistics of the last group computation.',
      }),
      method: {
        fr: 'Tirage au hasard parmi les énoncés non encore votés, avec une probabilité proportionnelle à la priorité de Pol.is : énoncés peu passés, qui situent bien les opinions, et encore peu vus ; un énoncé nouveau reçoit la priorité d’un énoncé jamais vu. Tous les énoncés publiés restent accessibles dans la liste.',
        en: 'A random draw among the statements not yet voted on, with a probability proportional to Pol.is’s priority: statements seldom passed, that place opinions well, and still little seen; a new statement gets the priority of an unseen one. Every published statement remains available in the list.',
      },
      provider: LOCAL,
      humanOversight: { fr: 'Les modérateurs choisissent les énoncés publiés ; l’ordre n’en écarte aucun.', en: 'Moderators choose the published statements; the order leaves none out.' },
      riskCategory: 'minimal',
      status: 'active',
    },
    {
      ...common,
      id: REGISTER_IDS.themes,
      name: { fr: 'Synthèse des contributions libres (thèmes)', en: 'Synthesis of free contributions (themes)' },
      purpose: {
        fr: 'Regrouper des milliers de contributions en thèmes, chacun illustré par les mots mêmes des habitants, pour aider à les lire toutes.',
        en: 'Group thousands of contributions into themes, each illustrated by residents’ own words, to help read them all.',
      },
      ...dataAndRetention(REGISTER_IDS.themes, {
        fr: 'Le texte publié des contributions (données personnelles masquées) et, s’ils ont été déclarés, le quartier et la tranche d’âge (pour la répartition de chaque thème).',
        en: 'The published text of the contributions (personal data masked) and, when declared, the district and age band (for each theme’s spread).',
      }),
      method: {
        fr: 'Analyse du français (racines, mots vides), poids TF-IDF, graphe des contributions les plus proches et communautés de ce graphe (méthode de Louvain, modèle de Potts), regroupées en thèmes ; mots-clés distinctifs, contributions représentatives, citations vérifiées caractère par caractère, avis contraires repérés. Le nombre de thèmes découle des données. Les modérateurs renomment, fusionnent et scindent les thèmes et déplacent des contributions ; chaque changement est journalisé et la synthèse publiée le dit.',
        en: 'French analysis (stems, stopwords), TF-IDF weights, a graph of the closest contributions and its communities (Louvain method, Potts model), gathered into themes; distinctive keywords, representative contributions, quotes checked character by character, opposing views flagged. The number of themes follows from the data. Moderators rename, merge and split themes and move contributions; every change is logged and the published synthesis says so.',
      },
      provider: LOCAL,
      humanOversight: {
        fr: 'La synthèse n’est publiée que par un agent ; chaque contribution reste lisible et rattachée à un seul thème ou à la liste des contributions isolées, jamais écartée.',
        en: 'The synthesis is published only by a member of staff; every contribution stays readable and in exactly one theme or in the standing-alone list, never dropped.',
      },
      riskCategory: 'minimal',
      status: 'active',
    },
    {
      ...common,
      id: REGISTER_IDS.filters,
      name: { fr: 'Filtres des propositions et contributions', en: 'Filters on statements and contributions' },
      purpose: {
        fr: 'Masquer les données personnelles avant publication, refuser les doublons et les envois en masse.',
        en: 'Mask personal data before publication, refuse duplicates and floods.',
      },
      ...dataAndRetention(REGISTER_IDS.filters, {
        fr: 'Le texte envoyé, le participant (pseudonyme) et une empreinte de l’adresse IP.',
        en: 'The text sent, the participant (pseudonymous) and a keyed hash of the IP address.',
      }),
      method: {
        fr: 'Masquage par motifs vérifiés (courriel, téléphone, n° de sécurité sociale, IBAN, carte, adresse postale) : le public voit le texte masqué, les modérateurs l’original. Refus d’un texte presque identique à un énoncé de la consultation, ou à une contribution du même participant ou de la même adresse dans la journée (similarité de Jaccard des 5-grammes de caractères ≥ seuil réglable). Nombre d’envois limité par heure, par participant et par adresse. Un refus ne change rien.',
        en: 'Masking by checked patterns (e-mail, phone, social security number, IBAN, card, postal address): the public sees the masked text, moderators the original. Refusal of a text almost identical to a statement of the consultation, or to a contribution by the same participant or from the same address within a day (Jaccard similarity of character 5-grams ≥ an adjustable threshold). Submissions limited per hour, per participant and per address. A refusal changes nothing.',
      },
      provider: LOCAL,
      humanOversight: {
        fr: 'Les modérateurs voient chaque proposition avec le texte original et décident ; les seuils sont des réglages de la commune.',
        en: 'Moderators see each submission with its original text and decide; thresholds are the commune’s settings.',
      },
      riskCategory: 'not_ai',
      status: 'active',
    },
    {
      ...common,
      id: REGISTER_IDS.representativeness,
      name: { fr: 'Représentativité des participants', en: 'Representativeness of participants' },
      purpose: {
        fr: 'Signaler les quartiers et les âges sous-représentés parmi les participants, pour aller chercher ceux qu’on n’entend pas.',
        en: 'Flag the districts and ages under-represented among participants, to reach those not heard.',
      },
      ...dataAndRetention(REGISTER_IDS.representativeness, {
        fr: 'Le quartier et la tranche d’âge déclarés (facultatifs) et la population des quartiers (recensement).',
        en: 'The declared district and age band (optional) and the population of the districts (census).',
      }),
      method: {
        fr: 'Part de chaque groupe parmi les déclarations comparée à sa part de la population ; sous-représenté quand le rapport est sous un seuil réglable et l’écart significatif (test z).',
        en: 'Each group’s share of the declarations compared with its share of the population; under-represented when the ratio is below an adjustable threshold and the gap significant (z test).',
      },
      provider: LOCAL,
      humanOversight: { fr: 'Indicatif : publié avec la synthèse, il ne pondère ni n’écarte aucun avis.', en: 'Indicative: published with the synthesis, it neither weights nor discards any view.' },
      riskCategory: 'not_ai',
      status: 'active',
    },
  ];
  if (generative) {
    entries.push({
      ...common,
      id: REGISTER_IDS.generation,
      name: { fr: 'Rédaction assistée de la synthèse (modèle de langage)', en: 'Model-assisted writing of the synthesis (language model)' },
      purpose: {
        fr: 'Proposer, pour les plus grands thèmes, un intitulé, un résumé et des affirmations appuyées sur des citations.',
        en: 'Propose, for the largest themes, a label, a summary and claims backed by quotes.',
      },
      ...dataAndRetention(REGISTER_IDS.generation, {
        fr: 'Jusqu’à 30 contributions par thème, données personnelles masquées, sous des références courtes (jamais leurs identifiants).',
        en: 'Up to 30 contributions per theme, personal data masked, under short references (never their ids).',
      }),
      method: {
        fr: `Le modèle ${generation.model} propose ; rien n’est montré sans vérification : chaque citation doit se trouver mot pour mot dans la contribution qu’elle nomme, une affirmation sans contribution qui la soutienne est écartée, un résumé n’est gardé qu’à côté d’affirmations soutenues et est présenté comme le texte du modèle. En cas d’échec, la synthèse sans modèle est gardée.`,
        en: `The ${generation.model} model proposes; nothing is shown unchecked: every quote must be found verbatim in the contribution it names, a claim without a supporting contribution is dropped, a summary is kept only beside supported claims and is presented as the model’s text. On failure, the synthesis without a model is kept.`,
      },
      provider: providerLabel(generation),
      humanOversight: {
        fr: 'Un agent relit, renomme ou corrige les thèmes avant de publier ; l’intitulé donné par une personne n’est jamais remplacé par le modèle.',
        en: 'A member of staff reviews, renames or corrects the themes before publishing; a label given by a person is never replaced by the model.',
      },
      riskCategory: 'limited',
      status: 'active',
    });
  }
  return entries;
}
