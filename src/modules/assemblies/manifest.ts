import type { ModuleManifest } from '../../platform/modules';
import { ASSEMBLIES_PROBLEM_MESSAGES } from './problems';
import { ASSEMBLIES_AUTOMATED_FEATURES, assembliesRegisterEntries } from './register';
import { ASSEMBLIES_RETENTION } from './retention';
import { adminRoutes, PERMISSIONS } from './routes-admin';
import { publicRoutes } from './routes-public';
import { seedDemoAssemblies } from './seed';
import { createAssembliesServices, type AssembliesServices } from './services';
import { ASSEMBLIES_SETTINGS } from './settings';

/**
 * Citizens' assemblies by sortition: quotas, the pool of volunteers, the fairest distribution
 * (LEXIMIN), its publication with a commitment, the public draw anyone can verify, and
 * replacements. See README.md.
 */
declare module '../../platform/modules' {
  interface ModuleServices {
    assemblies: AssembliesServices;
  }
}

export const assembliesModule: ModuleManifest = {
  name: 'assemblies',
  // Staff routes authenticate through accounts.
  dependsOn: ['accounts'],
  // The public pages sit in the participation part of the portal (web manifest `web/manifest.ts`).
  portalPaths: ['/participation/assemblees', '/participation/assemblees/:id'],
  problemMessages: ASSEMBLIES_PROBLEM_MESSAGES,
  permissions: [
    {
      id: PERMISSIONS.organise,
      description: 'Organise citizens’ assemblies: quotas, the pool of volunteers and their personal data, the distribution, publication, draw, replacements and the panel’s export',
      roles: ['agent'],
    },
  ],
  automatedFeatures: ASSEMBLIES_AUTOMATED_FEATURES,
  registerEntries: assembliesRegisterEntries,
  settings: ASSEMBLIES_SETTINGS,
  retention: ASSEMBLIES_RETENTION,
  services: (ctx): AssembliesServices => createAssembliesServices(ctx),
  routes: async (app, ctx) => {
    publicRoutes(app, ctx);
    await adminRoutes(app, ctx);
  },
  seed: (s) => seedDemoAssemblies(s),
};
