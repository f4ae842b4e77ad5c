/** A test application with only what the knowledge base needs, and staff users chosen by header. */
import type { FastifyRequest } from 'fastify';
import { createApp, type BeffroiApp } from '../../../../platform/app';
import type { Authenticator, StaffUser } from '../../../../platform/http/guards';
import type { ModuleManifest, Role } from '../../../../platform/modules';
import { ROLES } from '../../../../platform/modules';
import { openTestDatabase, testConfig } from '../../../../platform/testing/db';
import { createKnowledgeService, knowledgePermissions, knowledgeRoutes } from '../index';
import { knowledgeJobHandlers, type KnowledgeJobOptions } from '../jobs';

/** `x-test-role: admin|agent|moderator|analyst` authenticates the request as that role. */
export const fakeAccounts: ModuleManifest = {
  name: 'accounts',
  services: (): Authenticator => ({
    async authenticate(request: FastifyRequest): Promise<StaffUser | null> {
      const role = request.headers['x-test-role'];
      if (typeof role !== 'string' || !ROLES.includes(role as Role)) return null;
      return { id: `user-${role}`, email: `${role}@test.beffroi.fr`, displayName: role, role: role as Role };
    },
    async assertCsrf() {},
    async assertUnrestricted() {},
  }),
};

export function knowledgeTestModule(options: KnowledgeJobOptions = {}): ModuleManifest {
  return {
    name: 'assistant',
    dependsOn: ['accounts'],
    permissions: knowledgePermissions,
    jobs: (ctx) => knowledgeJobHandlers(() => ctx, options),
    services: (ctx) => ({ knowledge: createKnowledgeService(ctx) }),
    routes: knowledgeRoutes,
  };
}

export async function createKnowledgeTestApp(
  opts: { env?: Record<string, string>; jobOptions?: KnowledgeJobOptions } = {},
): Promise<BeffroiApp> {
  return createApp({
    config: testConfig(opts.env),
    modules: [fakeAccounts, knowledgeTestModule(opts.jobOptions)],
    database: await openTestDatabase(),
    webRoot: null,
    logger: false,
    startWorkers: false,
  });
}
