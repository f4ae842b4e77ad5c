import type { ModuleManifest } from '../../platform/modules';
import type { TerritoryServices } from './contract';
import { seedDemoTerritory } from './demo/seed';
import { TERRITORY_PROBLEM_MESSAGES } from './problems';
import { TERRITORY_MANAGE, territoryRoutes } from './routes';
import { territoryServiceFor } from './service';
import { TERRITORY_SETTINGS } from './settings';

/**
 * The territory: zonings (communes, IRIS, a commune's own districts) and their zones, with outlines,
 * hierarchy and populations, for every other module (`ctx.services.territory`, see README.md).
 */
declare module '../../platform/modules' {
  interface ModuleServices {
    territory: TerritoryServices;
  }
}

export const territoryModule: ModuleManifest = {
  name: 'territory',
  // The import and zoning routes are staff routes: they authenticate through accounts.
  dependsOn: ['accounts'],
  permissions: [
    {
      id: TERRITORY_MANAGE,
      description: 'Create, change and delete zonings and import their zones from GeoJSON',
      roles: [],
    },
  ],
  settings: TERRITORY_SETTINGS,
  problemMessages: TERRITORY_PROBLEM_MESSAGES,
  services: (ctx): TerritoryServices => territoryServiceFor(ctx),
  routes: territoryRoutes,
  onStart: (ctx) => territoryServiceFor(ctx).warm(),
  seed: seedDemoTerritory,
};
