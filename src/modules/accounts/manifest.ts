import type { ModuleManifest } from '../../platform/modules';
import { ACCOUNTS_PROBLEM_MESSAGES } from './problems';
import { ACCOUNTS_RETENTION } from './retention';
import { accountsRoutes } from './routes';
import { createAccountsService, type AccountsService } from './service';

/**
 * Staff accounts, sessions and CSRF. Its services are the platform's `Authenticator`
 * (looked up as `ctx.services.accounts`), so it starts first.
 */
declare module '../../platform/modules' {
  interface ModuleServices {
    accounts: AccountsService;
  }
}

export const accountsModule: ModuleManifest = {
  name: 'accounts',
  permissions: [{ id: 'users.manage', description: 'Create, change, deactivate staff accounts and reset their passwords', roles: [] }],
  services: (ctx): AccountsService => createAccountsService(ctx),
  routes: accountsRoutes,
  problemMessages: ACCOUNTS_PROBLEM_MESSAGES,
  retention: ACCOUNTS_RETENTION,
  bootstrap: (ctx) => ctx.services.accounts.bootstrapAdmin(),
};
