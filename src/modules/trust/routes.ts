import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents } from '../../platform/audit/schema';
import { verifyAuditChain } from '../../platform/audit/service';
import { actorOf, requirePermission } from '../../platform/http/guards';
import type { App, AppContext } from '../../platform/modules';
import { buildRegister, registerContext } from './register';

const localized = z.object({ fr: z.string(), en: z.string() });
const registerEntrySchema = z.object({
  id: z.string(),
  module: z.string(),
  name: localized,
  purpose: localized,
  organisation: z.object({ name: z.string(), contact: z.string() }),
  legalBasis: localized,
  dataUsed: localized,
  dataSources: z.array(z.string()),
  method: localized,
  provider: z.object({
    kind: z.enum(['none', 'openai-compatible']),
    baseUrl: z.string().nullable(),
    model: z.string().nullable(),
    label: z.string(),
  }),
  humanOversight: localized,
  howToContest: localized,
  riskCategory: z.enum(['not_ai', 'minimal', 'limited', 'high']),
  status: z.enum(['active', 'inactive', 'experimental']),
  lastChange: z.string().nullable(),
});

export function trustRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/register',
    {
      schema: {
        tags: ['transparency'],
        summary: 'Public register of the algorithms in use, generated from the running configuration',
        response: { 200: z.object({ generatedAt: z.string(), organisation: z.string(), entries: z.array(registerEntrySchema) }) },
      },
    },
    async () => {
      const rc = await registerContext(ctx);
      return { generatedAt: new Date().toISOString(), organisation: rc.organisation.name, entries: buildRegister(ctx.modules, rc) };
    },
  );

  app.get(
    '/api/public/settings/organisation',
    { schema: { tags: ['transparency'], summary: 'Public identity of the organisation running this Beffroi' } },
    async () => ctx.settings.getPublic('organisation'),
  );

  app.get(
    '/api/admin/settings',
    {
      preHandler: requirePermission(ctx, 'settings.manage'),
      schema: { tags: ['settings'], summary: 'All settings, secrets masked' },
    },
    async () => {
      const out: Record<string, unknown> = {};
      for (const d of ctx.settings.definitions()) out[d.key] = await ctx.settings.getPublic(d.key);
      return out;
    },
  );

  app.put(
    '/api/admin/settings/:key',
    {
      preHandler: requirePermission(ctx, 'settings.manage'),
      schema: {
        tags: ['settings'],
        summary: 'Replace one setting (validated by the schema its module declares); writes an audit event',
        params: z.strictObject({ key: z.string().min(1).max(100) }),
        body: z.strictObject({ value: z.unknown() }),
      },
    },
    async (request) => {
      const { key } = request.params;
      return ctx.db.transaction((tx) => ctx.settings.set(tx, actorOf(request), key, request.body.value));
    },
  );

  app.get(
    '/api/admin/audit',
    {
      preHandler: requirePermission(ctx, 'audit.read'),
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first',
        querystring: z.strictObject({
          before: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          action: z.string().max(100).optional(),
          subjectType: z.string().max(100).optional(),
        }),
      },
    },
    async (request) => {
      const { before, limit, action, subjectType } = request.query;
      const where: SQL[] = [];
      if (before) where.push(lt(auditEvents.id, before));
      if (action) where.push(eq(auditEvents.action, action));
      if (subjectType) where.push(eq(auditEvents.subjectType, subjectType));
      const rows = await ctx.db
        .select()
        .from(auditEvents)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(auditEvents.id))
        .limit(limit);
      return { events: rows, nextBefore: rows.length === limit ? rows[rows.length - 1]!.id : null };
    },
  );

  app.post(
    '/api/admin/audit/verify',
    {
      preHandler: requirePermission(ctx, 'audit.read'),
      schema: { tags: ['audit'], summary: 'Check the hash chain and name the first broken event' },
    },
    async () => verifyAuditChain(ctx.db),
  );
}
