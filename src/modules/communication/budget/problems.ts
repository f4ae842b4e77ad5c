import type { ProblemMessages } from '../../../platform/http/problem-messages';

/** What the budget part's problems say, in French and English. */
export const BUDGET_PROBLEM_MESSAGES: ProblemMessages = {
  'communication.budget_import_refused': {
    fr: '{count} problème(s) dans le fichier : rien n’a été importé. Le rapport donne chaque ligne refusée et sa raison.',
    en: '{count} problem(s) in the file: nothing was imported. The report gives each refused line and its reason.',
  },
  'communication.budget_exists': {
    fr: 'Le document {kind} {year} du SIRET {siret} est déjà importé : cochez « remplacer » pour le remplacer.',
    en: 'The {kind} {year} document of SIRET {siret} is already imported: tick "replace" to replace it.',
  },
  'communication.budget_too_many_lines': {
    fr: 'Un document a au plus {max} lignes.',
    en: 'A document has at most {max} lines.',
  },
  'communication.budget_file_missing': { fr: 'Aucun fichier reçu.', en: 'No file received.' },
  'communication.budget_import_fields': { fr: 'Envoyez un seul fichier, dans le champ « file ».', en: 'Send one file, in the field "file".' },
};
