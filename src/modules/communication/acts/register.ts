/** The acts part's entry in the public algorithm register: the plain-language summaries of council acts. */
import { providerLabel, type RegisterContext, type RegisterEntry } from '../../../platform/register/types';

export const ACTS_REGISTER_IDS = { summaries: 'communication.act_summaries' } as const;
export const ACTS_AUTOMATED_FEATURES = [ACTS_REGISTER_IDS.summaries];

export function actsRegisterEntries(rc: RegisterContext): RegisterEntry[] {
  const generative = rc.providers.generation.enabled && !!rc.providers.generation.model;
  return [
    {
      id: ACTS_REGISTER_IDS.summaries,
      module: 'communication',
      organisation: rc.organisation,
      name: { fr: 'Résumés en langage clair des actes du conseil', en: 'Plain-language summaries of council acts' },
      purpose: {
        fr: 'Expliquer en mots simples chaque délibération, décision ou arrêté publié, à côté de l’acte lui-même, qui seul fait foi.',
        en: 'Explain each published deliberation, decision or order in plain words, next to the act itself, which alone is authoritative.',
      },
      legalBasis: {
        fr: 'Mission d’intérêt public : publication des actes sous forme électronique (art. L. 2131-1 du code général des collectivités territoriales) et accessibilité de l’information publique. Les actes ne contiennent pas de données personnelles autres que celles que la loi fait publier (noms des élus).',
        en: 'Public-interest task: electronic publication of acts (French local authorities code, art. L. 2131-1) and accessible public information. Acts hold no personal data besides what the law has published (councillors’ names).',
      },
      dataUsed: {
        fr: 'Le texte de l’acte tel qu’extrait de son fichier (couche texte du PDF, DOCX). Les PDF numérisés sans couche texte ne sont pas résumés (ils sont signalés « à océriser »).',
        en: 'The act’s text as extracted from its file (PDF text layer, DOCX). Scanned PDFs without a text layer are not summarised (they are flagged as needing OCR).',
      },
      retention: [],
      dataSources: ['Actes importés par les agents (PDF, DOCX) ou tableau SCDL des délibérations'],
      method: {
        fr: `Résumé extractif, hors ligne : le titre, les phrases de l’acte qui portent sa décision (choisies par des règles de la rédaction administrative française et des poids fixés sur un banc d’essai de 40 délibérations), puis le vote ; au plus 5 phrases et 130 mots. Chaque phrase renvoie à son passage dans l’acte. ${generative ? 'Un modèle de langage réécrit ensuite ces phrases en français simple ; la réécriture n’est montrée que si chaque chiffre et chaque nom qu’elle contient se retrouvent dans l’acte, sinon le résumé extractif l’est.' : 'Aucun modèle de langage n’est configuré : le résumé montré est extractif.'} Lisibilité du résumé et de l’acte : Kandel–Moles et LIX. Le résumé est calculé une fois, à l’import.`,
        en: `Extractive summary, offline: the title, the act’s sentences that carry its decision (chosen by rules of French administrative writing and weights set on a benchmark of 40 deliberations), then the vote; at most 5 sentences and 130 words. Each sentence links to its passage in the act. ${generative ? 'A language model then rewrites these sentences in plain French; the rewrite is shown only if every figure and name in it is found in the act, otherwise the extractive summary is.' : 'No language model is configured: the summary shown is extractive.'} Readability of the summary and of the act: Kandel–Moles and LIX. The summary is computed once, at import.`,
      },
      provider: generative ? providerLabel(rc.providers.generation) : { kind: 'none', baseUrl: null, model: null, label: 'none (extractive, runs locally)' },
      humanOversight: {
        fr: 'Un agent importe les actes, vérifie le titre, le vote, les thèmes et les zones proposés, et publie. Chaque résumé porte la mention qu’il est automatique et que seul l’acte fait foi, avec le lien vers l’acte original et son empreinte SHA-256. Limites : les règles sont celles des actes français usuels et peuvent mal lire un modèle d’acte inhabituel ; un texte extrait d’un PDF peut perdre la mise en page ; un résumé extractif reste dans la langue de l’acte.',
        en: 'An agent imports the acts, checks the suggested title, vote, topics and zones, and publishes. Each summary says it is automatic and that only the act is authoritative, with the link to the original act and its SHA-256. Limits: the rules are those of usual French acts and may misread an unusual template; text extracted from a PDF may lose its layout; an extractive summary keeps the act’s wording.',
      },
      howToContest: {
        fr: `Seul l’acte fait foi. Pour signaler un résumé inexact, écrire à ${rc.organisation.contact}.`,
        en: `Only the act is authoritative. To report an inaccurate summary, write to ${rc.organisation.contact}.`,
      },
      riskCategory: generative ? 'limited' : 'minimal',
      status: 'active',
      lastChange: rc.settingsChangedAt,
    },
  ];
}
