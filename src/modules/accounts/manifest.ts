import type { ModuleManifest } from '../../platform/modules';
import { accountsRoutes } from './routes';
import { createAccountsService, type AccountsService } from './service';

/**
 * Staff accounts, sessions and CSRF. Its services are the platform's `Authenticator`
 * (looked up as `ctx.services.accounts`), so it starts first.
 */
export const accountsModule: ModuleManifest = {
  name: 'accounts',
  permissions: [{ id: 'users.manage', description: 'Create, change, deactivate staff accounts and reset their passwords', roles: [] }],
  services: (ctx) => createAccountsService(ctx),
  routes: accountsRoutes,
  bootstrap: (ctx) => (ctx.services.accounts as AccountsService).bootstrapAdmin(),
};
