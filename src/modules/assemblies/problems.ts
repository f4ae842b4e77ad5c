import type { ProblemMessages } from '../../platform/http/problem-messages';

/** What the assemblies module's problems say, in French and English (see `problem-messages.ts`). */
export const ASSEMBLIES_PROBLEM_MESSAGES: ProblemMessages = {
  'assemblies.quota_min_above_max': {
    fr: 'Le minimum de « {feature} : {value} » dépasse son maximum ({min} > {max}).',
    en: 'The minimum of "{feature}: {value}" exceeds its maximum ({min} > {max}).',
  },
  'assemblies.quota_minimums_exceed_panel': {
    fr: 'Les minimums de « {feature} » font {sum} sièges, plus que l’assemblée de {panelSize} personnes : aucun tirage ne peut les respecter.',
    en: 'The minimums of "{feature}" add up to {sum} seats, more than the panel of {panelSize}: no draw can meet them.',
  },
  'assemblies.quota_maximums_below_panel': {
    fr: 'Les maximums de « {feature} » font {sum} sièges, moins que l’assemblée de {panelSize} personnes.',
    en: 'The maximums of "{feature}" add up to {sum} seats, less than the panel of {panelSize}.',
  },
  'assemblies.quota_duplicate': { fr: 'Le quota « {feature} : {value} » est donné deux fois.', en: 'The quota "{feature}: {value}" is given twice.' },
  'assemblies.quota_flex_invalid': {
    fr: 'Les bornes de relâchement de « {feature} : {value} » doivent encadrer le minimum et le maximum.',
    en: 'The relaxation bounds of "{feature}: {value}" must surround the minimum and the maximum.',
  },
  'assemblies.quota_above_panel': {
    fr: 'Le quota « {feature} : {value} » dépasse la taille de l’assemblée ({panelSize}).',
    en: 'The quota "{feature}: {value}" exceeds the panel size ({panelSize}).',
  },
  'assemblies.pool_too_small': {
    fr: 'Le vivier compte {pool} volontaires pour une assemblée de {panelSize} personnes : il en faut au moins autant que de sièges.',
    en: 'The pool has {pool} volunteers for a panel of {panelSize}: it needs at least as many as there are seats.',
  },
  'assemblies.pool_values_unknown': {
    fr: 'Des volontaires ont des valeurs sans quota ({count}) : ajoutez ces valeurs aux quotas ou réimportez le vivier.',
    en: 'Some volunteers have values without a quota ({count}): add those values to the quotas or import the pool again.',
  },
  'assemblies.import_rows_invalid': {
    fr: '{count} problème(s) dans le fichier : rien n’a été importé.',
    en: '{count} problem(s) in the file: nothing was imported.',
  },
  'assemblies.import_file_missing': { fr: 'Aucun fichier reçu (champ « file »).', en: 'No file received (field "file").' },
  'assemblies.import_fields': { fr: 'Envoyez un seul fichier, dans le champ « file ».', en: 'Send one file, in the field "file".' },
  'assemblies.no_quotas': { fr: 'Définissez les quotas avant d’importer le vivier.', en: 'Set the quotas before importing the pool.' },
  'assemblies.not_editable': {
    fr: 'Cette assemblée est déjà publiée : ses quotas et son vivier ne changent plus.',
    en: 'This assembly is already published: its quotas and pool can no longer change.',
  },
  'assemblies.no_pool': { fr: 'Importez d’abord le vivier des volontaires.', en: 'Import the pool of volunteers first.' },
  'assemblies.infeasible': {
    fr: 'Les quotas ne peuvent pas être respectés avec ce vivier : relâchez-les comme proposé.',
    en: 'The quotas cannot be met with this pool: relax them as proposed.',
  },
  'assemblies.pool_too_large': {
    fr: 'Le vivier compte {pool} volontaires ; le calcul en ligne en accepte {max} au plus (réglage assemblies.computation).',
    en: 'The pool has {pool} volunteers; the online computation accepts at most {max} (setting assemblies.computation).',
  },
  'assemblies.computation_failed': {
    fr: 'Le calcul de la répartition n’a pas abouti : {reason}',
    en: 'The distribution could not be computed: {reason}',
  },
  'assemblies.not_computed': { fr: 'Calculez d’abord la répartition.', en: 'Compute the distribution first.' },
  'assemblies.already_published': { fr: 'La répartition de cette assemblée est déjà publiée.', en: 'This assembly’s distribution is already published.' },
  'assemblies.randomness_required': {
    fr: 'Un tirage a besoin d’une graine secrète engagée, d’une source publique annoncée, ou des deux.',
    en: 'A draw needs a committed secret seed, an announced public source, or both.',
  },
  'assemblies.not_published': { fr: 'Publiez d’abord la répartition et l’engagement.', en: 'Publish the distribution and the commitment first.' },
  'assemblies.already_drawn': { fr: 'Le tirage de cette assemblée a déjà eu lieu.', en: 'This assembly was already drawn.' },
  'assemblies.public_value_required': {
    fr: 'Donnez la valeur de la source publique annoncée : « {source} ».',
    en: 'Give the value of the announced public source: "{source}".',
  },
  'assemblies.not_drawn': { fr: 'Le tirage n’a pas encore eu lieu.', en: 'The draw has not taken place yet.' },
  'assemblies.not_on_panel': { fr: '« {pseudonym} » n’est pas membre de l’assemblée tirée.', en: '"{pseudonym}" is not a member of the drawn panel.' },
  'assemblies.replacements_infeasible': {
    fr: 'Aucun remplacement ne respecte les quotas avec les volontaires restants.',
    en: 'No replacement meets the quotas with the remaining volunteers.',
  },
  'assemblies.personal_data_deleted': {
    fr: 'Les données personnelles des volontaires ont été supprimées le {date}.',
    en: 'The volunteers’ personal data was deleted on {date}.',
  },
  'assemblies.deletion_date_past': {
    fr: 'La date de suppression des données personnelles doit être à venir.',
    en: 'The deletion date of personal data must be in the future.',
  },
};
