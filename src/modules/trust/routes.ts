import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents } from '../../platform/audit/schema';
import { findingSummary, verifyChainAgainstCheckpoints } from '../../platform/audit/verify-checkpoints';
import { actorOf, requirePermission } from '../../platform/http/guards';
import type { App, AppContext } from '../../platform/modules';
import { maskedSettingSchema } from '../../platform/settings/api-schemas';
import { ORGANISATION_KEY } from '../../platform/settings/core';
import {
  auditPageSchema,
  auditQuery,
  organisationViewSchema,
  registerDocumentSchema,
  settingKeyParams,
  settingUpdateBody,
  verifyResultSchema,
  type Organisation,
} from './api-schemas';
import { buildRegister, registerContext } from './register';

export function trustRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/register',
    {
      schema: {
        tags: ['transparency'],
        summary: 'Public register of the algorithms in use, generated from the running configuration',
        response: { 200: registerDocumentSchema },
      },
    },
    async () => {
      const rc = await registerContext(ctx);
      return { generatedAt: new Date().toISOString(), organisation: rc.organisation.name, entries: buildRegister(ctx.modules, rc) };
    },
  );

  app.get(
    '/api/public/settings/organisation',
    {
      schema: {
        tags: ['transparency'],
        summary: 'Public identity of the organisation running this Beffroi',
        response: { 200: organisationViewSchema },
      },
    },
    // No secret in it: the value as stored.
    async () => ctx.settings.get<Organisation>(ORGANISATION_KEY),
  );

  app.get(
    '/api/admin/settings',
    {
      preHandler: requirePermission(ctx, 'settings.manage'),
      schema: {
        tags: ['settings'],
        summary: 'All settings, secrets masked',
        // Each setting's value as its module's schema gives it, every secret a `{ set }` marker.
        response: {
          200: z.object(
            Object.fromEntries(ctx.settings.definitions().map((d) => [d.key, maskedSettingSchema(d.schema, d.secretPaths)])),
          ),
        },
      },
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
        params: settingKeyParams,
        body: settingUpdateBody,
        response: {
          200: z.unknown().describe('The value stored, secrets masked: the shape of this key in GET /api/admin/settings'),
        },
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
        querystring: auditQuery,
        response: { 200: auditPageSchema },
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
      return {
        events: rows.map((row) => ({ ...row, occurredAt: row.occurredAt.toISOString() })),
        nextBefore: rows.length === limit ? rows[rows.length - 1]!.id : null,
      };
    },
  );

  app.post(
    '/api/admin/audit/verify',
    {
      preHandler: requirePermission(ctx, 'audit.read'),
      schema: {
        tags: ['audit'],
        summary: 'Check the hash chain and name the first broken event, then compare it with the signed checkpoints stored',
        response: { 200: verifyResultSchema },
      },
    },
    async () => {
      // `ok` is the chain's own verdict; `checkpoints` says whether it still holds every signed head
      // (a truncated or recomputed chain verifies by itself).
      const report = await verifyChainAgainstCheckpoints(ctx.db, []);
      const { ok, checked, firstBroken, anchor } = report.chain;
      return { ok, checked, firstBroken, anchor, checkpoints: { checked: report.valid.length, findings: report.findings.map(findingSummary) } };
    },
  );
}
