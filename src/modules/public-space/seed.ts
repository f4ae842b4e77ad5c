/**
 * The demo: DansMaRue's categories (types and subtypes, from the committed fixture built by
 * `scripts/build-demo-reports.ts`), the services and contractors they go to, reports inside the
 * demo commune with their status histories, and cleanliness surveys of the demo sectors, so that a
 * first start shows a living map. Everything is marked demo. Districts are located at start
 * (`locateReports`), outside the seeding transaction.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isNull, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/service';
import type { AppContext, SeedContext } from '../../platform/modules';
import { CLEANLINESS_CATEGORIES, PRIORITY_LEVELS, REPORT_STATUSES, categoryAttributeSchema, type ReportStatus } from './api-schemas';
import { DANSMARUE_ATTRIBUTION } from './dansmarue';
import { cellOf } from './geo';
import { scorePriority } from './priority';
import { publicSpaceCategories, publicSpaceFollowers, publicSpaceReportEvents, publicSpaceReports, publicSpaceSurveys, publicSpaceTeams } from './schema';

const fixtureSchema = z.object({
  attribution: z.string(),
  teams: z.array(z.object({ code: z.string(), name: z.string(), kind: z.enum(['service', 'team', 'contractor']) })),
  categories: z.array(
    z.object({
      code: z.string(),
      parentCode: z.string().nullable(),
      nameFr: z.string(),
      share: z.number(),
      sortOrder: z.number(),
      routingTeam: z.string().nullable(),
      defaultPriority: z.enum(PRIORITY_LEVELS),
      attributes: z.array(categoryAttributeSchema),
      photoRequired: z.boolean(),
      anonymousAllowed: z.boolean(),
    }),
  ),
  templates: z.array(z.object({ id: z.string(), title: z.string(), text: z.string(), status: z.enum(REPORT_STATUSES).nullable() })),
  reports: z.array(
    z.object({
      category: z.string(),
      lng: z.number(),
      lat: z.number(),
      daysAgo: z.number(),
      hour: z.number(),
      status: z.enum(REPORT_STATUSES),
      delayDays: z.number().nullable(),
      reopened: z.boolean(),
      followers: z.number(),
    }),
  ),
});
export type DemoReportsFixture = z.infer<typeof fixtureSchema>;

export const DEMO_FIXTURE_URL = new URL('./demo/dansmarue-demo.json', import.meta.url);
let cached: DemoReportsFixture | undefined;
export function loadDemoReports(): DemoReportsFixture {
  cached ??= fixtureSchema.parse(JSON.parse(fs.readFileSync(fileURLToPath(DEMO_FIXTURE_URL), 'utf8')));
  return cached;
}

/** The categories and teams alone (the benchmark and tests use them without the demo reports). */
export async function seedDemoCategories(tx: SeedContext['tx']): Promise<void> {
  const fixture = loadDemoReports();
  const teamIds = new Map<string, string>();
  for (const t of fixture.teams) {
    const [row] = await tx.insert(publicSpaceTeams).values({ code: t.code, name: t.name, kind: t.kind, demo: true }).onConflictDoNothing().returning({ id: publicSpaceTeams.id });
    if (row) teamIds.set(t.code, row.id);
  }
  const rows = fixture.categories.map((c) => ({
    code: c.code,
    parentCode: c.parentCode,
    nameFr: c.nameFr,
    description: c.parentCode ? '' : `Catégorie de DansMaRue (${DANSMARUE_ATTRIBUTION}).`,
    attributes: c.attributes,
    photoRequired: c.photoRequired,
    anonymousAllowed: c.anonymousAllowed,
    routingTeamId: c.routingTeam ? (teamIds.get(c.routingTeam) ?? null) : null,
    defaultPriority: c.defaultPriority,
    responseTemplates: c.parentCode ? fixture.templates : [],
    sortOrder: c.sortOrder,
    demo: true,
  }));
  for (let i = 0; i < rows.length; i += 100) await tx.insert(publicSpaceCategories).values(rows.slice(i, i + 100)).onConflictDoNothing();
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The statuses a demo report went through to reach its final one, with the days each took. */
function pathTo(status: ReportStatus): ReportStatus[] {
  switch (status) {
    case 'new':
      return [];
    case 'to_process':
    case 'to_requalify':
      return [status];
    case 'scheduled':
      return ['to_process', 'scheduled'];
    case 'transferred':
      return ['to_process', 'transferred'];
    case 'under_watch':
      return ['to_process', 'under_watch'];
    case 'done':
      return ['to_process', 'scheduled', 'done'];
    case 'rejected':
      return ['rejected'];
    case 'archived':
      return ['to_process', 'done', 'archived'];
  }
}

const STATUS_MESSAGES: Partial<Record<ReportStatus, string>> = {
  scheduled: 'Une intervention est programmée. Merci pour votre signalement.',
  transferred: 'Votre signalement a été transmis au prestataire chargé de ce type d’intervention.',
  done: 'Le problème a été traité. Merci pour votre signalement.',
  rejected: 'Ce problème ne relève pas de la commune ; nous l’avons transmis au service compétent.',
};

export async function seedDemoPublicSpace({ tx }: SeedContext): Promise<void> {
  await seedDemoCategories(tx);
  const fixture = loadDemoReports();
  const categories = new Map((await tx.select().from(publicSpaceCategories)).map((c) => [c.code, c]));
  const now = Date.now();
  const random = mulberry32(94080);
  let count = 0;
  for (const r of fixture.reports) {
    const category = categories.get(r.category);
    if (!category) continue;
    const requestedAt = new Date(now - r.daysAgo * 86_400_000 - (24 - r.hour) * 3_600_000);
    const steps = pathTo(r.status);
    const total = r.delayDays ?? Math.max(0.2, Math.min(r.daysAgo, 3) * random());
    const times = steps.map((_, i) => new Date(Math.min(now - 60_000, requestedAt.getTime() + ((i + 1) / steps.length) * total * 86_400_000)));
    const doneAt = steps.includes('done') ? times[steps.indexOf('done')]! : null;
    const closedAt = r.status === 'done' || r.status === 'rejected' || r.status === 'archived' ? (times.at(-1) ?? requestedAt) : null;
    const priority = scorePriority({ categoryDefault: category.defaultPriority, categoryName: category.nameFr, sensitivePlaces: [], followers: r.followers, reopened: r.reopened ? 1 : 0 });
    const [row] = await tx
      .insert(publicSpaceReports)
      .values({
        categoryCode: category.code,
        status: r.status,
        rejectReason: r.status === 'rejected' ? 'not_our_competence' : null,
        description: '',
        lng: r.lng,
        lat: r.lat,
        cell: cellOf(r),
        positionSource: 'map',
        priorityScore: priority.score,
        priorityLevel: priority.level,
        priorityFactors: priority.factors,
        assignedTeamId: category.routingTeamId,
        source: 'demo',
        followersCount: r.followers,
        reopenedCount: r.reopened ? 1 : 0,
        requestedAt,
        updatedAt: times.at(-1) ?? requestedAt,
        resolvedAt: doneAt,
        closedAt,
        demo: true,
      })
      .returning({ id: publicSpaceReports.id });
    const id = row!.id;
    await tx.insert(publicSpaceFollowers).values(Array.from({ length: r.followers }, (_, i) => ({ reportId: id, kind: i === 0 ? ('author' as const) : ('follower' as const), createdAt: requestedAt })));
    const events: (typeof publicSpaceReportEvents.$inferInsert)[] = [{ reportId: id, kind: 'created', public: true, statusTo: 'new', actorType: 'system', actorId: null, at: requestedAt }];
    let from: ReportStatus = 'new';
    steps.forEach((to, i) => {
      events.push({ reportId: id, kind: 'status', public: true, statusFrom: from, statusTo: to, text: STATUS_MESSAGES[to] ?? null, actorType: 'system', actorId: null, at: times[i]! });
      from = to;
    });
    await tx.insert(publicSpaceReportEvents).values(events);
    count++;
  }
  // Cleanliness surveys of the demo sectors: two a month for six months, counts drawn for the demonstration.
  const sectors = ['SD1', 'SD2', 'SD3', 'SD4', 'SD5', 'SD6'];
  const surveys: (typeof publicSpaceSurveys.$inferInsert)[] = [];
  for (const [si, sector] of sectors.entries()) {
    for (let month = 0; month < 6; month++) {
      for (let k = 0; k < 2; k++) {
        const counts: Record<string, number> = {};
        for (const [ci, c] of CLEANLINESS_CATEGORIES.entries()) {
          const mean = [6, 1, 40, 2, 0.3, 1, 8, 3, 2, 1][ci]! * (1 + si * 0.12);
          counts[c] = Math.max(0, Math.round(mean * (0.5 + random())));
        }
        surveys.push({
          zoning: 'secteurs-demo',
          zoneCode: sector,
          segment: `Tronçon de démonstration ${k + 1}`,
          surveyedAreaM2: 400 + Math.round(random() * 400),
          surveyedAt: new Date(now - (month * 30 + k * 14 + 3) * 86_400_000),
          method: k === 0 ? 'agent' : 'automated',
          counts,
          demo: true,
        });
      }
    }
  }
  await tx.insert(publicSpaceSurveys).values(surveys);
  await recordAudit(tx, SYSTEM_ACTOR, { action: 'public-space.demo_seeded', subjectType: 'public_space', after: { categories: fixture.categories.length, reports: count, surveys: surveys.length } });
}

/**
 * Gives every report without a district (or located against an older version of the district
 * zoning) its district, with the territory's synchronous locator, in batches outside any
 * request. Run at start; cheap when nothing is stale.
 */
export async function locateReports(ctx: AppContext): Promise<number> {
  const served = await ctx.services.territory.servedTerritory();
  const zoning = served.districtZoning?.code;
  if (!zoning) return 0;
  const locator = await ctx.services.territory.locator(zoning);
  if (!locator) return 0;
  let updated = 0;
  for (;;) {
    const stale = await ctx.db
      .select({ id: publicSpaceReports.id, lng: publicSpaceReports.lng, lat: publicSpaceReports.lat })
      .from(publicSpaceReports)
      .where(or(isNull(publicSpaceReports.districtVersion), ne(publicSpaceReports.districtVersion, locator.version), ne(publicSpaceReports.districtZoning, zoning)))
      .limit(2000);
    if (stale.length === 0) break;
    const values = stale.map((r) => sql`(${r.id}::uuid, ${locator.zoneAt(r)?.code ?? null}::text)`);
    await ctx.db.execute(
      sql`UPDATE public_space_reports SET district_zoning = ${zoning}, district_code = v.code, district_version = ${locator.version}
          FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, code) WHERE public_space_reports.id = v.id`,
    );
    updated += stale.length;
    if (stale.length < 2000) break;
  }
  if (updated) ctx.log.info({ updated, zoning }, 'public-space: reports located in districts');
  return updated;
}

