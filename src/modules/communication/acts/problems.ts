import type { ProblemMessages } from '../../../platform/http/problem-messages';

/** What the acts part's problems say, in French and English (see `problem-messages.ts`). */
export const ACTS_PROBLEM_MESSAGES: ProblemMessages = {
  'communication.acts.not_a_document': { fr: 'Ce fichier n’est pas un document (PDF, DOCX, Markdown ou texte).', en: 'This file is not a document (PDF, DOCX, Markdown or text).' },
  'communication.acts.not_a_table': { fr: 'Ce fichier n’est pas un tableau CSV.', en: 'This file is not a CSV table.' },
  'communication.acts.duplicate_file': { fr: 'Ce fichier est déjà dans la séance.', en: 'This file is already in the session.' },
  'communication.acts.import_fields': { fr: 'Envoyez les fichiers dans le champ « files ».', en: 'Send the files in the field "files".' },
  'communication.acts.import_file_missing': { fr: 'Aucun fichier reçu.', en: 'No file received.' },
  'communication.acts.scdl_columns_missing': {
    fr: 'Le tableau n’a pas les colonnes indispensables ({columns}) : rien n’a été importé.',
    en: 'The table lacks the essential columns ({columns}): nothing was imported.',
  },
  'communication.acts.scdl_rows_invalid': { fr: '{count} problème(s) dans le fichier : rien n’a été importé.', en: '{count} problem(s) in the file: nothing was imported.' },
  'communication.acts.scdl_empty': { fr: 'Le tableau ne contient aucune délibération.', en: 'The table contains no deliberation.' },
  'communication.acts.unknown_topic': { fr: 'Thème inconnu : {topics}.', en: 'Unknown topic: {topics}.' },
  'communication.acts.unknown_zone': { fr: 'Zone inconnue : {zone}.', en: 'Unknown zone: {zone}.' },
  'communication.acts.published_frozen': {
    fr: 'Cet acte est publié : seuls ses thèmes et ses zones peuvent encore changer. Une correction se publie comme un nouvel acte (erratum).',
    en: 'This act is published: only its topics and zones can still change. A correction is published as a new act (erratum).',
  },
  'communication.acts.outcome_missing': {
    fr: 'Une délibération se publie avec son résultat (adoptée ou rejetée) : indiquez-le d’abord.',
    en: 'A deliberation is published with its outcome (adopted or rejected): set it first.',
  },
  'communication.acts.original_not_pdf': {
    fr: 'L’original publié doit être un PDF (format non modifiable) : joignez d’abord le PDF de l’acte.',
    en: 'The published original must be a PDF (a non-editable format): attach the act’s PDF first.',
  },
  'communication.acts.original_not_pdf_file': { fr: 'L’original doit être un fichier PDF.', en: 'The original must be a PDF file.' },
  'communication.acts.session_incomplete': {
    fr: '{count} acte(s) ne peuvent pas encore être publiés : rien n’a été publié.',
    en: '{count} act(s) cannot be published yet: nothing was published.',
  },
  'communication.acts.upload_too_large': {
    fr: 'L’envoi dépasse {maxMegabytes} Mo au total : envoyez moins de fichiers à la fois.',
    en: 'The upload exceeds {maxMegabytes} MB in total: send fewer files at once.',
  },
  'communication.acts.already_published': { fr: 'Cet acte est déjà publié.', en: 'This act is already published.' },
  'communication.acts.nothing_to_publish': { fr: 'Tous les actes de cette séance sont déjà publiés.', en: 'Every act of this session is already published.' },
  'communication.acts.published_permanent': {
    fr: 'Un acte publié reste en ligne : il ne peut pas être supprimé. Publiez un acte rectificatif.',
    en: 'A published act stays online: it cannot be deleted. Publish a correcting act.',
  },
};
