import type { ModuleManifest } from '../../platform/modules';
import { trustRoutes } from './routes';

/** The trust kernel's public face: algorithm register, audit log, settings. */
export const trustModule: ModuleManifest = {
  name: 'trust',
  permissions: [
    { id: 'settings.manage', description: 'Change settings, including AI providers', roles: [] },
    { id: 'audit.read', description: 'Read and verify the audit log', roles: ['analyst'] },
  ],
  routes: trustRoutes,
};
