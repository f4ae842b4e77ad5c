import { checkpointMadeSchema, checkpointsDocumentSchema, checkpointsQuery } from './api-schemas';
import { actorOf, requirePermission } from '../../platform/http/guards';
import type { App, AppContext } from '../../platform/modules';

/** Signed checkpoints of the audit log: published to anyone, made on demand by an administrator. */
export function checkpointRoutes(app: App, ctx: AppContext) {
  const checkpoints = () => ctx.services.trust.checkpoints;

  app.get(
    '/api/audit/checkpoints',
    {
      schema: {
        tags: ['transparency'],
        summary: 'Signed checkpoints of the audit log (newest first) and the public key that signs them',
        description:
          'Each checkpoint is an Ed25519 signature of the head of the audit chain (number of events, last event id, last hash, time). ' +
          'Keep a copy: `npm run audit:verify -- --checkpoints <copy>` shows later whether the chain was truncated or rewritten.',
        querystring: checkpointsQuery,
        response: { 200: checkpointsDocumentSchema },
      },
    },
    async (request) => checkpoints().document({ before: request.query.before, limit: request.query.limit }),
  );

  app.post(
    '/api/admin/audit/checkpoints',
    {
      preHandler: requirePermission(ctx, 'audit.checkpoint'),
      schema: {
        tags: ['audit'],
        summary: 'Sign a checkpoint of the audit log now (and send it to the witnesses)',
        response: { 201: checkpointMadeSchema },
      },
    },
    async (request, reply) => {
      const { checkpoint } = await checkpoints().make('request', actorOf(request));
      const page = await checkpoints().documentOf(checkpoint.id);
      return reply.status(201).send({ checkpoint: page!.checkpoints[0]! });
    },
  );
}
