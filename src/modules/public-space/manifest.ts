import type { ModuleManifest } from '../../platform/modules';
import { NOTIFY_JOB, notifyJobHandler } from './notifications';
import { PUBLIC_SPACE_PROBLEM_MESSAGES } from './problems';
import { PUBLIC_SPACE_AUTOMATED_FEATURES, publicSpaceRegisterEntries } from './register';
import { PUBLIC_SPACE_RETENTION } from './retention';
import { adminRoutes, PERMISSIONS } from './routes-admin';
import { OPEN311_CROSS_ORIGIN_PATHS, open311Routes } from './routes-open311';
import { publicRoutes } from './routes-public';
import { locateReports, seedDemoPublicSpace } from './seed';
import { createPublicSpaceServices, type PublicSpaceServices } from './services';
import { PUBLIC_SPACE_SETTINGS } from './settings';

/**
 * Public space: residents report problems on a map (no account), agents fix them through
 * DansMaRue's workflow, the city measures cleanliness objectively (AVPU), and any Open311 client
 * talks to it (GeoReport v2). See README.md.
 */
declare module '../../platform/modules' {
  interface ModuleServices {
    'public-space': PublicSpaceServices;
  }
}

export const publicSpaceModule: ModuleManifest = {
  name: 'public-space',
  // Staff routes authenticate through accounts; the commune's outline, districts and populations come from territory.
  dependsOn: ['accounts', 'territory'],
  // The web manifest's portal routes (`web/manifest.ts`); the tracking link e-mailed is `/signalements/suivi/<token>`.
  portalPaths: ['/signalements', '/signalements/nouveau', '/signalements/tableau-de-bord', '/signalements/suivi/:token', '/signalements/:number'],
  crossOriginPaths: OPEN311_CROSS_ORIGIN_PATHS,
  problemMessages: PUBLIC_SPACE_PROBLEM_MESSAGES,
  permissions: [
    { id: PERMISSIONS.triage, description: 'Triage and process reports: statuses, assignment, notes, public updates, edits, merges, photos', roles: ['agent'] },
    { id: PERMISSIONS.contacts, description: 'See the contact details residents left on reports (each reading audited)', roles: ['agent'] },
    { id: PERMISSIONS.configure, description: 'Configure categories, teams, Open311 API keys, sensitive places and addresses; import reports', roles: [] },
    { id: PERMISSIONS.surveys, description: 'Record and import cleanliness surveys and see their indicators', roles: ['agent', 'analyst'] },
  ],
  automatedFeatures: PUBLIC_SPACE_AUTOMATED_FEATURES,
  registerEntries: publicSpaceRegisterEntries,
  settings: PUBLIC_SPACE_SETTINGS,
  retention: PUBLIC_SPACE_RETENTION,
  jobs: (ctx) => ({ [NOTIFY_JOB]: notifyJobHandler(() => ctx) }),
  services: (ctx): PublicSpaceServices => createPublicSpaceServices(ctx),
  routes: async (app, ctx) => {
    await publicRoutes(app, ctx);
    await adminRoutes(app, ctx);
    await open311Routes(app, ctx);
  },
  onStart: async (ctx) => {
    // Never stops the start: a failure is logged and the next start tries again.
    await locateReports(ctx).catch((err: unknown) => ctx.log.warn({ err }, 'public-space: locating reports failed'));
  },
  seed: (s) => seedDemoPublicSpace(s),
};
