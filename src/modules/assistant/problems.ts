import type { ProblemMessages } from '../../platform/http/problem-messages';

/** What the assistant's problems say, in French and English (see `problem-messages.ts`). */
export const ASSISTANT_PROBLEM_MESSAGES: ProblemMessages = {
  'assistant.bad_range': {
    fr: 'Période non valide : « from » doit précéder « to », sur 400 jours au plus.',
    en: 'Invalid range: `from` must be before `to`, over at most 400 days.',
  },
  'assistant.whatsapp_verification_failed': {
    fr: 'Le jeton de vérification ne correspond pas.',
    en: 'The verification token does not match.',
  },
  'assistant.whatsapp_bad_payload': { fr: 'Notification WhatsApp non reconnue.', en: 'Unrecognised WhatsApp notification.' },
  'assistant.handoff_disabled': {
    fr: 'La transmission à un agent n’est pas proposée.',
    en: 'Hand-off to an agent is not available.',
  },
  'assistant.empty_conversation': {
    fr: 'Posez une question ou écrivez un message avant de demander un agent.',
    en: 'Ask a question or write a message before asking for an agent.',
  },
  'assistant.already_handed_off': {
    fr: 'Cette conversation a déjà été transmise à un agent.',
    en: 'This conversation has already been passed on to an agent.',
  },
  'assistant.ticket_closed': {
    fr: 'Cette demande est close ; commencez une nouvelle conversation.',
    en: 'This request is closed; start a new conversation.',
  },
  'assistant.unknown_assignee': { fr: 'Aucun membre du personnel n’a cet identifiant.', en: 'No staff member has this id.' },
  'assistant.assignee_deactivated': {
    fr: 'Le compte de ce membre du personnel est désactivé.',
    en: 'This staff member’s account is deactivated.',
  },
  'assistant.assignee_without_inbox': {
    fr: 'Ce membre du personnel n’a pas accès aux demandes transmises.',
    en: 'This staff member may not handle the hand-off inbox.',
  },
  'assistant.knowledge_unavailable': { fr: 'La base de connaissances n’est pas disponible.', en: 'The knowledge base is not available.' },
  'knowledge.validation_required': {
    fr: 'Seule une personne habilitée à valider peut publier, modifier ou retirer un document validé.',
    en: 'Only someone allowed to validate may publish, change or withdraw a validated document.',
  },
  'knowledge.invalid_validity': {
    fr: 'La date de fin de validité précède la date de début.',
    en: 'The end of validity comes before its start.',
  },
  'knowledge.no_content': { fr: 'Le document n’a pas de contenu à valider.', en: 'The document has no content to validate.' },
  'knowledge.vocabulary_duplicate': { fr: 'Ce terme existe déjà dans le vocabulaire.', en: 'This term is already in the vocabulary.' },
  'knowledge.upload_fields': { fr: 'Envoyez un seul fichier, dans le champ « file ».', en: 'Send a single file, in the "file" field.' },
  'knowledge.file_missing': { fr: 'Aucun fichier reçu (champ « file »).', en: 'No file received (field "file").' },
  'knowledge.file_empty': { fr: 'Le fichier est vide.', en: 'The file is empty.' },
  'knowledge.empty_document': { fr: 'Le document ne contient aucun texte.', en: 'The document contains no text.' },
  'knowledge.missing_title': { fr: 'Le document n’a pas de titre.', en: 'The document has no title.' },
  'knowledge.pdf_needs_ocr': {
    fr: 'Ce PDF ne contient pas de texte (document scanné) : il faut d’abord le passer à l’OCR.',
    en: 'This PDF contains no text (a scanned document): run it through OCR first.',
  },
};
