/**
 * The observatory's entries in the public algorithm register, written from the settings in force.
 * The register is built synchronously from the platform's context, which carries no module
 * setting: the module remembers the last values it read (at start, and before every analysis).
 */
import type { RegisterContext, RegisterEntry } from '../../platform/register/types';
import { formatNumber } from './index/wording';
import { DEFAULT_ANALYSIS_SETTING, DEFAULT_DASHBOARD_SETTING, type AnalysisSetting, type DashboardSetting } from './settings';

export const REGISTER_IDS = {
  index: 'observatory.composite_index',
  hotspots: 'observatory.hotspots',
} as const;

export const OBSERVATORY_AUTOMATED_FEATURES = [REGISTER_IDS.index, REGISTER_IDS.hotspots];

let current: { analysis: AnalysisSetting; dashboard: DashboardSetting } = { analysis: DEFAULT_ANALYSIS_SETTING, dashboard: DEFAULT_DASHBOARD_SETTING };

export function rememberSettings(analysis: AnalysisSetting, dashboard: DashboardSetting): void {
  current = { analysis, dashboard };
}

const LOCAL = { kind: 'none' as const, baseUrl: null, model: null, label: 'none (runs locally, no AI provider)' };

const NORMALISATION = {
  'min-max': { fr: 'min-max sur 0–100', en: 'min-max on 0–100' },
  'z-score': { fr: 'centrée-réduite', en: 'z-score' },
  rank: { fr: 'par les rangs', en: 'ranks' },
  'distance-to-mean': { fr: 'écart à la moyenne', en: 'distance to the mean' },
  'exponential-rank': { fr: 'rang exponentiel', en: 'exponential rank' },
} as const;
const WEIGHTING = {
  equal: { fr: 'égales', en: 'equal' },
  expert: { fr: 'expertes', en: 'expert' },
  pca: { fr: 'issues d’une analyse en composantes principales', en: 'from a principal component analysis' },
} as const;
const MISSING = {
  exclude: { fr: 'exclusion du territoire', en: 'the territory is excluded' },
  neighbours: { fr: 'moyenne des voisins', en: 'mean of the neighbours' },
  parent: { fr: 'valeur du territoire parent', en: 'value of the parent territory' },
  'neighbours-then-parent': { fr: 'moyenne des voisins, à défaut valeur du territoire parent', en: 'mean of the neighbours, else the parent territory’s value' },
} as const;

export function observatoryRegisterEntries(rc: RegisterContext): RegisterEntry[] {
  const { analysis: a, dashboard: d } = current;
  const alphaFr = `${formatNumber(a.alpha * 100, 'fr', 1).replace(/,0$/, '')}\u00a0%`;
  const alphaEn = `${formatNumber(a.alpha * 100, 'en', 1).replace(/\.0$/, '')}%`;
  const indicators = d.indicators.join(', ');
  const common = {
    module: 'observatory',
    organisation: rc.organisation,
    legalBasis: {
      fr: 'Mission d’intérêt public : connaissance du territoire et ciblage de l’action publique (RGPD art. 6-1-e). Aucune donnée personnelle : des statistiques publiques agrégées par territoire.',
      en: 'Public-interest task: knowledge of the territory and targeting of public action (GDPR art. 6(1)(e)). No personal data: public statistics aggregated by territory.',
    },
    dataSources: ['Statistiques publiques par territoire importées au catalogue (INSEE Filosofi, recensement, BPE ; Arcep)', 'Contours et hiérarchie des territoires (module territoire)'],
    dataUsed: {
      fr: 'Valeurs des indicateurs par territoire et par année, avec leur source et leur licence ; aucune donnée sur des personnes.',
      en: 'Indicator values by territory and year, with their source and licence; no data about persons.',
    },
    retention: [],
    howToContest: {
      fr: `Chaque score, regroupement et zone prioritaire est expliqué sur le tableau de bord, avec la méthode et les données téléchargeables. Les zones proposées sont examinées par un analyste qui les retient ou les écarte. Pour signaler une erreur : ${rc.organisation.contact}.`,
      en: `Every score, cluster and priority zone is explained on the dashboard, with the method and downloadable data. Proposed zones are examined by an analyst who accepts or sets them aside. To report an error: ${rc.organisation.contact}.`,
    },
    provider: LOCAL,
    riskCategory: 'not_ai' as const,
    status: 'active' as const,
    lastChange: rc.settingsChangedAt,
  };
  return [
    {
      ...common,
      id: REGISTER_IDS.index,
      name: { fr: 'Indice composite des inégalités territoriales', en: 'Composite index of territorial inequalities' },
      purpose: {
        fr: 'Résumer plusieurs indicateurs (revenu, pauvreté, chômage, logement, accès au numérique et aux services) en un score par territoire, pour repérer où la situation est la plus difficile, avec son incertitude et son explication.',
        en: 'Sum up several indicators (income, poverty, unemployment, housing, digital access and access to services) in one score per territory, to find where the situation is most difficult, with its uncertainty and its explanation.',
      },
      method: {
        fr:
          `Méthode du manuel OCDE/JRC des indicateurs composites. Tableau de bord public par défaut : zonage « ${d.zoning} », indicateurs ${indicators} ; normalisation ${NORMALISATION[d.normalisation].fr}, orientée pour qu’un score élevé soit une situation favorable ; pondérations ${WEIGHTING[d.weighting].fr} ; agrégation ${d.aggregation === 'arithmetic' ? 'arithmétique' : 'géométrique'} ; valeur manquante : ${MISSING[d.missing].fr}, chaque valeur estimée étant signalée. ` +
          `Incertitude : ${a.draws} tirages de Monte-Carlo (graine ${a.seed}) des choix de normalisation, de pondération et d’agrégation, poids perturbés de ±${formatNumber(a.weightPerturbation * 100, 'fr', 0)} % ; chaque territoire reçoit l’intervalle de ses rangs du 5e au 95e centile. ` +
          `Chaque score est décomposé exactement par indicateur et expliqué en une phrase. Les analystes peuvent choisir d’autres indicateurs et méthodes ; chaque analyse affiche les siens.`,
        en:
          `The OECD/JRC Handbook on composite indicators. Default public dashboard: zoning "${d.zoning}", indicators ${indicators}; ${NORMALISATION[d.normalisation].en} normalisation, oriented so that a higher score is a better situation; ${WEIGHTING[d.weighting].en} weights; ${d.aggregation} aggregation; missing value: ${MISSING[d.missing].en}, every estimated value flagged. ` +
          `Uncertainty: ${a.draws} Monte Carlo draws (seed ${a.seed}) of the normalisation, weighting and aggregation choices, weights perturbed by ±${formatNumber(a.weightPerturbation * 100, 'en', 0)}%; each territory gets the interval of its ranks from the 5th to the 95th percentile. ` +
          `Each score is decomposed exactly by indicator and explained in one sentence. Analysts may choose other indicators and methods; each analysis shows its own.`,
      },
      humanOversight: {
        fr: 'L’indice ne décide de rien : il éclaire. Les zones qu’il fait ressortir sont des propositions qu’un analyste retient, écarte ou annote, chaque décision étant journalisée.',
        en: 'The index decides nothing: it informs. The zones it brings out are proposals that an analyst accepts, sets aside or annotates, each decision logged.',
      },
    },
    {
      ...common,
      id: REGISTER_IDS.hotspots,
      name: { fr: 'Détection des regroupements, signaux faibles et zones prioritaires', en: 'Detection of clusters, weak signals and priority zones' },
      purpose: {
        fr: 'Repérer les regroupements significatifs de territoires défavorisés, les territoires dont l’évolution se démarque de leurs voisins, et proposer des zones prioritaires expliquées.',
        en: 'Find significant clusters of disadvantaged territories, territories whose change departs from their neighbours’, and propose explained priority zones.',
      },
      method: {
        fr:
          `I de Moran local (LISA, quadrants haut-haut, bas-bas, haut-bas, bas-haut) et Gi* de Getis–Ord sur le score, contiguïté « reine » des contours, ${a.permutations} permutations conditionnelles (graines ${a.seed + 1} pour le Moran local, ${a.seed + 2} pour Gi*), p-valeurs bilatérales corrigées par Benjamini–Hochberg au taux de fausses découvertes de ${alphaFr}. ` +
          `Signaux faibles : écart entre l’évolution d’un territoire et celle de ses voisins, score z robuste (médiane et écart absolu médian), même correction. ` +
          `Zones prioritaires : barème à points affiché avec la liste (niveau du score, robustesse dans les simulations, regroupement défavorisé, dégradation relative), 4 points au moins dont au moins un pour le niveau.`,
        en:
          `Local Moran (LISA, high-high, low-low, high-low, low-high quadrants) and Getis–Ord Gi* of the score, queen contiguity of the outlines, ${a.permutations} conditional permutations (seeds ${a.seed + 1} for local Moran, ${a.seed + 2} for Gi*), two-sided p-values corrected by Benjamini–Hochberg at a false discovery rate of ${alphaEn}. ` +
          `Weak signals: the gap between a territory's change and its neighbours', robust z-score (median and median absolute deviation), same correction. ` +
          `Priority zones: a points rule shown with the list (level of the score, robustness across simulations, disadvantaged cluster, relative worsening), at least 4 points of which at least one for the level.`,
      },
      humanOversight: {
        fr: 'Chaque zone proposée est examinée par un analyste (retenue, écartée, annotée) ; ces décisions sont journalisées. Aucune décision individuelle n’est prise.',
        en: 'Each proposed zone is examined by an analyst (accepted, set aside, annotated); these decisions are logged. No individual decision is made.',
      },
    },
  ];
}
