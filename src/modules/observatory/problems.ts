import type { ProblemMessages } from '../../platform/http/problem-messages';

/** What the observatory's problems say, in French and English (see `problem-messages.ts`). */
export const OBSERVATORY_PROBLEM_MESSAGES: ProblemMessages = {
  'observatory.unknown_zoning': { fr: 'Zonage « {zoning} » inconnu.', en: 'Unknown zoning "{zoning}".' },
  'observatory.unknown_indicator': { fr: 'Indicateur « {indicator} » absent du catalogue.', en: 'Indicator "{indicator}" is not in the catalogue.' },
  'observatory.no_values': {
    fr: 'Aucune valeur de « {indicator} » pour le zonage « {zoning} »{year}.',
    en: 'No value of "{indicator}" for zoning "{zoning}"{year}.',
  },
  'observatory.neutral_indicator': {
    fr: '« {indicator} » est un effectif sans sens favorable : il ne peut pas entrer dans un indice.',
    en: '"{indicator}" is a count with no good side: it cannot enter an index.',
  },
  'observatory.expert_weights': {
    fr: 'Des pondérations expertes sont attendues pour chaque indicateur choisi, et pour eux seuls ; leur somme doit être positive.',
    en: 'Expert weights are expected for each chosen indicator, and for them only; their sum must be positive.',
  },
  'observatory.too_few_territories': {
    fr: 'Trop peu de territoires ont des valeurs ({count}) : une analyse en demande au moins 10.',
    en: 'Too few territories have values ({count}): an analysis needs at least 10.',
  },
  'observatory.import_invalid': {
    fr: 'Le fichier a {count} problème(s) : rien n’a été importé. Voyez le rapport, ligne par ligne.',
    en: 'The file has {count} problem(s): nothing was imported. See the report, line by line.',
  },
  'observatory.import_fields': { fr: 'Envoyez un seul fichier, dans le champ « file ».', en: 'Send one file, in the "file" field.' },
  'observatory.unknown_denominator': { fr: 'Le dénominateur « {denominator} » n’est pas dans le catalogue.', en: 'Denominator "{denominator}" is not in the catalogue.' },
  'observatory.analysis_unknown': {
    fr: 'Cette analyse n’est plus en mémoire (données changées ou serveur redémarré) : relancez-la.',
    en: 'This analysis is no longer in memory (data changed or server restarted): run it again.',
  },
  'observatory.territory_not_analysed': { fr: 'Le territoire « {code} » ne fait pas partie de cette analyse.', en: 'Territory "{code}" is not part of this analysis.' },
  'observatory.analysis_failed': { fr: 'L’analyse n’a pas pu être menée : {reason}', en: 'The analysis could not be run: {reason}' },
  'observatory.analysis_timeout': { fr: 'L’analyse a pris trop de temps et a été arrêtée.', en: 'The analysis took too long and was stopped.' },
  'observatory.busy': { fr: 'Trop d’analyses sont en attente : réessayez dans un instant.', en: 'Too many analyses are waiting: retry in a moment.' },
  'observatory.not_proposed': {
    fr: 'Le territoire « {code} » n’est pas une zone prioritaire de cette analyse : seule une zone proposée peut être retenue ou écartée.',
    en: 'Territory "{code}" is not a priority zone of this analysis: only a proposed zone can be accepted or set aside.',
  },
};
