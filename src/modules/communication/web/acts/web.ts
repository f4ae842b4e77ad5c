import type { PartWeb } from '../part-web';

/** Pages of the acts part (portal and back-office). */
export const actsWeb: PartWeb = {
  name: 'acts',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
};
