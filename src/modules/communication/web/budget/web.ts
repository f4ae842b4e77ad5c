import type { ComponentType } from 'react';
import type { PartWeb } from '../part-web';

const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => () => load().then((m) => ({ default: m[name] }));
/** The permission `budget/routes.ts` declares. */
const BUDGET = 'communication.budget';

/** Pages of the budget part: `/budget` for residents, `/admin/budget` for agents. */
export const budgetWeb: PartWeb = {
  name: 'budget',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
  portal: {
    routes: [{ path: '/budget', page: page(() => import('./BudgetPage'), 'BudgetPage') }],
    nav: [{ to: '/budget', label: 'budget.nav', order: 50 }],
  },
  admin: {
    routes: [{ path: '/admin/budget', permission: BUDGET, page: page(() => import('./BudgetAdminPage'), 'BudgetAdminPage') }],
    nav: [{ to: '/admin/budget', label: 'budget.admin.nav', permission: BUDGET, order: 300 }],
    dashboard: [{ to: '/admin/budget', label: 'budget.admin.nav', text: 'budget.admin.dashboardText', permission: BUDGET, order: 300 }],
  },
};
