/** The assemblies module's entry in the public algorithm register: the sortition method and its settings. */
import { describeRetention, retentionForEntry } from '../../platform/privacy/retention';
import type { RegisterContext, RegisterEntry } from '../../platform/register/types';
import { COMPUTATION_DEFAULTS, METHOD_DEFAULTS } from './settings';

export const REGISTER_IDS = { sortition: 'assemblies.sortition' } as const;
export const ASSEMBLIES_AUTOMATED_FEATURES = [REGISTER_IDS.sortition];

export function assembliesRegisterEntries(rc: RegisterContext): RegisterEntry[] {
  const retention = retentionForEntry(rc.retention, REGISTER_IDS.sortition);
  const dataUsed = {
    fr: 'Les caractéristiques déclarées par les volontaires (genre, âge, quartier… celles que les quotas nomment) et, si l’assemblée le demande, leur adresse pour ne tirer qu’une personne par foyer. Les fichiers publiés ne portent qu’un pseudonyme aléatoire par volontaire.',
    en: 'The characteristics volunteers declared (gender, age, district… those the quotas name) and, when the assembly asks for it, their address so that at most one person per household is drawn. The published files carry only a random pseudonym per volunteer.',
  };
  return [
    {
      id: REGISTER_IDS.sortition,
      module: 'assemblies',
      organisation: rc.organisation,
      name: { fr: 'Tirage au sort des assemblées citoyennes', en: 'Sortition of citizens’ assemblies' },
      purpose: {
        fr: 'Tirer au sort les membres d’une assemblée citoyenne parmi des volontaires, en respectant des quotas (genre, âge, quartier…) et en donnant à chaque volontaire la chance la plus égale que les quotas permettent, par un tirage que chacun peut vérifier.',
        en: 'Draw the members of a citizens’ assembly by lot among volunteers, meeting quotas (gender, age, district…) and giving each volunteer as equal a chance as the quotas allow, through a draw anyone can verify.',
      },
      legalBasis: {
        fr: 'Mission d’intérêt public : association des habitants aux décisions (art. L. 131-1 et s. du code des relations entre le public et l’administration ; RGPD art. 6-1-e), avec le consentement des volontaires à leur inscription.',
        en: 'Public-interest task: involving residents in decisions (French code of relations between the public and the administration, art. L. 131-1 ff.; GDPR art. 6(1)(e)), with the volunteers’ consent when they sign up.',
      },
      dataUsed: { fr: [dataUsed.fr, describeRetention(retention, 'fr')].filter(Boolean).join(' '), en: [dataUsed.en, describeRetention(retention, 'en')].filter(Boolean).join(' ') },
      retention,
      dataSources: ['Fichier des volontaires importé par les organisateurs (CSV ou XLSX)', 'Quotas fixés par les organisateurs, le cas échéant à partir des parts de la population'],
      method: {
        fr: `LEXIMIN par défaut (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 596, 2021) : parmi toutes les loteries sur des panels qui respectent les quotas, celle qui maximise la plus petite probabilité d’être tiré, puis la suivante, et ainsi de suite ; calculée exactement avec le solveur libre HiGHS, avec un certificat d’optimalité vérifiable. MAXIMIN (seule la plus petite probabilité est maximisée) peut être choisi ; LEGACY, la méthode gloutonne historique de la Sortition Foundation, est calculé pour comparaison seulement (${METHOD_DEFAULTS.legacyDraws.toLocaleString('fr-FR')} tirages simulés). Quand les quotas ne peuvent pas être respectés, le plus petit relâchement possible est proposé, valeur par valeur, et les organisateurs décident. La loterie est arrondie à ${METHOD_DEFAULTS.ticketCount.toLocaleString('fr-FR')} billets et publiée (anonymisée) avec son empreinte SHA-256 et un engagement (SHA-256) sur une graine secrète, ou une source publique de hasard annoncée à l’avance ; au tirage, la graine est révélée et le panel s’en déduit sans autre choix (SHA-256 en mode compteur). Les remplacements des désistements suivent la même logique sur les sièges vacants. Réglages : assemblies.method (objectif par défaut, billets, tirages LEGACY), assemblies.computation (calcul en ligne jusqu’à ${COMPUTATION_DEFAULTS.maxPool} volontaires par défaut), assemblies.retention.`,
        en: `LEXIMIN by default (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 596, 2021): among all lotteries over panels that meet the quotas, the one that maximises the smallest probability of being drawn, then the next one, and so on; computed exactly with the open-source HiGHS solver, with a checkable certificate of optimality. MAXIMIN (only the smallest probability is maximised) may be chosen; LEGACY, the Sortition Foundation’s historical greedy method, is computed for comparison only (${METHOD_DEFAULTS.legacyDraws.toLocaleString('en-GB')} simulated draws). When the quotas cannot be met, the smallest possible relaxation is proposed, value by value, and the organisers decide. The lottery is rounded to ${METHOD_DEFAULTS.ticketCount.toLocaleString('en-GB')} tickets and published (anonymised) with its SHA-256 and a commitment (SHA-256) to a secret seed, or a public source of randomness announced in advance; at the draw the seed is revealed and the panel follows without any other choice (SHA-256 in counter mode). Replacements of dropouts follow the same logic over the vacant seats. Settings: assemblies.method (default objective, tickets, LEGACY draws), assemblies.computation (online computation up to ${COMPUTATION_DEFAULTS.maxPool} volunteers by default), assemblies.retention.`,
      },
      provider: { kind: 'none', baseUrl: null, model: null, label: 'none (runs locally, no AI provider)' },
      humanOversight: {
        fr: 'Les organisateurs fixent les quotas, décident des relâchements et lancent chaque étape ; chaque étape est journalisée. Le tirage ne dépend d’aucun choix humain une fois l’engagement publié, et chacun peut le refaire depuis les fichiers publiés (page publique « vérifier » ou commande npm run sortition:verify).',
        en: 'Organisers set the quotas, decide on relaxations and run each step; every step is logged. Once the commitment is published the draw depends on no human choice, and anyone can re-run it from the published files (the public page’s "verify" or the command npm run sortition:verify).',
      },
      howToContest: {
        fr: `Les fichiers de chaque tirage (répartition, annonce, résultat) sont publiés sur la page de l’assemblée. Pour contester un tirage ou demander l’effacement de vos données de volontaire, écrire à ${rc.organisation.contact}.`,
        en: `Each draw’s files (distribution, announcement, result) are published on the assembly’s page. To contest a draw or ask for your volunteer data to be erased, write to ${rc.organisation.contact}.`,
      },
      riskCategory: 'not_ai',
      status: 'active',
      lastChange: rc.settingsChangedAt,
    },
  ];
}
