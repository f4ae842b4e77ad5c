import type { ModuleManifest } from '../../platform/modules';
import { EMAIL_CONFIRMATION_JOB, emailConfirmationJobHandler } from './email';
import { OPINION_GROUPS_JOB, opinionGroupsJobHandler, scheduleStaleOpinionGroups } from './opinion-groups-service';
import { PARTICIPATION_PROBLEM_MESSAGES } from './problems';
import { PARTICIPATION_AUTOMATED_FEATURES, participationRegisterEntries } from './register';
import { PARTICIPATION_RETENTION } from './retention';
import { adminRoutes, PERMISSIONS } from './routes-admin';
import { publicRoutes } from './routes-public';
import { seedDemoParticipation } from './seed';
import { createParticipationServices, type ParticipationServices } from './services';
import { PARTICIPATION_SETTINGS } from './settings';
import { SYNTHESIS_JOB, synthesisJobHandler } from './synthesis-service';

/**
 * Participation: consultations with statements to vote on (Pol.is-grade opinion groups) and free
 * contributions (a synthesis where every quote is a resident's own words), without accounts.
 * See README.md.
 */
declare module '../../platform/modules' {
  interface ModuleServices {
    participation: ParticipationServices;
  }
}

export const participationModule: ModuleManifest = {
  name: 'participation',
  // Staff routes authenticate through accounts; districts and their populations come from territory.
  dependsOn: ['accounts', 'territory'],
  portalPaths: ['/participation', '/participation/:consultationId', '/participation/:consultationId/*', '/participation/confirmer/:token'],
  problemMessages: PARTICIPATION_PROBLEM_MESSAGES,
  permissions: [
    { id: PERMISSIONS.manage, description: 'Create, edit, open and close consultations; import and export; run and publish syntheses', roles: ['agent'] },
    { id: PERMISSIONS.moderate, description: 'Moderate statements and contributions (with the texts as written)', roles: ['moderator', 'agent'] },
    { id: PERMISSIONS.synthesis, description: 'Rename, merge and split synthesis themes and move contributions', roles: ['moderator', 'agent'] },
    { id: PERMISSIONS.analytics, description: 'Follow participation, representativeness and exports of consultations', roles: ['analyst', 'moderator', 'agent'] },
  ],
  automatedFeatures: PARTICIPATION_AUTOMATED_FEATURES,
  registerEntries: participationRegisterEntries,
  settings: PARTICIPATION_SETTINGS,
  retention: PARTICIPATION_RETENTION,
  jobs: (ctx) => ({
    [OPINION_GROUPS_JOB]: opinionGroupsJobHandler(() => ctx),
    [SYNTHESIS_JOB]: synthesisJobHandler(() => ctx),
    [EMAIL_CONFIRMATION_JOB]: emailConfirmationJobHandler(() => ctx),
  }),
  services: (ctx): ParticipationServices => createParticipationServices(ctx),
  routes: async (app, ctx) => {
    publicRoutes(app, ctx);
    await adminRoutes(app, ctx);
  },
  onStart: (ctx) => scheduleStaleOpinionGroups(ctx),
  seed: (s) => seedDemoParticipation(s),
};
