/**
 * The agents' side: the triage list and saved views, a report with its internal history, status
 * changes through the state machine, assignment, internal notes and public updates, edits of the
 * category, position or priority, and merging duplicates. Each change is one transaction with its
 * event (public or internal) and its audit record; the public sees only public events.
 */
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import { HttpProblem, notFound } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import { redactPersonalData } from '../../platform/privacy/redact';
import type { StaffReport, TriageItem, TriageQuery, ReportStatus, PriorityLevel } from './api-schemas';
import { OPEN_STATUSES, REPORT_STATUSES } from './api-schemas';
import { categoryCatalogue, loadReport, noteReportsChanged, selectableCategory, withDescendants, type ReportRow } from './common';
import { cellOf } from './geo';
import { publicSpaceKeys } from './keys';
import { enqueueNotifications } from './notifications';
import { assertInsideTerritory, districtOf, priorityFor } from './reports';
import { publicSpaceFollowers, publicSpacePhotos, publicSpaceReportEvents, publicSpaceReports, publicSpaceSavedViews, publicSpaceTeams } from './schema';
import { checkTransition, nextStatuses, statusStamps } from './workflow';

const PRIORITY_ORDER = sql`CASE coalesce(${publicSpaceReports.priorityOverride}, ${publicSpaceReports.priorityLevel}) WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`;

export async function triageList(ctx: AppContext, q: TriageQuery): Promise<{ total: number; page: number; pageSize: number; items: TriageItem[] }> {
  const catalogue = await categoryCatalogue(ctx);
  const where: SQL[] = [isNull(publicSpaceReports.mergedIntoId)];
  const statuses = q.status ? q.status.split(',').filter((s): s is ReportStatus => (REPORT_STATUSES as readonly string[]).includes(s)) : [...OPEN_STATUSES];
  if (statuses.length) where.push(inArray(publicSpaceReports.status, statuses));
  if (q.category) where.push(inArray(publicSpaceReports.categoryCode, withDescendants(catalogue, q.category.split(','))));
  if (q.team) where.push(eq(publicSpaceReports.assignedTeamId, q.team));
  if (q.unassigned === 'true') where.push(isNull(publicSpaceReports.assignedTeamId));
  if (q.priority) where.push(sql`coalesce(${publicSpaceReports.priorityOverride}, ${publicSpaceReports.priorityLevel}) = ${q.priority}`);
  if (q.district) where.push(eq(publicSpaceReports.districtCode, q.district));
  if (q.from) where.push(sql`${publicSpaceReports.requestedAt} >= ${q.from}::date`);
  if (q.to) where.push(sql`${publicSpaceReports.requestedAt} < ${q.to}::date + 1`);
  if (q.q !== undefined) where.push(eq(publicSpaceReports.number, q.q));
  const order =
    q.sort === 'oldest'
      ? [asc(publicSpaceReports.requestedAt)]
      : q.sort === 'newest'
        ? [desc(publicSpaceReports.requestedAt)]
        : q.sort === 'updated'
          ? [desc(publicSpaceReports.updatedAt)]
          : [asc(PRIORITY_ORDER), desc(publicSpaceReports.priorityScore), asc(publicSpaceReports.requestedAt)];
  const condition = and(...where);
  const [countRow] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(publicSpaceReports).where(condition);
  const rows = await ctx.db
    .select({ r: publicSpaceReports, teamName: publicSpaceTeams.name })
    .from(publicSpaceReports)
    .leftJoin(publicSpaceTeams, eq(publicSpaceTeams.id, publicSpaceReports.assignedTeamId))
    .where(condition)
    .orderBy(...order)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { total: Number(countRow?.n ?? 0), page: q.page, pageSize: q.pageSize, items: rows.map(({ r, teamName }) => triageItem(r, teamName, catalogue.byCode.get(r.categoryCode)?.nameFr ?? r.categoryCode)) };
}

function triageItem(r: ReportRow, teamName: string | null, categoryName: string): TriageItem {
  return {
    id: r.id,
    number: String(r.number),
    categoryCode: r.categoryCode,
    categoryName,
    status: r.status,
    priority: r.priorityOverride ?? r.priorityLevel,
    priorityScore: r.priorityScore,
    address: r.address,
    district: r.districtCode,
    position: { lng: r.lng, lat: r.lat },
    team: r.assignedTeamId && teamName ? { id: r.assignedTeamId, name: teamName } : null,
    assigneeId: r.assigneeId,
    requestedAt: r.requestedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    followers: r.followersCount,
    photos: r.photosCount,
    reopened: r.reopenedCount,
    source: r.source,
    demo: r.demo,
  };
}

export async function staffReport(ctx: AppContext, id: string): Promise<StaffReport> {
  const r = await loadReport(ctx.db, id);
  const catalogue = await categoryCatalogue(ctx);
  const category = catalogue.byCode.get(r.categoryCode);
  const [team] = r.assignedTeamId ? await ctx.db.select({ name: publicSpaceTeams.name }).from(publicSpaceTeams).where(eq(publicSpaceTeams.id, r.assignedTeamId)) : [];
  const photos = await ctx.db.select().from(publicSpacePhotos).where(eq(publicSpacePhotos.reportId, id)).orderBy(asc(publicSpacePhotos.createdAt));
  const events = await ctx.db.select().from(publicSpaceReportEvents).where(eq(publicSpaceReportEvents.reportId, id)).orderBy(asc(publicSpaceReportEvents.at), asc(publicSpaceReportEvents.id));
  const [contact] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(publicSpaceFollowers)
    .where(and(eq(publicSpaceFollowers.reportId, id), sql`${publicSpaceFollowers.contactSealed} IS NOT NULL`));
  const [merged] = r.mergedIntoId ? await ctx.db.select({ number: publicSpaceReports.number }).from(publicSpaceReports).where(eq(publicSpaceReports.id, r.mergedIntoId)) : [];
  return {
    ...triageItem(r, team?.name ?? null, category?.nameFr ?? r.categoryCode),
    description: r.description,
    descriptionOriginal: r.descriptionOriginal,
    attributes: r.attributes,
    rejectReason: (r.rejectReason as StaffReport['rejectReason']) ?? null,
    priorityFactors: r.priorityFactors,
    priorityOverride: r.priorityOverride,
    expectedAt: r.expectedAt?.toISOString() ?? null,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    mergedInto: merged ? String(merged.number) : null,
    hasContact: Number(contact?.n ?? 0) > 0,
    photosList: photos.map((p) => ({ id: p.id, url: `/api/admin/public-space/photos/${p.id}`, width: p.width, height: p.height, blackedOut: p.blackedOut, public: p.public })),
    events: events.map((e) => ({
      id: String(e.id),
      at: e.at.toISOString(),
      kind: e.kind,
      public: e.public,
      statusFrom: e.statusFrom ?? null,
      statusTo: e.statusTo ?? null,
      text: e.text,
      data: e.data ?? null,
      actor: { type: e.actorType, id: e.actorId },
    })),
    nextStatuses: r.mergedIntoId ? [] : [...nextStatuses(r.status)],
    responseTemplates: category?.responseTemplates ?? [],
  };
}

const problemOfRefusal = {
  not_allowed: (from: string, to: string) => new HttpProblem(409, 'public_space.invalid_transition', `A report cannot go from "${from}" to "${to}".`, { params: { from, to } }),
  reason_required: () => new HttpProblem(422, 'public_space.reject_reason_required', 'A rejection needs a reason.'),
  same_status: (from: string) => new HttpProblem(409, 'public_space.same_status', `The report is already "${from}".`, { params: { from } }),
};

export async function transition(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { to: ReportStatus; rejectReason: string | null; publicMessage: string | null; templateId: string | null; expectedAt: string | null },
): Promise<StaffReport> {
  const catalogue = await categoryCatalogue(ctx);
  await ctx.db.transaction(async (tx) => {
    const r = await loadReport(tx, id, { forUpdate: true });
    if (r.mergedIntoId) throw new HttpProblem(409, 'public_space.report_merged', 'This report was merged into another.');
    const refusal = checkTransition(r.status, body.to, { rejectReason: body.rejectReason });
    if (refusal === 'not_allowed') throw problemOfRefusal.not_allowed(r.status, body.to);
    if (refusal === 'reason_required') throw problemOfRefusal.reason_required();
    if (refusal === 'same_status') throw problemOfRefusal.same_status(r.status);
    let message = body.publicMessage;
    if (!message && body.templateId) {
      const template = catalogue.byCode.get(r.categoryCode)?.responseTemplates.find((t) => t.id === body.templateId);
      if (!template) throw new HttpProblem(422, 'public_space.unknown_template', 'Unknown response template.', { params: { id: body.templateId } });
      message = template.text;
    }
    const now = new Date();
    const stamps = statusStamps(body.to, r, now);
    await tx
      .update(publicSpaceReports)
      .set({
        status: body.to,
        rejectReason: body.to === 'rejected' ? body.rejectReason : r.status === 'rejected' ? null : r.rejectReason,
        ...stamps,
        expectedAt: body.expectedAt ? new Date(body.expectedAt) : r.expectedAt,
        updatedAt: now,
      })
      .where(eq(publicSpaceReports.id, id));
    const [event] = await tx
      .insert(publicSpaceReportEvents)
      .values({ reportId: id, kind: 'status', public: true, statusFrom: r.status, statusTo: body.to, text: message, data: body.rejectReason ? { rejectReason: body.rejectReason } : null, actorType: actor.type, actorId: actor.id })
      .returning({ id: publicSpaceReportEvents.id });
    await recordAudit(tx, actor, {
      action: 'public-space.status_changed',
      subjectType: 'public_space_report',
      subjectId: id,
      before: { status: r.status },
      after: { status: body.to, rejectReason: body.rejectReason, message: !!message },
    });
    await enqueueNotifications(tx, ctx, id, event!.id);
  });
  noteReportsChanged();
  return staffReport(ctx, id);
}

export async function assign(ctx: AppContext, actor: Actor, id: string, body: { teamId: string | null; assigneeId: string | null }): Promise<StaffReport> {
  await ctx.db.transaction(async (tx) => {
    const r = await loadReport(tx, id, { forUpdate: true });
    if (body.teamId) {
      const [team] = await tx.select({ id: publicSpaceTeams.id, active: publicSpaceTeams.active }).from(publicSpaceTeams).where(eq(publicSpaceTeams.id, body.teamId));
      if (!team || !team.active) throw new HttpProblem(422, 'public_space.unknown_team', 'Unknown or inactive team.');
    }
    await tx.update(publicSpaceReports).set({ assignedTeamId: body.teamId, assigneeId: body.assigneeId, updatedAt: new Date() }).where(eq(publicSpaceReports.id, id));
    await tx.insert(publicSpaceReportEvents).values({ reportId: id, kind: 'assignment', public: false, data: { teamId: body.teamId, assigneeId: body.assigneeId }, actorType: actor.type, actorId: actor.id });
    await recordAudit(tx, actor, {
      action: 'public-space.assigned',
      subjectType: 'public_space_report',
      subjectId: id,
      before: { teamId: r.assignedTeamId, assigneeId: r.assigneeId },
      after: { teamId: body.teamId, assigneeId: body.assigneeId },
    });
  });
  return staffReport(ctx, id);
}

/** An internal note (never public) or a public update (shown and sent to followers). */
export async function addMessage(ctx: AppContext, actor: Actor, id: string, text: string, visibility: 'note' | 'public_update'): Promise<StaffReport> {
  await ctx.db.transaction(async (tx) => {
    await loadReport(tx, id, { forUpdate: true });
    const [event] = await tx
      .insert(publicSpaceReportEvents)
      .values({ reportId: id, kind: visibility, public: visibility === 'public_update', text, actorType: actor.type, actorId: actor.id })
      .returning({ id: publicSpaceReportEvents.id });
    await tx.update(publicSpaceReports).set({ updatedAt: new Date() }).where(eq(publicSpaceReports.id, id));
    // The audit event says a message was written, not what it says.
    await recordAudit(tx, actor, { action: visibility === 'note' ? 'public-space.note_added' : 'public-space.public_update', subjectType: 'public_space_report', subjectId: id, after: { eventId: event!.id } });
    if (visibility === 'public_update') await enqueueNotifications(tx, ctx, id, event!.id);
  });
  if (visibility === 'public_update') noteReportsChanged();
  return staffReport(ctx, id);
}

export async function editReport(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: { categoryCode?: string; position?: { lng: number; lat: number }; priorityOverride?: PriorityLevel | null; description?: string },
): Promise<StaffReport> {
  const catalogue = await categoryCatalogue(ctx);
  const category = body.categoryCode ? selectableCategory(catalogue, body.categoryCode) : null;
  if (body.position) await assertInsideTerritory(ctx, body.position);
  const district = body.position ? await districtOf(ctx, body.position) : undefined;
  await ctx.db.transaction(async (tx) => {
    const r = await loadReport(tx, id, { forUpdate: true });
    const set: Partial<ReportRow> = { updatedAt: new Date() };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (category && category.code !== r.categoryCode) {
      set.categoryCode = category.code;
      if (!r.assignedTeamId && category.routingTeamId) set.assignedTeamId = category.routingTeamId;
      before.category = r.categoryCode;
      after.category = category.code;
      await tx.insert(publicSpaceReportEvents).values({ reportId: id, kind: 'category', public: false, data: before.category ? { from: r.categoryCode, to: category.code } : null, actorType: actor.type, actorId: actor.id });
    }
    if (body.position && (body.position.lng !== r.lng || body.position.lat !== r.lat)) {
      Object.assign(set, {
        lng: body.position.lng,
        lat: body.position.lat,
        cell: cellOf(body.position),
        districtZoning: district?.zoning ?? null,
        districtCode: district?.code ?? null,
        districtVersion: district?.version ?? null,
      });
      before.position = { lng: r.lng, lat: r.lat };
      after.position = body.position;
      await tx.insert(publicSpaceReportEvents).values({ reportId: id, kind: 'position', public: false, data: { from: before.position, to: body.position }, actorType: actor.type, actorId: actor.id });
    }
    if (body.priorityOverride !== undefined && body.priorityOverride !== r.priorityOverride) {
      set.priorityOverride = body.priorityOverride;
      before.priorityOverride = r.priorityOverride;
      after.priorityOverride = body.priorityOverride;
      await tx.insert(publicSpaceReportEvents).values({ reportId: id, kind: 'priority', public: false, data: { from: r.priorityOverride, to: body.priorityOverride }, actorType: actor.type, actorId: actor.id });
    }
    if (body.description !== undefined && body.description !== r.description) {
      // Staff edit the published text (to mask what masking missed); the original stays for staff.
      set.description = redactPersonalData(body.description).text;
      set.descriptionOriginal = r.descriptionOriginal ?? r.description;
      after.description = 'edited';
    }
    if (Object.keys(after).length === 0) return;
    const effectiveCategory = category ?? catalogue.byCode.get(r.categoryCode);
    if (effectiveCategory && (after.category || after.position)) {
      const { result } = await priorityFor(tx, effectiveCategory, body.position ?? r, r.followersCount, r.reopenedCount);
      Object.assign(set, { priorityScore: result.score, priorityLevel: result.level, priorityFactors: result.factors });
    }
    await tx.update(publicSpaceReports).set(set).where(eq(publicSpaceReports.id, id));
    await recordAudit(tx, actor, { action: 'public-space.report_edited', subjectType: 'public_space_report', subjectId: id, before, after });
  });
  noteReportsChanged();
  return staffReport(ctx, id);
}

/**
 * Merges a duplicate into the report kept: its followers and photos move to the kept report (the
 * followers' links then show the kept one), the duplicate is rejected as `duplicate` and points to
 * the kept one, and the kept report's priority counts its new followers. One transaction, audited.
 */
export async function mergeReports(ctx: AppContext, actor: Actor, duplicateId: string, keptId: string): Promise<StaffReport> {
  if (duplicateId === keptId) throw new HttpProblem(422, 'public_space.merge_self', 'A report cannot be merged into itself.');
  const catalogue = await categoryCatalogue(ctx);
  await ctx.db.transaction(async (tx) => {
    // Lock both rows in a fixed order, so two opposite merges cannot deadlock.
    const [first, second] = [duplicateId, keptId].sort();
    const a = await loadReport(tx, first!, { forUpdate: true });
    const b = await loadReport(tx, second!, { forUpdate: true });
    const dup = a.id === duplicateId ? a : b;
    const kept = a.id === keptId ? a : b;
    if (dup.mergedIntoId || kept.mergedIntoId) throw new HttpProblem(409, 'public_space.report_merged', 'This report was merged into another.');
    if (kept.status === 'archived') throw new HttpProblem(409, 'public_space.merge_into_archived', 'A report cannot be merged into an archived one.');
    const movedFollowers = await tx.update(publicSpaceFollowers).set({ reportId: kept.id }).where(eq(publicSpaceFollowers.reportId, dup.id)).returning({ id: publicSpaceFollowers.id });
    const movedPhotos = await tx.update(publicSpacePhotos).set({ reportId: kept.id, updatedAt: new Date() }).where(eq(publicSpacePhotos.reportId, dup.id)).returning({ id: publicSpacePhotos.id });
    const followers = kept.followersCount + movedFollowers.length;
    const category = catalogue.byCode.get(kept.categoryCode);
    const priority = category ? (await priorityFor(tx, category, kept, followers, kept.reopenedCount)).result : null;
    const now = new Date();
    await tx
      .update(publicSpaceReports)
      .set({
        followersCount: followers,
        photosCount: kept.photosCount + movedPhotos.length,
        updatedAt: now,
        ...(priority ? { priorityScore: priority.score, priorityLevel: priority.level, priorityFactors: priority.factors } : {}),
      })
      .where(eq(publicSpaceReports.id, kept.id));
    await tx
      .update(publicSpaceReports)
      .set({ mergedIntoId: kept.id, status: 'rejected', rejectReason: 'duplicate', followersCount: 0, photosCount: 0, closedAt: now, updatedAt: now })
      .where(eq(publicSpaceReports.id, dup.id));
    await tx.insert(publicSpaceReportEvents).values([
      { reportId: dup.id, kind: 'merge', public: true, statusFrom: dup.status, statusTo: 'rejected', text: null, data: { into: kept.number }, actorType: actor.type, actorId: actor.id },
      { reportId: kept.id, kind: 'merge', public: false, data: { from: dup.number, followers: movedFollowers.length, photos: movedPhotos.length }, actorType: actor.type, actorId: actor.id },
    ]);
    await recordAudit(tx, actor, {
      action: 'public-space.reports_merged',
      subjectType: 'public_space_report',
      subjectId: kept.id,
      before: { duplicate: dup.id, duplicateStatus: dup.status },
      after: { kept: kept.id, followersMoved: movedFollowers.length, photosMoved: movedPhotos.length },
    });
  });
  noteReportsChanged();
  return staffReport(ctx, keptId);
}

/** Residents' contact details, opened for an agent who holds the permission; the reading is audited. */
export async function contactsOf(ctx: AppContext, actor: Actor, id: string) {
  await loadReport(ctx.db, id);
  const keys = await publicSpaceKeys(ctx.db);
  const rows = await ctx.db.select().from(publicSpaceFollowers).where(eq(publicSpaceFollowers.reportId, id)).orderBy(asc(publicSpaceFollowers.createdAt));
  const items = rows
    .filter((f) => f.contactSealed)
    .map((f) => {
      const c = keys.openContact(f.id, f.contactSealed!);
      return { role: f.kind, name: c.name, email: c.email, phone: c.phone, notify: f.notify };
    });
  await ctx.db.transaction(async (tx) => {
    await recordAudit(tx, actor, { action: 'public-space.contact_viewed', subjectType: 'public_space_report', subjectId: id, after: { contacts: items.length } });
  });
  return { items };
}

// ---- Saved views -------------------------------------------------------------------------------

export async function listSavedViews(ctx: AppContext, userId: string) {
  const rows = await ctx.db
    .select()
    .from(publicSpaceSavedViews)
    .where(or(eq(publicSpaceSavedViews.ownerId, userId), eq(publicSpaceSavedViews.shared, true)))
    .orderBy(asc(publicSpaceSavedViews.name));
  return { items: rows.map((v) => ({ id: v.id, name: v.name, filters: v.filters, shared: v.shared, mine: v.ownerId === userId })) };
}

export async function saveView(ctx: AppContext, actor: Actor, body: { name: string; filters: Record<string, unknown>; shared: boolean }) {
  return ctx.db.transaction(async (tx) => {
    const [v] = await tx.insert(publicSpaceSavedViews).values({ ownerId: actor.id ?? 'unknown', name: body.name, filters: body.filters, shared: body.shared }).returning();
    await recordAudit(tx, actor, { action: 'public-space.view_saved', subjectType: 'public_space_saved_view', subjectId: v!.id, after: { name: body.name, shared: body.shared } });
    return { id: v!.id, name: v!.name, filters: v!.filters, shared: v!.shared, mine: true };
  });
}

export async function deleteView(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .delete(publicSpaceSavedViews)
      .where(and(eq(publicSpaceSavedViews.id, id), eq(publicSpaceSavedViews.ownerId, actor.id ?? '')))
      .returning({ id: publicSpaceSavedViews.id });
    if (!rows.length) throw notFound('Saved view');
    await recordAudit(tx, actor, { action: 'public-space.view_deleted', subjectType: 'public_space_saved_view', subjectId: id });
  });
}
