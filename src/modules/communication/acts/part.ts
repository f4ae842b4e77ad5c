import type { CommunicationPart } from '../part';
import { ACTS_PROBLEM_MESSAGES } from './problems';
import { ACTS_AUTOMATED_FEATURES, actsRegisterEntries } from './register';
import { actsRoutes, ACTS_PERMISSIONS } from './routes';
import { seedDemoActs } from './seed';

/**
 * The acts part of the communication module (see ../README.md): council sessions and their acts,
 * imported (PDF, DOCX, SCDL table), summarised, published as the law asks (`/deliberations`), given
 * to the assistant's knowledge base, and announced to the alerts part.
 */
export const actsPart: CommunicationPart = {
  name: 'acts',
  permissions: [
    {
      id: ACTS_PERMISSIONS.publish,
      description: 'Import council sessions and acts (files, SCDL table), edit their metadata and publish them',
      roles: ['agent'],
    },
  ],
  automatedFeatures: ACTS_AUTOMATED_FEATURES,
  registerEntries: actsRegisterEntries,
  problemMessages: ACTS_PROBLEM_MESSAGES,
  portalPaths: ['/deliberations', '/deliberations/actes/:id'],
  routes: (app, ctx) => actsRoutes(app, ctx),
  seed: (s) => seedDemoActs(s),
};
