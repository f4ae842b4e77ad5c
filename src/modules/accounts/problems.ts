import type { ProblemMessages } from '../../platform/http/problem-messages';

/** What the accounts module's problems say, in French and English (see `problem-messages.ts`). */
export const ACCOUNTS_PROBLEM_MESSAGES: ProblemMessages = {
  'auth.invalid_credentials': { fr: 'Adresse électronique ou mot de passe incorrect.', en: 'Invalid email or password.' },
  'auth.throttled': {
    fr: 'Trop de tentatives de connexion échouées ; réessayez dans {retryAfter} s.',
    en: 'Too many failed logins; try again in {retryAfter} s.',
  },
  'auth.csrf_invalid': {
    fr: 'En-tête x-csrf-token absent ou incorrect : rechargez la page puis recommencez.',
    en: 'Missing or invalid x-csrf-token header: reload the page and try again.',
  },
  'auth.password_change_required': {
    fr: 'Choisissez un nouveau mot de passe avant d’utiliser l’espace agents.',
    en: 'Choose a new password before using the back-office.',
  },
  'auth.cross_site': { fr: 'La connexion depuis un autre site n’est pas permise.', en: 'Logging in from another site is not allowed.' },
  'auth.deactivated': {
    fr: 'Ce compte est désactivé ; adressez-vous à un administrateur.',
    en: 'This account is deactivated; ask an administrator.',
  },
  'accounts.last_admin': {
    fr: 'C’est le dernier administrateur actif : nommez-en un autre d’abord.',
    en: 'This is the last active administrator; appoint another one first.',
  },
  'accounts.email_taken': { fr: 'Un compte existe déjà avec cette adresse électronique.', en: 'An account with this email already exists.' },
  'accounts.cannot_deactivate_self': { fr: 'Vous ne pouvez pas désactiver votre propre compte.', en: 'You cannot deactivate your own account.' },
  'accounts.wrong_current_password': { fr: 'Le mot de passe actuel n’est pas le bon.', en: 'The current password is not correct.' },
  'accounts.password_unchanged': {
    fr: 'Le nouveau mot de passe doit être différent de l’actuel.',
    en: 'The new password must differ from the current one.',
  },
};
