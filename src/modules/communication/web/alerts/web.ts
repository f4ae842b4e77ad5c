import type { PartWeb } from '../part-web';

/** Pages of the alerts part (portal and back-office). */
export const alertsWeb: PartWeb = {
  name: 'alerts',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
};
