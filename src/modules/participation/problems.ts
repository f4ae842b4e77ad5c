import type { ProblemMessages } from '../../platform/http/problem-messages';

/** What the participation module's problems say, in French and English (see `problem-messages.ts`). */
export const PARTICIPATION_PROBLEM_MESSAGES: ProblemMessages = {
  'participation.not_open': { fr: 'Cette consultation n’est pas ouverte à la participation.', en: 'This consultation is not open for participation.' },
  'participation.not_a_participant': {
    fr: 'Rejoignez d’abord cette consultation (aucun participant de cette consultation pour ce navigateur).',
    en: 'Join this consultation first (this browser is no participant of this consultation).',
  },
  'participation.statement_not_found': { fr: 'Cet énoncé n’existe pas dans cette consultation.', en: 'No such statement in this consultation.' },
  'participation.statement_not_votable': {
    fr: 'Cet énoncé n’est pas soumis au vote (en attente de modération ou écarté).',
    en: 'This statement is not open to votes (awaiting moderation or moderated out).',
  },
  'participation.form_disabled': { fr: 'Cette consultation ne propose pas cette forme de participation.', en: 'This consultation does not use this form of participation.' },
  'participation.rate_limited': { fr: 'Trop d’envois : réessayez dans {retryAfter} s.', en: 'Too many submissions: try again in {retryAfter} s.' },
  'participation.near_duplicate': {
    fr: 'Un texte presque identique a déjà été envoyé.',
    en: 'Something almost identical was already submitted.',
  },
  'participation.unknown_district': { fr: '« {district} » n’est pas un quartier de cette consultation.', en: '"{district}" is not a district of this consultation.' },
  'participation.unknown_zoning': { fr: 'Le découpage « {zoning} » n’existe pas.', en: 'There is no zoning "{zoning}".' },
  'participation.unknown_zones': { fr: 'Quartiers inconnus : {zones}.', en: 'Unknown districts: {zones}.' },
  'participation.dates_inverted': { fr: 'La date de clôture doit suivre la date d’ouverture.', en: 'The closing date must come after the opening date.' },
  'participation.no_form': {
    fr: 'Une consultation propose des énoncés à voter, des contributions libres, ou les deux.',
    en: 'A consultation uses statements to vote on, free contributions, or both.',
  },
  'participation.invalid_phase_change': { fr: 'Une consultation ne peut pas passer de « {from} » à « {to} ».', en: 'A consultation cannot go from "{from}" to "{to}".' },
  'participation.synthesis_missing': { fr: 'Il n’y a pas encore de synthèse : lancez-en une d’abord.', en: 'There is no synthesis yet: run one first.' },
  'participation.synthesis_not_published': { fr: 'La synthèse de cette consultation n’est pas publiée.', en: 'The synthesis of this consultation is not published.' },
  'participation.no_contributions': { fr: 'Aucune contribution publiée à synthétiser pour l’instant.', en: 'There are no published contributions to synthesise yet.' },
  'participation.synthesis.theme_not_found': { fr: 'Ce thème n’existe pas dans la synthèse.', en: 'No such theme in the synthesis.' },
  'participation.synthesis.contribution_not_found': {
    fr: 'Cette contribution n’est pas là où la demande la cherche dans la synthèse.',
    en: 'This contribution is not where the request looks for it in the synthesis.',
  },
  'participation.synthesis.invalid_change': { fr: 'Cette modification de la synthèse n’est pas possible.', en: 'This change to the synthesis is not possible.' },
  'participation.item_not_found': { fr: 'Cet énoncé ou cette contribution n’existe pas.', en: 'No such statement or contribution.' },
  'participation.mail_unavailable': {
    fr: 'Cette installation n’envoie pas de courriel : la confirmation d’adresse n’est pas disponible.',
    en: 'This installation sends no e-mail: confirming an address is not available.',
  },
  'participation.email_already_confirmed': { fr: 'Une adresse est déjà confirmée pour ce participant.', en: 'An address is already confirmed for this participant.' },
  'participation.email_taken': {
    fr: 'Cette adresse est déjà confirmée par un autre participant de cette consultation.',
    en: 'This address is already confirmed by another participant of this consultation.',
  },
  'participation.confirmation_invalid': { fr: 'Ce lien de confirmation est inconnu ou a expiré.', en: 'This confirmation link is unknown or has expired.' },
  'participation.import_not_empty': {
    fr: 'Une conversation Pol.is s’importe dans une consultation à énoncés qui n’en a encore aucun.',
    en: 'A Pol.is conversation is imported into a consultation with statements to vote on and none yet.',
  },
  'participation.import_rows_invalid': {
    fr: '{count} ligne(s) ne peuvent pas être importées ; rien n’a été importé (voir « problems », ou demandez l’import des lignes valides).',
    en: '{count} row(s) cannot be imported; nothing was imported (see "problems", or ask for the valid rows to be imported).',
  },
  'participation.import_file_invalid': { fr: 'Le fichier {file} ne peut pas être importé.', en: 'The file {file} cannot be imported.' },
  'participation.import_unknown_columns': { fr: 'Colonnes absentes du fichier : {columns}.', en: 'Columns not in the file: {columns}.' },
  'participation.import_unknown_sheet': { fr: 'Le classeur n’a pas de feuille « {sheet} ».', en: 'The workbook has no sheet "{sheet}".' },
  'participation.import_empty': { fr: 'La transcription ne contient aucun passage à importer.', en: 'The transcript holds no passage to import.' },
  'participation.import_fields': { fr: 'Envoyez un fichier par champ prévu.', en: 'Send one file per expected field.' },
  'participation.import_file_missing': { fr: 'Fichier manquant.', en: 'A file is missing.' },
};
