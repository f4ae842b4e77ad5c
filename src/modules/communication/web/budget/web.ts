import type { PartWeb } from '../part-web';

/** Pages of the budget part (portal and back-office). */
export const budgetWeb: PartWeb = {
  name: 'budget',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
};
