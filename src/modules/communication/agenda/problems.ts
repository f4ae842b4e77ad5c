import type { ProblemMessages } from '../../../platform/http/problem-messages';

/** What the agenda part's problems say, in French and English. */
export const AGENDA_PROBLEM_MESSAGES: ProblemMessages = {
  'communication.agenda_unknown_topic': { fr: 'Le thème « {topic} » n’existe pas.', en: 'The topic "{topic}" does not exist.' },
  'communication.agenda_unknown_zone': { fr: 'Le quartier ou la zone « {zone} » n’existe pas.', en: 'The neighbourhood or zone "{zone}" does not exist.' },
  'communication.agenda_end_before_start': { fr: 'L’événement finit avant de commencer.', en: 'The event ends before it starts.' },
  'communication.agenda_import_unreadable': { fr: 'Le fichier n’est pas un JSON lisible : {reason}', en: 'The file is not readable JSON: {reason}' },
  'communication.agenda_import_empty': { fr: 'Aucun événement n’a pu être lu dans le fichier : rien n’a été importé.', en: 'No event could be read from the file: nothing was imported.' },
  'communication.agenda_file_missing': { fr: 'Aucun fichier reçu.', en: 'No file received.' },
  'communication.agenda_import_fields': { fr: 'Envoyez un seul fichier, dans le champ « file ».', en: 'Send one file, in the field "file".' },
};
