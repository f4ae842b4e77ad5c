/**
 * Assemblies and their quotas: creation, edits (which discard computed distributions), quotas from
 * population shares, and the organisers' view. Every change writes its audit event in its
 * transaction. Once the distribution is published, quotas and pool no longer change.
 */
import { asc, count, desc, eq, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import type { DbOrTx } from '../../platform/db/client';
import { HttpProblem, notFound } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import type { AdminAssembly, AdminAssemblyList, CreateAssemblyInput, DistributionSummary, DrawView, QuotaInput, ReplacementView, SharesInput, UpdateAssemblyInput } from './api-schemas';
import { fold } from './pool-import';
import { assertQuotasValid } from './quota-rules';
import { assemblies, assemblyDistributions, assemblyDraws, assemblyReplacements, assemblyVolunteers, type AssemblyRow, type DistributionRow, type DrawRow } from './schema';
import { quotasFromShares } from './selection/index';
import { METHOD_KEY, RETENTION_KEY, type MethodSetting, type RetentionSetting } from './settings';

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export async function loadAssembly(db: DbOrTx, id: string, opts: { forUpdate?: boolean } = {}): Promise<AssemblyRow> {
  const query = db.select().from(assemblies).where(eq(assemblies.id, id));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Assembly');
  return row;
}

export function assertEditable(a: AssemblyRow): void {
  if (a.status === 'published' || a.status === 'drawn') throw new HttpProblem(409, 'assemblies.not_editable', 'This assembly is published: quotas and pool are frozen.');
}

export function assertPersonalDataKept(a: AssemblyRow): void {
  if (a.personalDataDeletedAt) {
    throw new HttpProblem(410, 'assemblies.personal_data_deleted', 'The volunteers’ personal data was deleted.', { params: { date: a.deletionDate } });
  }
}

/** Quotas as stored: trimmed names, flex bounds only when given. */
function normaliseQuotas(quotas: readonly QuotaInput[]): QuotaInput[] {
  return quotas.map((q) => ({
    feature: q.feature.trim(),
    value: q.value.trim(),
    min: q.min,
    max: q.max,
    ...(q.minFlex != null ? { minFlex: q.minFlex } : {}),
    ...(q.maxFlex != null ? { maxFlex: q.maxFlex } : {}),
  }));
}

function todayPlus(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function assertFutureDate(date: string): void {
  if (date <= new Date().toISOString().slice(0, 10)) throw new HttpProblem(422, 'assemblies.deletion_date_past', 'The deletion date must be in the future.');
}

const auditView = (a: AssemblyRow) => ({
  title: a.title,
  panelSize: a.panelSize,
  quotas: a.quotas,
  onePerHousehold: a.onePerHousehold,
  algorithm: a.algorithm,
  status: a.status,
  deletionDate: a.deletionDate,
});

export async function createAssembly(ctx: AppContext, actor: Actor, input: CreateAssemblyInput): Promise<AdminAssembly> {
  const quotas = normaliseQuotas(input.quotas);
  assertQuotasValid(input.panelSize, quotas);
  const method = await ctx.settings.get<MethodSetting>(METHOD_KEY);
  const retention = await ctx.settings.get<RetentionSetting>(RETENTION_KEY);
  const deletionDate = input.deletionDate ?? todayPlus(retention.defaultDays);
  assertFutureDate(deletionDate);
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(assemblies)
      .values({
        title: input.title,
        description: input.description ?? '',
        panelSize: input.panelSize,
        quotas,
        onePerHousehold: input.onePerHousehold ?? false,
        algorithm: input.algorithm ?? method.defaultAlgorithm,
        deletionDate,
        createdBy: actor.id,
      })
      .returning();
    await recordAudit(tx, actor, { action: 'assemblies.created', subjectType: 'assembly', subjectId: created!.id, after: auditView(created!) });
    return created!;
  });
  return adminAssembly(ctx, row.id);
}

/**
 * Checks the stored pool against new quotas and panel size: every value has a quota, the pool is
 * large enough. Throws, so that nothing is stored.
 */
async function assertPoolFits(tx: DbOrTx, id: string, panelSize: number, quotas: readonly QuotaInput[]): Promise<void> {
  const volunteers = await tx.select({ features: assemblyVolunteers.features }).from(assemblyVolunteers).where(eq(assemblyVolunteers.assemblyId, id));
  if (volunteers.length === 0) return;
  if (volunteers.length < panelSize) {
    throw new HttpProblem(422, 'assemblies.pool_too_small', `The pool has ${volunteers.length} volunteers for a panel of ${panelSize}.`, { params: { pool: volunteers.length, panelSize } });
  }
  const known = new Set(quotas.map((q) => `${q.feature}\u0000${fold(q.value)}`));
  const features = [...new Set(quotas.map((q) => q.feature))];
  const unknown = volunteers.filter((v) => features.some((f) => !known.has(`${f}\u0000${fold(v.features[f] ?? '')}`))).length;
  if (unknown > 0) throw new HttpProblem(422, 'assemblies.pool_values_unknown', `${unknown} volunteers have values without a quota.`, { params: { count: unknown } });
}

export async function updateAssembly(ctx: AppContext, actor: Actor, id: string, patch: UpdateAssemblyInput): Promise<AdminAssembly> {
  await ctx.db.transaction(async (tx) => {
    const before = await loadAssembly(tx, id, { forUpdate: true });
    assertEditable(before);
    const panelSize = patch.panelSize ?? before.panelSize;
    const quotas = patch.quotas ? normaliseQuotas(patch.quotas) : before.quotas;
    assertQuotasValid(panelSize, quotas);
    if (patch.deletionDate) assertFutureDate(patch.deletionDate);
    const selectionChanged =
      panelSize !== before.panelSize ||
      JSON.stringify(quotas) !== JSON.stringify(before.quotas) ||
      (patch.onePerHousehold ?? before.onePerHousehold) !== before.onePerHousehold ||
      (patch.algorithm ?? before.algorithm) !== before.algorithm;
    if (selectionChanged) await assertPoolFits(tx, id, panelSize, quotas);
    const [after] = await tx
      .update(assemblies)
      .set({
        title: patch.title ?? before.title,
        description: patch.description ?? before.description,
        panelSize,
        quotas,
        onePerHousehold: patch.onePerHousehold ?? before.onePerHousehold,
        algorithm: patch.algorithm ?? before.algorithm,
        deletionDate: patch.deletionDate ?? before.deletionDate,
        status: selectionChanged ? 'draft' : before.status,
        updatedAt: new Date(),
      })
      .where(eq(assemblies.id, id))
      .returning();
    // A distribution computed for other quotas is no longer the assembly's.
    if (selectionChanged) await tx.delete(assemblyDistributions).where(eq(assemblyDistributions.assemblyId, id));
    await recordAudit(tx, actor, { action: 'assemblies.updated', subjectType: 'assembly', subjectId: id, before: auditView(before), after: auditView(after!) });
  });
  return adminAssembly(ctx, id);
}

/** Quotas around the population's shares, within a tolerance (library `quotasFromShares`), stored as the assembly's. */
export async function setQuotasFromShares(ctx: AppContext, actor: Actor, id: string, input: SharesInput): Promise<AdminAssembly> {
  const assembly = await loadAssembly(ctx.db, id);
  let quotas: QuotaInput[];
  try {
    quotas = quotasFromShares(assembly.panelSize, input.shares, input.tolerance ?? {});
  } catch (err) {
    if (err instanceof RangeError) throw new HttpProblem(400, 'validation_failed', err.message, { errors: [{ pointer: '/body/shares', message: err.message }] });
    throw err;
  }
  return updateAssembly(ctx, actor, id, { quotas });
}

export async function listAssemblies(ctx: AppContext): Promise<AdminAssemblyList> {
  const rows = await ctx.db
    .select({
      id: assemblies.id,
      title: assemblies.title,
      panelSize: assemblies.panelSize,
      status: assemblies.status,
      demo: assemblies.demo,
      createdAt: assemblies.createdAt,
      deletionDate: assemblies.deletionDate,
      poolSize: sql<number>`(SELECT count(*)::int FROM assembly_volunteers v WHERE v.assembly_id = "assemblies"."id")`,
    })
    .from(assemblies)
    .orderBy(desc(assemblies.createdAt));
  return { items: rows.map((r) => ({ ...r, poolSize: Number(r.poolSize), createdAt: r.createdAt.toISOString() })) };
}

export function distributionSummary(d: DistributionRow): DistributionSummary {
  return {
    algorithm: d.algorithm,
    minimum: d.minimum,
    gini: d.gini,
    sha256: d.publishedSha256,
    certificateBound: d.certificate?.bound ?? null,
    stats: d.stats,
    computedAt: d.computedAt.toISOString(),
  };
}

export function drawView(d: DrawRow): DrawView {
  return {
    algorithm: d.algorithm,
    distributionSha256: d.announcement.distribution,
    commitment: d.announcement.commitment,
    publicSource: d.announcement.publicSource,
    announcedAt: d.announcedAt.toISOString(),
    drawnAt: iso(d.drawnAt),
    seed: d.record?.seed ?? null,
    salt: d.record?.salt ?? null,
    publicValue: d.record?.publicValue ?? null,
    ticket: d.record?.ticket ?? null,
    panel: d.record?.selected ?? null,
  };
}

export async function replacementViews(db: DbOrTx, id: string): Promise<ReplacementView[]> {
  const rows = await db.select().from(assemblyReplacements).where(eq(assemblyReplacements.assemblyId, id)).orderBy(asc(assemblyReplacements.createdAt));
  return rows.map((r) => ({ id: r.id, dropouts: r.dropouts, replacements: r.replacements, panel: r.panel, seed: r.seed, createdAt: r.createdAt.toISOString() }));
}

const ALGORITHM_ORDER = { leximin: 0, maximin: 1, legacy: 2 } as const;

export async function adminAssembly(ctx: AppContext, id: string): Promise<AdminAssembly> {
  const a = await loadAssembly(ctx.db, id);
  const [{ n }] = (await ctx.db.select({ n: count() }).from(assemblyVolunteers).where(eq(assemblyVolunteers.assemblyId, id))) as [{ n: number }];
  const distributions = await ctx.db.select().from(assemblyDistributions).where(eq(assemblyDistributions.assemblyId, id));
  const [draw] = await ctx.db.select().from(assemblyDraws).where(eq(assemblyDraws.assemblyId, id));
  return {
    id: a.id,
    title: a.title,
    description: a.description,
    panelSize: a.panelSize,
    quotas: a.quotas,
    onePerHousehold: a.onePerHousehold,
    algorithm: a.algorithm,
    status: a.status,
    deletionDate: a.deletionDate,
    personalDataDeletedAt: iso(a.personalDataDeletedAt),
    demo: a.demo,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    poolSize: Number(n),
    distributions: distributions.sort((x, y) => ALGORITHM_ORDER[x.algorithm] - ALGORITHM_ORDER[y.algorithm]).map(distributionSummary),
    draw: draw ? drawView(draw) : null,
    replacements: await replacementViews(ctx.db, id),
  };
}
