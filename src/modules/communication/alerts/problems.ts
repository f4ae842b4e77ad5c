import type { ProblemMessages } from '../../../platform/http/problem-messages';

/** What the alerts part's problems say, in French and English (see `problem-messages.ts`). */
export const ALERTS_PROBLEM_MESSAGES: ProblemMessages = {
  'communication.alerts_mail_unavailable': {
    fr: 'Cette installation n’envoie pas de courriel : l’abonnement par courriel n’est pas disponible.',
    en: 'This installation sends no e-mail: subscribing by e-mail is not available.',
  },
  'communication.alerts_unknown_topic': { fr: 'Le thème « {topic} » n’existe pas.', en: 'The topic "{topic}" does not exist.' },
  'communication.alerts_unknown_zone': { fr: 'Le quartier « {zone} » n’existe pas.', en: 'The neighbourhood "{zone}" does not exist.' },
  'communication.alerts_no_place': {
    fr: 'Choisissez toute la commune ou au moins un quartier.',
    en: 'Choose the whole commune or at least one neighbourhood.',
  },
  'communication.alerts_rate_limited': { fr: 'Trop de demandes : réessayez dans {retryAfter} s.', en: 'Too many requests: try again in {retryAfter} s.' },
  'communication.alerts_link_invalid': { fr: 'Ce lien est inconnu ou a expiré.', en: 'This link is unknown or has expired.' },
  'communication.alerts_unsubscribed': {
    fr: 'Cet abonnement a été résilié : abonnez-vous de nouveau.',
    en: 'This subscription was cancelled: subscribe again.',
  },
  'communication.news_not_found': { fr: 'Cette actualité n’existe pas.', en: 'This news item does not exist.' },
  'communication.news_published': {
    fr: 'Cette actualité est déjà publiée : ses thèmes et quartiers ne changent plus.',
    en: 'This news item is already published: its topics and neighbourhoods no longer change.',
  },
};
