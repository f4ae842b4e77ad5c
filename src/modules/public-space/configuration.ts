/** The back-office's configuration: categories (Open311 services), teams and contractors, Open311 API keys. Each change audited. */
import { asc, eq, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import type { DbOrTx } from '../../platform/db/client';
import { HttpProblem, notFound } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import type { AdminCategory, CategoryAttribute, CreateCategoryBody, Team, UpdateCategoryBody } from './api-schemas';
import { categoryCatalogue, invalidateCategories, isUniqueViolation, queryAll, type CategoryRow } from './common';
import { newSecretToken, sha256Hex } from './keys';
import { publicSpaceApiKeys, publicSpaceCategories, publicSpaceTeams } from './schema';

// ---- Categories --------------------------------------------------------------------------------

function checkAttributeDefinitions(attributes: readonly CategoryAttribute[]): void {
  const codes = new Set<string>();
  for (const a of attributes) {
    if (codes.has(a.code)) throw new HttpProblem(422, 'public_space.duplicate_attribute', `Attribute "${a.code}" is defined twice.`, { params: { code: a.code } });
    codes.add(a.code);
    const isList = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
    if (isList && a.values.length === 0) throw new HttpProblem(422, 'public_space.attribute_values_missing', `Attribute "${a.code}" needs values.`, { params: { code: a.code } });
    if (!isList && a.values.length > 0) throw new HttpProblem(422, 'public_space.attribute_values_unexpected', `Attribute "${a.code}" takes no values.`, { params: { code: a.code } });
  }
}

async function checkParent(tx: DbOrTx, code: string, parentCode: string | null): Promise<void> {
  if (!parentCode) return;
  if (parentCode === code) throw new HttpProblem(422, 'public_space.category_cycle', 'A category cannot be its own parent.');
  // Walk up from the parent: meeting `code` would make a cycle.
  let current: string | null = parentCode;
  for (let depth = 0; current && depth < 20; depth++) {
    const [row] = await tx.select({ code: publicSpaceCategories.code, parent: publicSpaceCategories.parentCode }).from(publicSpaceCategories).where(eq(publicSpaceCategories.code, current));
    if (!row) throw new HttpProblem(422, 'public_space.unknown_parent', `Unknown parent category "${current}".`, { params: { code: current } });
    if (row.parent === code) throw new HttpProblem(422, 'public_space.category_cycle', 'A category cannot be its own parent.');
    current = row.parent;
  }
}

async function checkTeam(tx: DbOrTx, teamId: string | null | undefined): Promise<void> {
  if (!teamId) return;
  const [t] = await tx.select({ id: publicSpaceTeams.id }).from(publicSpaceTeams).where(eq(publicSpaceTeams.id, teamId));
  if (!t) throw new HttpProblem(422, 'public_space.unknown_team', 'Unknown or inactive team.');
}

export async function adminCategories(ctx: AppContext): Promise<{ items: AdminCategory[] }> {
  const rows = await ctx.db.select().from(publicSpaceCategories).orderBy(asc(publicSpaceCategories.sortOrder), asc(publicSpaceCategories.code));
  const counts = await queryAll<{ code: string; n: number }>(
    ctx.db,
    sql`SELECT category_code AS code, count(*)::int AS n FROM public_space_reports
        WHERE status IN ('new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch') AND merged_into_id IS NULL GROUP BY category_code`,
  );
  const byCode = new Map(counts.map((c) => [c.code, Number(c.n)]));
  return { items: rows.map((r) => adminCategory(r, byCode.get(r.code) ?? 0)) };
}

function adminCategory(r: CategoryRow, openReports: number): AdminCategory {
  return {
    id: r.id,
    code: r.code,
    parentCode: r.parentCode,
    nameFr: r.nameFr,
    nameEn: r.nameEn,
    description: r.description,
    keywords: r.keywords,
    attributes: r.attributes,
    photoRequired: r.photoRequired,
    anonymousAllowed: r.anonymousAllowed,
    routingTeamId: r.routingTeamId,
    defaultPriority: r.defaultPriority,
    responseTemplates: r.responseTemplates,
    active: r.active,
    sortOrder: r.sortOrder,
    demo: r.demo,
    openReports,
  };
}

export async function createCategory(ctx: AppContext, actor: Actor, body: CreateCategoryBody): Promise<AdminCategory> {
  checkAttributeDefinitions(body.attributes);
  try {
    const row = await ctx.db.transaction(async (tx) => {
      await checkParent(tx, body.code, body.parentCode);
      await checkTeam(tx, body.routingTeamId);
      const [row] = await tx.insert(publicSpaceCategories).values(body).returning();
      await recordAudit(tx, actor, { action: 'public-space.category_created', subjectType: 'public_space_category', subjectId: body.code, after: body });
      return row!;
    });
    invalidateCategories(ctx);
    return adminCategory(row, 0);
  } catch (err) {
    if (isUniqueViolation(err, 'public_space_categories_code_unique')) throw new HttpProblem(409, 'public_space.category_exists', `Category "${body.code}" exists.`, { params: { code: body.code } });
    throw err;
  }
}

export async function updateCategory(ctx: AppContext, actor: Actor, code: string, body: UpdateCategoryBody): Promise<AdminCategory> {
  if (body.attributes) checkAttributeDefinitions(body.attributes);
  const row = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(publicSpaceCategories).where(eq(publicSpaceCategories.code, code)).for('update');
    if (!before) throw notFound('Category');
    if (body.parentCode !== undefined) await checkParent(tx, code, body.parentCode);
    await checkTeam(tx, body.routingTeamId);
    const [row] = await tx.update(publicSpaceCategories).set({ ...body, updatedAt: new Date() }).where(eq(publicSpaceCategories.code, code)).returning();
    const changed = Object.fromEntries(Object.keys(body).map((k) => [k, (before as Record<string, unknown>)[k]]));
    await recordAudit(tx, actor, { action: 'public-space.category_updated', subjectType: 'public_space_category', subjectId: code, before: changed, after: body });
    return row!;
  });
  invalidateCategories(ctx);
  await categoryCatalogue(ctx);
  return adminCategory(row, 0);
}

// ---- Teams -------------------------------------------------------------------------------------

const teamView = (t: typeof publicSpaceTeams.$inferSelect): Team => ({ id: t.id, code: t.code, name: t.name, kind: t.kind, email: t.email, active: t.active, demo: t.demo });

export async function listTeams(ctx: AppContext): Promise<{ items: Team[] }> {
  return { items: (await ctx.db.select().from(publicSpaceTeams).orderBy(asc(publicSpaceTeams.name))).map(teamView) };
}

export async function createTeam(ctx: AppContext, actor: Actor, body: { code: string; name: string; kind: Team['kind']; email: string | null; active: boolean }): Promise<Team> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const [t] = await tx.insert(publicSpaceTeams).values(body).returning();
      await recordAudit(tx, actor, { action: 'public-space.team_created', subjectType: 'public_space_team', subjectId: t!.id, after: { code: body.code, name: body.name, kind: body.kind } });
      return teamView(t!);
    });
  } catch (err) {
    if (isUniqueViolation(err, 'public_space_teams_code_unique')) throw new HttpProblem(409, 'public_space.team_exists', `Team "${body.code}" exists.`, { params: { code: body.code } });
    throw err;
  }
}

export async function updateTeam(ctx: AppContext, actor: Actor, id: string, body: Partial<{ name: string; kind: Team['kind']; email: string | null; active: boolean }>): Promise<Team> {
  return ctx.db.transaction(async (tx) => {
    const [t] = await tx.update(publicSpaceTeams).set({ ...body, updatedAt: new Date() }).where(eq(publicSpaceTeams.id, id)).returning();
    if (!t) throw notFound('Team');
    await recordAudit(tx, actor, { action: 'public-space.team_updated', subjectType: 'public_space_team', subjectId: id, after: body });
    return teamView(t);
  });
}

// ---- Open311 API keys --------------------------------------------------------------------------

const apiKeyView = (k: typeof publicSpaceApiKeys.$inferSelect) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});

export async function listApiKeys(ctx: AppContext) {
  return { items: (await ctx.db.select().from(publicSpaceApiKeys).orderBy(asc(publicSpaceApiKeys.createdAt))).map(apiKeyView) };
}

/** A new key, shown once: only its SHA-256 is stored. */
export async function createApiKey(ctx: AppContext, actor: Actor, name: string) {
  const key = `o311_${newSecretToken(24)}`;
  return ctx.db.transaction(async (tx) => {
    const [k] = await tx.insert(publicSpaceApiKeys).values({ name, keyHash: sha256Hex(key), prefix: key.slice(0, 9), createdBy: actor.id }).returning();
    await recordAudit(tx, actor, { action: 'public-space.api_key_created', subjectType: 'public_space_api_key', subjectId: k!.id, after: { name, prefix: k!.prefix } });
    return { ...apiKeyView(k!), key };
  });
}

export async function revokeApiKey(ctx: AppContext, actor: Actor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const [k] = await tx.update(publicSpaceApiKeys).set({ revokedAt: new Date() }).where(eq(publicSpaceApiKeys.id, id)).returning();
    if (!k) throw notFound('API key');
    await recordAudit(tx, actor, { action: 'public-space.api_key_revoked', subjectType: 'public_space_api_key', subjectId: id });
    return apiKeyView(k);
  });
}

/** The key's row when it is known and not revoked; `last_used_at` is refreshed at most once a minute. */
export async function apiKeyOf(ctx: AppContext, key: string): Promise<{ id: string } | null> {
  const [k] = await ctx.db.select({ id: publicSpaceApiKeys.id, revokedAt: publicSpaceApiKeys.revokedAt, lastUsedAt: publicSpaceApiKeys.lastUsedAt }).from(publicSpaceApiKeys).where(eq(publicSpaceApiKeys.keyHash, sha256Hex(key)));
  if (!k || k.revokedAt) return null;
  if (!k.lastUsedAt || Date.now() - k.lastUsedAt.getTime() > 60_000) {
    await ctx.db.update(publicSpaceApiKeys).set({ lastUsedAt: new Date() }).where(eq(publicSpaceApiKeys.id, k.id));
  }
  return { id: k.id };
}

