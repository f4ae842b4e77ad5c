import {
  CHECKPOINT_EMAIL_JOB,
  CHECKPOINT_JOB,
  CHECKPOINT_WEBHOOK_JOB,
  CHECKPOINTS_SETTING,
  checkpointEmailJobHandler,
  checkpointJobHandler,
  checkpointWebhookJobHandler,
  createAuditCheckpoints,
  type AuditCheckpoints,
} from '../../platform/audit/checkpoints';
import { HttpProblem } from '../../platform/http/problem';
import type { ModuleManifest } from '../../platform/modules';
import { checkpointRoutes } from './checkpoint-routes';
import { trustRoutes } from './routes';

declare module '../../platform/modules' {
  interface ModuleServices {
    trust: { checkpoints: AuditCheckpoints };
  }
}

/** The trust kernel's public face: algorithm register, audit log, settings. */
export const trustModule: ModuleManifest = {
  name: 'trust',
  // Staff routes authenticate through accounts.
  dependsOn: ['accounts'],
  permissions: [
    { id: 'settings.manage', description: 'Change settings, including AI providers', roles: [] },
    { id: 'audit.read', description: 'Read and verify the audit log', roles: ['analyst'] },
    { id: 'audit.checkpoint', description: 'Sign a checkpoint of the audit log on demand', roles: [] },
  ],
  settings: [CHECKPOINTS_SETTING],
  services: (ctx) => ({ checkpoints: createAuditCheckpoints(ctx) }),
  jobs: (ctx) => ({
    [CHECKPOINT_JOB]: checkpointJobHandler(() => ctx.services.trust.checkpoints, () => ctx.log),
    [CHECKPOINT_WEBHOOK_JOB]: checkpointWebhookJobHandler(() => ctx.services.trust.checkpoints),
    [CHECKPOINT_EMAIL_JOB]: checkpointEmailJobHandler(() => ctx, () => ctx.services.trust.checkpoints),
  }),
  routes: async (app, ctx) => {
    trustRoutes(app, ctx);
    checkpointRoutes(app, ctx);
  },
  onStart: async (ctx) => {
    const { checkpoints } = ctx.services.trust;
    // A missing or unreadable key stops the start here, like a bad configuration.
    checkpoints.signingKey();
    try {
      await checkpoints.make('start');
    } catch (err) {
      // A chain that no longer matches its last checkpoint must be seen, not stop the commune's services.
      if (!(err instanceof HttpProblem)) throw err;
      ctx.log.error({ code: err.code }, `No audit checkpoint at start: ${err.message}`);
    }
    await checkpoints.schedule(new Date());
  },
};
