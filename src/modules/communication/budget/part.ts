import type { CommunicationPart } from '../part';
import { BUDGET_PROBLEM_MESSAGES } from './problems';
import { BUDGET_PERMISSION, budgetRoutes } from './routes';
import { seedDemoBudget } from './seed';

/**
 * The budget part of the communication module: budget documents (TOTEM XML or SCDL table) imported
 * with a validation report, published for residents at `/budget` (see README.md).
 */
export const budgetPart: CommunicationPart = {
  name: 'budget',
  permissions: [
    {
      id: BUDGET_PERMISSION,
      description: 'Import budget documents (TOTEM XML, SCDL table), read their validation report, publish or unpublish them',
      roles: ['agent'],
    },
  ],
  portalPaths: ['/budget'],
  problemMessages: BUDGET_PROBLEM_MESSAGES,
  routes: (app, ctx) => budgetRoutes(app, ctx),
  seed: (s) => seedDemoBudget(s),
};
