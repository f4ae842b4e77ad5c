/**
 * From the pool to the panel, through the selection library's public API (`selection/index.ts`):
 * feasibility and the smallest relaxation, the distribution (LEXIMIN by default, with MAXIMIN and
 * LEGACY for comparison), its publication with a commitment to a secret seed, the draw, the
 * replacements and the verification anyone can run. Each step that changes something writes its
 * audit event in the same transaction.
 *
 * The computations run on a solver thread (`solver.ts`), during the request, under a pool-size
 * guard and a time limit (setting `assemblies.computation`); see README.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import type { DbOrTx } from '../../platform/db/client';
import { HttpProblem } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import { openSealedText, sealText } from '../../platform/secrets/seal';
import { deriveKey, instanceSecret } from '../../platform/secrets/service';
import type { AdminAssembly, DistributionAlgorithm, DrawAlgorithm, Feasibility, PublicAssembly, PublicAssemblyList, SelectionStats, Verification } from './api-schemas';
import { adminAssembly, assertPersonalDataKept, drawView, loadAssembly, replacementViews } from './assemblies';
import { assemblies, assemblyDistributions, assemblyDraws, assemblyReplacements, assemblyVolunteers, type AssemblyRow } from './schema';
import {
  announceDraw,
  distributionHash,
  drawPanel,
  giniCoefficient,
  LegacyFailure,
  newSeedCommitment,
  SelectionInputError,
  SolverError,
  verifyDraw,
  type DrawAnnouncement,
  type DrawRecord,
  type PublishedDistribution,
  type SelectionInstance,
} from './selection/index';
import { COMPUTATION_KEY, METHOD_KEY, type ComputationSetting, type MethodSetting } from './settings';
import { solver, SolverTimeout } from './solver';

/** The library's instance for an assembly: volunteers under their pseudonyms, the only ids it publishes. */
async function instanceOf(db: DbOrTx, a: AssemblyRow): Promise<SelectionInstance> {
  const volunteers = await db
    .select({ pseudonym: assemblyVolunteers.pseudonym, features: assemblyVolunteers.features, address: assemblyVolunteers.address })
    .from(assemblyVolunteers)
    .where(eq(assemblyVolunteers.assemblyId, a.id))
    .orderBy(asc(assemblyVolunteers.line));
  if (volunteers.length === 0) throw new HttpProblem(409, 'assemblies.no_pool', 'Import the pool of volunteers first.');
  return {
    panelSize: a.panelSize,
    quotas: a.quotas.map((q) => ({ feature: q.feature, value: q.value, min: q.min, max: q.max, ...(q.minFlex != null ? { minFlex: q.minFlex } : {}), ...(q.maxFlex != null ? { maxFlex: q.maxFlex } : {}) })),
    volunteers: volunteers.map((v) => ({ id: v.pseudonym, features: v.features, ...(v.address ? { address: v.address } : {}) })),
    onePerHousehold: a.onePerHousehold,
  };
}

/** The library's refusals of an input as problems (the services check most of them earlier, with their own codes). */
async function solving<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof SelectionInputError || err instanceof SolverError || err instanceof SolverTimeout || err instanceof LegacyFailure) {
      throw new HttpProblem(422, 'assemblies.computation_failed', err.message, { params: { reason: err.message }, selectionCode: (err as { code?: string }).code ?? null });
    }
    throw err;
  }
}

export async function feasibilityOf(ctx: AppContext, id: string): Promise<Feasibility> {
  const a = await loadAssembly(ctx.db, id);
  const instance = await instanceOf(ctx.db, a);
  const computation = await ctx.settings.get<ComputationSetting>(COMPUTATION_KEY);
  guardSize(a, instance.volunteers.length, computation);
  const report = await solving(() => solver.feasibility(instance, computation.timeLimitSeconds));
  if (report.feasible) return { feasible: true, message: null, changes: [], relaxedQuotas: null };
  return { feasible: false, message: report.message, changes: report.changes, relaxedQuotas: report.relaxedQuotas };
}

function guardSize(a: AssemblyRow, pool: number, computation: ComputationSetting): void {
  if (pool > computation.maxPool) throw new HttpProblem(413, 'assemblies.pool_too_large', `The pool has ${pool} volunteers; at most ${computation.maxPool}.`, { params: { pool, max: computation.maxPool } });
  if (pool < a.panelSize) throw new HttpProblem(422, 'assemblies.pool_too_small', `The pool has ${pool} volunteers for a panel of ${a.panelSize}.`, { params: { pool, panelSize: a.panelSize } });
}

interface Computed {
  algorithm: DistributionAlgorithm;
  probabilities: Record<string, number>;
  minimum: number;
  gini: number;
  certificate: import('./selection/index').OptimalityCertificate | null;
  published: PublishedDistribution | null;
  stats: SelectionStats;
}

async function lotteryFor(instance: SelectionInstance, objective: DrawAlgorithm, title: string, method: MethodSetting, computation: ComputationSetting): Promise<Computed | Feasibility> {
  const outcome = await solving(() => solver.distribution(instance, { objective, title, ticketCount: method.ticketCount, timeLimitSeconds: computation.timeLimitSeconds }));
  if (outcome.status === 'infeasible') {
    const f = outcome.feasibility;
    return { feasible: false, message: f.message, changes: f.changes, relaxedQuotas: f.relaxedQuotas };
  }
  return {
    algorithm: objective,
    probabilities: outcome.probabilities,
    minimum: outcome.minimum,
    gini: outcome.gini,
    certificate: outcome.certificate,
    published: outcome.published,
    stats: {
      poolSize: outcome.poolSize,
      classCount: outcome.classCount,
      panels: outcome.published.panels.length,
      seconds: outcome.stats.seconds,
      publishedMinimum: outcome.publishedMinimum,
      failedAttempts: null,
      draws: null,
      certificateValid: outcome.certificateCheck.valid,
    },
  };
}

/**
 * Computes the assembly's distribution (its objective, LEXIMIN by default) and, for pools within
 * the comparison limit, the other objective and LEGACY. Quotas that cannot be met: 409
 * `assemblies.infeasible` with the smallest relaxation (`feasibility`), nothing stored.
 */
export async function computeSelection(ctx: AppContext, actor: Actor, id: string, options: { compare?: boolean }): Promise<AdminAssembly> {
  const a = await loadAssembly(ctx.db, id);
  if (a.status === 'published' || a.status === 'drawn') throw new HttpProblem(409, 'assemblies.already_published', 'This assembly’s distribution is already published.');
  const method = await ctx.settings.get<MethodSetting>(METHOD_KEY);
  const computation = await ctx.settings.get<ComputationSetting>(COMPUTATION_KEY);
  const instance = await instanceOf(ctx.db, a);
  guardSize(a, instance.volunteers.length, computation);
  const main = await lotteryFor(instance, a.algorithm, a.title, method, computation);
  if ('feasible' in main) throw new HttpProblem(409, 'assemblies.infeasible', main.message ?? 'The quotas cannot be met.', { feasibility: main });
  const results: Computed[] = [main];
  const compare = options.compare ?? instance.volunteers.length <= computation.maxPoolCompared;
  if (compare) {
    const other = await lotteryFor(instance, a.algorithm === 'leximin' ? 'maximin' : 'leximin', a.title, method, computation);
    if (!('feasible' in other)) results.push(other);
    const started = performance.now();
    // LEGACY can get stuck on tight quotas: the comparison then goes without it.
    const legacy = await solver.legacy(instance, method.legacyDraws, `assembly:${a.id}`, computation.timeLimitSeconds).catch((err: unknown) => {
      if (err instanceof LegacyFailure || err instanceof SolverTimeout) return null;
      throw err;
    });
    const values = legacy ? Object.values(legacy.probabilities) : [];
    if (legacy) results.push({
      algorithm: 'legacy',
      probabilities: legacy.probabilities,
      minimum: Math.min(...values),
      gini: giniCoefficient(values),
      certificate: null,
      published: null,
      stats: { poolSize: values.length, classCount: main.stats.classCount, panels: 0, seconds: (performance.now() - started) / 1000, publishedMinimum: null, failedAttempts: legacy.failedAttempts, draws: method.legacyDraws },
    });
  }
  await ctx.db.transaction(async (tx) => {
    const current = await loadAssembly(tx, id, { forUpdate: true });
    if (current.updatedAt.getTime() !== a.updatedAt.getTime() || current.status === 'published' || current.status === 'drawn') {
      throw new HttpProblem(409, 'assemblies.not_editable', 'The assembly changed during the computation.');
    }
    await tx.delete(assemblyDistributions).where(eq(assemblyDistributions.assemblyId, id));
    await tx.insert(assemblyDistributions).values(
      results.map((r) => ({
        assemblyId: id,
        algorithm: r.algorithm,
        probabilities: r.probabilities,
        minimum: r.minimum,
        gini: r.gini,
        certificate: r.certificate,
        published: r.published,
        publishedSha256: r.published ? distributionHash(r.published) : null,
        stats: r.stats,
        computedBy: actor.id,
      })),
    );
    await tx.update(assemblies).set({ status: 'computed' }).where(eq(assemblies.id, id));
    await recordAudit(tx, actor, {
      action: 'assemblies.distribution_computed',
      subjectType: 'assembly',
      subjectId: id,
      after: results.map((r) => ({ algorithm: r.algorithm, minimum: r.minimum, gini: r.gini, sha256: r.published ? distributionHash(r.published) : null })),
    });
  });
  return adminAssembly(ctx, id);
}

async function sealKey(ctx: AppContext): Promise<Buffer> {
  return deriveKey(await instanceSecret(ctx.db), 'assemblies.draw-seed');
}

/** Publishes the distribution drawn from and the announcement: its SHA-256, the commitment to a fresh secret seed and/or a public source. */
export async function publishSelection(ctx: AppContext, actor: Actor, id: string, input: { useSeed?: boolean; publicSource?: string | null }): Promise<AdminAssembly> {
  const useSeed = input.useSeed ?? true;
  const publicSource = input.publicSource?.trim() || null;
  if (!useSeed && !publicSource) throw new HttpProblem(422, 'assemblies.randomness_required', 'A draw needs a committed seed, a public source, or both.');
  const key = await sealKey(ctx);
  await ctx.db.transaction(async (tx) => {
    const a = await loadAssembly(tx, id, { forUpdate: true });
    if (a.status === 'published' || a.status === 'drawn') throw new HttpProblem(409, 'assemblies.already_published', 'Already published.');
    if (a.status !== 'computed') throw new HttpProblem(409, 'assemblies.not_computed', 'Compute the distribution first.');
    const [dist] = await tx
      .select()
      .from(assemblyDistributions)
      .where(and(eq(assemblyDistributions.assemblyId, id), eq(assemblyDistributions.algorithm, a.algorithm)));
    if (!dist?.published) throw new HttpProblem(409, 'assemblies.not_computed', 'Compute the distribution first.');
    const secret = useSeed ? newSeedCommitment() : null;
    const announcement = announceDraw(dist.published, secret?.commitment ?? null, publicSource);
    const [row] = await tx
      .insert(assemblyDraws)
      .values({
        assemblyId: id,
        distribution: dist.published,
        algorithm: a.algorithm,
        announcement,
        secretSealed: secret ? sealText(key, JSON.stringify({ seed: secret.seed, salt: secret.salt }), `assemblies.seed:${id}`) : null,
        announcedBy: actor.id,
      })
      .returning();
    await tx.update(assemblies).set({ status: 'published', updatedAt: new Date() }).where(eq(assemblies.id, id));
    await recordAudit(tx, actor, { action: 'assemblies.published', subjectType: 'assembly', subjectId: id, after: { announcement, drawId: row!.id } });
  });
  return adminAssembly(ctx, id);
}

/** Reveals the seed (and/or takes the public value) and draws the panel, deterministically from the published files. */
export async function drawAssembly(ctx: AppContext, actor: Actor, id: string, input: { publicValue?: string | null }): Promise<AdminAssembly> {
  const key = await sealKey(ctx);
  await ctx.db.transaction(async (tx) => {
    const a = await loadAssembly(tx, id, { forUpdate: true });
    if (a.status === 'drawn') throw new HttpProblem(409, 'assemblies.already_drawn', 'Already drawn.');
    if (a.status !== 'published') throw new HttpProblem(409, 'assemblies.not_published', 'Publish first.');
    const [draw] = await tx.select().from(assemblyDraws).where(eq(assemblyDraws.assemblyId, id));
    if (!draw) throw new HttpProblem(409, 'assemblies.not_published', 'Publish first.');
    const publicValue = input.publicValue?.trim() || null;
    if (draw.announcement.publicSource && !publicValue) {
      throw new HttpProblem(422, 'assemblies.public_value_required', 'The announced public source’s value is needed.', { params: { source: draw.announcement.publicSource } });
    }
    const secret = draw.secretSealed ? (JSON.parse(openSealedText(key, draw.secretSealed, `assemblies.seed:${id}`)) as { seed: string; salt: string }) : null;
    const record = drawPanel(draw.distribution, { seed: secret?.seed ?? null, salt: secret?.salt ?? null, publicValue: draw.announcement.publicSource ? publicValue : null });
    await tx.update(assemblyDraws).set({ record, drawnBy: actor.id, drawnAt: new Date() }).where(eq(assemblyDraws.id, draw.id));
    await tx
      .update(assemblyVolunteers)
      .set({ status: 'selected' })
      .where(and(eq(assemblyVolunteers.assemblyId, id), inArray(assemblyVolunteers.pseudonym, record.selected)));
    await tx.update(assemblies).set({ status: 'drawn', updatedAt: new Date() }).where(eq(assemblies.id, id));
    await recordAudit(tx, actor, { action: 'assemblies.drawn', subjectType: 'assembly', subjectId: id, after: { ticket: record.ticket, panel: record.panel, selected: record.selected } });
  });
  return adminAssembly(ctx, id);
}

/** Replacements for members who drop out: a LEXIMIN lottery over the missing seats under the shifted quotas, drawn with a fresh seed published with them. */
export async function replaceDropouts(ctx: AppContext, actor: Actor, id: string, dropouts: readonly string[]): Promise<AdminAssembly> {
  const a = await loadAssembly(ctx.db, id);
  assertPersonalDataKept(a);
  if (a.status !== 'drawn') throw new HttpProblem(409, 'assemblies.not_drawn', 'The draw has not taken place yet.');
  const instance = await instanceOf(ctx.db, a);
  const statuses = await ctx.db.select({ pseudonym: assemblyVolunteers.pseudonym, status: assemblyVolunteers.status }).from(assemblyVolunteers).where(eq(assemblyVolunteers.assemblyId, id));
  const panel = statuses.filter((s) => s.status === 'selected' || s.status === 'replacement').map((s) => s.pseudonym);
  const unique = [...new Set(dropouts)];
  for (const p of unique) if (!panel.includes(p)) throw new HttpProblem(422, 'assemblies.not_on_panel', `${p} is not on the panel.`, { params: { pseudonym: p } });
  const unavailable = statuses.filter((s) => s.status === 'dropped').map((s) => s.pseudonym);
  const seed = randomBytes(32).toString('hex');
  const computation = await ctx.settings.get<ComputationSetting>(COMPUTATION_KEY);
  const outcome = await solving(() => solver.replacements({ instance, panel, dropouts: unique, unavailable, seed, objective: a.algorithm }, computation.timeLimitSeconds));
  if (outcome.status !== 'ok') throw new HttpProblem(409, 'assemblies.replacements_infeasible', outcome.message, { quotas: outcome.quotas });
  await ctx.db.transaction(async (tx) => {
    const current = await loadAssembly(tx, id, { forUpdate: true });
    if (current.updatedAt.getTime() !== a.updatedAt.getTime()) throw new HttpProblem(409, 'assemblies.not_editable', 'The assembly changed meanwhile.');
    await tx.insert(assemblyReplacements).values({ assemblyId: id, dropouts: unique, replacements: outcome.replacements, panel: outcome.panel, seed, createdBy: actor.id });
    await tx.update(assemblyVolunteers).set({ status: 'dropped' }).where(and(eq(assemblyVolunteers.assemblyId, id), inArray(assemblyVolunteers.pseudonym, unique)));
    if (outcome.replacements.length) {
      await tx
        .update(assemblyVolunteers)
        .set({ status: 'replacement' })
        .where(and(eq(assemblyVolunteers.assemblyId, id), inArray(assemblyVolunteers.pseudonym, outcome.replacements)));
    }
    await tx.update(assemblies).set({ updatedAt: new Date() }).where(eq(assemblies.id, id));
    await recordAudit(tx, actor, { action: 'assemblies.replaced', subjectType: 'assembly', subjectId: id, after: { dropouts: unique, replacements: outcome.replacements, seed } });
  });
  return adminAssembly(ctx, id);
}

// ---- Public ------------------------------------------------------------------------------------

export async function listPublicAssemblies(ctx: AppContext): Promise<PublicAssemblyList> {
  const rows = await ctx.db
    .select({ a: assemblies, announcedAt: assemblyDraws.announcedAt, drawnAt: assemblyDraws.drawnAt, distribution: assemblyDraws.distribution })
    .from(assemblies)
    .innerJoin(assemblyDraws, eq(assemblyDraws.assemblyId, assemblies.id))
    .orderBy(asc(assemblyDraws.announcedAt));
  return {
    items: rows.reverse().map((r) => ({
      id: r.a.id,
      title: r.a.title,
      panelSize: r.a.panelSize,
      status: r.a.status,
      poolSize: r.distribution.classes.reduce((n, c) => n + c.members.length, 0),
      announcedAt: r.announcedAt.toISOString(),
      drawnAt: r.drawnAt ? r.drawnAt.toISOString() : null,
    })),
  };
}

async function publishedDraw(ctx: AppContext, id: string) {
  const a = await loadAssembly(ctx.db, id);
  const [draw] = await ctx.db.select().from(assemblyDraws).where(eq(assemblyDraws.assemblyId, id));
  // Before publication an assembly is the organisers' only: to the public it does not exist.
  if (!draw) throw new HttpProblem(404, 'not_found', 'Assembly not found.');
  return { a, draw };
}

/** Each class's probability under the published lottery (tickets of the panels holding its members, shared among them). */
function classProbabilities(d: PublishedDistribution): number[] {
  const p = d.classes.map(() => 0);
  for (const panel of d.panels) for (const [c, k] of panel.members) p[c]! += (panel.tickets / d.ticketCount) * (k / d.classes[c]!.members.length);
  return p;
}

export async function publicAssembly(ctx: AppContext, id: string): Promise<PublicAssembly> {
  const { a, draw } = await publishedDraw(ctx, id);
  const probabilities = classProbabilities(draw.distribution);
  const perVolunteer = draw.distribution.classes.flatMap((c, i) => c.members.map(() => probabilities[i]!));
  return {
    id: a.id,
    title: a.title,
    description: a.description,
    panelSize: a.panelSize,
    status: a.status,
    algorithm: draw.algorithm,
    poolSize: perVolunteer.length,
    features: draw.distribution.features,
    classes: draw.distribution.classes.map((c, i) => ({ values: c.values, members: c.members.length, probability: probabilities[i]! })),
    minimum: Math.min(...perVolunteer),
    gini: giniCoefficient(perVolunteer),
    draw: drawView(draw),
    replacements: await replacementViews(ctx.db, id),
  };
}

/** The three published files, as anyone downloads them to verify the draw. */
export async function publicFile(ctx: AppContext, id: string, file: 'distribution.json' | 'announcement.json' | 'draw.json'): Promise<unknown> {
  const { draw } = await publishedDraw(ctx, id);
  if (file === 'distribution.json') return draw.distribution;
  if (file === 'announcement.json') return draw.announcement;
  if (!draw.record) throw new HttpProblem(409, 'assemblies.not_drawn', 'The draw has not taken place yet.');
  return draw.record;
}

/** Re-runs a draw from its three files (the library's `verifyDraw`): what the public page's "verify" and `npm run sortition:verify` do. */
export function verifyFiles(files: { distribution: unknown; announcement: unknown; record: unknown }): Verification {
  try {
    const distribution = files.distribution as PublishedDistribution;
    const result = verifyDraw(distribution, files.announcement as DrawAnnouncement, files.record as DrawRecord);
    let hash: string | null = null;
    try {
      hash = distributionHash(distribution);
    } catch {
      hash = null;
    }
    return { valid: result.valid, problems: result.problems, panel: result.recomputed?.selected ?? null, distributionSha256: hash };
  } catch (err) {
    return { valid: false, problems: [`the files cannot be read: ${(err as Error).message}`], panel: null, distributionSha256: null };
  }
}
