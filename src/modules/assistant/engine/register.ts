import { describeRetention, retentionForEntry } from '../../../platform/privacy/retention';
import { providerLabel, type RegisterContext, type RegisterEntry } from '../../../platform/register/types';
import { ANSWERS_REGISTER_ID, RETRIEVAL_REGISTER_ID } from './service';

export const RERANKING_REGISTER_ID = 'assistant.reranking';

/** The assistant's entries in the public algorithm register, as the running configuration makes them. */
export function assistantRegisterEntries(rc: RegisterContext): RegisterEntry[] {
  const embeddings = rc.providers.embeddings;
  const generation = rc.providers.generation;
  const dense = embeddings.enabled && !!embeddings.model;
  const generative = generation.enabled && !!generation.model;
  const reranking = rc.providers.reranking;
  const reranked = reranking.enabled && !!reranking.model;
  const common = {
    module: 'assistant',
    organisation: rc.organisation,
    legalBasis: {
      fr: "Mission d'intérêt public d'information des usagers (art. L. 300-1 et s. du code des relations entre le public et l'administration ; RGPD art. 6-1-e).",
      en: 'Public-interest task of informing the public (French code of relations between the public and the administration, art. L. 300-1 ff.; GDPR art. 6(1)(e)).',
    },
    dataSources: ['Documents validés de la base de connaissances de la commune', 'Vocabulaire de la commune (sigles, synonymes)'],
    howToContest: {
      fr: `Chaque réponse cite ses sources. Pour signaler une réponse fausse : bouton « pas utile » avec l'étiquette « erronée », ou « parler à un agent » ; ou écrire à ${rc.organisation.contact}.`,
      en: `Every answer cites its sources. To report a wrong answer: "not helpful" with the "wrong" tag, or "talk to an agent"; or write to ${rc.organisation.contact}.`,
    },
    lastChange: rc.settingsChangedAt,
  };
  /** The entry's data description ends with the retention periods in force, which it also lists. */
  const dataAndRetention = (id: string, dataUsed: { fr: string; en: string }): Pick<RegisterEntry, 'dataUsed' | 'retention'> => {
    const retention = retentionForEntry(rc.retention, id);
    const add = (text: string, lang: 'fr' | 'en') => [text, describeRetention(retention, lang)].filter(Boolean).join(' ');
    return { dataUsed: { fr: add(dataUsed.fr, 'fr'), en: add(dataUsed.en, 'en') }, retention };
  };
  const rerankEntry: RegisterEntry[] = reranked
    ? [
        {
          ...common,
          id: RERANKING_REGISTER_ID,
          name: { fr: 'Reclassement des passages trouvés (assistant)', en: 'Reranking of the passages found (assistant)' },
          purpose: {
            fr: 'Mettre en tête, parmi les passages trouvés, ceux qui répondent le mieux à la question.',
            en: 'Put first, among the passages found, those that best answer the question.',
          },
          // Nothing is stored for reranking: the question's retention is stated by the search and answers entries.
          ...dataAndRetention(RERANKING_REGISTER_ID, {
            fr: 'La question masquée et le texte des 20 premiers passages trouvés (documents publics de la commune).',
            en: 'The masked question and the text of the first 20 passages found (public documents of the commune).',
          }),
          method: {
            fr: `Le modèle ${reranking.model} lit la question avec chaque passage et les note ; l'ordre suit la note. Il ne décide pas seul de répondre ou de s'abstenir (la confiance reste celle de la recherche, calibrée) et, s'il échoue, l'ordre de la recherche est gardé.`,
            en: `The ${reranking.model} model reads the question with each passage and scores them; the order follows the score. It does not decide alone whether to answer or abstain (the confidence remains the search's, calibrated) and, when it fails, the search's order is kept.`,
          },
          provider: providerLabel(reranking),
          humanOversight: {
            fr: "Chaque réponse garde la trace de l'ordre appliqué ; l'administrateur peut désactiver le reclassement à tout moment.",
            en: 'Every answer keeps a trace of the order applied; the administrator can switch reranking off at any time.',
          },
          riskCategory: 'minimal',
          status: 'active',
        },
      ]
    : [];
  return [
    ...rerankEntry,
    {
      ...common,
      id: RETRIEVAL_REGISTER_ID,
      name: { fr: "Recherche dans les documents de la commune (assistant)", en: "Search of the commune's documents (assistant)" },
      purpose: {
        fr: "Trouver, pour la question d'un habitant, les passages des documents validés par la commune qui y répondent.",
        en: "Find, for a resident's question, the passages of the commune's validated documents that answer it.",
      },
      ...dataAndRetention(RETRIEVAL_REGISTER_ID, {
        fr: 'Le texte de la question, dont les données personnelles (courriel, téléphone, n° de sécurité sociale, IBAN, adresse) sont masquées avant tout traitement ; la question précédente de la conversation.',
        en: "The question's text, with personal data (e-mail, phone, social security number, IBAN, address) masked before any processing; the conversation's previous question.",
      }),
      method: {
        fr: `Recherche lexicale en français (BM25F : normalisation des accents, élisions, mots vides, racinisation, sigles et synonymes, bonus de titre), limitée aux documents validés en vigueur ce jour${dense ? ', fusionnée (RRF) avec une recherche sémantique par vecteurs' : ''}${reranked ? ', puis réordonnée par un modèle de reclassement (voir l’entrée dédiée)' : ''}.`,
        en: `French lexical search (BM25F: accent folding, elisions, stopwords, stemming, acronyms and synonyms, title boost), limited to validated documents in force today${dense ? ', fused (RRF) with a semantic vector search' : ''}${reranked ? ', then reordered by a reranking model (see its own entry)' : ''}.`,
      },
      provider: providerLabel(embeddings),
      humanOversight: {
        fr: 'Seuls les documents validés par un agent sont cherchés ; le vocabulaire est géré par la commune.',
        en: 'Only documents validated by a member of staff are searched; the vocabulary is managed by the commune.',
      },
      riskCategory: dense ? 'minimal' : 'not_ai',
      status: 'active',
    },
    {
      ...common,
      id: ANSWERS_REGISTER_ID,
      name: { fr: "Réponses de l'assistant de la commune", en: "Answers of the commune's assistant" },
      purpose: {
        fr: "Répondre aux questions des habitants à partir des documents de la commune, avec les sources citées, ou dire qu'il ne sait pas.",
        en: "Answer residents' questions from the commune's documents, citing the sources, or say that it does not know.",
      },
      ...dataAndRetention(ANSWERS_REGISTER_ID, {
        fr: "La question masquée et les passages trouvés ; pour une demande transmise à un agent, le courriel de contact et les messages de l'habitant. L'agent peut tout effacer à la demande de l'habitant.",
        en: "The masked question and the passages found; for a request passed on to a member of staff, the resident's contact e-mail and messages. Staff can erase them all at the resident's request.",
      }),
      method: generative
        ? {
            fr: `Génération par le modèle ${generation.model} à partir des seuls passages trouvés, fournis comme données citées ; chaque réponse est vérifiée (une citation par phrase, chaque nombre, date, montant, téléphone, adresse et lien présent dans un passage cité) et remplacée par une réponse extractive si elle échoue. En dessous d'un seuil de confiance calibré, l'assistant s'abstient.`,
            en: `Generation by the ${generation.model} model from the passages found only, given as quoted data; every answer is checked (a citation per sentence, every number, date, amount, phone, address and link present in a cited passage) and replaced by an extractive answer when it fails. Under a calibrated confidence threshold, the assistant abstains.`,
          }
        : {
            fr: "Réponse extractive : les phrases les plus pertinentes des passages trouvés, citées mot pour mot avec leur source. Aucun texte n'est généré. En dessous d'un seuil de confiance calibré, l'assistant s'abstient.",
            en: 'Extractive answer: the most relevant sentences of the passages found, quoted verbatim with their source. No text is generated. Under a calibrated confidence threshold, the assistant abstains.',
          },
      provider: generative ? providerLabel(generation) : { kind: 'none', baseUrl: null, model: null, label: 'none (extractive, runs locally)' },
      humanOversight: {
        fr: "Les documents cités sont validés par des agents ; l'habitant peut à tout moment transmettre la conversation à un agent, qui répond et peut rédiger une nouvelle fiche.",
        en: 'The documents cited are validated by staff; residents can pass the conversation on to a member of staff at any time, who replies and can draft a new FAQ entry.',
      },
      riskCategory: 'limited',
      status: 'active',
    },
  ];
}
