import type { PartWeb } from '../part-web';

/** Pages of the agenda part (portal and back-office). */
export const agendaWeb: PartWeb = {
  name: 'agenda',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
};
