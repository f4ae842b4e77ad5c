/**
 * What the assemblies module offers the other modules (`ctx.services.assemblies`, after declaring
 * `dependsOn: ['assemblies']`): the published assemblies, for a portal section or a newsletter.
 */
import type { AppContext } from '../../platform/modules';
import type { PublicAssemblyList } from './api-schemas';
import { listPublicAssemblies } from './draw-service';

export interface AssembliesServices {
  publishedAssemblies(): Promise<PublicAssemblyList['items']>;
}

export function createAssembliesServices(ctx: AppContext): AssembliesServices {
  return {
    publishedAssemblies: async () => (await listPublicAssemblies(ctx)).items,
  };
}
